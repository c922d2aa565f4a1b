/**
 * Seeds the demo blog, idempotently: a post already in D1 is left alone (the
 * author may have edited it), and a post's demo comments are added only while
 * it has none, so running it twice changes nothing.
 * Run by `npm start` (scripts/seed-local.js), the harness and tests; never by the Worker.
 */
import { publishPost, type PostStores } from "../posts/store";
import { finishLists } from "../posts/list-build";
import { rebuildCommentSnapshots } from "../comments/snapshot";
import { DEMO_POSTS } from "./posts";
import { DEMO_COMMENTS } from "./comments";

export interface SeedReport {
  postsAdded: string[];
  commentsAdded: number;
}

export async function seedDemo(stores: PostStores): Promise<SeedReport> {
  const report: SeedReport = { postsAdded: [], commentsAdded: 0 };
  for (const post of DEMO_POSTS) {
    const existing = await stores.DB.prepare("SELECT 1 FROM posts WHERE slug = ?1").bind(post.slug).first();
    if (existing) continue;
    await publishPost(stores, post, post.updatedAt);
    report.postsAdded.push(post.slug);
  }
  const touched: string[] = [];
  for (const [slug, comments] of Object.entries(DEMO_COMMENTS)) {
    const has = await stores.DB.prepare("SELECT 1 FROM comments WHERE post_slug = ?1 LIMIT 1").bind(slug).first();
    if (has) continue;
    const ids: number[] = [];
    for (const comment of comments) {
      const at = Date.parse(comment.at);
      const row = await stores.DB.prepare(
        `INSERT INTO comments (post_slug, parent_id, author_name, author_url, body, status, is_author, spam_score, spam_reasons, decided_by, decided_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'approved', ?6, 0, '[]', 'author', ?7, ?7) RETURNING id`,
      )
        .bind(slug, comment.replyTo === undefined ? null : ids[comment.replyTo]!, comment.author, comment.url ?? null, comment.body, comment.isAuthor ? 1 : 0, at)
        .first<{ id: number }>();
      ids.push(row!.id);
    }
    report.commentsAdded += ids.length;
    touched.push(slug);
  }
  if (touched.length > 0) await rebuildCommentSnapshots(stores, touched);
  // A blog made before post lists (migration 0004 marked it) gets every list now, and whatever a writer left half-done is finished.
  await finishLists(stores);
  return report;
}
