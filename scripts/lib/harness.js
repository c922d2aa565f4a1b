// Runs the *built* Workers (the reader and the desk, as `wrangler deploy`
// would upload them) in workerd through Miniflare, on 127.0.0.1, with their
// own fresh KV, D1 and R2 under a temporary folder, the reader reaching the
// desk through its service binding as on Cloudflare: the harness for the
// benchmark, the load test, the CLI tests and the browser tests. Bindings and
// vars come from wrangler.toml (and wrangler.desk.toml, made from it).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { Log, LogLevel, Miniflare } from "miniflare";
import { ROOT, importTs, readDevVars } from "./local.js";
import { bundleSize } from "../bundle-size.js";
import { readMigrations } from "./migrations.js";
import { writeDeskConfig } from "./desk-config.js";

/**
 * Builds the Worker once per process (wrangler deploy --dry-run) into a
 * folder of its own, so a benchmark, the node tests and the browser tests
 * running at the same time never rebuild under each other.
 */
let built;
export function buildWorker() {
  if (!built) {
    built = bundleSize(mkdtempSync(join(tmpdir(), "edgepress-dist-")));
    const { outdir } = built;
    process.once("exit", () => rmSync(outdir, { recursive: true, force: true }));
  }
  return built;
}

/**
 * Starts the blog. `seed: true` applies the migrations and the demo content
 * through the same code `npm start` uses. Returns the URL and a stop().
 * `port`: listen there instead of on a free port (so BASE_URL can be the
 * blog's real address). `captureEmail: true`: remember every message the
 * send_email binding writes (Miniflare stores each as a .eml file and logs
 * its path); `sentEmails()` lists those files, oldest first.
 */
export async function startBlog({ seed = true, bindings = {}, persistDir, rateLimit, port = 0, captureEmail = false, inspectorPort } = {}) {
  const { reader, desk } = buildWorker();
  const { unstable_getMiniflareWorkerOptions, unstable_readConfig } = await import("wrangler");
  const readerConfig = join(ROOT, "wrangler.toml");
  const deskConfig = writeDeskConfig();
  // Vars from wrangler.toml and secrets from .dev.vars.example only: wrangler would also read the
  // developer's own .dev.vars, whose extra secrets (AKISMET_KEY…) must not reach a test blog.
  const { vars, name: readerName } = unstable_readConfig({ config: readerConfig });
  const { name: deskName } = unstable_readConfig({ config: deskConfig });
  const dir = persistDir ?? mkdtempSync(join(tmpdir(), "edgepress-blog-"));
  const mail = captureEmail ? emailCapture() : null;
  const allBindings = { ...vars, ...devVars(), ...bindings };
  const worker = (config, build, name) => {
    const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
    return {
      ...workerOptions,
      name,
      bindings: allBindings,
      // The benchmark raises the per-client comment limit; everything else keeps wrangler.toml's.
      ratelimits: rateLimit ? Object.fromEntries(Object.keys(workerOptions.ratelimits ?? {}).map((limiter) => [limiter, { simple: rateLimit }])) : workerOptions.ratelimits,
      modules: true,
      scriptPath: build.script,
      modulesRoot: build.outdir,
    };
  };
  const mf = new Miniflare({
    // The reader first: it gets the HTTP requests, and passes the desk's on through DESK.
    workers: [{ ...worker(readerConfig, reader, readerName), serviceBindings: { DESK: deskName } }, worker(deskConfig, desk, deskName)],
    host: "127.0.0.1",
    port,
    kvPersist: join(dir, "kv"),
    d1Persist: join(dir, "d1"),
    r2Persist: join(dir, "r2"),
    cachePersist: false,
    cf: false,
    verbose: false,
    ...(mail ? { log: mail.log } : {}),
    // For a CPU profile of the Workers (scripts/profile-view.js): Chrome DevTools Protocol on this port.
    ...(inspectorPort ? { inspectorPort } : {}),
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const DB = await mf.getD1Database("DB");
  const POSTS = await mf.getKVNamespace("POSTS");
  const code = await seedCode();
  if (seed) {
    await code.applyMigrations(DB, readMigrations());
    // With the Workers' vars, as `npm start` seeds: the time zone (month lists, dates rendered ahead of time), the comment layout.
    await code.seedDemo({ ...allBindings, DB, POSTS });
  }
  return {
    url,
    mf,
    DB,
    POSTS,
    code,
    /** The Workers' vars and secrets: with DB and POSTS, the stores a writer gets (the time zone, the comment layout). */
    vars: allBindings,
    /**
     * A form token for a comment on `slug`, issued `ageMs` ago, as the post page would give a reader:
     * a token is good for one comment, so load tests mint one per POST.
     */
    formToken: (slug, ageMs = 5_000) => code.issueFormToken(allBindings.APP_SECRET, slug, Date.now() - ageMs),
    /** Paths of the .eml files sent through send_email (only with `captureEmail: true`). */
    sentEmails: () => [...(mail?.files ?? [])],
    async stop() {
      await mf.dispose();
      if (!persistDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seedModule;
/** The project's own seeding and snapshot code, bundled for Node once per process. */
export async function seedCode() {
  seedModule ??= await importTs("scripts/seed-entry.ts");
  return seedModule;
}

/** A trivial Worker in the same runtime, returning a fixed page: the yardstick. */
export async function startTrivial(script, options = {}) {
  const mf = new Miniflare({ modules: true, script, host: "127.0.0.1", port: 0, compatibilityDate: "2026-04-20", cf: false, ...options });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  return { url, mf, stop: () => mf.dispose() };
}

/**
 * A Miniflare log that prints nothing (as the default one) but keeps the
 * path of each message the send_email binding stored. The binding reports it
 * after send() returns (through waitUntil), so callers poll sentEmails().
 */
function emailCapture() {
  const files = [];
  class EmailLog extends Log {
    log(message) {
      const text = stripVTControlCharacters(String(message));
      const m = /send_email binding called with the following message:\s+(\S+\.eml)\s*$/.exec(text);
      if (m) files.push(m[1]);
    }
  }
  return { files, log: new EmailLog(LogLevel.INFO) };
}

/** Secrets for the harness: .dev.vars.example (never a developer's own .dev.vars). */
function devVars() {
  const file = join(ROOT, ".dev.vars.example");
  return existsSync(file) ? readDevVars(readFileSync(file, "utf8")) : {};
}
