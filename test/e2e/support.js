// Node-side support for the browser tests (test/e2e/*.e2e.ts): the built
// Worker served by scripts/lib/harness.js at its own BASE_URL, Debian's
// Chromium through playwright-core, the cron run by hand, the emails the
// send_email binding wrote, and a folder for artifacts. Plain JS (typed by
// support.d.ts) so the tests need no Node types: the project's tsconfig has
// the Workers' ones.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium } from "playwright-core";
import { startBlog } from "../../scripts/lib/harness.js";
import { readDevVars } from "../../scripts/lib/local.js";

export const ROOT = resolve(import.meta.dirname, "../..");
/** Screenshots and the digest's .eml land here (test-results/ is gitignored). */
export const ARTIFACTS = join(ROOT, "test-results/e2e");
/** ADMIN_TOKEN of .dev.vars.example, which the harness runs the blog with. */
export const ADMIN_TOKEN = readDevVars(readFileSync(join(ROOT, ".dev.vars.example"), "utf8")).ADMIN_TOKEN;
/** Debian's package; never a downloaded browser build (scripts/ensure-chromium.sh installs it). */
export const CHROMIUM = "/usr/bin/chromium";

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`bash scripts/ensure-chromium.sh\` first (it installs Debian's chromium package).`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A port that was free a moment ago, so the blog can be told its own address before it starts. */
async function freePort() {
  const server = createServer();
  await new Promise((ready, fail) => server.once("error", fail).listen(0, "127.0.0.1", ready));
  const { port } = server.address();
  await new Promise((closed) => server.close(closed));
  return port;
}

/**
 * The demo blog, seeded, with fresh KV and D1, served on 127.0.0.1 at the
 * address its BASE_URL names: links in feeds and emails point at it.
 */
export async function startE2EBlog({ captureEmail = false, bindings = {} } = {}) {
  const port = await freePort();
  const blog = await startBlog({ port, captureEmail, bindings: { BASE_URL: `http://127.0.0.1:${port}`, ...bindings } });
  const worker = await blog.mf.getWorker();
  return {
    url: blog.url,
    DB: blog.DB,
    POSTS: blog.POSTS,
    stop: () => blog.stop(),
    /** Runs the Worker's scheduled() as a Cron Trigger would, at `scheduledTime` (ms). */
    async runCron(cron, scheduledTime) {
      const result = await worker.scheduled({ cron, scheduledTime: new Date(scheduledTime) });
      return { outcome: result.outcome };
    },
    /** Waits until the send_email binding has written `count` messages; their raw bytes, oldest first. */
    async sentEmails(count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (blog.sentEmails().length < count && Date.now() < deadline) await sleep(50);
      const files = blog.sentEmails();
      if (files.length < count) throw new Error(`expected ${count} email(s) from send_email, got ${files.length} in ${timeoutMs} ms`);
      return files.map((file) => ({ file, raw: new Uint8Array(readFileSync(file)) }));
    },
  };
}

/** The path of an artifact under test-results/e2e, its folder created. */
export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Keeps a copy of a file (e.g. the digest's .eml, which Miniflare deletes on stop) as an artifact. */
export function keepArtifact(file, name) {
  const target = artifact(name);
  copyFileSync(file, target);
  return target;
}

export { sleep };
