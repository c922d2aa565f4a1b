/**
 * Response helpers shared by every feature: cache policies, safe JSON, page
 * numbers from the query string, and the error answer (HTML page or JSON by path).
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Lists, feeds and JSON: fine to reuse for a minute; KV itself takes up to 60 s to spread. */
export const CACHE_LIST = "public, max-age=60, stale-while-revalidate=300";
/** Post pages carry a per-request form token and a reader's own pending comments: always revalidate. */
export const CACHE_REVALIDATE = "no-cache";
/** Content-hashed assets. */
export const CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * JSON with <, >, & and the JS line separators escaped, so a title such as
 * `</script>` stays inert even if someone embeds our JSON in a page.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export const JSON_TYPE = "application/json; charset=UTF-8";

export function jsonResponse(c: Context, value: unknown, status: ContentfulStatusCode = 200, cacheControl = CACHE_LIST): Response {
  return c.body(safeJson(value), status, { "Content-Type": JSON_TYPE, "Cache-Control": cacheControl });
}

/** `?page=N`: 1 when absent; a 400 for anything but a whole number from 1. */
export function pageParam(c: Context): number {
  const raw = c.req.query("page");
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) throw new HTTPException(400, { message: "The page number must be a whole number from 1." });
  return Number(raw);
}

/** The slice of `items` for a 1-based page; a page past the last is a 404, except page 1 of nothing. */
export function paginate<T>(items: T[], page: number, perPage: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  if (page > pages) throw new HTTPException(404, { message: `There is no page ${page}; the last page is ${pages}.` });
  return { items: items.slice((page - 1) * perPage, page * perPage), page, pages };
}

export const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

/** Errors go back as JSON under /api, and to anyone who sent JSON. */
export function wantsJson(c: Context): boolean {
  return isApiPath(c.req.path) || (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json");
}
