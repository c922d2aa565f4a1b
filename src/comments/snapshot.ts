/**
 * The KV snapshot of a post's approved comments, `comments:<slug>`: what a
 * page view reads instead of D1. Always rebuilt whole from D1 (never patched),
 * by whoever changed what readers see (moderation, the scorer, seeding), and
 * the index key with it so comment counts stay right.
 */
import type { PublicComment } from "./model";
import { approvedComments } from "./store";
import { rebuildIndex, type PostStores } from "../posts/store";
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

/** Rebuilds the snapshots of these posts, then the index once. */
export async function rebuildCommentSnapshots(stores: PostStores, slugs: Iterable<string>, now = Date.now()): Promise<void> {
  for (const slug of new Set(slugs)) {
    const comments = await approvedComments(stores.DB, slug);
    const snapshot: CommentSnapshot = { builtAt: now, count: comments.length, comments };
    await stores.POSTS.put(commentsKey(slug), JSON.stringify(snapshot));
    forget(commentsKey(slug));
  }
  await rebuildIndex(stores, now);
}
