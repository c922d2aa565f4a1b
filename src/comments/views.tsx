/**
 * The comments section of a post page: the count, the threaded list, and
 * the form (with reply-to, the reader's values and the reason beside each
 * field when a submission came back). Works without JavaScript: replies use
 * ?replytocom=<id>#respond, as WordPress does.
 */
import { raw } from "hono/html";
import { EMPTY_VALUES, type Field, type FormValues } from "./form";
import { renderFrame, type Frame } from "../views/frame";
import { buildThread, type ThreadComment, type ThreadNode } from "./thread";
import type { PublicComment } from "./model";
import type { CommentOrder } from "./pages";
import { renderHtml } from "../views/render";
import { commentMessages } from "./messages";
import { linkify, paragraphs } from "./text";
import { messagesFor, nameJoint } from "../views/i18n";
import { DateTime } from "../views/parts";

export interface FormView {
  action: string;
  token: string;
  values: FormValues;
  errors: Partial<Record<Field, string>>;
  /** Shown above the form: why it came back, or nothing. */
  notice?: string;
  replyTo?: { id: number; name: string };
  /** The post page's address, for "Cancel reply". */
  postPath: string;
}

export interface CommentPager {
  page: number;
  pages: number;
  pathOf: (page: number) => string;
  /** Page 1 holds the newest threads: "older" is the next page. */
  newestFirst: boolean;
}

export interface CommentsSectionProps {
  lang: string;
  timeZone: string;
  count: number;
  thread: ThreadNode[];
  postPath: string;
  /** This comment page's address: reply links stay on it. */
  pagePath: string;
  pager: CommentPager;
  feedHref: string;
  /** null: comments are closed. */
  form: FormView | null;
  /** The text of a submission that could not be taken (comments closed), shown so it is not lost. */
  keptText?: string;
  unavailable?: boolean;
  /** The page's threads already rendered (renderThreads, when their chunk was built): shown instead of `thread`. */
  threadsHtml?: string;
  /** Rendering a template (sectionTemplate): the marks where the count's words and the comment pager go. */
  countSlot?: string;
  pagerSlot?: string;
}

export function CommentsSection(props: CommentsSectionProps) {
  const t = commentMessages(props.lang);
  return (
    <>
      <h2 id="comments-title">{props.countSlot !== undefined ? raw(props.countSlot) : messagesFor(props.lang).commentCount(props.count)}</h2>
      {props.unavailable ? <p class="notice err">{t.unavailable}</p> : null}
      {props.thread.length === 0 && props.threadsHtml === undefined && !props.unavailable ? <p class="meta">{t.noComments}</p> : null}
      {props.pagerSlot !== undefined ? raw(props.pagerSlot) : props.pager.pages > 1 ? <CommentPagerNav pager={props.pager} lang={props.lang} /> : null}
      {props.threadsHtml !== undefined ? (
        <ol class="comment-list">{raw(props.threadsHtml)}</ol>
      ) : props.thread.length > 0 ? (
        <ol class="comment-list">
          <Nodes nodes={props.thread} lang={props.lang} timeZone={props.timeZone} pagePath={props.pagePath} canReply={props.form !== null} />
        </ol>
      ) : null}
      {props.pagerSlot !== undefined ? raw(props.pagerSlot) : props.pager.pages > 1 ? <CommentPagerNav pager={props.pager} lang={props.lang} /> : null}
      <p class="meta">
        <a href={props.feedHref}>{t.commentFeed}</a>
      </p>
      {props.form ? (
        <CommentForm form={props.form} lang={props.lang} />
      ) : (
        <div id="respond">
          <p class="notice">{t.closed}</p>
          {props.keptText ? (
            <>
              <p>{t.yourText}</p>
              <textarea readonly rows={8} dir="auto" aria-label={t.comment}>
                {props.keptText}
              </textarea>
            </>
          ) : null}
        </div>
      )}
    </>
  );
}

type NodesProps = { nodes: ThreadNode[]; lang: string; timeZone: string; pagePath: string; canReply: boolean };

function Nodes(props: NodesProps) {
  return (
    <>
      {props.nodes.map((node) => (
        <li id={`comment-${node.comment.id}`} class={`comment depth-${node.depth}${node.comment.pending ? " pending" : ""}`}>
          <CommentCard node={node} lang={props.lang} timeZone={props.timeZone} pagePath={props.pagePath} canReply={props.canReply} />
          {node.replies.length > 0 ? (
            <ol class="children">
              <Nodes {...props} nodes={node.replies} />
            </ol>
          ) : null}
        </li>
      ))}
    </>
  );
}

