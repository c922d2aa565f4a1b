/**
 * The commenter's two cookies.
 *
 * `ep_pending`: signed (HMAC), lists the ids of the reader's own comments
 * that await moderation and the D1 bookmark of their last write, so the page
 * after the redirect shows them (read-your-writes) and nobody else sees them.
 * `ep_commenter`: name, email and website, set only when the reader ticks
 * "Save my name…"; read back to fill the form. Sealed (AES-GCM, its own key)
 * like the email at rest, so the address is not readable from the cookie jar,
 * a proxy log or a shared machine's browser profile.
 * Both are HttpOnly: no script on the page needs them, and the page has no
 * script; both are Secure whenever the blog is reached over https.
 */
import type { Context } from "hono";
import type { AppEnv } from "../config";
import { decryptText, encryptText, fromBase64Url, hmac, keyFor, toBase64Url, verifyHmac } from "../crypto";

export const PENDING_COOKIE = "ep_pending";
export const COMMENTER_COOKIE = "ep_commenter";
export const MAX_PENDING_IDS = 20;
export const PENDING_MAX_AGE_S = 7 * 24 * 3600;
export const COMMENTER_MAX_AGE_S = 365 * 24 * 3600;

export interface PendingCookie {
  ids: number[];
  bookmark: string | null;
  expires: number;
}

const encoder = new TextEncoder();
const b64json = (value: unknown) => toBase64Url(encoder.encode(JSON.stringify(value)));
function unb64json(text: string): unknown {
  const bytes = fromBase64Url(text);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export async function sealPending(secret: string, cookie: PendingCookie): Promise<string> {
  const payload = b64json({ i: cookie.ids.slice(-MAX_PENDING_IDS), b: cookie.bookmark, e: cookie.expires });
  return `${payload}.${await hmac(await keyFor(secret, "cookie"), `pending\n${payload}`)}`;
}

export async function openPending(secret: string, value: string | undefined, now = Date.now()): Promise<PendingCookie | null> {
  if (!value) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  if (!(await verifyHmac(await keyFor(secret, "cookie"), `pending\n${payload}`, signature))) return null;
  const data = unb64json(payload) as { i?: unknown; b?: unknown; e?: unknown } | null;
  if (!data || !Array.isArray(data.i) || typeof data.e !== "number" || data.e < now) return null;
  const ids = data.i.filter((id): id is number => Number.isSafeInteger(id) && (id as number) > 0);
  return { ids, bookmark: typeof data.b === "string" ? data.b : null, expires: data.e };
}

export interface Commenter {
  name: string;
  email: string;
  url: string;
}

export function sealCommenter(secret: string, commenter: Commenter): Promise<string> {
  return encryptText(secret, JSON.stringify([commenter.name, commenter.email, commenter.url]), "cookie-encryption");
}

/** The saved details, or null for a missing, tampered or older (unsealed) cookie: the form is then empty. */
export async function openCommenter(secret: string, value: string | undefined): Promise<Commenter | null> {
  if (!value) return null;
  const plain = await decryptText(secret, value, "cookie-encryption");
  let data: unknown = null;
  try {
    data = plain === null ? null : JSON.parse(plain);
  } catch {
    return null;
  }
  if (!Array.isArray(data) || data.length !== 3 || !data.every((v) => typeof v === "string")) return null;
  const [name, email, url] = data as string[];
  return { name: name!.slice(0, 100), email: email!.slice(0, 254), url: url!.slice(0, 200) };
}

/**
 * Cookie attributes for the reader's cookies. Secure when the blog's address
 * is https or this request came over https (a BASE_URL left on http behind
 * https must not send the cookies in the clear); not otherwise, so a local
 * blog on http still keeps them.
 */
export function readerCookieOptions(c: Context<AppEnv>, expires: number, now: number) {
  return {
    path: "/",
    httpOnly: true,
    secure: c.var.config.BASE_URL.startsWith("https:") || new URL(c.req.url).protocol === "https:",
    sameSite: "Lax" as const,
    maxAge: Math.max(0, Math.floor((expires - now) / 1000)),
  };
}
