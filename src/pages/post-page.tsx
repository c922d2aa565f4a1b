/**
 * Sends a post page: the post from KV with its comments section, either as
 * a plain page view (200, with ETag/304) or as the answer to a comment
 * submission that came back (its status, the reader's words in the form).
 *
 * Most views are anonymous: no pending comments, no saved name, no reply-to.
 * Their page differs only by the form token, so it is rendered once per
 * (post version, comments version) and kept in isolate memory with a
 * placeholder where the token goes; each view fills in a fresh token.
 */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../config";
import type { StoredPost } from "../posts/model";
import { PostPage } from "../posts/pages";
import { CommentsSection } from "../comments/views";
import { commentsOpen, commentsSectionFor, commentsFeedPath, type SectionOptions } from "../comments/section";
import { readCommentSnapshot } from "../comments/snapshot";
import { COMMENTER_COOKIE, PENDING_COOKIE } from "../comments/cookies";
import { issueFormToken } from "../comments/form-token";
import { commentMessages } from "../comments/messages";
import { HTML_TYPE, renderHtml } from "../views/render";
import { ifNoneMatch, sendWithEtag } from "../http/etag";
import { cachedPage } from "../views/page-cache";
import { CACHE_REVALIDATE } from "../http/respond";

type PageOptions = SectionOptions & { status?: ContentfulStatusCode; headers?: Record<string, string> };

// Per reader (their pending comments, their saved name), so private; always revalidated.
const PAGE_HEADERS = { "Content-Type": HTML_TYPE, "Cache-Control": `private, ${CACHE_REVALIDATE}` };

async function renderPostPage(c: Context<AppEnv>, post: StoredPost, options: SectionOptions) {
  const config = c.var.config;
  const section = await commentsSectionFor(c, post, options);
  const feeds = [{ title: `${commentMessages(post.lang).commentFeed}: ${post.title}`, href: config.BASE_URL + commentsFeedPath(post.slug) }];
  const html = await renderHtml(
    <PostPage config={config} post={post} commentCount={section.props.count} feeds={feeds} noindex={c.req.query("replytocom") !== undefined}>
      <CommentsSection {...section.props} />
    </PostPage>,
  );
  return { html, token: section.token };
}

export async function sendPostPage(c: Context<AppEnv>, post: StoredPost, options: PageOptions = {}): Promise<Response> {
  const status = options.status ?? 200;
  if (status === 200 && isAnonymousView(c, options)) return sendAnonymousView(c, post);
  const { html, token } = await renderPostPage(c, post, options);
  const headers = { ...PAGE_HEADERS, ...options.headers };
  if (status !== 200) return c.body(html, status, headers);
  // The token changes on every view; the ETag covers everything else.
  return sendWithEtag(c, html, headers, token ? html.replace(token, "") : html);
}

function isAnonymousView(c: Context<AppEnv>, options: PageOptions): boolean {
  return !options.form && options.keptText === undefined && c.req.query("replytocom") === undefined && !getCookie(c, PENDING_COOKIE) && !getCookie(c, COMMENTER_COOKIE);
}

/** A per-isolate marker that cannot occur in content (random, so not guessable from outside). */
let tokenPlaceholder: string | undefined;
// Workers forbid random values at global scope: made on first use, inside a request.
const placeholder = () => (tokenPlaceholder ??= `ep-token-${crypto.randomUUID()}`);

async function sendAnonymousView(c: Context<AppEnv>, post: StoredPost): Promise<Response> {
  const config = c.var.config;
  const now = Date.now();
  let snapshot;
  try {
    snapshot = await readCommentSnapshot(c.env.POSTS, post.slug);
  } catch {
    // Not cached: the uncached path renders the post with "comments are unavailable".
    const { html } = await renderPostPage(c, post, { now });
    return c.body(html, 200, PAGE_HEADERS);
  }
  const open = commentsOpen(post, config, now);
  const key = `post\n${post.slug}\n${post.updated}\n${snapshot.builtAt}\n${open}`;
  const page = await cachedPage(config, key, async () => (await renderPostPage(c, post, { snapshot, now, tokenPlaceholder: placeholder() })).html);
  if (ifNoneMatch(c, page.etag)) return new Response(null, { status: 304, headers: { ETag: page.etag, "Cache-Control": PAGE_HEADERS["Cache-Control"] } });
  const html = open ? page.html.replace(placeholder(), await issueFormToken(config.APP_SECRET, post.slug, now)) : page.html;
  return c.body(html, 200, { ...PAGE_HEADERS, ETag: page.etag });
}
