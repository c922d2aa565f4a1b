/**
 * Sends a post page: the post from KV with one page of its comments and the
 * form, either as a plain page view (200, with ETag/304) or as the answer to
 * a comment submission that came back (its status, the reader's words in
 * the form). Page 1 is the post's own address; later comment pages are
 * `/<slug>/comment-page-N/`.
 *
 * Most views are anonymous: no pending comments, no saved name, no reply-to.
 * Their page differs only by the form token, so it is made once per
 * (post version, comment page version) and kept in isolate memory with a
 * placeholder where the token goes; each view fills in a fresh token. It is
 * made by joining templates (framedPage: the post's frame from its key, the
 * comments section's, the threads as stored), not by running the JSX, which
 * was most of a first view in a new isolate; the JSX renders the rest.
 *
 * The ETag covers the page without its token, plus the hour the token was
 * made in: a browser revalidating within the hour keeps its copy (304) and a
 * token at most two hours old, well inside the 24 h a token lasts; after
 * that the ETag no longer matches and the reader gets a fresh token (200).
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../config";
import type { StoredPost } from "../posts/model";
import { CommentsSection } from "../comments/views";
import { commentsAction, commentsOpen, commentsSectionFor, commentsFeedPath, storedThreadsKey, type SectionOptions } from "../comments/section";
import { commentPagePath, layoutOf, pageOfComment, readCommentPage, type CommentPage } from "../comments/pages";
import { COMMENTER_COOKIE, PENDING_COOKIE } from "../comments/cookies";
import { issueFormToken } from "../comments/form-token";
import { commentMessages } from "../comments/messages";
import { HTML_TYPE, renderHtml } from "../views/render";
import { etagOf, notModified, sendCached } from "../http/etag";
import { cachedPage, fill } from "../views/page-cache";
import { CACHE_REVALIDATE } from "../http/respond";
import { HTTPException } from "hono/http-exception";
import { readNav, type PostNav } from "../posts/archive";
import type { Config } from "../config";
import { PostNeighbours } from "../posts/archive-pages";
import { PostPage, postFrameKey } from "../posts/pages";
import { onPage, pagerHtml, sectionTemplate } from "../comments/views";
import { fillFrame } from "../views/frame";
import { headLinks } from "../views/layout";
import { messagesFor } from "../views/i18n";
import { escapeToBuffer } from "hono/utils/html";

/** `nav`: the post's neighbours (previous/next post), when already read; absent, sendPostPage reads them. */
export type PageOptions = SectionOptions & { status?: ContentfulStatusCode; headers?: Record<string, string>; nav?: PostNav | null };

/** The post's neighbours (`nav:<slug>`, one small key); a KV failure only leaves the links out. */
async function neighboursOf(c: Context<AppEnv>, slug: string): Promise<PostNav | null> {
  try {
    return await readNav(c.env.POSTS, slug);
  } catch (err) {
    console.error("post neighbours unavailable", err);
    return null;
  }
}

// Per reader (their pending comments, their saved name), so private; always revalidated.
const PAGE_HEADERS = { "Content-Type": HTML_TYPE, "Cache-Control": `private, ${CACHE_REVALIDATE}` };

/** How long a page's form token may be kept by revalidation (304) before the page is sent again with a fresh one. */
export const TOKEN_REVALIDATE_MS = 60 * 60 * 1000;

/** The page's ETag: its content without the token, and the hour its token was made in. */
const tokenAgedEtag = (contentEtag: string, now: number) => `${contentEtag.slice(0, -1)}-${Math.floor(now / TOKEN_REVALIDATE_MS).toString(36)}"`;

/** A post page's extra feed in its head: the post's comments. */
const feedsOf = (post: StoredPost, config: Config) => [{ title: `${commentMessages(post.lang).commentFeed}: ${post.title}`, href: config.BASE_URL + commentsFeedPath(post.slug) }];

