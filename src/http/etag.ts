/**
 * Strong ETags for rendered pages, hashed from the body string before it
 * becomes a Response (hono/etag would clone and re-read the stream), and the
 * 304 answer when If-None-Match already holds it.
 */
import type { Context } from "hono";

export async function etagOf(body: string | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", typeof body === "string" ? new TextEncoder().encode(body) : body);
  let hex = "";
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, "0");
  return `"${hex}"`;
}

function matches(etag: string, ifNoneMatch: string | undefined): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/** The 304 answer when the client's If-None-Match already names this ETag, else null. */
export function notModified(c: Context, etag: string, cacheControl = "no-cache"): Response | null {
  return matches(etag, c.req.header("If-None-Match")) ? new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": cacheControl } }) : null;
}

/** Answers with a body rendered once per version (views/page-cache.ts): 304 when the client has it, else 200. */
export function sendCached(c: Context, page: { body: string | Uint8Array<ArrayBuffer>; etag: string }, headers: Record<string, string>): Response {
  return notModified(c, page.etag, headers["Cache-Control"]) ?? c.body(page.body, 200, { ...headers, ETag: page.etag });
}

/**
 * Answers a GET with `body`: 304 when the client's copy is current, else 200,
 * both with the ETag and the given headers (Cache-Control, Content-Type).
 * `tagSource` is what the ETag is computed from when it must differ from the
 * body (a page with a per-request form token hashes the page without it).
 */
export async function sendWithEtag(c: Context, body: string, headers: Record<string, string>, tagSource: string = body): Promise<Response> {
  return sendCached(c, { body, etag: await etagOf(tagSource) }, headers);
}
