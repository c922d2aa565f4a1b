/** Read-only JSON for scripts: `/api/posts` (paged, a list's head and at most two chunks) and `/api/posts/<slug>`. KV reads only. */
import { Hono } from "hono/tiny";
import type { AppEnv } from "../config";
import type { PostSummary } from "./model";
import { BLOG_LIST } from "./lists";
import { listPage } from "./routes";
import { slugPath } from "./slug";
import { findPost } from "./lookup";
import { CACHE_LIST, JSON_TYPE, safeJson } from "../http/respond";
import { sendWithEtag } from "../http/etag";

export const postsApi = new Hono<AppEnv>();

/** What every post's JSON carries: dates as ISO 8601 strings, URLs absolute, as a script expects. */
const postJson = (base: string, post: Omit<PostSummary, "comments">) => ({
  slug: post.slug,
  url: base + slugPath(post.slug),
  title: post.title,
  lang: post.lang,
  dir: post.dir,
  excerpt: post.excerpt,
  tags: post.tags,
  published: new Date(post.published).toISOString(),
  updated: new Date(post.updated).toISOString(),
});

postsApi.get("/", async (c) => {
  const slice = await listPage(c, BLOG_LIST);
  return sendWithEtag(c, safeJson({
    page: slice.page,
    pages: slice.pages,
    total: slice.total,
    posts: slice.posts.map((post) => ({ ...postJson(c.var.config.BASE_URL, post), comments: post.comments })),
  }), { "Content-Type": JSON_TYPE, "Cache-Control": CACHE_LIST });
});

postsApi.get("/:slug", async (c) => {
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const base = c.var.config.BASE_URL;
  const cover = post.cover ? { url: base + post.cover.src, width: post.cover.width, height: post.cover.height, alt: post.cover.alt } : null;
  const body = safeJson({ ...postJson(base, post), html: post.html, commentsOpen: post.commentsOpen, cover });
  return sendWithEtag(c, body, { "Content-Type": JSON_TYPE, "Cache-Control": CACHE_LIST });
});
