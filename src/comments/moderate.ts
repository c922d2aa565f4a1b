/**
 * Moderation: the one path by which a comment's status changes after it is
 * posted (admin API, moderation page, signed digest links, the scorer).
 * Each change records who decided and when, rebuilds the KV snapshots of
 * the posts whose visible comments changed, and reports the author's
 * decisions to one hook (the spam learner trains on them).
 */
import type { CommentRow, CommentStatus, Decider } from "./model";
import { rebuildCommentSnapshots } from "./snapshot";
import type { PostStores } from "../posts/store";
import { normalizeText } from "./text";

export type ModerationAction = "approve" | "spam" | "trash" | "restore";
export const MODERATION_ACTIONS: readonly ModerationAction[] = ["approve", "spam", "trash", "restore"];

const TARGET: Record<ModerationAction, CommentStatus> = { approve: "approved", spam: "spam", trash: "trash", restore: "pending" };

export interface Decision {
  comment: CommentRow;
  from: CommentStatus;
  to: CommentStatus;
  by: Decider;
}

/** Called with every status change an author made: the spam learner's way in. */
export type DecisionHook = (stores: PostStores, decisions: Decision[]) => Promise<void>;

/** At most this many ids in one moderation call (one json_each binding, a bounded batch). */
export const MAX_IDS_PER_ACTION = 500;

export interface ModerationResult {
  changed: number[];
  unchanged: number[];
  missing: number[];
}

export async function moderate(stores: PostStores, ids: number[], action: ModerationAction, by: Decider, hook?: DecisionHook, now = Date.now()): Promise<ModerationResult> {
  const wanted = [...new Set(ids)].slice(0, MAX_IDS_PER_ACTION);
  const to = TARGET[action];
  const { results } = await stores.DB.prepare("SELECT * FROM comments WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(wanted)).all<CommentRow>();
  const found = new Map(results.map((row) => [row.id, row]));
  // The author's decision always wins: the scorer never overrides one.
  const changing = results.filter((row) => row.status !== to && !(by === "auto" && row.decided_by === "author"));
  if (changing.length > 0) {
    await stores.DB.prepare(
      `UPDATE comments SET status = ?2, decided_by = ?3, decided_at = ?4
       WHERE id IN (SELECT value FROM json_each(?1))`,
    )
      .bind(JSON.stringify(changing.map((row) => row.id)), to, by, now)
      .run();
    // Snapshots hold approved comments: rebuild a post's when a comment enters or leaves "approved".
    const touched = changing.filter((row) => row.status === "approved" || to === "approved").map((row) => row.post_slug);
    if (touched.length > 0) await rebuildCommentSnapshots(stores, touched, now);
    if (hook && by === "author") await hook(stores, changing.map((row) => ({ comment: row, from: row.status, to, by })));
  }
  const changedIds = new Set(changing.map((row) => row.id));
  return {
    changed: wanted.filter((id) => changedIds.has(id)),
    unchanged: wanted.filter((id) => found.has(id) && !changedIds.has(id)),
    missing: wanted.filter((id) => !found.has(id)),
  };
}

/** The author corrects a comment's text; readers see it at once if it is approved. */
export async function editComment(stores: PostStores, id: number, body: string, now = Date.now()): Promise<CommentRow | null> {
  const text = normalizeText(body);
  const row = await stores.DB.prepare("UPDATE comments SET body = ?2 WHERE id = ?1 RETURNING *").bind(id, text).first<CommentRow>();
  if (row?.status === "approved") await rebuildCommentSnapshots(stores, [row.post_slug], now);
  return row;
}

export interface AuthorReply {
  parentId: number;
  body: string;
  authorName: string;
  authorEmailSealed: string | null;
  emailHash: string | null;
  authorUrl: string | null;
}

/** The author answers a comment: stored approved, marked as the author's, visible at once. */
export async function replyAsAuthor(stores: PostStores, reply: AuthorReply, now = Date.now()): Promise<CommentRow | null> {
  const parent = await stores.DB.prepare("SELECT id, post_slug FROM comments WHERE id = ?1").bind(reply.parentId).first<{ id: number; post_slug: string }>();
  if (!parent) return null;
  const row = await stores.DB.prepare(
    `INSERT INTO comments (post_slug, parent_id, author_name, author_email, email_hash, author_url, body, status, is_author,
       spam_score, spam_reasons, decided_by, decided_at, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'approved', 1, 0, '[]', 'author', ?8, ?8) RETURNING *`,
  )
    .bind(parent.post_slug, parent.id, reply.authorName, reply.authorEmailSealed, reply.emailHash, reply.authorUrl, normalizeText(reply.body), now)
    .first<CommentRow>();
  await rebuildCommentSnapshots(stores, [parent.post_slug], now);
  return row;
}