// One segmenter per isolate: building it costs more than using it.
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The first grapheme of a name (a whole emoji, or a letter with its marks), for the avatar. */
function initial(name: string): string {
  const first = graphemes.segment(name.trim()).containing(0);
  return (first?.segment ?? "?").toLocaleUpperCase();
}

/**
 * Older and newer comment pages, and each page by number, as plain links with
 * rel=prev/next (the page before or after in address order).
 */
function CommentPagerNav(props: { pager: CommentPager; lang: string }) {
  const { page, pages, pathOf, newestFirst } = props.pager;
  const t = commentMessages(props.lang);
  const prev = page > 1 ? page - 1 : null;
  const next = page < pages ? page + 1 : null;
  const older = newestFirst ? next : prev;
  const newer = newestFirst ? prev : next;
  const rel = (n: number) => (n === prev ? "prev" : n === next ? "next" : undefined);
  return (
    <nav class="comment-pager" aria-label={t.commentPages}>
      {older !== null ? (
        <a href={`${pathOf(older)}#comments`} rel={rel(older)}>
          {t.olderComments}
        </a>
      ) : null}
      <span class="page-numbers">
        {Array.from({ length: pages }, (_, i) => i + 1)
          .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
          .map((n, i, shown) => (
            <>
              {i > 0 && n - shown[i - 1]! > 1 ? <span aria-hidden="true">… </span> : null}
              {n === page ? (
                <span aria-current="page">{n} </span>
              ) : (
                <>
                  <a href={`${pathOf(n)}#comments`} rel={rel(n)}>
                    {n}
                  </a>{" "}
                </>
              )}
            </>
          ))}
      </span>
      {newer !== null ? (
        <a href={`${pathOf(newer)}#comments`} rel={rel(newer)}>
          {t.newerComments}
        </a>
      ) : null}
    </nav>
  );
}

function CommentCard(props: { node: ThreadNode; lang: string; timeZone: string; pagePath: string; canReply: boolean }) {
  const { comment, inReplyTo } = props.node;
  const t = commentMessages(props.lang);
  return (
    <article class="comment-card">
      <header class="comment-meta">
        <span class={`avatar av-${comment.avatar}`} aria-hidden="true">
          {initial(comment.authorName)}
        </span>
        <span class="comment-author">
          <AuthorName comment={comment} />
        </span>
        {comment.isAuthor ? <span class="badge">{t.authorBadge}</span> : null}
        <a class="comment-date" href={`#comment-${comment.id}`}>
          <DateTime ms={comment.created} lang={props.lang} timeZone={props.timeZone} />
        </a>
        {inReplyTo ? (
          <span class="in-reply-to">
            {t.inReplyTo}
            {nameJoint(props.lang, inReplyTo.name)}
            <a href={`#comment-${inReplyTo.id}`}>
              <bdi>{inReplyTo.name}</bdi>
            </a>
          </span>
        ) : null}
      </header>
      {comment.pending ? <p class="notice awaiting">{t.awaiting}</p> : null}
      <CommentBody body={comment.body} />
      {props.canReply && !comment.pending ? (
        <p class="reply">
          {/* The page's own address: a refused comment's page is the answer to a POST to …/comments. */}
          <a rel="nofollow" href={`${props.pagePath}?replytocom=${comment.id}#respond`} aria-label={`${t.reply}: ${comment.authorName}`}>
            {t.reply}
          </a>
        </p>
      ) : null}
    </article>
  );
}

function AuthorName(props: { comment: ThreadComment }) {
  const { authorName, authorUrl } = props.comment;
  // Only http(s) links were stored; the check here is a second line of defence.
  if (authorUrl && /^https?:\/\//i.test(authorUrl)) {
    return (
      <a href={authorUrl} rel="nofollow ugc noopener" class="url">
        <bdi>{authorName}</bdi>
      </a>
    );
  }
  return <bdi>{authorName}</bdi>;
}

/**
 * Plain text: paragraphs, lines and autolinked URLs; everything else escaped
 * by JSX. Each line is its own block with its own direction (dir="auto"), so
 * a Hebrew line followed by an English one keeps each in its own order.
 */
