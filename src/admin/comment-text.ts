/**
 * The author's own words on a comment, shared by the admin API and the
 * /admin pages: the text's checks (not empty, at most LIMITS.comment
 * characters), editing a comment's text, and replying as the author (which
 * approves a pending parent first, as WordPress does). Each rebuilds what
 * readers see.
 */
import * as v from "valibot";
import type { Config } from "../config";
import type { CommentRow } from "../comments/model";
import type { CommentStores } from "../comments/snapshot";
import { editComment, moderate, replyAsAuthor } from "../comments/moderate";
import { LIMITS } from "../comments/form";
import { codePoints, maxChars } from "../checks";
import { encryptText, keyedHash } from "../crypto";
import { learner } from "../spam/learn";

export const COMMENT_TEXT_REQUIRED = "The text is empty: write something.";
export const COMMENT_TEXT_TOO_LONG = `The text is too long: at most ${LIMITS.comment.toLocaleString("en")} characters.`;
const tooLong = (n: number) => `The text is too long: at most ${LIMITS.comment.toLocaleString("en")} characters; this one has ${n.toLocaleString("en")}.`;

/** The text the author sends (`body` of the JSON API, `body` of the form). */
export const CommentText = v.pipe(v.string(), v.trim(), v.minLength(1, COMMENT_TEXT_REQUIRED), maxChars(LIMITS.comment, COMMENT_TEXT_TOO_LONG));

/** The text checked, or the reason it is refused. */
export function checkCommentText(raw: string | undefined): { ok: true; text: string } | { ok: false; error: string } {
  const result = v.safeParse(CommentText, raw ?? "");
  if (result.success) return { ok: true, text: result.output };
  const message = result.issues[0].message;
  return { ok: false, error: message === COMMENT_TEXT_TOO_LONG ? tooLong(codePoints((raw ?? "").trim())) : message };
}

/** Replaces the comment's text; null when there is no such comment. */
export function editCommentText(stores: CommentStores, id: number, text: string): Promise<CommentRow | null> {
  return editComment(stores, id, text);
}

/** The author's reply under comment `parentId` (approved, marked as the author's); null when there is no such comment. */
export async function replyAsTheAuthor(stores: CommentStores, config: Config, parentId: number, text: string): Promise<CommentRow | null> {
  // Answering a comment that waits for moderation approves it, as WordPress does: a visible reply under a hidden comment would read oddly.
  const parent = await stores.DB.prepare("SELECT status FROM comments WHERE id = ?1").bind(parentId).first<{ status: string }>();
  if (!parent) return null;
  if (parent.status === "pending") await moderate(stores, [parentId], "approve", "author", learner(config));
  return replyAsAuthor(stores, {
    parentId,
    body: text,
    authorName: config.AUTHOR_NAME,
    authorEmailSealed: await encryptText(config.APP_SECRET, config.AUTHOR_EMAIL),
    emailHash: await keyedHash(config.APP_SECRET, "email-hash", config.AUTHOR_EMAIL.toLowerCase()),
    authorUrl: config.BASE_URL,
  });
}
