/**
 * The author's pages: sign-in, the moderation queue (pending first, one-click
 * and bulk actions, all plain forms that work without JavaScript), and the
 * confirm/result pages of the digest's signed links.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { Config } from "../config";
import type { CommentRow, CommentStatus } from "../comments/model";
import { CommentBody } from "../comments/views";
import type { ModerationAction } from "../comments/moderate";
import { commentLink } from "../comments/pages";
import { STYLESHEET_VERSION } from "../views/style";
import { iconHref } from "../views/icon";
import { linkTag } from "../views/layout";
import { formatDate } from "../views/i18n";

export function AdminLayout(props: { config: Config; title: string; children: Child; signedIn?: { csrf: string }; script?: string }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en" dir="ltr">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{`${props.title} · ${props.config.BLOG_TITLE}`}</title>
          {linkTag({ rel: "stylesheet", href: `/style.css?v=${STYLESHEET_VERSION}` })}
          {linkTag({ rel: "icon", href: iconHref(props.config) })}
          {/* Comfort only (the editor's): every desk page works without it. */}
          {props.script ? <script src={props.script} defer /> : null}
        </head>
        <body class="admin">
          <header class="site">
            <a class="site-title" href="/admin" dir="auto">
              {props.config.BLOG_TITLE} · admin
            </a>
            <nav aria-label="Desk">
              {props.signedIn ? (
                <>
                  <a href="/admin/posts">Posts</a> <a href="/admin">Comments</a> <a href="/admin/media">Media</a>{" "}
                </>
              ) : null}
              <a href="/">View blog</a>
              {props.signedIn ? (
                <form method="post" action="/admin/logout" class="inline">
                  <input type="hidden" name="csrf" value={props.signedIn.csrf} />
                  <button type="submit" class="link">
                    Sign out
                  </button>{" "}
                  <button type="submit" class="link" name="everywhere" value="1" title="Ends every session of this blog's desk, on every device">
                    Sign out everywhere
                  </button>
                </form>
              ) : null}
            </nav>
          </header>
          <main id="main" class="page wide">
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** The outcome of the last POST (desk.tsx noticeOf), as a page shows it: a status, or an alert when it failed. */
export function Notice(props: { notice?: { ok: boolean; text: string } }) {
  const { notice } = props;
  return notice ? (
    <p class={`notice ${notice.ok ? "ok" : "err"}`} role={notice.ok ? "status" : "alert"}>
      {notice.text}
    </p>
  ) : null;
}

