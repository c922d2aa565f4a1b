/**
 * Comments in D1, the truth. Plain functions over a D1Database: no HTTP,
 * no KV. Every statement binds its values; none is built from input.
 */
import type { CommentRow, PublicComment } from "./model";

export const PUBLIC_COLUMNS = "id, parent_id, author_name, author_url, body, created_at, is_author, email_hash";

type PublicRow = Pick<CommentRow, "id" | "parent_id" | "author_name" | "author_url" | "body" | "created_at" | "is_author" | "email_hash">;

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

/** A reader's own comments still awaiting moderation, by the ids in their signed cookie. */
export async function pendingComments(db: D1Database | D1DatabaseSession, slug: string, ids: number[]): Promise<PublicComment[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(`SELECT ${PUBLIC_COLUMNS} FROM comments WHERE post_slug = ?1 AND status = 'pending' AND id IN (SELECT value FROM json_each(?2)) ORDER BY created_at, id`)
    .bind(slug, JSON.stringify(ids))
    .all<PublicRow>();
  return results.map(toPublic);
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
