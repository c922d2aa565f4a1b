/**
 * POST /<slug>/comments: a reader's comment, from the HTML form or as JSON.
 *
 * The checks run in a fixed order, each with its own answer: post exists
 * (404), open (403), size (413), well-formed (400), fields (422), parent
 * (422), form token (403 forged, 400 expired or too fast), rate limit (429),
 * honeypot (accepted silently, stored as spam), one comment per token (the
 * same text: the first comment again; other text: 409), duplicate (the first
 * comment again). No request without a valid token writes anything. A form
 * that is turned back comes back filled in, with a fresh token and the
 * reason beside the field; nothing a reader typed is lost.
 */
import type { Context } from "hono";
import { setCookie, deleteCookie, getCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../config";
import type { StoredPost } from "../posts/model";
import { slugPath } from "../posts/slug";
import { encryptText, keyedHash, sha256Hex } from "../crypto";
import { readLimited, parseJsonObject, parseUrlEncoded } from "../http/body";
import { clientAddress, clientHash } from "../http/client";
import { jsonResponse } from "../http/respond";
import { commentsOpen, type FormState } from "./section";
import { EMPTY_VALUES, validateComment, valuesFrom, type Field, type FormValues } from "./form";
import { checkFormToken, MIN_FORM_AGE_MS } from "./form-token";
import { commentMessages } from "./messages";
import { insertComment, isApprovedCommentOf } from "./store";
import { commentPagePath, layoutOf, pageOfComment, type CommentLayout } from "./pages";
import { COMMENTER_COOKIE, COMMENTER_MAX_AGE_S, PENDING_COOKIE, PENDING_MAX_AGE_S, openPending, readerCookieOptions, sealCommenter, sealPending } from "./cookies";

export const MAX_BODY_BYTES = 64 * 1024;
/** A too-large form up to this size is still read, so it can come back filled in. */
const KEEP_BODY_BYTES = 1024 * 1024;
/** The same text from the same client to the same post within this window is the same comment. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;
const RETRY_AFTER_RATE_S = 60;
const RETRY_AFTER_STORE_S = 30;

interface Rejection {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  values: FormValues;
  errors?: Partial<Record<Field, string>>;
  headers?: Record<string, string>;
  /** The form's own token, given back when it is still good (too fast only). */
  token?: string;
}

/** The post page to show again for a submission that came back: its status, and the form as the reader left it. */
export interface PageAgain {
  status: ContentfulStatusCode;
  headers?: Record<string, string>;
  form?: FormState;
  /** Comments are closed: the reader's text, shown read-only so it is not lost. */
  keptText?: string;
}

/** What a submission comes to: an answer ready to send (a redirect, JSON), or the post page to render again. */
export type SubmitOutcome = { response: Response } | { page: PageAgain };

/** Answers a rejected submission: JSON with field errors, or the post page with the form filled in. */
function reject(c: Context<AppEnv>, json: boolean, r: Rejection): SubmitOutcome {
  if (json) {
    const res = jsonResponse(c, { error: { status: r.status, code: r.code, message: r.message, fields: r.errors ?? {} } }, r.status, "no-store");
    for (const [k, v] of Object.entries(r.headers ?? {})) res.headers.set(k, v);
    return { response: res };
  }
  return { page: { status: r.status, headers: r.headers, form: { values: r.values, errors: r.errors ?? {}, notice: r.message, ...(r.token ? { token: r.token } : {}) } } };
}

/** What a bot that filled the honeypot is told: the same as a reader whose comment was taken. */
function silentAccept(c: Context<AppEnv>, post: StoredPost, json: boolean): Response {
  return json ? jsonResponse(c, { comment: { status: "pending" } }, 201, "no-store") : c.redirect(slugPath(post.slug), 303);
}

