/** Read-only JSON for scripts: `/api/posts` (paged) and `/api/posts/<slug>`. KV reads only. */
import { Hono } from "hono";
import { POSTS_PER_PAGE, type AppEnv } from "../config";
import { isVisible, type PostSummary } from "./model";
import { readIndex } from "./store";
import { slugPath } from "./slug";
import { findPost } from "./lookup";
import { CACHE_LIST, JSON_TYPE, pageParam, paginate, safeJson } from "../http/respond";
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
  const now = Date.now();
  const visible = (await readIndex(c.env.POSTS)).posts.filter((post) => isVisible(post, now));
  const slice = paginate(visible, pageParam(c), POSTS_PER_PAGE);
  return sendWithEtag(c, safeJson({
    page: slice.page,
    pages: slice.pages,
    total: visible.length,
    posts: slice.items.map((post) => ({ ...postJson(c.var.config.BASE_URL, post), comments: post.comments })),
  }), { "Content-Type": JSON_TYPE, "Cache-Control": CACHE_LIST });
});

postsApi.get("/:slug", async (c) => {
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const body = safeJson({ ...postJson(c.var.config.BASE_URL, post), html: post.html, commentsOpen: post.commentsOpen });
  return sendWithEtag(c, body, { "Content-Type": JSON_TYPE, "Cache-Control": CACHE_LIST });
});
