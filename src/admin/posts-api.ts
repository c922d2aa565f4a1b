/**
 * /api/admin/posts: the author writes, schedules, unpublishes and deletes
 * posts, and lists them all (drafts and scheduled ones too). Every write goes
 * through publishPost()/removePost(), so KV and the post lists stay right.
 */
import { Hono } from "hono/tiny";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { isLanguageTag } from "../views/i18n";
import type { AppEnv } from "../config";
import { isValidSlug, slugPath, MAX_SLUG_LENGTH } from "../posts/slug";
import { postRecord, publishPost, recordToInput, type WrittenPost } from "../posts/store";
import { commentCountOf, deletePostForGood, deskStatusOf, restorableUntil, restorePost, trashPost } from "./post-trash";
import { MEDIA_ORIGINAL } from "../media/store";
import { bodyHtml } from "../posts/markdown";
import { jsonResponse } from "../http/respond";
import { readJsonBody, parseBody } from "./json";
import { list, maxChars } from "../checks";

export const adminPosts = new Hono<AppEnv>();

const PostBody = v.object({
  title: v.pipe(v.string(), v.trim(), v.minLength(1, "title is required"), maxChars(300, "title: at most 300 characters")),
  markdown: v.optional(v.pipe(v.string(), maxChars(1_000_000, "markdown: at most 1 MB"))),
  html: v.optional(v.pipe(v.string(), maxChars(1_000_000, "html: at most 1 MB"))),
  lang: v.optional(v.pipe(v.string(), v.check(isLanguageTag, "lang must be a language tag such as en or he"))),
  tags: v.optional(list(v.pipe(v.string(), v.trim(), v.minLength(1), maxChars(60, "tags: at most 60 characters each")), 30, "at most 30 tags")),
  date: v.optional(
    v.pipe(
      v.string(),
      v.check((s: string) => /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/.test(s) && !Number.isNaN(Date.parse(s)), "date must be an ISO 8601 date such as 2026-11-26T09:00:00Z"),
    ),
  ),
  draft: v.optional(v.boolean()),
  commentsOpen: v.optional(v.boolean()),
  excerpt: v.optional(v.pipe(v.string(), maxChars(1000, "excerpt: at most 1000 characters"))),
  // A media key (from an upload), or null to remove the cover; absent keeps the one the post has.
  cover: v.optional(v.nullable(v.pipe(v.string(), v.regex(MEDIA_ORIGINAL, "cover must be a media key such as 0123…cdef.jpg (upload the image first)")))),
});

/**
 * What readers would miss: images the page's CSP will not load (hosted
 * elsewhere; upload them) and /media/ files the library does not have.
 */
export function imageWarnings(post: WrittenPost): string[] {
  const warnings = post.missingMedia.map((key) => `/media/${key} is not in the media library: readers get a broken image. Upload the file (blog media upload).`);
  for (const [, src] of post.html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/gi)) {
    if (!src!.startsWith("/") && !src!.startsWith("data:")) warnings.push(`The image ${src} is not on this blog, so readers' browsers will not load it (the page allows only the blog's own images). Upload it (blog media upload) and use its /media/ address.`);
  }
  return warnings;
}

/** The `:slug` parameter, percent-decoded by Hono (a broken escape stays undecoded and fails the check). */
export function slugParam(param: string | undefined): string {
  const slug = (param ?? "").normalize("NFC");
  if (!isValidSlug(slug)) {
    throw new HTTPException(422, { message: `The slug must be 1–${MAX_SLUG_LENGTH} letters, digits, '-' or '_' (any script), and not a reserved word.` });
  }
  return slug;
}

adminPosts.get("/", async (c) => {
  const now = Date.now();
  const { results } = await c.env.DB.prepare(
    `SELECT p.slug, p.title, p.lang, p.status, p.published_at, p.updated_at, p.tags, p.comments_open, p.trashed_at,
       (SELECT COUNT(*) FROM comments c WHERE c.post_slug = p.slug AND c.status = 'approved') AS approved,
       (SELECT COUNT(*) FROM comments c WHERE c.post_slug = p.slug AND c.status = 'pending') AS pending
     FROM posts p ORDER BY p.published_at DESC`,
  ).all<{ slug: string; title: string; lang: string; status: string; published_at: number; updated_at: number; tags: string; comments_open: number; trashed_at: number | null; approved: number; pending: number }>();
  return jsonResponse(
    c,
    {
      posts: results.map((p) => ({
        slug: p.slug,
        url: c.var.config.BASE_URL + slugPath(p.slug),
        title: p.title,
        lang: p.lang,
        status: deskStatusOf(p, now),
        ...(p.trashed_at !== null ? { restorableUntil: new Date(restorableUntil(p.trashed_at)).toISOString() } : {}),
        published: new Date(p.published_at).toISOString(),
        updated: new Date(p.updated_at).toISOString(),
        tags: JSON.parse(p.tags) as string[],
        commentsOpen: p.comments_open === 1,
        comments: { approved: p.approved, pending: p.pending },
      })),
    },
    200,
    "no-store",
  );
});

