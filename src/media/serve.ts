/**
 * `/media/<key>`: the library's files, straight from R2. A key names its
 * content, so every answer may be cached for a year (`immutable`) and the
 * ETag is the key itself: a revalidation is answered (304) from the
 * object's metadata, without reading the file. HEAD and single byte ranges (206/416) are answered as HTTP
 * says; a request for several ranges gets the whole file (200), which RFC
 * 9110 allows.
 */
import { Hono } from "hono/tiny";
import type { AppEnv } from "../config";
import { MEDIA_KEY } from "./store";
import { CACHE_IMMUTABLE as IMMUTABLE } from "../http/respond";
import { notModified } from "../http/etag";

export const mediaRoutes = new Hono<AppEnv>();

// Files are never documents: no script, no plugin, no framing, even opened on their own.
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

const notFound = () => new Response("No such file.\n", { status: 404, headers: { "Content-Type": "text/plain; charset=UTF-8", "Cache-Control": "no-store" } });

/** A single `bytes=` range of a file of `size` bytes: the slice, "none" if unsatisfiable, or null to send it all. */
export function parseRange(header: string | undefined, size: number): { offset: number; length: number } | "none" | null {
  const m = header?.match(/^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i);
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "none";
    return { offset: Math.max(0, size - suffix), length: Math.min(suffix, size) };
  }
  const first = Number(m[1]);
  const last = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (first >= size || last < first) return "none";
  return { offset: first, length: last - first + 1 };
}

mediaRoutes.on(["GET", "HEAD"], "/media/:key", async (c) => {
  const key = c.req.param("key");
  const bucket = c.env.MEDIA;
  if (!MEDIA_KEY.test(key) || !bucket) return notFound();
  const etag = `"${key}"`;
  const base = { ETag: etag, "Cache-Control": IMMUTABLE, "Accept-Ranges": "bytes", "Content-Security-Policy": FILE_CSP, "Cross-Origin-Resource-Policy": "same-origin" };
  const unchanged = notModified(c, etag, IMMUTABLE);
  if (unchanged) {
    // Only for a file that exists: an old tag of a deleted file must not revive it.
    if (!(await bucket.head(key))) return notFound();
    return unchanged;
  }
  const head = c.req.method === "HEAD";
  const rangeHeader = c.req.header("Range");
  // If-Range with another validator: the client's partial copy is of something else; send it all.
  const ifRange = c.req.header("If-Range");
  const wantsRange = rangeHeader !== undefined && (ifRange === undefined || ifRange.trim() === etag);
  const meta = head || wantsRange ? await bucket.head(key) : null;
  if ((head || wantsRange) && !meta) return notFound();
  const range = wantsRange ? parseRange(rangeHeader, meta!.size) : null;
  if (range === "none") {
    return new Response(null, { status: 416, headers: { ...base, "Content-Range": `bytes */${meta!.size}` } });
  }
  if (head) {
    return new Response(null, { status: 200, headers: { ...base, "Content-Type": meta!.httpMetadata?.contentType ?? "application/octet-stream", "Content-Length": String(meta!.size) } });
  }
  const object = await bucket.get(key, range ? { range } : {});
  if (!object || !("body" in object)) return notFound();
  const type = object.httpMetadata?.contentType ?? "application/octet-stream";
  if (range) {
    const end = range.offset + range.length - 1;
    return new Response(object.body, { status: 206, headers: { ...base, "Content-Type": type, "Content-Length": String(range.length), "Content-Range": `bytes ${range.offset}-${end}/${object.size}` } });
  }
  return new Response(object.body, { status: 200, headers: { ...base, "Content-Type": type, "Content-Length": String(object.size) } });
});
