// Applies the migrations to the local D1 and seeds the demo blog into local KV/D1,
// through the same publishPost() path the admin API uses. Idempotent.
import { importTs, openLocalBindings } from "./lib/local.js";
import { readMigrations } from "./lib/migrations.js";

export async function seedLocal() {
  const { applyMigrations, seedDemo } = await importTs("scripts/seed-entry.ts");
  const platform = await openLocalBindings();
  try {
    const applied = await applyMigrations(platform.env.DB, readMigrations());
    const report = await seedDemo(platform.env);
    console.log(applied.length ? `migrations applied to the local D1: ${applied.join(", ")}` : "the local D1 is up to date (no new migrations)");
    console.log(report.postsAdded.length || report.commentsAdded ? `demo content added: ${report.postsAdded.length} posts, ${report.commentsAdded} comments` : "demo content already present: nothing to add");
    return report;
  } finally {
    await platform.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await seedLocal();
