// `npm start`: the demo blog on http://127.0.0.1:8787, offline, with local KV
// and D1 (schema applied, demo content seeded) and cron testable at
// /__scheduled?cron=... . Stops with Ctrl-C.
import { spawn } from "node:child_process";
import { ROOT, ensureDevVars, offlineEnv } from "./lib/local.js";
import { seedLocal } from "./seed-local.js";
import { writeDeskConfig } from "./lib/desk-config.js";

const port = process.env.PORT ?? "8787";
ensureDevVars();
const deskConfig = writeDeskConfig();
await seedLocal();

const wrangler = spawn(
  process.execPath,
  // Both Workers in one session: the reader (first, on the port) and the desk it reaches through DESK.
  [`${ROOT}/node_modules/wrangler/bin/wrangler.js`, "dev", "-c", "wrangler.toml", "-c", deskConfig, "--ip", "127.0.0.1", "--port", port, "--test-scheduled", "--show-interactive-dev-session=false"],
  { cwd: ROOT, stdio: "inherit", env: offlineEnv() },
);
console.log(`\nedgepress: http://127.0.0.1:${port}/  (cron: curl "http://127.0.0.1:${port}/__scheduled?cron=*/5+*+*+*+*")\n`);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => wrangler.kill(signal));
wrangler.on("exit", (code) => process.exit(code ?? 0));
