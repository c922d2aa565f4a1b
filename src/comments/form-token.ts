/**
 * The form token: an HMAC over the post's slug, the time the form was made
 * and a random nonce, signed with a key derived from APP_SECRET. Made fresh
 * for every page view (never baked into a shared cache), it shows that a
 * submission came from a form this blog rendered, at least MIN_FORM_AGE_MS
 * and at most MAX_FORM_AGE_MS ago. A token is good for one comment: the
 * comment stores the token's signature (its `id`), unique among comments;
 * the nonce keeps two readers who load a page in the same millisecond from
 * sharing one.
 */
import { hmac, keyFor, toBase64Url, verifyHmac } from "../crypto";

export const MIN_FORM_AGE_MS = 3_000;
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

export async function issueFormToken(secret: string, slug: string, now = Date.now()): Promise<string> {
  const issued = now.toString(36);
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(9)));
  return `${issued}.${nonce}.${await hmac(await keyFor(secret, "form-token"), `${slug}\n${issued}\n${nonce}`)}`;
}

export type TokenCheck = { ok: true; ageMs: number; id: string } | { ok: false; reason: "forged" | "expired" | "too-fast"; ageMs: number | null };

export async function checkFormToken(secret: string, slug: string, token: string, now = Date.now()): Promise<TokenCheck> {
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: "forged", ageMs: null };
  const [, issued, nonce, signature] = m as unknown as [string, string, string, string];
  if (!(await verifyHmac(await keyFor(secret, "form-token"), `${slug}\n${issued}\n${nonce}`, signature))) return { ok: false, reason: "forged", ageMs: null };
  const ageMs = now - parseInt(issued, 36);
  if (ageMs > MAX_FORM_AGE_MS) return { ok: false, reason: "expired", ageMs };
  // A token from the future (clock skew between edge locations) counts as too fresh.
  if (ageMs < MIN_FORM_AGE_MS) return { ok: false, reason: "too-fast", ageMs };
  return { ok: true, ageMs, id: signature };
}
