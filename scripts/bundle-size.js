// Builds the Worker the way `wrangler deploy` would (--dry-run, nothing is
// uploaded) and prints its size, raw and gzipped. Fails above the budget.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT, offlineEnv } from "./lib/local.js";

export const BUDGET_GZIP_KIB = 100;

export function bundleSize(outdir = join(ROOT, "dist")) {
  rmSync(outdir, { recursive: true, force: true });
  execFileSync(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", outdir], { cwd: ROOT, env: offlineEnv(), stdio: ["ignore", "pipe", "pipe"] });
  const files = readdirSync(outdir).filter((f) => f.endsWith(".js"));
  const code = Buffer.concat(files.map((f) => readFileSync(join(outdir, f))));
  return { outdir, rawKiB: code.length / 1024, gzipKiB: gzipSync(code, { level: 9 }).length / 1024 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rawKiB, gzipKiB } = bundleSize();
  console.log(`worker bundle: ${rawKiB.toFixed(1)} KiB raw, ${gzipKiB.toFixed(1)} KiB gzip (budget ${BUDGET_GZIP_KIB} KiB gzip)`);
  if (gzipKiB > BUDGET_GZIP_KIB) {
    console.error(`bundle over budget: ${gzipKiB.toFixed(1)} KiB > ${BUDGET_GZIP_KIB} KiB gzip`);
    process.exit(1);
  }
}
