/**
 * /admin/comments/<id>/reply and /admin/comments/<id>/edit: the author
 * answers a comment (as the author, marked so) or corrects its text, from a
 * plain form that works without JavaScript. GET shows the comment and a
 * textarea; POST (the session's CSRF token) acts through the same functions
 * as the admin API and goes back to the queue with a notice. Bad text comes
 * back in the form with the reason beside it, and nothing changes.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import type { AppEnv, Config } from "../config";
import type { CommentRow } from "../comments/model";
import { CommentBody } from "../comments/views";
import { commentLink } from "../comments/pages";
import { formatDate } from "../views/i18n";
import { csrfToken, sessionFrom } from "./auth";
import { checkedSession, page, queueBack, readForm, refused, withNotice } from "./desk";
import { AdminLayout, ResultPage } from "./pages";
import { checkCommentText, editCommentText, replyAsTheAuthor } from "./comment-text";

export const commentDesk = new Hono<AppEnv>();

type Mode = "reply" | "edit";
type Found = CommentRow & { post_title: string | null };

/** Room for 10,000 characters of any script, percent-encoded (up to 12 bytes each), and the rest of the form. */
const MAX_TEXT_FORM_BYTES = 256 * 1024;

function commentId(raw: string): number | null {
  return /^[1-9][0-9]{0,15}$/.test(raw) ? Number(raw) : null;
}

async function findComment(db: D1Database, raw: string): Promise<Found | null> {
  const id = commentId(raw);
  if (id === null) return null;
  return db.prepare("SELECT c.*, p.title AS post_title FROM comments c LEFT JOIN posts p ON p.slug = c.post_slug WHERE c.id = ?1").bind(id).first<Found>();
}


function notFound(c: Context<AppEnv>) {
  return page(c, <ResultPage config={c.var.config} title="Comment not found" message="There is no such comment (it may have been deleted with its post)." link={{ href: "/admin", text: "Moderation page" }} />, 404);
}

for (const mode of ["reply", "edit"] as const) {
  commentDesk.get(`/:id/${mode}`, async (c) => {
    const session = await sessionFrom(c);
    if (!session) return c.redirect("/admin", 303);
    const comment = await findComment(c.env.DB, c.req.param("id"));
    if (!comment) return notFound(c);
    const csrf = await csrfToken(c.var.config, session);
    return page(c, <CommentTextPage config={c.var.config} csrf={csrf} mode={mode} comment={comment} text={mode === "edit" ? comment.body : ""} back={queueBack(c.req.query("back"))} />);
  });

  commentDesk.post(`/:id/${mode}`, async (c) => {
    const config = c.var.config;
    const form = await readForm(c, MAX_TEXT_FORM_BYTES);
    const session = await checkedSession(c, form);
    if (!session || !form) return refused(c);
    const comment = await findComment(c.env.DB, c.req.param("id"));
    if (!comment) return notFound(c);
    const back = queueBack(form.fields.back);
    const checked = checkCommentText(form.fields.body);
    if (!checked.ok) {
      const csrf = await csrfToken(config, session);
      return page(c, <CommentTextPage config={config} csrf={csrf} mode={mode} comment={comment} text={form.fields.body ?? ""} back={back} error={checked.error} />, 422);
    }
    if (mode === "edit") {
      const row = await editCommentText(c.env, comment.id, checked.text);
      if (!row) return notFound(c);
      return c.redirect(withNotice(back, row.body === comment.body ? `Comment #${row.id}: the text is unchanged.` : `Comment #${row.id} by ${row.author_name} edited.`), 303);
    }
    const row = await replyAsTheAuthor(c.env, config, comment.id, checked.text);
    if (!row) return notFound(c);
    const approved = comment.status === "pending" ? ` (and #${comment.id} approved)` : comment.status === "spam" || comment.status === "trash" ? ` (#${comment.id} is ${comment.status}: readers see neither it nor the reply until you approve it)` : "";
    return c.redirect(withNotice(back, `Replied to #${comment.id} by ${comment.author_name} as ${row.author_name}: comment #${row.id}${approved}.`), 303);
  });
}

const TITLE: Record<Mode, string> = { reply: "Reply to a comment", edit: "Edit a comment" };

export function CommentTextPage(props: { config: Config; csrf: string; mode: Mode; comment: Found; text: string; back: string; error?: string }) {
  const { comment, config, mode } = props;
  const errorId = "body-error";
  return (
    <AdminLayout config={config} title={TITLE[mode]} signedIn={{ csrf: props.csrf }}>
      <h1>{TITLE[mode]}</h1>
      <p class="meta">
        #{comment.id} by <bdi>{comment.author_name}</bdi> on{" "}
        <a href={commentLink(comment.post_slug, comment.id)}>
          <bdi>{comment.post_title ?? comment.post_slug}</bdi>
        </a>{" "}
        · {formatDate(comment.created_at, "en", config.TIME_ZONE)} · {comment.status}
      </p>
      {mode === "reply" ? <CommentBody body={comment.body} /> : null}
      {mode === "reply" && comment.status === "pending" ? <p class="meta">This comment is waiting for moderation: replying approves it.</p> : null}
      <form method="post" action={`/admin/comments/${comment.id}/${mode}`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="back" value={props.back} />
        <p>
          <label for="body">{mode === "reply" ? `Your reply, as ${config.AUTHOR_NAME} (marked as the author)` : "The comment's text"}</label>
          {props.error ? (
            <>
              {" "}
              <strong class="error" id={errorId} role="alert">
                {props.error}
              </strong>
            </>
          ) : null}
          <textarea id="body" name="body" rows={12} dir="auto" required aria-invalid={props.error ? "true" : undefined} aria-describedby={props.error ? errorId : undefined}>
            {/* A textarea drops one newline right after its start tag: this one, so the text keeps its own. */}
            {`\n${props.text}`}
          </textarea>
        </p>
        <p>
          <button type="submit">{mode === "reply" ? "Reply" : "Save"}</button> <a href={props.back}>Cancel</a>
        </p>
      </form>
    </AdminLayout>
  );
}