async function renderPostPage(c: Context<AppEnv>, post: StoredPost, options: SectionOptions & { nav?: PostNav | null }) {
  const config = c.var.config;
  const section = await commentsSectionFor(c, post, options);
  const { pager } = section.props;
  const path = pager.page > 1 ? pager.pathOf(pager.page) : undefined;
  const feeds = feedsOf(post, config);
  const html = await renderHtml(
    <PostPage
      config={config}
      post={post}
      commentCount={section.props.count}
      feeds={feeds}
      path={path}
      prev={pager.page > 1 ? pager.pathOf(pager.page - 1) : undefined}
      next={pager.page < pager.pages ? pager.pathOf(pager.page + 1) : undefined}
      noindex={c.req.query("replytocom") !== undefined}
      nav={options.nav}
    >
      <CommentsSection {...section.props} />
    </PostPage>,
  );
  return { html, token: section.token };
}

/**
 * One comment page of a post (1: the post page). A page past the last is a
 * 404; a page KV cannot give shows the post with "comments are unavailable".
 */
export async function sendCommentPage(c: Context<AppEnv>, post: StoredPost, pageNo: number): Promise<Response> {
  let page: CommentPage | null;
  // Read next to the comment page, not after it.
  const neighbours = neighboursOf(c, post.slug);
  const config = c.var.config;
  try {
    page = await readCommentPage(c.env.POSTS, post.slug, pageNo, config.COMMENTS_ORDER, undefined, showsStoredThreads(c) ? storedThreadsKey(post, config) : undefined);
  } catch (err) {
    console.error("comment page unavailable", err);
    const { html } = await renderPostPage(c, post, { commentPage: null, nav: await neighbours });
    return c.body(html, 200, PAGE_HEADERS);
  }
  const nav = await neighbours;
  if (!page) throw new HTTPException(404, { message: `This post has no comment page ${pageNo}.` });
  // "Reply" to a comment that is on another page (an old link, a page that moved): go where it is.
  const replyTo = Number(c.req.query("replytocom"));
  if (Number.isSafeInteger(replyTo) && replyTo > 0 && !(page.threads ?? []).some((thread) => thread.some((comment) => comment.id === replyTo))) {
    const place = await pageOfComment(c.env.DB, replyTo, layoutOf(c.var.config));
    if (place && place.slug === post.slug && !place.newThread && place.page !== page.page) {
      return c.redirect(`${commentPagePath(post.slug, place.page)}?replytocom=${replyTo}#respond`, 302);
    }
  }
  return sendPostPage(c, post, { commentPage: page, nav });
}

export async function sendPostPage(c: Context<AppEnv>, post: StoredPost, options: PageOptions = {}): Promise<Response> {
  const status = options.status ?? 200;
  const now = options.now ?? Date.now();
  const nav = options.nav !== undefined ? options.nav : await neighboursOf(c, post.slug);
  if (status === 200 && options.commentPage && isAnonymousView(c, options)) return sendAnonymousView(c, post, options.commentPage, now, nav);
  const { html, token } = await renderPostPage(c, post, { ...options, now, nav });
  const headers = { ...PAGE_HEADERS, ...options.headers };
  if (status !== 200) return c.body(html, status, headers);
  // The token changes on every view; the ETag covers everything else, and the token's hour.
  return sendCached(c, { body: html, etag: tokenAgedEtag(await etagOf(token ? html.replace(token, "") : html), now) }, headers);
}

/**
 * Whether a page view shows the comment threads exactly as they were
 * rendered when stored (comments/pages.ts ChunkHtml), so that only their
 * markup need be read: not when it names a comment to reply to, nor for a
 * reader with comments awaiting moderation (they are shown among the others).
 */
export function showsStoredThreads(c: Context<AppEnv>): boolean {
  return c.req.query("replytocom") === undefined && !getCookie(c, PENDING_COOKIE);
}

function isAnonymousView(c: Context<AppEnv>, options: PageOptions): boolean {
  return !options.form && options.keptText === undefined && showsStoredThreads(c) && !getCookie(c, COMMENTER_COOKIE);
}