adminPosts.put("/:slug", async (c) => {
  const slug = slugParam(c.req.param("slug"));
  const body = parseBody(PostBody, await readJsonBody(c));
  if ((body.markdown === undefined) === (body.html === undefined)) throw new HTTPException(422, { message: "Send the body as exactly one of: markdown, html." });
  const existing = await postRecord(c.env.DB, slug);
  // Nothing is silently overwritten: a post in the trash comes back only through restore.
  if (existing && existing.trashed_at !== null) throw inTrash(slug, existing.trashed_at);
  const now = Date.now();
  const post = await publishPost(c.env, {
    ...(existing ? recordToInput(existing) : {}),
    slug,
    title: body.title,
    lang: body.lang ?? existing?.lang ?? c.var.config.BLOG_LANG,
    html: await bodyHtml(body),
    excerpt: body.excerpt,
    tags: body.tags ?? (existing ? (JSON.parse(existing.tags) as string[]) : []),
    status: body.draft ? "draft" : "published",
    publishedAt: body.date ? Date.parse(body.date) : (existing?.published_at ?? now),
    updatedAt: now,
    commentsOpen: body.commentsOpen ?? (existing ? existing.comments_open === 1 : true),
    cover: body.cover === undefined ? (existing?.cover ?? null) : body.cover,
    source: body.markdown ?? null,
  });
  return jsonResponse(
    c,
    { post: { slug: post.slug, url: c.var.config.BASE_URL + slugPath(post.slug), title: post.title, status: deskStatusOf({ status: post.status, published_at: post.published, trashed_at: null }, now), published: new Date(post.published).toISOString(), tags: post.tags, lang: post.lang }, created: !existing, warnings: imageWarnings(post) },
    existing ? 200 : 201,
    "no-store",
  );
});

/** Takes a post off the blog but keeps it (and its comments) as a draft. */
adminPosts.post("/:slug/unpublish", async (c) => {
  const slug = slugParam(c.req.param("slug"));
  const existing = await postRecord(c.env.DB, slug);
  if (!existing) throw new HTTPException(404, { message: `No post with the slug “${slug}”.` });
  if (existing.trashed_at !== null) throw inTrash(slug, existing.trashed_at);
  await publishPost(c.env, { ...recordToInput(existing), status: "draft", updatedAt: Date.now() });
  return jsonResponse(c, { post: { slug, status: "draft" } }, 200, "no-store");
});

const inTrash = (slug: string, trashedAt: number) =>
  new HTTPException(409, { message: `The post “${slug}” is in the trash (until ${new Date(restorableUntil(trashedAt)).toISOString()}). Restore it first (POST /api/admin/posts/${slug}/restore).` });

/**
 * Moves the post to the trash: off the blog, kept with its comments and
 * restorable for TRASH_DAYS. With ?permanently=1, deletes a post already in
 * the trash and its comments for good.
 */
adminPosts.delete("/:slug", async (c) => {
  const slug = slugParam(c.req.param("slug"));
  const existing = await postRecord(c.env.DB, slug);
  if (!existing) throw new HTTPException(404, { message: `No post with the slug “${slug}”.` });
  const comments = await commentCountOf(c.env.DB, slug);
  if (c.req.query("permanently") === "1") {
    if (existing.trashed_at === null) throw new HTTPException(409, { message: `The post “${slug}” is not in the trash. Move it there first (DELETE without ?permanently=1); only a post in the trash can be deleted for good.` });
    await deletePostForGood(c.env, slug);
    return jsonResponse(c, { deleted: slug, comments }, 200, "no-store");
  }
  const now = Date.now();
  await trashPost(c.env, slug, now);
  const trashedAt = existing.trashed_at ?? now;
  const until = new Date(restorableUntil(trashedAt)).toISOString();
  return jsonResponse(c, { trashed: slug, comments, trashedAt: new Date(trashedAt).toISOString(), restorableUntil: until, alreadyInTrash: existing.trashed_at !== null, message: `“${existing.title}” and its ${comments} comments are in the trash; restore them until ${until}.` }, 200, "no-store");
});

/** Takes a post out of the trash, back as it was (published, scheduled or draft), with its comments. */
adminPosts.post("/:slug/restore", async (c) => {
  const slug = slugParam(c.req.param("slug"));
  const existing = await postRecord(c.env.DB, slug);
  if (!existing) throw new HTTPException(404, { message: `No post with the slug “${slug}” (a post in the trash is deleted for good after its time there).` });
  if (existing.trashed_at === null) throw new HTTPException(409, { message: `The post “${slug}” is not in the trash.` });
  const now = Date.now();
  await restorePost(c.env, slug, now);
  return jsonResponse(c, { restored: slug, post: { slug, url: c.var.config.BASE_URL + slugPath(slug), title: existing.title, status: deskStatusOf({ ...existing, trashed_at: null }, now) } }, 200, "no-store");
});
