/**
 * A comment as the scorer, the learner and Akismet see it, from its D1 row:
 * the email decrypted (its domain is evidence). One builder, so the tokens a
 * comment is trained with are exactly the ones it was scored with.
 */
import type { CommentRow } from "../comments/model";
import { decryptText } from "../crypto";
import type { ScoringInput } from "./signals";

export async function scoringInput(secret: string, row: Pick<CommentRow, "author_name" | "author_email" | "author_url" | "body" | "form_age_ms">): Promise<ScoringInput> {
  return {
    name: row.author_name,
    email: row.author_email ? await decryptText(secret, row.author_email) : null,
    url: row.author_url,
    body: row.body,
    formAgeMs: row.form_age_ms,
  };
}
