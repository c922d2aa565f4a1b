// Runs the *built* Worker (dist/index.js, as `wrangler deploy` would upload
// it) in workerd through Miniflare, on 127.0.0.1, with its own fresh KV and
// D1 under a temporary folder: the harness for the benchmark, the load test
// and the browser tests. Bindings and vars come from wrangler.toml.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { ROOT, importTs } from "./local.js";
import { bundleSize } from "../bundle-size.js";

/** Builds dist/index.js once per process (wrangler deploy --dry-run). */
let built;
export function buildWorker() {
  built ??= bundleSize();
  return built;
}

/**
 * Starts the blog. `seed: true` applies schema.sql and the demo content
 * through the same code `npm start` uses. Returns the URL and a stop().
 */
export async function startBlog({ seed = true, bindings = {}, persistDir, rateLimit } = {}) {
  buildWorker();
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
  const dir = persistDir ?? mkdtempSync(join(tmpdir(), "edgepress-blog-"));
  const mf = new Miniflare({
    ...workerOptions,
    bindings: { ...workerOptions.bindings, ...devVars(), ...bindings },
    // The benchmark raises the per-client comment limit; everything else keeps wrangler.toml's.
    ratelimits: rateLimit ? Object.fromEntries(Object.keys(workerOptions.ratelimits ?? {}).map((name) => [name, { simple: rateLimit }])) : workerOptions.ratelimits,
    modules: true,
    scriptPath: join(ROOT, "dist/index.js"),
    modulesRoot: join(ROOT, "dist"),
    host: "127.0.0.1",
    port: 0,
    kvPersist: join(dir, "kv"),
    d1Persist: join(dir, "d1"),
    cachePersist: false,
    cf: false,
    verbose: false,
  });
  const url = (await mf.ready).toString().replace(/\/$/, "");
  const DB = await mf.getD1Database("DB");
  const POSTS = await mf.getKVNamespace("POSTS");
  const code = await seedCode();
  if (seed) {
    await code.applySchema(DB, readFileSync(join(ROOT, "schema.sql"), "utf8"));
    await code.seedDemo({ DB, POSTS });
  }
  return {
    url,
    mf,
    DB,
    POSTS,
    code,
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

/** Secrets for the harness: .dev.vars.example (never a developer's own .dev.vars). */
function devVars() {
  const file = join(ROOT, ".dev.vars.example");
  if (!existsSync(file)) return {};
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars[m[1]] = m[2];
  }
  return vars;
}
