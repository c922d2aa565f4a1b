/**
 * What every page of the author's desk (/admin) shares: answering with a
 * page that is never cached, reading a small form, and checking that a POST
 * came from our own pages in a live session.
 */
import type { Context } from "hono";
import type { AppEnv } from "../config";
import { readLimited, parseUrlEncoded, type ParsedForm } from "../http/body";
import { renderHtml, HTML_TYPE } from "../views/render";
import { csrfIsValid, sessionFrom } from "./auth";

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
