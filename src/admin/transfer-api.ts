/**
 * /api/admin/import/* and /api/admin/export/*: the CLI's side of moving a
 * blog in and out. Each request is one bounded batch (see transfer.ts).
 */
import { Hono } from "hono";
import * as z from "zod/mini";
import { isLanguageTag } from "../views/i18n";
import type { AppEnv } from "../config";
import { COMMENT_STATUSES, type CommentStatus } from "../comments/model";
import { jsonResponse, pageParam } from "../http/respond";
import { invalid, readJsonBody } from "./json";
import {
  EXPORT_COMMENTS_PER_PAGE,
  EXPORT_POSTS_PER_PAGE,
  MAX_COMMENTS_PER_IMPORT,
  MAX_POSTS_PER_IMPORT,
  MAX_SLUGS_PER_FINISH,
  exportComments,
  exportPosts,
  finishImport,
  importComments,
  importPosts,
} from "./transfer";

export const adminTransfer = new Hono<AppEnv>();

const id = z.number().check(z.int(), z.positive());
const time = z.number().check(z.int(), z.nonnegative());

const PostsBody = z.object({
  posts: z
    .array(
      z.object({
        wpId: id,
        slug: z.string().check(z.maxLength(400)),
        title: z.string().check(z.maxLength(1000)),
        lang: z.string().check(z.refine(isLanguageTag, "lang must be a language tag such as en or he")),
        html: z.string().check(z.maxLength(2_000_000)),
        excerpt: z.string().check(z.maxLength(10_000)),
        tags: z.array(z.string().check(z.maxLength(200))).check(z.maxLength(100)),
        status: z.enum(["published", "draft"]),
        publishedAt: time,
        updatedAt: time,
        commentsOpen: z.boolean(),
      }),
    )
    .check(z.maxLength(MAX_POSTS_PER_IMPORT, `at most ${MAX_POSTS_PER_IMPORT} posts a request`)),
});

const CommentsBody = z.object({
  comments: z
    .array(
      z.object({
        wpId: id,
        postWpId: id,
        parentWpId: z.nullable(id),
        authorName: z.string().check(z.maxLength(1000)),
        authorEmail: z.string().check(z.maxLength(1000)),
        authorUrl: z.string().check(z.maxLength(2000)),
        authorIp: z.string().check(z.maxLength(100)),
        body: z.string().check(z.maxLength(100_000)),
        status: z.enum(COMMENT_STATUSES as [CommentStatus, ...CommentStatus[]]),
        createdAt: time,
        isAuthor: z.boolean(),
      }),
    )
    .check(z.maxLength(MAX_COMMENTS_PER_IMPORT, `at most ${MAX_COMMENTS_PER_IMPORT} comments a request`)),
});

const FinishBody = z.object({ slugs: z.array(z.string()).check(z.maxLength(MAX_SLUGS_PER_FINISH, `at most ${MAX_SLUGS_PER_FINISH} posts a request`)) });

adminTransfer.post("/import/posts", async (c) => {
  const parsed = PostsBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  return jsonResponse(c, await importPosts(c.env, parsed.data.posts), 200, "no-store");
});

adminTransfer.post("/import/comments", async (c) => {
  const parsed = CommentsBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  return jsonResponse(c, await importComments(c.env.DB, c.var.config.APP_SECRET, parsed.data.comments), 200, "no-store");
});

adminTransfer.post("/import/finish", async (c) => {
  const parsed = FinishBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  await finishImport(c.env, parsed.data.slugs);
  return jsonResponse(c, { rebuilt: parsed.data.slugs }, 200, "no-store");
});

adminTransfer.get("/export/site", (c) => {
  const config = c.var.config;
  return jsonResponse(
    c,
    { site: { title: config.BLOG_TITLE, link: config.BASE_URL, description: config.BLOG_DESCRIPTION, language: config.BLOG_LANG, timeZone: config.TIME_ZONE, author: { displayName: config.AUTHOR_NAME, email: config.AUTHOR_EMAIL } } },
    200,
    "no-store",
  );
});

adminTransfer.get("/export/posts", async (c) => {
  const posts = await exportPosts(c.env.DB, pageParam(c));
  return jsonResponse(c, { posts, more: posts.length === EXPORT_POSTS_PER_PAGE }, 200, "no-store");
});

adminTransfer.get("/export/comments", async (c) => {
  const after = Number(c.req.query("after") ?? "0");
  const comments = await exportComments(c.env.DB, c.var.config.APP_SECRET, Number.isSafeInteger(after) && after > 0 ? after : 0);
  return jsonResponse(c, { comments, more: comments.length === EXPORT_COMMENTS_PER_PAGE, next: comments.at(-1)?.cursor ?? null }, 200, "no-store");
});