/** A per-isolate marker that cannot occur in content (random, so not guessable from outside). */
let tokenPlaceholder: string | undefined;
// Workers forbid random values at global scope: made on first use, inside a request.
const placeholder = () => (tokenPlaceholder ??= `ep-token-${crypto.randomUUID()}`);

async function sendAnonymousView(c: Context<AppEnv>, post: StoredPost, page: CommentPage, now: number, nav: PostNav | null): Promise<Response> {
  const config = c.var.config;
  const open = commentsOpen(post, config, now);
  // Everything the page shows: the post, its comment page, whether the form is open, its neighbours.
  const key = `post\n${post.slug}\n${post.version ?? post.updated}\n${page.page}\n${page.version}\n${open}\n${nav?.builtAt ?? 0}`;
  const cached = await cachedPage(config, key, async () => (open ? await framedPage(config, post, page, nav, placeholder()) : null) ?? (await renderPostPage(c, post, { commentPage: page, now, tokenPlaceholder: placeholder(), nav })).html, placeholder());
  const etag = tokenAgedEtag(cached.etag, now);
  // Checked before the token is made: a revalidation costs no signature.
  const unchanged = notModified(c, etag, PAGE_HEADERS["Cache-Control"]);
  if (unchanged) return unchanged;
  const body = cached.holeAt === undefined ? cached.body : fill(cached, await issueFormToken(config.APP_SECRET, post.slug, now));
  return c.body(body, 200, { ...PAGE_HEADERS, ETag: etag });
}

/** Text as hono's JSX writes it (escaped), for a slot where the JSX would have written it. */
function escaped(text: string): string {
  const buffer = [""];
  escapeToBuffer(text, buffer);
  return buffer[0]!;
}

/**
 * An anonymous view's page with the form open, joined from templates
 * (views/frame.ts): the post's frame, made when its key was written; the
 * comments section's, made once per isolate; and the chunk's threads as
 * rendered with it. Only the head links, the neighbours and the pager are
 * made here. The same bytes renderPostPage gives (test/frames.test.ts).
 * Null when the post has no frame made for these settings and templates,
 * or the threads were not rendered for this view: the page is rendered then.
 */
async function framedPage(config: Config, post: StoredPost, page: CommentPage, nav: PostNav | null, token: string): Promise<string | null> {
  if (!post.frame || post.frame.for !== (await postFrameKey(config))) return null;
  // The threads as stored (no comment page has none, but a post without comments).
  const threads = page.html?.key === storedThreadsKey(post, config) ? page.html.body : page.threads?.length === 0 ? "" : undefined;
  if (threads === undefined) return null;
  const pathOf = (n: number) => commentPagePath(post.slug, n);
  const path = pathOf(page.page);
  // The address goes into the head's attributes and its JSON-LD as it is, so it must need no escaping in either (a slug's never does).
  if (/[&<>"'\\]/.test(path)) return null;
  const abs = (n: number) => config.BASE_URL + pathOf(n);
  const pager = { page: page.page, pages: page.pages, pathOf, newestFirst: config.COMMENTS_ORDER === "newest" };
  const count = escaped(messagesFor(post.lang).commentCount(page.count));
  const section = fillFrame(await sectionTemplate(post.lang, threads !== ""), {
    count,
    pager: await pagerHtml(pager, post.lang),
    threads: onPage(threads, path),
    action: escaped(`${commentsAction(post.slug)}#respond`),
    feed: escaped(commentsFeedPath(post.slug)),
    token,
  });
  const links = headLinks(config, { canonical: config.BASE_URL + path, prev: page.page > 1 ? abs(page.page - 1) : undefined, next: page.page < page.pages ? abs(page.page + 1) : undefined, feeds: feedsOf(post, config) });
  const neighbours = String(await (<PostNeighbours nav={nav} lang={post.lang} />).toString());
  return section === null ? null : fillFrame(post.frame, { path, links, count, body: post.html, nav: neighbours, comments: section });
}
