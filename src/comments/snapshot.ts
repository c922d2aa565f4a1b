/**
 * The KV snapshot of a post's approved comments, `comments:<slug>`: what a
 * page view reads instead of D1. Always rebuilt whole from D1 (never patched),
 * by whoever changed what readers see (moderation, the scorer, seeding), and
 * the posts' comment counts with it so the lists stay right.
 */
import type { PublicComment } from "./model";
import { approvedComments } from "./store";
import { setCommentCounts, type PostStores } from "../posts/store";
import { forget, readJsonMemo } from "../posts/kv-memo";

export interface CommentSnapshot {
  builtAt: number;
  count: number;
  comments: PublicComment[];
}

export const commentsKey = (slug: string) => `comments:${slug}`;
export const EMPTY_SNAPSHOT: CommentSnapshot = { builtAt: 0, count: 0, comments: [] };

export async function readCommentSnapshot(kv: KVNamespace, slug: string): Promise<CommentSnapshot> {
  return (await readJsonMemo<CommentSnapshot>(kv, commentsKey(slug))) ?? EMPTY_SNAPSHOT;
}

/** Rebuilds the snapshots of these posts, then hands their comment counts to the posts side once. */
export async function rebuildCommentSnapshots(stores: PostStores, slugs: Iterable<string>, now = Date.now()): Promise<void> {
  const counts = new Map<string, number>();
  for (const slug of new Set(slugs)) {
    const comments = await approvedComments(stores.DB, slug);
    const snapshot: CommentSnapshot = { builtAt: now, count: comments.length, comments };
    await stores.POSTS.put(commentsKey(slug), JSON.stringify(snapshot));
    forget(commentsKey(slug));
    counts.set(slug, comments.length);
  }
  await setCommentCounts(stores, counts, now);
}

/** A deleted post's comments: its D1 rows and what readers could read of them. */
export async function deleteCommentsOf(stores: PostStores, slug: string): Promise<void> {
  await stores.DB.prepare("DELETE FROM comments WHERE post_slug = ?1").bind(slug).run();
  await stores.POSTS.delete(commentsKey(slug));
  forget(commentsKey(slug));
}

/**
 * The statement that records, inside the writer's own D1 batch, that these
 * posts' snapshots are now stale. Paired with rebuildMarkedSnapshots().
 */
export function markSnapshotsStale(db: D1Database, slugs: Iterable<string>, now: number): D1PreparedStatement {
  return db.prepare("INSERT INTO snapshot_dirty (slug, since) SELECT value, ?2 FROM json_each(?1) WHERE true ON CONFLICT (slug) DO NOTHING").bind(JSON.stringify([...new Set(slugs)]), now);
}

/**
 * Rebuilds the given posts' snapshots and clears their marks. If KV or the
 * isolate fails first, the marks stay and healStaleSnapshots() (every cron
 * run) finishes the job: what readers see always catches up with D1.
 */
export async function rebuildMarkedSnapshots(stores: PostStores, slugs: Iterable<string>, now = Date.now()): Promise<void> {
  const list = [...new Set(slugs)];
  if (list.length === 0) return;
  await rebuildCommentSnapshots(stores, list, now);
  await stores.DB.prepare("DELETE FROM snapshot_dirty WHERE slug IN (SELECT value FROM json_each(?1)) AND since <= ?2").bind(JSON.stringify(list), now).run();
}

/** Rebuilds every snapshot a writer marked stale and did not finish (at most `limit` posts a run). */
export async function healStaleSnapshots(stores: PostStores, limit: number, now = Date.now()): Promise<number> {
  const { results } = await stores.DB.prepare("SELECT slug FROM snapshot_dirty ORDER BY since LIMIT ?1").bind(limit).all<{ slug: string }>();
  await rebuildMarkedSnapshots(stores, results.map((r) => r.slug), now);
  return results.length;
}
