/**
 * The form token: an HMAC over the post's slug and the time the form was
 * made, signed with a key derived from APP_SECRET. Made fresh for every page
 * view (never baked into a shared cache), it shows that a submission came
 * from a form this blog rendered, at least MIN_FORM_AGE_MS and at most
 * MAX_FORM_AGE_MS ago.
 */
import { hmac, keyFor, verifyHmac } from "../crypto";

export const MIN_FORM_AGE_MS = 3_000;
export const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

export async function issueFormToken(secret: string, slug: string, now = Date.now()): Promise<string> {
  return `${now.toString(36)}.${await hmac(await keyFor(secret, "form-token"), `${slug}\n${now}`)}`;
}

export type TokenCheck = { ok: true; ageMs: number } | { ok: false; reason: "forged" | "expired" | "too-fast"; ageMs: number | null };

export async function checkFormToken(secret: string, slug: string, token: string, now = Date.now()): Promise<TokenCheck> {
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: "forged", ageMs: null };
  const issued = parseInt(m[1]!, 36);
  if (!(await verifyHmac(await keyFor(secret, "form-token"), `${slug}\n${issued}`, m[2]!))) return { ok: false, reason: "forged", ageMs: null };
  const ageMs = now - issued;
  if (ageMs > MAX_FORM_AGE_MS) return { ok: false, reason: "expired", ageMs };
  // A token from the future (clock skew between edge locations) counts as too fresh.
  if (ageMs < MIN_FORM_AGE_MS) return { ok: false, reason: "too-fast", ageMs };
  return { ok: true, ageMs };
}
