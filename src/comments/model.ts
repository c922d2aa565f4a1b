/**
 * The shapes a comment takes: the D1 row (the truth), and the public form
 * that goes into a post's KV snapshot and the JSON API (never the email,
 * the address hash or the user agent).
 */

export type CommentStatus = "pending" | "approved" | "spam" | "trash";
export const COMMENT_STATUSES: readonly CommentStatus[] = ["pending", "approved", "spam", "trash"];

/** Who last decided a comment's status: the scorer ("auto") or the author. */
export type Decider = "auto" | "author";

/** One row of the `comments` table, as D1 returns it. */
export interface CommentRow {
  id: number;
  post_slug: string;
  parent_id: number | null;
  author_name: string;
  author_email: string | null; // AES-GCM ciphertext, base64
  email_hash: string | null;
  author_url: string | null;
  body: string;
  body_hash: string | null;
  status: CommentStatus;
  is_author: number;
  spam_score: number | null;
  spam_reasons: string | null; // JSON: string[]
  decided_by: Decider | null;
  decided_at: number | null;
  created_at: number;
  ip_hash: string | null;
  ip_sealed: string | null;
  user_agent: string | null;
  form_age_ms: number | null;
  akismet_tries: number;
  trained_as: "spam" | "ham" | null;
  wp_id: number | null;
  wp_parent_id: number | null;
}

/** What readers may see of a comment. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string | null;
  body: string;
  created: number;
  isAuthor: boolean;
  /** Which of the generated avatar colours (0–11), from the keyed email hash: no third-party request. */
  avatar: number;
}
