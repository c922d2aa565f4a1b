/**
 * /admin: the author's moderation page, without JavaScript. Sign in with the
 * admin token (a signed session cookie), see the queue pending first, act on
 * one comment or many; every form carries the session's CSRF token. Also the
 * confirm pages of the digest's signed links, which need no session: the
 * signature is the credential, and only the POST from the page acts.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../config";
import type { CommentRow, CommentStatus } from "../comments/model";
import { MODERATION_ACTIONS, isInState, moderate, type ModerationAction } from "../comments/moderate";
import { learner } from "../spam/learn";
import { decryptText } from "../crypto";
import { pageParam } from "../http/respond";
import { commentLink } from "../comments/pages";
import { ADMIN_RETRY_AFTER_S, SESSION_COOKIE, csrfToken, issueSession, mayTryToken, sessionCookieOptions, sessionFrom, tokenIsValid } from "./auth";
import { NO_STORE, checkedSession, page, queueBack, readForm, refused, withNotice } from "./desk";
import { mediaDesk } from "./media-routes";
import { postsDesk } from "./posts-routes";
import { editorDesk, editorScript } from "./editor-routes";
import { commentDesk } from "./comment-routes";
import { endAllSessions, endSession } from "./sessions";
import { ACTION_LINK_PARAMS, checkActionLink, type ActionLink } from "./links";
import { listComments, parseListQuery } from "./queue";
import { ConfirmActionPage, QueuePage, ResultPage, SignInPage } from "./pages";
import { previewDigest } from "../digest/job";
import { formatDate, formatTime } from "../views/i18n";

export const adminPages = new Hono<AppEnv>();

adminPages.route("/media", mediaDesk);
adminPages.get("/editor.js", editorScript);
adminPages.route("/posts", editorDesk);
adminPages.route("/posts", postsDesk);
adminPages.route("/comments", commentDesk);

adminPages.get("/", async (c) => {
  const config = c.var.config;
  const session = await sessionFrom(c);
  if (!session) return page(c, <SignInPage config={config} error={config.ADMIN_TOKEN ? undefined : "Sign-in is off: set the ADMIN_TOKEN secret."} />);
  const query = parseListQuery({ status: c.req.query("status"), post: c.req.query("post"), page: pageParam(c) });
  const [list, counts] = await Promise.all([listComments(c.env.DB, query), statusCounts(c.env.DB)]);
  const comments = await Promise.all(list.comments.map(async (row) => ({ ...row, email: row.author_email ? await decryptText(config.APP_SECRET, row.author_email) : null })));
  return page(c, <QueuePage config={config} csrf={await csrfToken(config, session)} {...list} counts={counts} comments={comments} notice={c.req.query("done")} />);
});

async function statusCounts(db: D1Database): Promise<Record<CommentStatus, number>> {
  const { results } = await db.prepare("SELECT status, COUNT(*) AS n FROM comments GROUP BY status").all<{ status: CommentStatus; n: number }>();
  const counts: Record<CommentStatus, number> = { pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const row of results) counts[row.status] = row.n;
  return counts;
}

adminPages.post("/login", async (c) => {
  const config = c.var.config;
  const form = await readForm(c);
  // Counted before the token is checked: past the limit, a guess is not even looked at.
  if (!(await mayTryToken(c, "sign-in"))) {
    const at = formatTime(Date.now() + ADMIN_RETRY_AFTER_S * 1000, config.TIME_ZONE);
    const error = `Too many sign-in attempts. Try again in ${ADMIN_RETRY_AFTER_S} seconds (after ${at}).`;
    return page(c, <SignInPage config={config} error={error} />, 429, { "Retry-After": String(ADMIN_RETRY_AFTER_S) });
  }
  if (!form || !(await tokenIsValid(config, form.fields.token ?? ""))) {
    return page(c, <SignInPage config={config} error="That token is not valid." />, 401);
  }
  const session = await issueSession(c);
  setCookie(c, SESSION_COOKIE, session.value, sessionCookieOptions(session.expires));
  // One from before the cookie moved to Path=/ would be sent first on /admin: gone with this sign-in.
  deleteCookie(c, SESSION_COOKIE, { path: "/admin", secure: true });
  return c.redirect("/admin", 303);
});

/** Ends this session on the server (the cookie is worthless from now on, wherever it was copied). */
adminPages.post("/logout", async (c) => {
  const form = await readForm(c);
  const session = await checkedSession(c, form);
  if (!session) return page(c, <ResultPage config={c.var.config} title="Not signed out" message="That request did not come from this blog's admin page." />, 403);
  if (form?.fields.everywhere === "1") await endAllSessions(c.env.DB);
  else await endSession(c.env.DB, session);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
  // Sessions begun before the cookie moved to Path=/ (it was Path=/admin).
  deleteCookie(c, SESSION_COOKIE, { path: "/admin", secure: true });
  return c.redirect("/admin", 303);
});

