/**
 * The comments feature's read-only routes: a post's comment feed, and the
 * JSON (approved comments, and a form token for scripts). Reads come from
 * the KV snapshot. The form POST is answered with the post page, so it is
 * routed where pages are assembled (src/pages/routes.tsx).
 */
import { Hono } from "hono";
import type { AppEnv } from "../config";
import { findPost } from "../posts/lookup";
import { slugPath } from "../posts/slug";
import { renderAtom } from "../views/atom";
import { CACHE_LIST, JSON_TYPE, pageParam, paginate, safeJson } from "../http/respond";
import { sendWithEtag } from "../http/etag";
import { readCommentSnapshot } from "./snapshot";
import { issueFormToken, MAX_FORM_AGE_MS, MIN_FORM_AGE_MS } from "./form-token";
import { commentsOpen } from "./section";
import { localeOf } from "../views/i18n";

export const COMMENT_FEED_ENTRIES = 50;
export const COMMENTS_PER_API_PAGE = 50;

export const commentRoutes = new Hono<AppEnv>();

commentRoutes.get("/:slug{[^/]+}/comments.xml", async (c) => {
  const config = c.var.config;
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const snapshot = await readCommentSnapshot(c.env.POSTS, post.slug);
  const postUrl = config.BASE_URL + slugPath(post.slug);
  const newest = [...snapshot.comments].sort((a, b) => b.created - a.created).slice(0, COMMENT_FEED_ENTRIES);
  const by = localeOf(post.lang) === "he" ? "תגובה מאת" : "Comment by";
  const body = renderAtom({
    id: `${postUrl}#comments`,
    title: `${post.title} · ${config.BLOG_TITLE}`,
    lang: post.lang,
    selfUrl: config.BASE_URL + c.req.path,
    siteUrl: postUrl,
    authorName: config.AUTHOR_NAME,
    updated: Math.max(post.updated, ...newest.map((comment) => comment.created)),
    entries: newest.map((comment) => ({
      id: `${postUrl}#comment-${comment.id}`,
      url: `${postUrl}#comment-${comment.id}`,
      title: `${by} ${comment.authorName}`,
      lang: post.lang,
      published: comment.created,
      updated: comment.created,
      authorName: comment.authorName,
      summary: comment.body,
    })),
  });
  return sendWithEtag(c, body, { "Content-Type": "application/atom+xml; charset=UTF-8", "Cache-Control": CACHE_LIST });
});

export const commentsApi = new Hono<AppEnv>();

commentsApi.get("/:slug/comments", async (c) => {
  const config = c.var.config;
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const snapshot = await readCommentSnapshot(c.env.POSTS, post.slug);
  const slice = paginate(snapshot.comments, pageParam(c), COMMENTS_PER_API_PAGE);
  const postUrl = config.BASE_URL + slugPath(post.slug);
  const body = safeJson({
    post: post.slug,
    page: slice.page,
    pages: slice.pages,
    total: snapshot.count,
    comments: slice.items.map((comment) => ({
      id: comment.id,
      parentId: comment.parentId,
      authorName: comment.authorName,
      authorUrl: comment.authorUrl,
      body: comment.body,
      created: new Date(comment.created).toISOString(),
      isAuthor: comment.isAuthor,
      url: `${postUrl}#comment-${comment.id}`,
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
