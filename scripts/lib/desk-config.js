// The desk Worker's wrangler config, made from wrangler.toml (the one file the
// author edits): the same vars and bindings, its own name and entry, no
// Cron Triggers (the reader Worker runs them and calls the desk), no route of
// its own (workers_dev = false: only the reader reaches it, through the
// service binding DESK), and no binding to itself. Written as
// wrangler.desk.toml beside wrangler.toml (gitignored), so paths in it
// resolve the same; npm start, the tests, the harness, the bundle check and
// `npm run deploy` write it first.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./local.js";

export const DESK_CONFIG = join(ROOT, "wrangler.desk.toml");

/** The desk's config text from the reader's; `main`: its entry as the config file will name it. */
export function deskConfigFrom(reader, main = "src/desk.ts") {
  const name = /^name\s*=\s*"([^"]+)"/m.exec(reader)?.[1];
  if (!name) throw new Error("wrangler.toml has no name");
  const service = /\[\[services\]\][^[]*?binding\s*=\s*"DESK"[^[]*?service\s*=\s*"([^"]+)"/s.exec(reader)?.[1];
  if (!service) throw new Error('wrangler.toml has no [[services]] binding "DESK" (the desk Worker)');
  const out = [];
  let inTable = false;
  let skipping = false;
  for (const line of reader.split("\n")) {
    const header = /^\s*\[\[?([^\]]+)\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      inTable = true;
      skipping = header[1].trim() === "triggers" || header[1].trim() === "services";
    }
    if (skipping) continue;
    if (!inTable && /^name\s*=/.test(line)) out.push(`name = "${service}"`);
    else if (!inTable && /^main\s*=/.test(line)) out.push(`main = ${JSON.stringify(main)}`, "# No address of its own: only the reader Worker reaches it (service binding DESK).", "workers_dev = false");
    else out.push(line);
  }
  return `# GENERATED from wrangler.toml by scripts/lib/desk-config.js: edit wrangler.toml instead.\n# The desk Worker (src/desk.ts): /admin, /api/admin and the cron jobs of "${name}".\n${out.join("\n")}`;
}

/** Writes wrangler.desk.toml from wrangler.toml (only when it changed); its path. */
export function writeDeskConfig() {
  const text = deskConfigFrom(readFileSync(join(ROOT, "wrangler.toml"), "utf8"));
  let current = "";
  try {
    current = readFileSync(DESK_CONFIG, "utf8");
  } catch {}
  if (current !== text) writeFileSync(DESK_CONFIG, text);
  return DESK_CONFIG;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(writeDeskConfig());
