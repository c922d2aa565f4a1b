// Builds both Workers the way `wrangler deploy` would (--dry-run, nothing is
// uploaded) and prints each one's size, raw and gzipped. Fails when either
// is over its budget: the reader Worker (every reader's first view compiles
// it: 100 KiB gzip) and the desk Worker (the author's side and the cron jobs:
// 120 KiB). The desk renders the readers' pages too (preview, drafts), so it
// carries their templates and stylesheet besides Markdown, spam scoring, the
// digest and the importers; its start costs only the author and the cron.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, offlineEnv } from "./lib/local.js";
import { writeDeskConfig } from "./lib/desk-config.js";

export const BUDGET_GZIP_KIB = { reader: 100, desk: 120 };

// BUILD_UNMINIFIED=1: readable function names for a CPU profile (scripts/profile-view.js).
function build(config, outdir) {
  rmSync(outdir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--config", config, "--outdir", outdir, ...(process.env.BUILD_UNMINIFIED ? ["--no-minify"] : [])], { cwd: ROOT, env: offlineEnv(), stdio: ["ignore", "pipe", "pipe"] });
  const files = readdirSync(outdir).filter((f) => f.endsWith(".js"));
  const code = Buffer.concat(files.map((f) => readFileSync(join(outdir, f))));
  return { outdir, script: join(outdir, files.find((f) => f === "index.js" || f === "desk.js") ?? files[0]), rawKiB: code.length / 1024, gzipKiB: gzipSync(code, { level: 9 }).length / 1024 };
}

/** Both Workers built under `outdir` (reader/ and desk/). */
export function bundleSize(outdir = join(ROOT, "dist")) {
  const reader = build(join(ROOT, "wrangler.toml"), join(outdir, "reader"));
  const desk = build(writeDeskConfig(), join(outdir, "desk"));
  return { outdir, reader, desk };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = bundleSize();
  let over = false;
  for (const [name, s] of [["reader", sizes.reader], ["desk", sizes.desk]]) {
    const budget = BUDGET_GZIP_KIB[name];
    console.log(`${name} worker bundle: ${s.rawKiB.toFixed(1)} KiB raw, ${s.gzipKiB.toFixed(1)} KiB gzip (budget ${budget} KiB gzip)`);
    if (s.gzipKiB > budget) {
      console.error(`${name} bundle over budget: ${s.gzipKiB.toFixed(1)} KiB > ${budget} KiB gzip`);
      over = true;
    }
  }
  if (over) process.exit(1);
}
