/**
 * Comments in D1, the truth. Plain functions over a D1Database: no HTTP,
 * no KV. Every statement binds its values; none is built from input.
 */
import type { CommentRow, PublicComment } from "./model";

export const PUBLIC_COLUMNS = "id, parent_id, author_name, author_url, body, created_at, is_author, email_hash";

export type PublicRow = Pick<CommentRow, "id" | "parent_id" | "author_name" | "author_url" | "body" | "created_at" | "is_author" | "email_hash">;

export const AVATAR_COLOURS = 12;

/** Avatar colour from the keyed email hash (or the name when there is none). */
export function avatarIndex(emailHash: string | null, name: string): number {
  const source = emailHash ?? name;
  let h = 0;
  for (let i = 0; i < source.length; i++) h = (h * 31 + source.charCodeAt(i)) >>> 0;
  return h % AVATAR_COLOURS;
}

export function toPublic(row: PublicRow): PublicComment {
  return {
    id: row.id,
    parentId: row.parent_id,
    authorName: row.author_name,
    authorUrl: row.author_url,
    body: row.body,
    created: row.created_at,
    isAuthor: row.is_author === 1,
    avatar: avatarIndex(row.email_hash, row.author_name),
  };
}

export async function approvedComments(db: D1Database, slug: string): Promise<PublicComment[]> {
  const { results } = await db
    .prepare(`SELECT ${PUBLIC_COLUMNS} FROM comments WHERE post_slug = ?1 AND status = 'approved' ORDER BY created_at, id`)
    .bind(slug)
    .all<PublicRow>();
  return results.map(toPublic);
}

/** A pending comment of the reader's own, and whether readers see the comment it answers. */
export type OwnPendingComment = PublicComment & { parentApproved: boolean };

