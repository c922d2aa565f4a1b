/** A comment as the author's desk sees it: everything, the email decrypted. */
import type { CommentRow } from "../comments/model";
import { decryptText } from "../crypto";
import { commentLink } from "../comments/pages";

export async function adminComment(secret: string, baseUrl: string, row: CommentRow & { post_title?: string | null }) {
  return {
    id: row.id,
    post: row.post_slug,
    postTitle: row.post_title ?? null,
    parentId: row.parent_id,
    authorName: row.author_name,
    authorEmail: row.author_email ? await decryptText(secret, row.author_email) : null,
    authorUrl: row.author_url,
    body: row.body,
    status: row.status,
    isAuthor: row.is_author === 1,
    score: row.spam_score,
    reasons: row.spam_reasons ? (JSON.parse(row.spam_reasons) as string[]) : [],
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : new Date(row.decided_at).toISOString(),
    created: new Date(row.created_at).toISOString(),
    url: baseUrl + commentLink(row.post_slug, row.id),
  };
}
