/**
 * The post page and what answers with it: `GET /<slug>` (the post, its
 * comments, the form) and the comment form's `POST /<slug>/comments`, whose
 * refusals come back as the post page with the reader's words in the form.
 * Registered last: `/<slug>` takes any single path segment. Other spellings
 * of a known slug (lower-case hex from WordPress links, a trailing slash,
 * NFD) get a 301 to the canonical path.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { findPost } from "../posts/lookup";
import { submitComment } from "../comments/submit";
import { sendCommentPage, sendPostPage, showsStoredThreads } from "./post-page";
import { commentPagePath, postPageKeys } from "../comments/pages";
import { prefetch } from "../posts/kv-memo";
import { isValidSlug } from "../posts/slug";

export const pageRoutes = new Hono<AppEnv>();

pageRoutes.post("/:slug{[^/]+}/comments", async (c) => {
  const post = await findPost(c.env.POSTS, c.req.param("slug"));
  const outcome = await submitComment(c, post);
  return "response" in outcome ? outcome.response : sendPostPage(c, post, outcome.page);
});

pageRoutes.get("/:slug{[^/]+}", (c) => postPage(c, "1"));
pageRoutes.get("/:slug{[^/]+}/", (c) => postPage(c, "1"));
// WordPress's comment pages: /<slug>/comment-page-2/ (with #comment-ID).
pageRoutes.get("/:slug{[^/]+}/:page{comment-page-[0-9]+}", (c) => postPage(c, c.req.param("page").slice("comment-page-".length)));
pageRoutes.get("/:slug{[^/]+}/:page{comment-page-[0-9]+}/", (c) => postPage(c, c.req.param("page").slice("comment-page-".length)));

async function postPage(c: Context<AppEnv>, n: string) {
  if (!/^[1-9][0-9]{0,5}$/.test(n)) throw new HTTPException(404, { message: "No such comment page." });
  const url = new URL(c.req.url);
  const slug = (c.req.param("slug") ?? "").normalize("NFC");
  // One KV round trip for the keys the page reads next (the post, its neighbours, its comment summary, its chunk), not four in turn.
  if (isValidSlug(slug)) await prefetch(c.env.POSTS, postPageKeys(slug, Number(n), c.var.config.COMMENTS_ORDER, showsStoredThreads(c)));
  const post = await findPost(c.env.POSTS, slug);
  // One address per page: comment-page-1 is the post itself, and every other spelling redirects.
  const canonical = commentPagePath(post.slug, Number(n));
  if (url.pathname !== canonical) return c.redirect(canonical + url.search, 301);
  return sendCommentPage(c, post, Number(n));
}
