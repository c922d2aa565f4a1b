/**
 * The commenter's two cookies.
 *
 * `ep_pending`: signed (HMAC), lists the ids of the reader's own comments
 * that await moderation and the D1 bookmark of their last write, so the page
 * after the redirect shows them (read-your-writes) and nobody else sees them.
 * `ep_commenter`: name, email and website, set only when the reader ticks
 * "Save my name…"; read back to fill the form. Both are HttpOnly: no script
 * on the page needs them, and the page has no script.
 */
import { fromBase64Url, hmac, keyFor, toBase64Url, verifyHmac } from "../crypto";

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

export function encodeCommenter(commenter: Commenter): string {
  return b64json([commenter.name, commenter.email, commenter.url]);
}

export function decodeCommenter(value: string | undefined): Commenter | null {
  if (!value) return null;
  const data = unb64json(value);
  if (!Array.isArray(data) || data.length !== 3 || !data.every((v) => typeof v === "string")) return null;
  const [name, email, url] = data as string[];
  return { name: name!.slice(0, 100), email: email!.slice(0, 254), url: url!.slice(0, 200) };
}
