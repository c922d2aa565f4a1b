/**
 * The posts' trash (issue 13). A post moved there keeps its D1 row (its
 * status as it was) and its comments, but leaves the blog exactly as an
 * unpublished one does: its KV key and its places in the lists go, through
 * publishPost() with trashedAt set (store.ts never writes a trashed post to
 * KV). Restoring clears trashedAt and republishes it as it was. After
 * TRASH_DAYS the cron purges it with its comments, a few posts a run.
 * It joins the posts side and the comments side (deleteCommentsOf), so it
 * lives with the desk, not in posts/, which knows nothing of comments.
 */
import { deleteCommentsOf } from "../comments/snapshot";
import { oldAddressesGone } from "./wxr/old-addresses-api";
import { postRecord, publishPost, recordToInput, removePost, type PostRecord, type PostStores } from "../posts/store";

/** Days a post stays restorable in the trash before the cron deletes it for good. */
export const TRASH_DAYS = 30;
/** Posts one cron run purges at most (each deletes its comments and their KV keys); the rest wait for the next run. */
export const PURGE_PER_RUN = 10;

const DAY_MS = 86_400_000;

/** Where a post stands, as the desk names it: in the trash, a draft, scheduled (published with a date to come), or published. */
export const POST_STATUSES = ["published", "scheduled", "draft", "trashed"] as const;
export type DeskPostStatus = (typeof POST_STATUSES)[number];

export function deskStatusOf(p: { status: string; published_at: number; trashed_at: number | null }, now: number): DeskPostStatus {
  return p.trashed_at !== null ? "trashed" : p.status === "draft" ? "draft" : p.published_at > now ? "scheduled" : "published";
}

/** The time until which a post trashed at `trashedAt` can be restored. */
export const restorableUntil = (trashedAt: number) => trashedAt + TRASH_DAYS * DAY_MS;

/** Comments a post has in D1, whatever their status. */
export async function commentCountOf(db: D1Database, slug: string): Promise<number> {
  return (await db.prepare("SELECT COUNT(*) AS n FROM comments WHERE post_slug = ?1").bind(slug).first<{ n: number }>())?.n ?? 0;
}

/** Moves a post to the trash (off the blog, kept in D1). Returns the record as it was, or null if there is no such post. */
export async function trashPost(stores: PostStores, slug: string, now = Date.now()): Promise<PostRecord | null> {
  const record = await postRecord(stores.DB, slug);
  if (!record) return null;
  if (record.trashed_at === null) await publishPost(stores, { ...recordToInput(record), trashedAt: now }, now);
  return record;
}

/** Takes a post out of the trash, back as it was (published, scheduled or draft). */
export async function restorePost(stores: PostStores, slug: string, now = Date.now()): Promise<PostRecord | null> {
  const record = await postRecord(stores.DB, slug);
  if (!record) return null;
  if (record.trashed_at !== null) await publishPost(stores, { ...recordToInput(record), trashedAt: null }, now);
  return record;
}

/** Deletes a post and its comments for good. */
export async function deletePostForGood(stores: PostStores, slug: string, now = Date.now()): Promise<boolean> {
  await deleteCommentsOf(stores, slug);
  // The old site's addresses of this post (a WordPress import) now answer 410 Gone, not a redirect to a 404.
  await oldAddressesGone(stores, slug, now);
  return removePost(stores, slug, now);
}

/** The cron's step: deletes for good the posts trashed more than TRASH_DAYS ago, at most PURGE_PER_RUN a run. */
export async function purgeTrash(stores: PostStores, now: number): Promise<{ purged: string[]; comments: number }> {
  const { results } = await stores.DB.prepare(
    `SELECT p.slug, (SELECT COUNT(*) FROM comments c WHERE c.post_slug = p.slug) AS comments
     FROM posts p WHERE p.trashed_at IS NOT NULL AND p.trashed_at < ?1 ORDER BY p.trashed_at LIMIT ?2`,
  )
    .bind(now - TRASH_DAYS * DAY_MS, PURGE_PER_RUN)
    .all<{ slug: string; comments: number }>();
  let comments = 0;
  for (const row of results) {
    await deletePostForGood(stores, row.slug, now);
    comments += row.comments;
  }
  return { purged: results.map((r) => r.slug), comments };
}