export function CommentBody(props: { body: string }) {
  return (
    <div class="comment-body" dir="auto">
      {paragraphs(props.body).map((lines) => (
        <p dir="auto">
          {lines.map((line) => (
            <span class="line" dir="auto">
              {linkify(line).map((piece) =>
                "url" in piece ? (
                  <a href={piece.url} rel="nofollow ugc noopener">
                    {piece.text}
                  </a>
                ) : (
                  piece.text
                ),
              )}
            </span>
          ))}
        </p>
      ))}
    </div>
  );
}

function CommentForm(props: { form: FormView; lang: string }) {
  const { form } = props;
  const t = commentMessages(props.lang);
  const fieldProps = (field: Field) =>
    form.errors[field] ? { "aria-invalid": "true", "aria-describedby": `${field}-error` } : {};
  const error = (field: Field) =>
    form.errors[field] ? (
      <span id={`${field}-error`} class="field-error" role="alert">
        {form.errors[field]}
      </span>
    ) : null;
  return (
    <div id="respond" class="respond">
      <h3 id="reply-title">
        {form.replyTo ? (
          <>
            {t.leaveReplyTo}
            {nameJoint(props.lang, form.replyTo.name)}
            <bdi>{form.replyTo.name}</bdi>{" "}
            <small>
              <a rel="nofollow" id="cancel-comment-reply-link" href={`${form.postPath}#respond`}>
                {t.cancelReply}
              </a>
            </small>
          </>
        ) : (
          t.leaveComment
        )}
      </h3>
      {form.notice ? (
        <div class="notice err" role="alert" id="form-notice">
          <strong>{t.notPosted}</strong> {form.notice}
        </div>
      ) : null}
      <form method="post" action={form.action} id="commentform" class="comment-form" novalidate>
        <p class="field">
          <label for="comment">
            {t.comment} <span class="required">({t.required})</span>
          </label>
          <textarea id="comment" name="comment" rows={8} required dir="auto" {...fieldProps("comment")}>
            {form.values.comment}
          </textarea>
          {error("comment")}
          {error("comment_parent")}
        </p>
        <p class="field">
          <label for="author">
            {t.name} <span class="required">({t.required})</span>
          </label>
          <input id="author" name="author" type="text" value={form.values.author} maxlength={100} required autocomplete="name" dir="auto" {...fieldProps("author")} />
          {error("author")}
        </p>
        <p class="field">
          <label for="email">
            {t.email} <span class="required">({t.required})</span>
          </label>
          <input id="email" name="email" type="email" value={form.values.email} maxlength={254} required autocomplete="email" dir="ltr" aria-describedby={form.errors.email ? "email-error email-note" : "email-note"} {...(form.errors.email ? { "aria-invalid": "true" } : {})} />
          <span id="email-note" class="field-note">
            {t.emailNote}
          </span>
          {error("email")}
        </p>
        <p class="field">
          <label for="url">{t.website}</label>
          <input id="url" name="url" type="url" value={form.values.url} maxlength={200} autocomplete="url" dir="ltr" {...fieldProps("url")} />
          {error("url")}
        </p>
        <p class="hp" aria-hidden="true">
          <label for="homepage">{t.honeypot}</label>
          <input id="homepage" name="homepage" type="text" value="" tabindex={-1} autocomplete="off" />
        </p>
        <p class="remember">
          <input id="remember" name="remember" type="checkbox" value="1" checked={form.values.remember} />
          <label for="remember">{t.remember}</label>
        </p>
        <input type="hidden" name="comment_parent" value={form.replyTo ? String(form.replyTo.id) : ""} />
        <input type="hidden" name="token" value={form.token} />
        <p>
          <button type="submit">{t.submit}</button>
        </p>
      </form>
    </div>
  );
}

/**
 * What a thread rendered ahead of time was rendered for: the templates'
 * version, and the post's language, the time zone, the depth limit and the
 * order of the pages (which fixes the page a chunk is on). A page uses a
 * chunk's rendered threads only when all five are what it would render now.
 * Bump COMMENT_HTML_VERSION whenever the markup of Nodes or CommentCard
 * changes (test/comment-html.test.ts fails until it is), and mark every
 * post's pages stale (a migration like 0011) so the cron renders them
 * again; until then views render their threads themselves.
 */
