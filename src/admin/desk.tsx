/**
 * What every page of the author's desk (/admin) shares: answering with a
 * page that is never cached, reading a small form, checking that a POST
 * came from our own pages in a live session (and the page that says it did
 * not), and the notice a POST hands back to the page it redirects to.
 */
import type { Context } from "hono";
import type { AppEnv } from "../config";
import { readLimited, parseUrlEncoded, type ParsedForm } from "../http/body";
import { renderHtml, HTML_TYPE } from "../views/render";
import { csrfIsValid, sessionFrom } from "./auth";
import { ResultPage } from "./pages";
import { isValidSlug } from "../posts/slug";

export const NO_STORE = { "Content-Type": HTML_TYPE, "Cache-Control": "no-store" };
const MAX_FORM_BYTES = 64 * 1024;

export async function page(c: Context<AppEnv>, node: Parameters<typeof renderHtml>[0], status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503 = 200, headers: Record<string, string> = {}) {
  return c.body(await renderHtml(node), status, { ...NO_STORE, ...headers });
}

export async function readForm(c: Context<AppEnv>, maxBytes = MAX_FORM_BYTES): Promise<ParsedForm | null> {
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) return null;
  const body = await readLimited(c.req.raw, maxBytes);
  return body.tooLarge ? null : parseUrlEncoded(body.bytes);
}

/** A POST must come from our own pages: same-origin, with the session's CSRF token. */
export async function checkedSession(c: Context<AppEnv>, form: { fields: Record<string, string> } | null): Promise<string | null> {
  const session = await sessionFrom(c);
  if (!session || !form) return null;
  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin && origin !== new URL(c.var.config.BASE_URL).origin) return null;
  return (await csrfIsValid(c.var.config, session, form.fields.csrf ?? "")) ? session : null;
}

/** The answer to a POST without a live session or its CSRF token: nothing changed. */
export function refused(c: Context<AppEnv>) {
  return page(c, <ResultPage config={c.var.config} title="Nothing changed" message="Your session has ended or this form did not come from this blog. Sign in and try again." link={{ href: "/admin", text: "Sign in" }} />, 403);
}

/** A desk address with the outcome of a POST for its page to show: `done` (or `failed`) in the query. */
export const withNotice = (path: string, text: string, ok = true) => `${path}${path.includes("?") ? "&" : "?"}${ok ? "done" : "failed"}=${encodeURIComponent(text)}`;

/** The notice withNotice() put in this page's address, if any. */
export function noticeOf(c: Context<AppEnv>): { ok: boolean; text: string } | undefined {
  const failed = c.req.query("failed");
  const done = c.req.query("done");
  return failed ? { ok: false, text: failed } : done ? { ok: true, text: done } : undefined;
}

/** The post a desk address names (`/admin/posts/:slug/…`, percent-decoded by Hono), or null for one no post can have. */
export function slugOf(c: Context<AppEnv>): string | null {
  const slug = (c.req.param("slug") ?? "").normalize("NFC");
  return isValidSlug(slug) ? slug : null;
}

/** Where a form goes back to: a view of the moderation queue, never another site. */
export const queueBack = (raw: string | undefined) => (/^\/admin(\?[^\s#]*)?$/.test(raw ?? "") ? raw! : "/admin");
