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
import { Hono } from "hono/tiny";
import * as v from "valibot";
import { isLanguageTag } from "../views/i18n";
import type { AppEnv } from "../config";
import { COMMENT_STATUSES } from "../comments/model";
import { jsonResponse, pageParam } from "../http/respond";
import { MEDIA_ORIGINAL } from "../media/store";
import { parseBody, readJsonBody } from "./json";
import { int, list, maxChars } from "../checks";
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

const id = v.pipe(int, v.gtValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const time = v.pipe(int, v.minValue(0));
const site = v.pipe(v.string(), maxChars(2000), v.check((s: string) => siteKey(s) !== null, `must be the http(s) address of the site the items come from, or ${UNNAMED_SITE}`));
/** Far above WordPress's own columns (a name is at most 255 bytes there, a comment 64 KiB). */
const SANITY_CAP = { line: 10_000, body: 1_000_000 };

const PostsBody = v.object({
  site,
  posts: list(
    v.object({
      wpSite: v.optional(site),
      wpId: id,
      slug: v.pipe(v.string(), maxChars(400)),
      title: v.pipe(v.string(), maxChars(1000)),
      lang: v.pipe(v.string(), v.check(isLanguageTag, "lang must be a language tag such as en or he")),
      html: v.pipe(v.string(), maxChars(2_000_000)),
      excerpt: v.pipe(v.string(), maxChars(10_000)),
      tags: list(v.pipe(v.string(), maxChars(200)), 100),
      status: v.picklist(["published", "draft"]),
      publishedAt: time,
      updatedAt: time,
      commentsOpen: v.boolean(),
      // The cover (WordPress's featured image), once the CLI has copied it into the media library.
      cover: v.optional(v.nullable(v.pipe(v.string(), v.regex(MEDIA_ORIGINAL, "cover must be a media key such as 0123…cdef.jpg")))),
    }),
    MAX_POSTS_PER_IMPORT,
    `at most ${MAX_POSTS_PER_IMPORT} posts a request`,
  ),
});

const CommentsBody = v.object({
  site,
  comments: list(
    v.object({
      wpSite: v.optional(site),
      wpId: id,
      postWpSite: v.optional(site),
      postWpId: id,
      parentWpSite: v.optional(v.nullable(site)),
      parentWpId: v.nullable(id),
      authorName: v.pipe(v.string(), maxChars(SANITY_CAP.line)),
      authorEmail: v.pipe(v.string(), maxChars(SANITY_CAP.line)),
      authorUrl: v.pipe(v.string(), maxChars(SANITY_CAP.line)),
      authorIp: v.pipe(v.string(), maxChars(SANITY_CAP.line)),
      body: v.pipe(v.string(), maxChars(SANITY_CAP.body)),
      status: v.picklist(COMMENT_STATUSES),
      createdAt: time,
      isAuthor: v.boolean(),
    }),
    MAX_COMMENTS_PER_IMPORT,
    `at most ${MAX_COMMENTS_PER_IMPORT} comments a request`,
  ),
});

const FinishBody = v.object({ slugs: list(v.string(), MAX_SLUGS_PER_FINISH, `at most ${MAX_SLUGS_PER_FINISH} posts a request`) });

/** This blog's address as a site key: what its own posts and comments are exported under. */
const ownSite = (baseUrl: string) => normalizeSite(baseUrl) ?? baseUrl;

adminTransfer.post("/import/posts", async (c) => {
  const batch = parseBody(PostsBody, await readJsonBody(c));
  const posts = batch.posts.map((p) => ({ ...p, wpSite: key(p.wpSite ?? batch.site) }));
  return jsonResponse(c, await importPosts(c.env, ownSite(c.var.config.BASE_URL), posts), 200, "no-store");
});

adminTransfer.post("/import/comments", async (c) => {
  const batch = parseBody(CommentsBody, await readJsonBody(c));
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
  const { slugs } = parseBody(FinishBody, await readJsonBody(c));
  const { listsPending } = await finishImport(c.env, slugs);
  return jsonResponse(c, { rebuilt: slugs, listsPending }, 200, "no-store");
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
