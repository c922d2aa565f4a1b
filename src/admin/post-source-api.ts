/**
 * GET /api/admin/posts/<slug>: one post as the desk keeps it, for `blog pull`
 * (a post written in the browser edited as a file and published again with
 * no change): its front-matter fields, the Markdown source (null for a post
 * that came as HTML, e.g. from WordPress) and the stored HTML.
 */
import { Hono } from "hono/tiny";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { slugPath } from "../posts/slug";
import { slugParam } from "./posts-api";
import { deskStatusOf } from "./post-trash";
import { postRecord } from "../posts/store";
import { isAutomaticExcerpt } from "../posts/excerpt";
import { jsonResponse } from "../http/respond";

export const adminPostSource = new Hono<AppEnv>();

adminPostSource.get("/:slug", async (c) => {
  const slug = slugParam(c.req.param("slug"));
  const post = await postRecord(c.env.DB, slug);
  if (!post) throw new HTTPException(404, { message: `No post with the slug “${slug}”.` });
  return jsonResponse(
    c,
    {
      post: {
        slug: post.slug,
        url: c.var.config.BASE_URL + slugPath(post.slug),
        title: post.title,
        lang: post.lang,
        status: deskStatusOf(post, Date.now()),
        date: new Date(post.published_at).toISOString(),
        updated: new Date(post.updated_at).toISOString(),
        tags: JSON.parse(post.tags) as string[],
        // The stored excerpt is the author's or else one made from the text: only the author's is theirs to edit.
        excerpt: isAutomaticExcerpt(post.excerpt, post.html) ? "" : post.excerpt,
        cover: post.cover,
        commentsOpen: post.comments_open === 1,
        source: post.source,
        html: post.html,
      },
    },
    200,
    "no-store",
  );
});
