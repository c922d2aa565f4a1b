// The D1 migrations of migrations/, read for applyMigrations() (src/schema.ts):
// by npm start, the harness and the vitest config.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./local.js";

export const MIGRATIONS_DIR = join(ROOT, "migrations");

export function readMigrations(dir = MIGRATIONS_DIR) {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[\w-]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), "utf8") }));
}
