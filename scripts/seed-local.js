// Applies schema.sql to the local D1 and seeds the demo blog into local KV/D1,
// through the same publishPost() path the admin API uses. Idempotent.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, importTs, openLocalBindings } from "./lib/local.js";

export async function seedLocal() {
  const { applySchema, seedDemo } = await importTs("scripts/seed-entry.ts");
  const platform = await openLocalBindings();
  try {
    const statements = await applySchema(platform.env.DB, readFileSync(join(ROOT, "schema.sql"), "utf8"));
    const report = await seedDemo(platform.env);
    console.log(`schema.sql applied to the local D1 (${statements} statements)`);
    console.log(report.postsAdded.length || report.commentsAdded ? `demo content added: ${report.postsAdded.length} posts, ${report.commentsAdded} comments` : "demo content already present: nothing to add");
    return report;
  } finally {
    await platform.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await seedLocal();