export const COMMENT_HTML_VERSION = 2;

/**
 * Where the page's address goes in a thread rendered ahead of time (the
 * reply links): a chunk's threads move between pages as threads are added
 * (newest first), so the page fills it in. Control characters never reach a
 * comment's text, and hono's escaping leaves this one as it is.
 */
export const PAGE_PATH_MARK = "\u0001page\u0001";

/** Threads rendered ahead of time, with their page's address where it was left to the view (PAGE_PATH_MARK). */
export const onPage = (threadsHtml: string, pagePath: string) => (threadsHtml.includes(PAGE_PATH_MARK) ? threadsHtml.replaceAll(PAGE_PATH_MARK, pagePath) : threadsHtml);

/**
 * Threads rendered ahead of time (for a reader who may reply) as a page
 * whose form is closed shows them: without their reply links. Everything
 * user-written inside a link is escaped (no "<"), so its end is the first
 * "</a></p>" after its start.
 */
export const withoutReplyLinks = (html: string) => html.replace(/<p class="reply"><a rel="nofollow" href="[^"?]*\?replytocom=[^"]*"[^<]*<\/a><\/p>/g, "");

/** What a page's threads are rendered for: the post's language, the blog's time zone, depth limit and order. */
export interface ThreadsRendering {
  lang: string;
  timeZone: string;
  maxDepth: number;
  order: CommentOrder;
}

export const threadsHtmlKey = (r: ThreadsRendering) => `${COMMENT_HTML_VERSION}|${r.lang}|${r.timeZone}|${r.maxDepth}|${r.order}`;

/**
 * Each thread (its head, then its replies oldest first) as the comment list
 * shows it to a reader who may reply: rendered when its chunk is rebuilt, so
 * a post page in a new isolate joins strings instead of rendering 75 comments.
 * `pagePath`: the page the threads are on, when they never move (oldest
 * first, chunk k is page k+1); else PAGE_PATH_MARK, filled in by the view.
 */
export async function renderThreads(threads: PublicComment[][], options: ThreadsRendering & { pagePath: string }): Promise<string[]> {
  return Promise.all(threads.map((thread) => renderHtml(<Nodes nodes={buildThread(thread, options.maxDepth)} lang={options.lang} timeZone={options.timeZone} pagePath={options.pagePath} canReply={true} />)));
}

/** The comment pager of a page as markup (nothing when there is one page): what a section frame's pager slot takes. */
export async function pagerHtml(pager: CommentPager, lang: string): Promise<string> {
  return pager.pages > 1 ? String(await (<CommentPagerNav pager={pager} lang={lang} />).toString()) : "";
}

/** The slots of the comments section's template: what differs between posts and pages. */
export type SectionSlot = "count" | "pager" | "threads" | "action" | "feed" | "token";
const SECTION_SLOTS: readonly SectionSlot[] = ["count", "pager", "threads", "action", "feed", "token"];

const sectionTemplates = new Map<string, Promise<Frame<SectionSlot>>>();

/**
 * The comments section as an anonymous reader sees it with the form open,
 * as a template (views/frame.ts) with slots for all that differs between
 * posts and pages: rendered once per isolate for each language (with
 * comments, or "no comments yet"), instead of once per post. Kept in
 * memory, not in KV: the code that renders it is the code running, so it is
 * never stale.
 */
export function sectionTemplate(lang: string, hasThreads: boolean): Promise<Frame<SectionSlot>> {
  const key = `${lang}|${hasThreads}`;
  let template = sectionTemplates.get(key);
  if (!template) {
    template = renderFrame("template", SECTION_SLOTS, (marks) =>
      renderHtml(
        <CommentsSection
          lang={lang}
          timeZone="UTC"
          count={0}
          countSlot={marks.count}
          thread={[]}
          {...(hasThreads ? { threadsHtml: marks.threads } : {})}
          postPath=""
          pagePath=""
          pager={{ page: 1, pages: 1, pathOf: () => "", newestFirst: false }}
          pagerSlot={marks.pager}
          feedHref={marks.feed}
          form={{ action: marks.action, token: marks.token, values: EMPTY_VALUES, errors: {}, postPath: "" }}
        />,
      ),
    ).catch((err: unknown) => {
      sectionTemplates.delete(key);
      throw err;
    });
    sectionTemplates.set(key, template);
  }
  return template;
}
