/**
 * Moderation: the one path by which a comment's status changes after it is
 * posted (admin API, moderation page, signed digest links, the scorer).
 * Each change records who decided and when, rebuilds the KV snapshots of
 * the posts whose visible comments changed, and reports the author's
 * decisions to one hook (the spam learner trains on them).
 */
import type { CommentRow, CommentStatus, Decider } from "./model";
import { markSnapshotsStale, rebuildMarkedSnapshots, type CommentChanges } from "./snapshot";
import type { CommentStores } from "./snapshot";
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
export type DecisionHook = (stores: CommentStores, decisions: Decision[]) => Promise<void>;

/** At most this many ids in one moderation call (one json_each binding, a bounded batch). */
export const MAX_IDS_PER_ACTION = 500;

/** Where a comment stands: its status and when it was last decided (null: never). */
export interface CommentState {
  status: CommentStatus;
  decidedAt: number | null;
}

/** Whether a comment is still in this state (the same status, decided at the same moment). */
export const isInState = (row: CommentRow, state: CommentState) => row.status === state.status && (row.decided_at ?? null) === state.decidedAt;

export interface ModerationOptions {
  /** Act only on comments still in this state (a digest link made when they were). */
  expect?: CommentState;
}

export interface ModerationResult {
  changed: number[];
  unchanged: number[];
  missing: number[];
}

export async function moderate(stores: CommentStores, ids: number[], action: ModerationAction, by: Decider, hook?: DecisionHook, now = Date.now(), options: ModerationOptions = {}): Promise<ModerationResult> {
  const db = stores.DB;
  const wanted = [...new Set(ids)].slice(0, MAX_IDS_PER_ACTION);
  const to = TARGET[action];
  const expect = options.expect ?? null;
  const { results } = await db.prepare("SELECT * FROM comments WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(wanted)).all<CommentRow>();
  const before = new Map(results.map((row) => [row.id, row]));
  const asExpected = (row: CommentRow) => !expect || isInState(row, expect);
  // Snapshots hold approved comments: a post's is stale when a comment enters or leaves "approved".
  const willChange = (row: CommentRow) => row.status !== to && !(by === "auto" && row.decided_by === "author") && asExpected(row);
  const stale = visibilityChanges(results.filter((row) => willChange(row) && (row.status === "approved") !== (to === "approved")));
  // One transaction: the status change (only rows not already there, never over the author's
  // decision when the scorer decides, and, for a digest link, only while the comment is as the link
  // saw it; so two racing clicks change a row once) and the stale marks.
  const [updated] = await db.batch([
    db
      .prepare(
        `UPDATE comments SET status = ?2, decided_by = ?3, decided_at = ?4
         WHERE id IN (SELECT value FROM json_each(?1)) AND status <> ?2 AND NOT (?3 = 'auto' AND decided_by = 'author')
           AND (?5 IS NULL OR (status = ?5 AND decided_at IS ?6))
         RETURNING *`,
      )
      .bind(JSON.stringify(wanted), to, by, now, expect?.status ?? null, expect?.decidedAt ?? null),
    markSnapshotsStale(db, stale, now),
  ]);
  const changed = (updated!.results as CommentRow[]).filter((row) => before.has(row.id));
  const changedIds = new Set(changed.map((row) => row.id));
  await rebuildMarkedSnapshots(stores, visibilityChanges(changed.filter((row) => (before.get(row.id)!.status === "approved") !== (to === "approved"))), now);
  // Unchanged rows' marks (a racing click did the change) are cleared by the next heal.
  if (hook && by === "author" && changed.length > 0) await hook(stores, changed.map((row) => ({ comment: row, from: before.get(row.id)!.status, to, by })));
  return {
    changed: wanted.filter((id) => changedIds.has(id)),
    unchanged: wanted.filter((id) => before.has(id) && !changedIds.has(id)),
    missing: wanted.filter((id) => !before.has(id)),
  };
}

/** Comments that entered or left what readers see, by post: the changes their pages are rebuilt for. */
function visibilityChanges(rows: CommentRow[]): CommentChanges {
  const changes = new Map<string, number[]>();
  for (const row of rows) changes.set(row.post_slug, [...(changes.get(row.post_slug) ?? []), row.id]);
  return changes;
}

/**
 * The author corrects a comment's text; readers see it at once if it is
 * approved. The post's pages are marked stale in the same D1 batch, so a
 * rebuild that fails half-way (its chunk written, not its markup) is
 * finished by the cron.
 */
export async function editComment(stores: CommentStores, id: number, body: string, now = Date.now()): Promise<CommentRow | null> {
  const text = normalizeText(body);
  const db = stores.DB;
  const before = await db.prepare("SELECT post_slug, status FROM comments WHERE id = ?1").bind(id).first<{ post_slug: string; status: string }>();
  if (!before) return null;
  const changes: CommentChanges = new Map([[before.post_slug, [id]]]);
  const update = db.prepare("UPDATE comments SET body = ?2 WHERE id = ?1 RETURNING *").bind(id, text);
  const [updated] = await db.batch<CommentRow>(before.status === "approved" ? [update, markSnapshotsStale(db, changes, now)] : [update]);
  const row = updated!.results[0] ?? null;
  if (before.status === "approved") await rebuildMarkedSnapshots(stores, changes, now);
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
export async function replyAsAuthor(stores: CommentStores, reply: AuthorReply, now = Date.now()): Promise<CommentRow | null> {
  const parent = await stores.DB.prepare("SELECT id, post_slug FROM comments WHERE id = ?1").bind(reply.parentId).first<{ id: number; post_slug: string }>();
  if (!parent) return null;
  const db = stores.DB;
  const insert = db
    .prepare(
      `INSERT INTO comments (post_slug, parent_id, author_name, author_email, email_hash, author_url, body, status, is_author,
       spam_score, spam_reasons, decided_by, decided_at, created_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'approved', 1, 0, '[]', 'author', ?8, ?8) RETURNING *`,
    )
    .bind(parent.post_slug, parent.id, reply.authorName, reply.authorEmailSealed, reply.emailHash, reply.authorUrl, normalizeText(reply.body), now);
  // Marked stale in the same batch (the whole post: the reply's id is not known yet), so the cron finishes a rebuild that fails.
  const [inserted] = await db.batch<CommentRow>([insert, markSnapshotsStale(db, new Map([[parent.post_slug, "all"]]), now)]);
  const row = inserted!.results[0] ?? null;
  if (row) await rebuildMarkedSnapshots(stores, new Map([[parent.post_slug, [row.id]]]), now);
  return row;
}