/** A reader's own comments still awaiting moderation, by the ids in their signed cookie. */
export async function pendingComments(db: D1Database | D1DatabaseSession, slug: string, ids: number[]): Promise<OwnPendingComment[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT ${PUBLIC_COLUMNS.split(", ").map((col) => `c.${col}`).join(", ")}, p.status = 'approved' AS parent_approved
       FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
       WHERE c.post_slug = ?1 AND c.status = 'pending' AND c.id IN (SELECT value FROM json_each(?2)) ORDER BY c.created_at, c.id`,
    )
    .bind(slug, JSON.stringify(ids))
    .all<PublicRow & { parent_approved: number | null }>();
  return results.map((row) => ({ ...toPublic(row), parentApproved: row.parent_approved === 1 }));
}

/** An approved comment of this post, by id: whom a reply answers. */
export async function approvedCommentOf(db: D1Database, id: number, slug: string): Promise<{ id: number; authorName: string } | null> {
  const row = await db.prepare("SELECT id, author_name FROM comments WHERE id = ?1 AND post_slug = ?2 AND status = 'approved'").bind(id, slug).first<{ id: number; author_name: string }>();
  return row ? { id: row.id, authorName: row.author_name } : null;
}

export async function isApprovedCommentOf(db: D1Database, id: number, slug: string): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS ok FROM comments WHERE id = ?1 AND post_slug = ?2 AND status = 'approved'").bind(id, slug).first();
  return row !== null;
}

export interface NewComment {
  postSlug: string;
  parentId: number | null;
  authorName: string;
  authorEmailSealed: string | null;
  emailHash: string | null;
  authorUrl: string | null;
  body: string;
  bodyHash: string;
  status: "pending" | "spam";
  spamReasons: string[] | null;
  ipHash: string;
  ipSealed: string | null;
  userAgent: string | null;
  formAgeMs: number | null;
  /** The form token's signature: a token is good for one comment. */
  formToken: string;
  createdAt: number;
}

export type InsertResult = { id: number; duplicate: boolean; tokenUsed?: false } | { tokenUsed: true };

/**
 * Inserts a comment unless it is one already here: the same form token with
 * the same text (a double click), or the same client (address and email: two
 * people behind one address are two commenters) sending the same text to the
 * same post within `windowMs`; then returns the first one instead. The same
 * token with other text is refused (`tokenUsed`): a token is good for one
 * comment. One statement (INSERT … SELECT … WHERE NOT EXISTS), so racing
 * requests cannot both insert: D1 runs writes one at a time, and the unique
 * index on form_token backs it up.
 */
export async function insertComment(db: D1Database | D1DatabaseSession, c: NewComment, windowMs: number): Promise<InsertResult> {
  const inserted = await db
    .prepare(
      `INSERT INTO comments (post_slug, parent_id, author_name, author_email, email_hash, author_url, body, body_hash, status,
         spam_score, spam_reasons, decided_by, decided_at, created_at, ip_hash, user_agent, form_age_ms, ip_sealed, form_token)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?19, ?20
       WHERE NOT EXISTS (SELECT 1 FROM comments WHERE ip_hash = ?15 AND body_hash = ?8 AND post_slug = ?1 AND email_hash IS ?5 AND created_at > ?18)
         AND NOT EXISTS (SELECT 1 FROM comments WHERE form_token = ?20)
       ON CONFLICT DO NOTHING
       RETURNING id`,
    )
    .bind(
      c.postSlug,
      c.parentId,
      c.authorName,
      c.authorEmailSealed,
      c.emailHash,
      c.authorUrl,
      c.body,
      c.bodyHash,
      c.status,
      c.status === "spam" ? 100 : null,
      c.spamReasons ? JSON.stringify(c.spamReasons) : null,
      c.status === "spam" ? "auto" : null,
      c.status === "spam" ? c.createdAt : null,
      c.createdAt,
      c.ipHash,
      c.userAgent,
      c.formAgeMs,
      c.createdAt - windowMs,
      c.ipSealed,
      c.formToken,
    )
    .first<{ id: number }>();
  if (inserted) return { id: inserted.id, duplicate: false };
  const used = await db.prepare("SELECT id, body_hash, post_slug FROM comments WHERE form_token = ?1").bind(c.formToken).first<{ id: number; body_hash: string | null; post_slug: string }>();
  if (used) return used.body_hash === c.bodyHash && used.post_slug === c.postSlug ? { id: used.id, duplicate: true } : { tokenUsed: true };
  const first = await db
    .prepare("SELECT id FROM comments WHERE ip_hash = ?1 AND body_hash = ?2 AND post_slug = ?3 AND email_hash IS ?5 AND created_at > ?4 ORDER BY id LIMIT 1")
    .bind(c.ipHash, c.bodyHash, c.postSlug, c.createdAt - windowMs, c.emailHash)
    .first<{ id: number }>();
  if (!first) throw new Error("insertComment: neither inserted nor found a duplicate");
  return { id: first.id, duplicate: true };
}

export async function commentStatus(db: D1Database | D1DatabaseSession, id: number): Promise<CommentRow["status"] | null> {
  const row = await db.prepare("SELECT status FROM comments WHERE id = ?1").bind(id).first<{ status: CommentRow["status"] }>();
  return row?.status ?? null;
}

/*
 * Threads, as comment pages gather them. A thread is headed by an approved
 * comment that has no parent, or whose parent readers do not see (trashed,
 * held): it then stands at the top level, as buildThread() shows it. Every
 * approved reply under it, through approved parents, belongs to its thread.
 */
const ROOTS_OF_POST = `FROM comments c LEFT JOIN comments p ON p.id = c.parent_id
  WHERE c.post_slug = ?1 AND c.status = 'approved' AND (p.id IS NULL OR p.status <> 'approved')`;

/** The ids of a post's thread heads, oldest first: a thread's position is its place in this list. */
export function threadRootsStatement(db: D1Database, slug: string): D1PreparedStatement {
  return db.prepare(`SELECT c.id ${ROOTS_OF_POST} ORDER BY c.created_at, c.id`).bind(slug);
}

export function approvedCountStatement(db: D1Database, slug: string): D1PreparedStatement {
  return db.prepare("SELECT COUNT(*) AS n FROM comments WHERE post_slug = ?1 AND status = 'approved'").bind(slug);
}

/** The newest approved comments of a post (its comment feed). */
export function newestApprovedStatement(db: D1Database, slug: string, limit: number): D1PreparedStatement {
  return db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM comments WHERE post_slug = ?1 AND status = 'approved' ORDER BY created_at DESC, id DESC LIMIT ?2`).bind(slug, limit);
}

