/**
 * The comments feature's read-only routes: a post's comment feed, and the
 * JSON (approved comments, and a form token for scripts). Reads come from
 * the KV snapshot. The form POST is answered with the post page, so it is
 * routed where pages are assembled (src/pages/routes.tsx).
 */
import { Hono } from "hono/tiny";
import type { AppEnv } from "../config";
import { findPost } from "../posts/lookup";
import { slugPath } from "../posts/slug";
import { renderAtom } from "../views/atom";
import { HTTPException } from "hono/http-exception";
import { CACHE_LIST, JSON_TYPE, pageParam, safeJson } from "../http/respond";
import { sendCached, sendWithEtag } from "../http/etag";
import { cachedPage } from "../views/page-cache";
import { commentPagePath, layoutOf, pageOfComment, readCommentFeed, readCommentPage } from "./pages";
import { issueFormToken, MAX_FORM_AGE_MS, MIN_FORM_AGE_MS } from "./form-token";
import { commentsOpen } from "./section";
import { localeOf } from "../views/i18n";


export const commentRoutes = new Hono<AppEnv>();

commentRoutes.get("/:slug{[^/]+}/comments.xml", async (c) => {
  const config = c.var.config;
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const feed = await readCommentFeed(c.env.POSTS, post.slug);
  const postUrl = config.BASE_URL + slugPath(post.slug);
  const newest = feed?.comments ?? [];
  const by = localeOf(post.lang) === "he" ? "תגובה מאת" : "Comment by";
  // Rendered once per version of the post and of its comment feed, like the pages.
  const page = await cachedPage(config, `comments-feed\n${post.slug}\n${post.version ?? post.updated}\n${feed?.builtAt ?? 0}`, () => renderAtom({
    id: `${postUrl}#comments`,
    title: `${post.title} · ${config.BLOG_TITLE}`,
    lang: post.lang,
    selfUrl: `${postUrl}/comments.xml`,
    siteUrl: postUrl,
    authorName: config.AUTHOR_NAME,
    updated: Math.max(post.updated, ...newest.map((comment) => comment.created)),
    entries: newest.map((comment) => ({
      // The id stays the same when a comment moves to another page; the link goes where it is now.
      id: `${postUrl}#comment-${comment.id}`,
      url: `${config.BASE_URL}${commentPagePath(post.slug, comment.page)}#comment-${comment.id}`,
      title: `${by} ${comment.authorName}`,
      lang: post.lang,
      published: comment.created,
      updated: comment.created,
      authorName: comment.authorName,
      summary: comment.body,
    })),
  }));
  return sendCached(c, page, { "Content-Type": "application/atom+xml; charset=UTF-8", "Cache-Control": CACHE_LIST });
});

/**
 * A comment's lasting address, for the digest and the author's desk: it
 * answers with a redirect to the comment page that holds the comment now
 * (pages move as threads come and go). Reads D1: these links are followed
 * by the author, not by every reader.
 */
commentRoutes.get("/:slug{[^/]+}/comments/:id{[1-9][0-9]{0,15}}", async (c) => {
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const id = Number(c.req.param("id"));
  const place = await pageOfComment(c.env.DB, id, layoutOf(c.var.config));
  if (!place || place.slug !== post.slug) throw new HTTPException(404, { message: "No such comment on this post." });
  return c.redirect(`${commentPagePath(post.slug, place.page)}#comment-${id}`, 302);
});

export const commentsApi = new Hono<AppEnv>();

/** A post's approved comments, one comment page at a time (the same pages as the HTML), each thread whole. */
commentsApi.get("/:slug/comments", async (c) => {
  const config = c.var.config;
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const pageNo = pageParam(c);
  const page = await readCommentPage(c.env.POSTS, post.slug, pageNo, config.COMMENTS_ORDER);
  if (!page) throw new HTTPException(404, { message: `There is no comment page ${pageNo}.` });
  const pageUrl = config.BASE_URL + commentPagePath(post.slug, page.page);
  const body = safeJson({
    post: post.slug,
    page: page.page,
    pages: page.pages,
    total: page.count,
    comments: page.threads.flat().map((comment) => ({
      id: comment.id,
      parentId: comment.parentId,
      authorName: comment.authorName,
      authorUrl: comment.authorUrl,
      body: comment.body,
      created: new Date(comment.created).toISOString(),
      isAuthor: comment.isAuthor,
      url: `${pageUrl}#comment-${comment.id}`,
    })),
  });
  return sendWithEtag(c, body, { "Content-Type": JSON_TYPE, "Cache-Control": CACHE_LIST });
});

/** Scripts posting JSON need a form token too; it is valid from MIN to MAX age after issue. */
commentsApi.get("/:slug/form-token", async (c) => {
  const config = c.var.config;
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const now = Date.now();
  const open = commentsOpen(post, config, now);
  return c.body(
    safeJson({
      post: post.slug,
      open,
      token: open ? await issueFormToken(config.APP_SECRET, post.slug, now) : null,
      validFrom: new Date(now + MIN_FORM_AGE_MS).toISOString(),
      validUntil: new Date(now + MAX_FORM_AGE_MS).toISOString(),
      submit: config.BASE_URL + slugPath(post.slug) + "/comments",
    }),
    200,
    { "Content-Type": JSON_TYPE, "Cache-Control": "no-store" },
  );
});
