/**
 * Applies schema.sql (passed in as text) to a D1 database in one batch.
 * Used by `npm start` and the tests; deploys use
 * `wrangler d1 execute DB --remote --file schema.sql`. The file is idempotent.
 */

/** Splits the schema into statements: `--` comments dropped, one statement per `;` at a line's end. */
export function schemaStatements(sql: string): string[] {
  return sql
    .split("\n")
    .map((line) => line.replace(/--.*$/, "").trimEnd())
    .join("\n")
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

export async function applySchema(db: D1Database, sql: string): Promise<number> {
  const statements = schemaStatements(sql);
  await db.batch(statements.map((statement) => db.prepare(statement)));
  return statements.length;
}
