/**
 * The D1 schema as numbered migrations (`migrations/NNNN_name.sql`, wrangler's
 * own format and bookkeeping table, so `wrangler d1 migrations apply DB
 * --remote` and this runner agree on what has been applied). `npm start`, the
 * harness and the tests apply them through applyMigrations(); each runs once,
 * in one D1 batch (a transaction), so a failed migration leaves nothing half-done.
 */

export interface Migration {
  /** The file name, e.g. `0002_security.sql`: what wrangler records in d1_migrations. */
  name: string;
  sql: string;
}

/** Wrangler's table of applied migrations (DEFAULT_MIGRATION_TABLE). */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`;

/** Splits SQL into statements: `--` comments dropped, one statement per `;` at a line's end. */
export function sqlStatements(sql: string): string[] {
  return sql
    .split("\n")
    .map((line) => line.replace(/--.*$/, "").trimEnd())
    .join("\n")
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/** Applies the migrations not yet applied, in name order. Returns the names it applied. */
export async function applyMigrations(db: D1Database, migrations: Migration[]): Promise<string[]> {
  await db.prepare(MIGRATIONS_TABLE).run();
  const { results } = await db.prepare("SELECT name FROM d1_migrations").all<{ name: string }>();
  const done = new Set(results.map((row) => row.name));
  const applied: string[] = [];
  for (const migration of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(migration.name)) continue;
    const statements = sqlStatements(migration.sql).map((statement) => db.prepare(statement));
    statements.push(db.prepare("INSERT INTO d1_migrations (name) VALUES (?1)").bind(migration.name));
    await db.batch(statements);
    applied.push(migration.name);
  }
  return applied;
}
