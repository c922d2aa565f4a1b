/**
 * Sends a post page: the post from KV with its comments section, either as
 * a plain page view (200, with ETag/304) or as the answer to a comment
 * submission that came back (its status, the reader's words in the form).
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../config";
import type { StoredPost } from "./model";
import { PostPage } from "./pages";
import { CommentsSection } from "../comments/views";
import { commentsSectionFor, commentsFeedPath, type SectionOptions } from "../comments/section";
import { HTML_TYPE, renderHtml } from "../views/render";
import { sendWithEtag } from "../http/etag";
import { CACHE_REVALIDATE } from "../http/respond";
import { commentMessages } from "../comments/messages";

export async function sendPostPage(c: Context<AppEnv>, post: StoredPost, options: SectionOptions & { status?: ContentfulStatusCode; headers?: Record<string, string> } = {}): Promise<Response> {
  const config = c.var.config;
  const section = await commentsSectionFor(c, post, options);
  const feeds = [{ title: `${commentMessages(post.lang).commentFeed}: ${post.title}`, href: config.BASE_URL + commentsFeedPath(post.slug) }];
  const html = await renderHtml(
    <PostPage config={config} post={post} commentCount={section.props.count} feeds={feeds} noindex={c.req.query("replytocom") !== undefined}>
      <CommentsSection {...section.props} />
    </PostPage>,
  );
  // Per reader (their pending comments, their saved name), so private; always revalidated.
  const headers = { "Content-Type": HTML_TYPE, "Cache-Control": `private, ${CACHE_REVALIDATE}`, ...options.headers };
  const status = options.status ?? 200;
  if (status !== 200) return c.body(html, status, headers);
  // The token changes on every view; the ETag covers everything else.
  return sendWithEtag(c, html, headers, section.token ? html.replace(section.token, "") : html);
}