export function SignInPage(props: { config: Config; error?: string }) {
  return (
    <AdminLayout config={props.config} title="Sign in">
      <h1>Sign in</h1>
      {props.error ? (
        <p class="notice err" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/admin/login" class="comment-form">
        <p class="field">
          <label for="token">Admin token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required />
          <span class="field-note">The ADMIN_TOKEN secret of this blog (for the local blog, in .dev.vars).</span>
        </p>
        <p>
          <button type="submit">Sign in</button>
        </p>
      </form>
    </AdminLayout>
  );
}

const STATUS_LABEL: Record<CommentStatus | "all", string> = { all: "All", pending: "Pending", approved: "Approved", spam: "Held as spam", trash: "Trash" };
const ACTION_LABEL: Record<ModerationAction, string> = { approve: "Approve", spam: "Spam", trash: "Trash", restore: "Restore" };

/** The one-click actions offered for a comment in a given status. */
export function actionsFor(status: CommentStatus): ModerationAction[] {
  if (status === "pending") return ["approve", "spam", "trash"];
  if (status === "approved") return ["spam", "trash"];
  if (status === "spam") return ["approve", "trash"]; // rescuing a false positive is one click
  return ["restore", "approve", "spam"];
}

export interface QueueProps {
  config: Config;
  csrf: string;
  status: CommentStatus | "all";
  post: string | null;
  page: number;
  pages: number;
  total: number;
  counts: Record<CommentStatus, number>;
  comments: (CommentRow & { post_title: string | null; email: string | null })[];
  notice?: string;
}

export function QueuePage(props: QueueProps) {
  const { config } = props;
  const query = (status: string, page = 1) => `/admin?status=${status}${props.post ? `&post=${encodeURIComponent(props.post)}` : ""}${page > 1 ? `&page=${page}` : ""}`;
  const back = query(props.status, props.page);
  return (
    <AdminLayout config={config} title="Comments" signedIn={{ csrf: props.csrf }}>
      <h1>Comments</h1>
      {props.notice ? (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <nav class="filters" aria-label="Filter by status">
        {(["all", "pending", "approved", "spam", "trash"] as const).map((status) => (
          <a href={query(status)} aria-current={status === props.status ? "page" : undefined}>
            {STATUS_LABEL[status]}
            {status === "all" ? "" : ` (${props.counts[status]})`}
          </a>
        ))}
        {" · "}
        <a href="/admin/digest/preview">Digest preview</a>
      </nav>
      {props.comments.length === 0 ? (
        <p>Nothing here.</p>
      ) : (
        <form method="post" action="/admin/moderate" id="queue">
          <input type="hidden" name="csrf" value={props.csrf} />
          <input type="hidden" name="back" value={back} />
          <p class="bulk">
            With the selected:{" "}
            {(["approve", "spam", "trash", "restore"] as const).map((action) => (
              <button type="submit" name="action" value={action} class="secondary">
                {ACTION_LABEL[action]}
              </button>
            ))}
          </p>
          <ol class="queue">
            {props.comments.map((c) => (
              <li class={`queue-item status-${c.status}`} id={`q-${c.id}`}>
                <div class="queue-head">
                  <input type="checkbox" name="ids" value={String(c.id)} id={`sel-${c.id}`} aria-label={`Select comment ${c.id}`} />
                  <label for={`sel-${c.id}`}>
                    <strong>
                      <bdi>{c.author_name}</bdi>
                    </strong>
                  </label>
                  {c.email ? <span class="meta">{c.email}</span> : null}
                  {c.author_url ? <span class="meta" dir="ltr">{c.author_url}</span> : null}
                  <span class={`badge status`}>{STATUS_LABEL[c.status]}</span>
                </div>
                <p class="meta">
                  on{" "}
                  <a href={commentLink(c.post_slug, c.id)}>
                    <bdi>{c.post_title ?? c.post_slug}</bdi>
                  </a>{" "}
                  · {formatDate(c.created_at, "en", config.TIME_ZONE)} · #{c.id}
                  {c.spam_score !== null ? ` · score ${c.spam_score.toFixed(1)}` : " · not scored yet"}
                  {c.decided_by ? ` · decided by ${c.decided_by}` : ""}
                </p>
                {c.spam_reasons && JSON.parse(c.spam_reasons).length > 0 ? <p class="reasons">{(JSON.parse(c.spam_reasons) as string[]).join(" · ")}</p> : null}
                <CommentBody body={c.body} />
                <p class="row-actions">
                  {actionsFor(c.status).map((action) => (
                    <button type="submit" name="one" value={`${c.id}:${action}`} class={action === "approve" ? "" : "secondary"}>
                      {ACTION_LABEL[action]}
                    </button>
                  ))}{" "}
                  <a href={`/admin/comments/${c.id}/reply?back=${encodeURIComponent(back)}`}>Reply</a>{" "}
                  <a href={`/admin/comments/${c.id}/edit?back=${encodeURIComponent(back)}`}>Edit</a>
                </p>
              </li>
            ))}
          </ol>
        </form>
      )}
      <nav class="pager" aria-label="Pages">
        {props.page > 1 ? <a href={query(props.status, props.page - 1)}>Newer</a> : <span />}
        <span class="meta">
          Page {props.page} of {props.pages} · {props.total} comments
        </span>
        {props.page < props.pages ? <a href={query(props.status, props.page + 1)}>Older</a> : <span />}
      </nav>
    </AdminLayout>
  );
}

export function ConfirmActionPage(props: { config: Config; comment: CommentRow & { post_title: string | null }; action: ModerationAction; params: Record<string, string> }) {
  const { comment } = props;
  return (
    <AdminLayout config={props.config} title={`${ACTION_LABEL[props.action]} comment`}>
      <h1>{ACTION_LABEL[props.action]} this comment?</h1>
      <p class="meta">
        <bdi>{comment.author_name}</bdi> on <bdi>{comment.post_title ?? comment.post_slug}</bdi> · {formatDate(comment.created_at, "en", props.config.TIME_ZONE)} · now {STATUS_LABEL[comment.status].toLowerCase()}
      </p>
      <CommentBody body={comment.body} />
      <form method="post" action="/admin/act">
        {Object.entries(props.params).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <p>
          <button type="submit">{ACTION_LABEL[props.action]}</button>
        </p>
      </form>
    </AdminLayout>
  );
}

export function ResultPage(props: { config: Config; title: string; message: string; link?: { href: string; text: string } }) {
  return (
    <AdminLayout config={props.config} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.link ? (
        <p>
          <a href={props.link.href}>{props.link.text}</a> · <a href="/admin">Moderation page</a>
        </p>
      ) : null}
    </AdminLayout>
  );
}
