/**
 * The post page and what answers with it: `GET /<slug>` (the post, its
 * comments, the form) and the comment form's `POST /<slug>/comments`, whose
 * refusals come back as the post page with the reader's words in the form.
 * Registered last: `/<slug>` takes any single path segment. Other spellings
 * of a known slug (lower-case hex from WordPress links, a trailing slash,
 * NFD) get a 301 to the canonical path.
 */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../config";
import { findPost } from "../posts/lookup";
import { slugPath } from "../posts/slug";
import { submitComment } from "../comments/submit";
import { sendPostPage } from "./post-page";

export const pageRoutes = new Hono<AppEnv>();

pageRoutes.post("/:slug{[^/]+}/comments", async (c) => {
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const outcome = await submitComment(c, post);
  return "response" in outcome ? outcome.response : sendPostPage(c, post, outcome.page);
});

pageRoutes.get("/:slug{[^/]+}", (c) => postPage(c));
pageRoutes.get("/:slug{[^/]+}/", (c) => postPage(c));

async function postPage(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const canonical = slugPath(post.slug);
  if (url.pathname !== canonical) return c.redirect(canonical + url.search, 301);
  return sendPostPage(c, post);
}