adminPages.post("/moderate", async (c) => {
  const form = await readForm(c);
  const session = await checkedSession(c, form);
  if (!session || !form) return refused(c);
  // One row's button ("12:approve") or the bulk buttons with the ticked boxes.
  const [oneId, oneAction] = (form.fields.one ?? "").split(":");
  const action = (oneAction ?? form.fields.action) as ModerationAction;
  const ids = (oneId ? [oneId] : (form.all.ids ?? [])).map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
  const back = queueBack(form.fields.back);
  if (!MODERATION_ACTIONS.includes(action) || ids.length === 0) return c.redirect(withNotice(back, "Select at least one comment first."), 303);
  const result = await moderate(c.env, ids, action, "author", learner(c.var.config));
  const done = `${action}: ${result.changed.length} changed${result.unchanged.length ? `, ${result.unchanged.length} already so` : ""}`;
  return c.redirect(withNotice(back, done), 303);
});

/** The next digest as the author would get it, rendered in the page (the HTML part is self-contained). */
adminPages.get("/digest/preview", async (c) => {
  if (!(await sessionFrom(c))) return c.redirect("/admin", 303);
  const preview = await previewDigest(c.env);
  // The HTML part is our own rendering with inline styles only; shown as is.
  return c.body(preview.html, 200, { ...NO_STORE, "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'" });
});

const PAST: Record<ModerationAction, string> = { approve: "approved", spam: "marked as spam", trash: "moved to the trash", restore: "restored to pending" };
const STATUS_PAST: Record<CommentStatus, string> = { approved: "approved", spam: "marked as spam", trash: "moved to the trash", pending: "put back to pending" };

/** What happened to a comment since its digest link was made, in words: "approved by you on 3 Dec 2026, 09:12". */
function decidedSince(comment: CommentRow, timeZone: string): string {
  const by = comment.decided_by === "author" ? "by you" : comment.decided_by === "auto" ? "by the spam scorer" : "";
  const when = comment.decided_at === null ? "" : ` on ${formatDate(comment.decided_at, "en", timeZone)}, ${formatTime(comment.decided_at, timeZone)}`;
  return `${STATUS_PAST[comment.status]}${by ? ` ${by}` : ""}${when}`;
}

/** A link acts only on the comment as it was when the link was made. */
const stillAsLinked = (comment: CommentRow, link: ActionLink) => isInState(comment, link.state);

function staleLinkPage(c: Context<AppEnv>, comment: CommentRow) {
  const config = c.var.config;
  const message = `Since the digest was sent, this comment by ${comment.author_name} was ${decidedSince(comment, config.TIME_ZONE)}. This link no longer acts, so nothing changed; to decide again, use the moderation page.`;
  return page(c, <ResultPage config={config} title="Already decided" message={message} link={{ href: commentLink(comment.post_slug, comment.id), text: "See it in place" }} />, 409);
}

async function linkedComment(c: Context<AppEnv>, params: Record<string, string | undefined>) {
  const check = await checkActionLink(c.var.config.APP_SECRET, params);
  if (!check.ok) {
    const message = check.reason === "expired" ? "This link has expired. Links in the digest work for 7 days; the comment is still on the moderation page." : "This link is not valid: it was changed or is incomplete. Use the moderation page instead.";
    return { error: page(c, <ResultPage config={c.var.config} title={check.reason === "expired" ? "Link expired" : "Invalid link"} message={message} link={{ href: "/admin", text: "Moderation page" }} />, 403) };
  }
  const comment = await c.env.DB.prepare("SELECT c.*, p.title AS post_title FROM comments c LEFT JOIN posts p ON p.slug = c.post_slug WHERE c.id = ?1")
    .bind(check.link.id)
    .first<CommentRow & { post_title: string | null }>();
  if (!comment) return { error: page(c, <ResultPage config={c.var.config} title="Comment not found" message="This comment no longer exists (its post may have been deleted)." />, 404) };
  return { link: check.link, comment };
}

adminPages.get("/act", async (c) => {
  const params = Object.fromEntries(ACTION_LINK_PARAMS.map((name) => [name, c.req.query(name)]));
  const found = await linkedComment(c, params);
  if ("error" in found) return found.error;
  if (!stillAsLinked(found.comment, found.link)) return staleLinkPage(c, found.comment);
  return page(c, <ConfirmActionPage config={c.var.config} comment={found.comment} action={found.link.action} params={params as Record<string, string>} />);
});

adminPages.post("/act", async (c) => {
  const form = await readForm(c);
  const found = await linkedComment(c, form?.fields ?? {});
  if ("error" in found) return found.error;
  const { link, comment } = found;
  if (!stillAsLinked(comment, link)) return staleLinkPage(c, comment);
  // The same condition once more inside the UPDATE: a decision made between the read and the write wins.
  const result = await moderate(c.env, [comment.id], link.action, "author", learner(c.var.config), Date.now(), { expect: link.state });
  if (result.changed.length === 0) {
    const now = await c.env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(comment.id).first<CommentRow>();
    if (now && !stillAsLinked(now, link)) return staleLinkPage(c, now);
  }
  const title = result.changed.length ? `Comment ${PAST[link.action]}` : "Nothing to do";
  const message = result.changed.length ? `The comment by ${comment.author_name} was ${PAST[link.action]}.` : `This comment was already ${PAST[link.action]}; nothing changed.`;
  return page(c, <ResultPage config={c.var.config} title={title} message={message} link={{ href: commentLink(comment.post_slug, comment.id), text: "See it in place" }} />);
});