/** Replies nest at most this deep when threads are walked (import breaks loops; this bounds bad data). */
const MAX_WALK = 1_000;

/**
 * Every approved comment of the threads these heads start, oldest first.
 * (`+c.status`: the status must not pick the index, or the planner walks all
 * comments of that status once per reply it finds: 7 s instead of 20 ms at
 * 10,000 comments; the parent index is the one to follow.)
 */
export async function threadsOf(db: D1Database, rootIds: number[]): Promise<PublicComment[]> {
  if (rootIds.length === 0) return [];
  const { results } = await db
    .prepare(
      `WITH RECURSIVE t(id, depth) AS (
         SELECT value, 0 FROM json_each(?1)
         UNION SELECT c.id, t.depth + 1 FROM comments c JOIN t ON c.parent_id = t.id WHERE +c.status = 'approved' AND t.depth < ${MAX_WALK}
       )
       SELECT ${PUBLIC_COLUMNS} FROM comments WHERE id IN (SELECT id FROM t) ORDER BY created_at, id`,
    )
    .bind(JSON.stringify(rootIds))
    .all<PublicRow>();
  return results.map(toPublic);
}

/**
 * For each comment, the head of the thread it belongs to, or would belong to
 * once approved: climbing through approved parents as far as they go (a
 * comment whose parent is not shown heads a thread of its own).
 */
export async function threadHeadsOf(db: D1Database, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `WITH RECURSIVE up(start, id, parent_id, depth) AS (
         SELECT id, id, parent_id, 0 FROM comments WHERE id IN (SELECT value FROM json_each(?1))
         UNION ALL SELECT up.start, p.id, p.parent_id, up.depth + 1 FROM up JOIN comments p ON p.id = up.parent_id
           WHERE +p.status = 'approved' AND up.depth < ${MAX_WALK}
       )
       SELECT start, id FROM up u WHERE depth = (SELECT MAX(depth) FROM up WHERE start = u.start)`,
    )
    .bind(JSON.stringify([...new Set(ids)]))
    .all<{ start: number; id: number }>();
  return new Map(results.map((row) => [row.start, row.id]));
}

/**
 * Where a comment stands (or will stand, once approved) among its post's
 * threads: the position of its thread's head (a comment that would head a new
 * thread counts as placed by its own time) and how many threads there are.
 */
export async function threadPlace(db: D1Database | D1DatabaseSession, id: number): Promise<{ slug: string; position: number; threads: number; newThread: boolean } | null> {
  const row = await db
    .prepare(
      `WITH RECURSIVE up(id, parent_id, created_at, depth) AS (
         SELECT id, parent_id, created_at, 0 FROM comments WHERE id = ?1
         UNION ALL SELECT p.id, p.parent_id, p.created_at, up.depth + 1 FROM up JOIN comments p ON p.id = up.parent_id
           WHERE +p.status = 'approved' AND up.depth < ${MAX_WALK}
       ),
       head AS (SELECT id, created_at FROM up ORDER BY depth DESC LIMIT 1),
       self AS (SELECT post_slug, status FROM comments WHERE id = ?1),
       roots AS (SELECT c.id, c.created_at FROM comments c LEFT JOIN comments p ON p.id = c.parent_id, self
                 WHERE c.post_slug = self.post_slug AND c.status = 'approved' AND (p.id IS NULL OR p.status <> 'approved'))
       SELECT self.post_slug AS slug,
         (SELECT COUNT(*) FROM roots, head WHERE roots.created_at < head.created_at OR (roots.created_at = head.created_at AND roots.id < head.id)) AS position,
         (SELECT COUNT(*) FROM roots) AS threads,
         (head.id = ?1 AND self.status <> 'approved') AS new_thread
       FROM self, head`,
    )
    .bind(id)
    .first<{ slug: string; position: number; threads: number; new_thread: number }>();
  return row ? { slug: row.slug, position: row.position, threads: row.threads + (row.new_thread ? 1 : 0), newThread: row.new_thread === 1 } : null;
}
