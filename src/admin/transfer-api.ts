/**
 * /api/admin/import/* and /api/admin/export/*: the CLI's side of moving a
 * blog in and out. Each request is one bounded batch (see transfer.ts).
 *
 * An import batch names the `site` its items come from (an http(s) address,
 * or UNNAMED_SITE); an item, its post or its parent from another site (our
 * own exports record that) names its own: wpSite, postWpSite, parentWpSite.
 * Comment fields have sanity caps only, far above anything WordPress stores:
 * the comment form's limits are applied per comment by shortening or leaving
 * out, with a note, so one odd comment cannot stop an import.
 */
import { Hono } from "hono";
import * as z from "zod/mini";
import { isLanguageTag } from "../views/i18n";
import type { AppEnv } from "../config";
import { COMMENT_STATUSES, type CommentStatus } from "../comments/model";
import { jsonResponse, pageParam } from "../http/respond";
import { invalid, readJsonBody } from "./json";
import { normalizeSite, siteKey, UNNAMED_SITE } from "./wxr/source";
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

const id = z.number().check(z.int(), z.positive(), z.maximum(Number.MAX_SAFE_INTEGER));
const time = z.number().check(z.int(), z.nonnegative());
const site = z.string().check(z.maxLength(2000), z.refine((s: string) => siteKey(s) !== null, `must be the http(s) address of the site the items come from, or ${UNNAMED_SITE}`));
/** Far above WordPress's own columns (a name is at most 255 bytes there, a comment 64 KiB). */
const SANITY_CAP = { line: 10_000, body: 1_000_000 };

const PostsBody = z.object({
  site,
  posts: z
    .array(
      z.object({
        wpSite: z.optional(site),
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
  site,
  comments: z
    .array(
      z.object({
        wpSite: z.optional(site),
        wpId: id,
        postWpSite: z.optional(site),
        postWpId: id,
        parentWpSite: z.optional(z.nullable(site)),
        parentWpId: z.nullable(id),
        authorName: z.string().check(z.maxLength(SANITY_CAP.line)),
        authorEmail: z.string().check(z.maxLength(SANITY_CAP.line)),
        authorUrl: z.string().check(z.maxLength(SANITY_CAP.line)),
        authorIp: z.string().check(z.maxLength(SANITY_CAP.line)),
        body: z.string().check(z.maxLength(SANITY_CAP.body)),
        status: z.enum(COMMENT_STATUSES as [CommentStatus, ...CommentStatus[]]),
        createdAt: time,
        isAuthor: z.boolean(),
      }),
    )
    .check(z.maxLength(MAX_COMMENTS_PER_IMPORT, `at most ${MAX_COMMENTS_PER_IMPORT} comments a request`)),
});

const FinishBody = z.object({ slugs: z.array(z.string()).check(z.maxLength(MAX_SLUGS_PER_FINISH, `at most ${MAX_SLUGS_PER_FINISH} posts a request`)) });

/** This blog's address as a site key: what its own posts and comments are exported under. */
const ownSite = (baseUrl: string) => normalizeSite(baseUrl) ?? baseUrl;

adminTransfer.post("/import/posts", async (c) => {
  const parsed = PostsBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  const batch = parsed.data;
  const posts = batch.posts.map((p) => ({ ...p, wpSite: key(p.wpSite ?? batch.site) }));
  return jsonResponse(c, await importPosts(c.env, ownSite(c.var.config.BASE_URL), posts), 200, "no-store");
});

adminTransfer.post("/import/comments", async (c) => {
  const parsed = CommentsBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  const batch = parsed.data;
  // Every site an item leaves out is the batch's.
  const comments = batch.comments.map((comment) => ({
    ...comment,
    wpSite: key(comment.wpSite ?? batch.site),
    postWpSite: key(comment.postWpSite ?? batch.site),
    parentWpSite: comment.parentWpId === null ? null : key(comment.parentWpSite ?? batch.site),
  }));
  return jsonResponse(c, await importComments(c.env.DB, c.var.config.APP_SECRET, ownSite(c.var.config.BASE_URL), comments), 200, "no-store");
});

/** A site the schema accepted, as its key. */
function key(site: string): string {
  return siteKey(site)!;
}

adminTransfer.post("/import/finish", async (c) => {
  const parsed = FinishBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  const { listsPending } = await finishImport(c.env, parsed.data.slugs);
  return jsonResponse(c, { rebuilt: parsed.data.slugs, listsPending }, 200, "no-store");
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
  const posts = await exportPosts(c.env.DB, ownSite(c.var.config.BASE_URL), pageParam(c));
  return jsonResponse(c, { posts, more: posts.length === EXPORT_POSTS_PER_PAGE }, 200, "no-store");
});

adminTransfer.get("/export/comments", async (c) => {
  const after = Number(c.req.query("after") ?? "0");
  const comments = await exportComments(c.env.DB, c.var.config.APP_SECRET, ownSite(c.var.config.BASE_URL), Number.isSafeInteger(after) && after > 0 ? after : 0);
  return jsonResponse(c, { comments, more: comments.length === EXPORT_COMMENTS_PER_PAGE, next: comments.at(-1)?.cursor ?? null }, 200, "no-store");
});
