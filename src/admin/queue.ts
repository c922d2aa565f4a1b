/** The moderation queue's query, shared by the admin API and the /admin page. */
import { HTTPException } from "hono/http-exception";
import { COMMENT_STATUSES, type CommentRow, type CommentStatus } from "../comments/model";

export const COMMENTS_PER_ADMIN_PAGE = 50;

export interface ListQuery {
  status: CommentStatus | "all";
  post: string | null;
  page: number;
}

export function parseListQuery(raw: { status?: string; post?: string; page: number }): ListQuery {
  const status = raw.status ?? "all";
  if (status !== "all" && !COMMENT_STATUSES.includes(status as CommentStatus)) {
    throw new HTTPException(400, { message: `status must be one of: all, ${COMMENT_STATUSES.join(", ")}.` });
  }
  return { status: status as ListQuery["status"], post: raw.post?.trim() || null, page: raw.page };
}

/** Pending first (what awaits the author), then newest first. */
export async function listComments(db: D1Database, query: ListQuery) {
  const where = "(?1 = 'all' OR c.status = ?1) AND (?2 IS NULL OR c.post_slug = ?2)";
  const offset = (query.page - 1) * COMMENTS_PER_ADMIN_PAGE;
  const [rows, total] = await db.batch([
    db
      .prepare(`SELECT c.*, p.title AS post_title FROM comments c LEFT JOIN posts p ON p.slug = c.post_slug WHERE ${where} ORDER BY (c.status = 'pending') DESC, c.created_at DESC, c.id DESC LIMIT ?3 OFFSET ?4`)
      .bind(query.status, query.post, COMMENTS_PER_ADMIN_PAGE, offset),
    db.prepare(`SELECT COUNT(*) AS n FROM comments c WHERE ${where}`).bind(query.status, query.post),
  ]);
  const count = (total!.results[0] as { n: number }).n;
  return {
    status: query.status,
    post: query.post,
    page: query.page,
    pages: Math.max(1, Math.ceil(count / COMMENTS_PER_ADMIN_PAGE)),
    total: count,
    comments: rows!.results as (CommentRow & { post_title: string | null })[],
  };
}