const isJson = (c: Context) => (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json");

/** Takes a reader's comment on `post` (found, visible: the caller answered 404 otherwise). */
export async function submitComment(c: Context<AppEnv>, post: StoredPost): Promise<SubmitOutcome> {
  const config = c.var.config;
  const now = Date.now();
  const json = isJson(c);
  const t = commentMessages(post.lang);

  // Read first (bounded), so even a refusal can give the reader's words back.
  const body = await readLimited(c.req.raw, MAX_BODY_BYTES, KEEP_BODY_BYTES);
  const contentType = (c.req.header("content-type") ?? "").toLowerCase();
  const isForm = contentType.startsWith("application/x-www-form-urlencoded");
  const form = isForm && !body.truncated ? parseUrlEncoded(body.bytes) : null;
  const object = json && !body.truncated ? parseJsonObject(body.bytes) : null;
  const values = form ? valuesFrom(form.fields) : object ? valuesFrom(object) : EMPTY_VALUES;
  const fields: Record<string, unknown> = form?.fields ?? object ?? {};

  if (!commentsOpen(post, config, now)) {
    if (json) return { response: jsonResponse(c, { error: { status: 403, code: "comments_closed", message: t.closed } }, 403, "no-store") };
    return { page: { status: 403, keptText: values.comment } };
  }
  if (body.tooLarge) return reject(c, json, { status: 413, code: "payload_too_large", message: t.tooLarge, values });
  if (!isForm && !json) {
    return reject(c, json, { status: 415, code: "unsupported_media_type", message: "Send the comment as application/x-www-form-urlencoded or application/json.", values });
  }
  if ((json && !object) || form?.malformed || form?.invalidUtf8) {
    return reject(c, json, { status: 400, code: "bad_request", message: form?.invalidUtf8 ? t.badEncoding : json ? "The body must be a JSON object in UTF-8." : t.malformed, values });
  }

  const checked = validateComment(values, t);
  if (!checked.ok) return reject(c, json, { status: 422, code: "invalid", message: t.fixFields, values: checked.values, errors: checked.errors });
  const comment = checked.comment;

  try {
    if (comment.parentId !== null && !(await isApprovedCommentOf(c.env.DB, comment.parentId, post.slug))) {
      return reject(c, json, { status: 422, code: "invalid_parent", message: t.parentInvalid, values: { ...checked.values, parent: "" }, errors: { comment_parent: t.parentInvalid } });
    }

    const honeypot = typeof fields.homepage === "string" && fields.homepage.trim() !== "";
    // Independent hashing and sealing, all at once; the checks below use their results in order.
    const [token, ipHash, sealedEmail, emailHash, bodyHash, sealedIp] = await Promise.all([
      checkFormToken(config.APP_SECRET, post.slug, typeof fields.token === "string" ? fields.token : "", now),
      clientHash(c),
      encryptText(config.APP_SECRET, comment.email),
      keyedHash(config.APP_SECRET, "email-hash", comment.email.toLowerCase()),
      sha256Hex(comment.body),
      // The raw address is kept (sealed) only when the author turned Akismet on: it requires one.
      config.AKISMET_KEY ? encryptText(config.APP_SECRET, clientAddress(c)) : null,
    ]);
    // Checked before the honeypot: a request without a valid token writes nothing, a bot's neither.
    if (!token.ok && token.reason === "too-fast") {
      // The same token comes back in the form: once it is old enough, pressing again works.
      const wait = Math.max(1, Math.ceil((MIN_FORM_AGE_MS - (token.ageMs ?? 0)) / 1000));
      return reject(c, json, { status: 400, code: "token_too_fast", message: t.tokenTooFast(wait), values: checked.values, token: fields.token as string, headers: { "Retry-After": String(wait) } });
    }
    if (!token.ok) {
      const [status, message] = token.reason === "forged" ? [403, t.tokenForged] as const : [400, t.tokenExpired] as const;
      return reject(c, json, { status, code: `token_${token.reason}`, message, values: checked.values });
    }

    if (c.env.COMMENT_LIMITER) {
      const { success } = await c.env.COMMENT_LIMITER.limit({ key: ipHash });
      // A bot that filled the honeypot and floods is answered as if stored, and nothing is stored.
      if (!success && honeypot) return { response: silentAccept(c, post, json) };
      if (!success) {
        return reject(c, json, { status: 429, code: "rate_limited", message: t.rateLimited(RETRY_AFTER_RATE_S), values: checked.values, headers: { "Retry-After": String(RETRY_AFTER_RATE_S) } });
      }
    }

    // Read-your-writes: the bookmark of this write goes into the reader's cookie.
    const session = c.env.DB.withSession("first-primary");
    const saved = await insertComment(
      session,
      {
        postSlug: post.slug,
        parentId: comment.parentId,
        authorName: comment.name,
        authorEmailSealed: sealedEmail,
        emailHash,
        authorUrl: comment.url,
        body: comment.body,
        bodyHash,
        // A filled honeypot is a bot: keep the comment (nothing is lost) but as spam, and say nothing.
        status: honeypot ? "spam" : "pending",
        spamReasons: honeypot ? ["filled in the hidden honeypot field"] : null,
        ipHash,
        ipSealed: sealedIp,
        userAgent: (c.req.header("user-agent") ?? "").slice(0, 500) || null,
        formAgeMs: token.ageMs,
        formToken: token.id,
        createdAt: now,
      },
      DUPLICATE_WINDOW_MS,
    );
    if (saved.tokenUsed) {
      if (honeypot) return { response: silentAccept(c, post, json) };
      return reject(c, json, { status: 409, code: "token_used", message: t.tokenUsed, values: checked.values });
    }

    if (!honeypot) await rememberReader(c, saved.id, session.getBookmark(), comment, now);
    const location = `${await pageWhereItAppears(session, post.slug, saved.id, layoutOf(config))}#comment-${saved.id}`;
    if (json) {
      c.header("Location", config.BASE_URL + location);
      const response = jsonResponse(
        c,
        {
          comment: {
            id: saved.id,
            post: post.slug,
            parentId: comment.parentId,
            authorName: comment.name,
            authorUrl: comment.url,
            body: comment.body,
            status: "pending",
            created: new Date(now).toISOString(),
            url: config.BASE_URL + location,
          },
          duplicate: saved.duplicate,
        },
        saved.duplicate ? 200 : 201,
        "no-store",
      );
      return { response };
    }
    return { response: c.redirect(location, 303) };
  } catch (err) {
    // D1 unreachable or failing: nothing was half-written (one statement), and the words come back.
    console.error("comment not stored", err);
    return reject(c, json, { status: 503, code: "unavailable", message: t.storeUnavailable, values: checked.values, headers: { "Retry-After": String(RETRY_AFTER_STORE_S) } });
  }
}

/**
 * Where a new comment will appear: its thread's page, or the page new threads
 * go on. The comment is stored already, so a failure here must not turn into
 * an error: the post page is the answer then.
 */
async function pageWhereItAppears(db: D1DatabaseSession, slug: string, id: number, layout: CommentLayout): Promise<string> {
  try {
    return commentPagePath(slug, (await pageOfComment(db, id, layout))?.page ?? 1);
  } catch (err) {
    console.error("comment stored; its page could not be found", err);
    return commentPagePath(slug, 1);
  }
}

/** Adds the comment to the reader's signed pending list; saves or forgets their details as they chose. */
async function rememberReader(c: Context<AppEnv>, id: number, bookmark: string | null, comment: { name: string; email: string; url: string | null; remember: boolean }, now: number) {
  const config = c.var.config;
  const existing = await openPending(config.APP_SECRET, getCookie(c, PENDING_COOKIE), now);
  const ids = [...(existing?.ids ?? []).filter((old) => old !== id), id];
  const expires = now + PENDING_MAX_AGE_S * 1000;
  setCookie(c, PENDING_COOKIE, await sealPending(config.APP_SECRET, { ids, bookmark, expires }), readerCookieOptions(c, expires, now));
  if (comment.remember) {
    const sealed = await sealCommenter(config.APP_SECRET, { name: comment.name, email: comment.email, url: comment.url ?? "" });
    setCookie(c, COMMENTER_COOKIE, sealed, readerCookieOptions(c, now + COMMENTER_MAX_AGE_S * 1000, now));
  } else if (getCookie(c, COMMENTER_COOKIE)) {
    deleteCookie(c, COMMENTER_COOKIE, { path: "/" });
  }
}
