/**
 * The migrations on a database that already has data: a blog made before a
 * migration keeps every post and comment (ids, threads, statuses) after it,
 * and applying the migrations again changes nothing.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../src/schema";

const tables = async () =>
  (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name").all<{ name: string }>()).results.map((r) => r.name);

beforeAll(async () => {
  // Start over from nothing (storage is this file's own): drop what the setup file applied.
  await env.DB.batch([env.DB.prepare("PRAGMA defer_foreign_keys = on"), ...(await tables()).map((name) => env.DB.prepare(`DROP TABLE IF EXISTS "${name.replace(/"/g, '""')}"`))]);
});

describe("migrations", () => {
  it("upgrade a blog made with the first schema without losing a post, a comment or a thread", async () => {
    const first = env.MIGRATIONS.filter((m) => m.name.startsWith("0001_"));
    expect(await applyMigrations(env.DB, first)).toEqual(["0001_initial.sql"]);
    await env.DB.batch([
      env.DB.prepare("INSERT INTO posts (slug, title, lang, html, excerpt, status, published_at, updated_at, wp_id) VALUES ('old', 'Old', 'en', '<p>x</p>', 'x', 'published', 1, 1, 42)"),
      env.DB.prepare("INSERT INTO posts (slug, title, lang, html, excerpt, status, published_at, updated_at) VALUES ('native', 'Native', 'he', '<p>y</p>', 'y', 'draft', 2, 2)"),
      env.DB.prepare("INSERT INTO comments (id, post_slug, author_name, body, status, created_at, wp_id) VALUES (7, 'old', 'Dana', 'parent', 'approved', 10, 700)"),
      env.DB.prepare("INSERT INTO comments (id, post_slug, parent_id, author_name, body, status, created_at, wp_id, wp_parent_id) VALUES (8, 'old', 7, 'Ron', 'reply', 'pending', 11, 701, 700)"),
      env.DB.prepare("INSERT INTO comments (id, post_slug, author_name, body, status, created_at) VALUES (9, 'native', 'Noa', 'native comment', 'spam', 12)"),
    ]);

    expect(await applyMigrations(env.DB, env.MIGRATIONS)).toEqual(env.MIGRATIONS.map((m) => m.name).filter((name) => name !== "0001_initial.sql"));
    const posts = (await env.DB.prepare("SELECT slug, title, status, wp_site, wp_id FROM posts ORDER BY slug").all()).results;
    expect(posts).toEqual([
      { slug: "native", title: "Native", status: "draft", wp_site: null, wp_id: null },
      { slug: "old", title: "Old", status: "published", wp_site: "", wp_id: 42 },
    ]);
    const comments = (await env.DB.prepare("SELECT id, post_slug, parent_id, body, status, wp_site, wp_id, wp_parent_id, form_token FROM comments ORDER BY id").all()).results;
    expect(comments).toEqual([
      { id: 7, post_slug: "old", parent_id: null, body: "parent", status: "approved", wp_site: "", wp_id: 700, wp_parent_id: null, form_token: null },
      { id: 8, post_slug: "old", parent_id: 7, body: "reply", status: "pending", wp_site: "", wp_id: 701, wp_parent_id: 700, form_token: null },
      { id: 9, post_slug: "native", parent_id: null, body: "native comment", status: "spam", wp_site: null, wp_id: null, wp_parent_id: null, form_token: null },
    ]);
    // New ids continue after the old ones (AUTOINCREMENT survived the rebuild).
    const next = await env.DB.prepare("INSERT INTO comments (post_slug, author_name, body, status, created_at) VALUES ('old', 'X', 'new', 'pending', 13) RETURNING id").first<{ id: number }>();
    expect(next!.id).toBeGreaterThan(9);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(env.DB, env.MIGRATIONS)).toEqual([]);
    expect(await tables()).toEqual(expect.arrayContaining(["admin_sessions", "comments", "d1_migrations", "digest_log", "posts", "snapshot_dirty", "spam_tokens", "spam_totals"]));
  });
});
