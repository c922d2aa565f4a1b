/**
 * Posts: D1 holds the truth, KV holds what readers read.
 *
 * publishPost()/removePost() are the only writers. Each writes D1 (the post,
 * and its places in the lists with the positions that moved, in one batch),
 * then the post's own KV key, then rewrites from D1 only the list keys those
 * moves touched (list-build.ts), so two writers racing heal on the next
 * rebuild instead of patching each other's copy. Reads (readPost, and the
 * lists in lists.ts) touch KV only. This module knows nothing of HTTP, nor of
 * comments: a post's comment count is a number the comments side hands in
 * (setCommentCounts).
 */
import type { PostInput, StoredPost } from "./model";
import { excerptFromHtml } from "./excerpt";
import { isValidSlug } from "./slug";
import { dirOf, formatDate, zoneOf } from "../views/i18n";
import { dateTextKey } from "../views/parts";
import { forget, readJsonMemo } from "./kv-memo";
import { BLOG_LIST, tagKey } from "./lists";
import { showImages } from "../media/render";
import { forgetUsesOf, useStatements } from "../media/store";
import { listChanges, marksOf, placeOf, rebuildLists, rewritePostsInLists, type ListChange, type MarkRow } from "./list-build";
import { indexStatement } from "../search/store";
import { navKey, readingMinutes } from "./archive";
import { renderPostFrame } from "./pages";
import { loadConfig, type Config, type Env } from "../config";

export { tagKey };

export interface PostStores {
  DB: D1Database;
  POSTS: KVNamespace;
  /** The blog's time zone (the Worker's env has it): which month's list a post is in. Absent: UTC. */
  TIME_ZONE?: string;
}

export const postKey = (slug: string) => `post:${slug}`;

export async function readPost(kv: KVNamespace, slug: string): Promise<StoredPost | null> {
  return readJsonMemo<StoredPost>(kv, postKey(slug));
}

export function normalizeTags(tags: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of tags) {
    // Kept as written (byte for byte); only compared in NFC, case-insensitively.
    const tag = raw.trim().replace(/\s+/g, " ");
    const key = tagKey(tag);
    if (tag && !seen.has(key)) seen.set(key, tag);
  }
  return [...seen.values()];
}

/** A written post, and the `/media/` files it names that the library does not have (for a warning). */
export type WrittenPost = StoredPost & { missingMedia: string[] };

/** Writes one post to D1 and KV and rewrites the list keys it moved: the path every single edit takes. */
export async function publishPost(stores: PostStores, input: PostInput, now = Date.now()): Promise<WrittenPost> {
  const { post, marks } = await writePost(stores, input, now);
  await rebuildLists(stores, marks, now);
  return post;
}

/**
 * Writes one post to D1 and its KV key, and marks the lists it moved without
 * rewriting them: for bulk writes (imports), which rebuild the lists once at
 * the end (finishImport, or the cron). KV allows one write a second per key,
 * so a list's newest chunk must not be rewritten per post.
 */
export async function savePost(stores: PostStores, input: PostInput, now = Date.now()): Promise<WrittenPost> {
  return (await writePost(stores, input, now)).post;
}

async function writePost(stores: PostStores, input: PostInput, now: number) {
  const slug = input.slug.normalize("NFC");
  if (!isValidSlug(slug)) throw new Error(`publishPost: invalid slug ${JSON.stringify(input.slug)}`);
  const post: StoredPost = {
    slug,
    title: input.title,
    lang: input.lang,
    dir: dirOf(input.lang),
    html: input.html,
    excerpt: input.excerpt?.trim() || excerptFromHtml(input.html),
    tags: normalizeTags(input.tags),
    status: input.status,
    published: input.publishedAt,
    updated: input.updatedAt ?? now,
    commentsOpen: input.commentsOpen ?? true,
    readingMinutes: readingMinutes(input.html),
  };
  const cover = input.cover ?? null;
  // The trash is kept unless the caller says otherwise: no writer puts a trashed post back on the blog by accident.
  const trashedAt = input.trashedAt !== undefined ? input.trashedAt : await trashedAtOf(stores.DB, slug);
  const upsert = stores.DB.prepare(
    `INSERT INTO posts (slug, title, lang, html, excerpt, tags, status, published_at, updated_at, comments_open, source, wp_site, wp_id, cover, trashed_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
     ON CONFLICT (slug) DO UPDATE SET title = ?2, lang = ?3, html = ?4, excerpt = ?5, tags = ?6, status = ?7,
       published_at = ?8, updated_at = ?9, comments_open = ?10, source = ?11,
       wp_site = CASE WHEN ?13 IS NULL THEN wp_site ELSE ?12 END, wp_id = COALESCE(?13, wp_id), cover = ?14, trashed_at = ?15`,
  )
    // Site and id are one key: an edit without them keeps both, an import sets both.
    .bind(post.slug, post.title, post.lang, post.html, post.excerpt, JSON.stringify(post.tags), post.status, post.published, post.updated, post.commentsOpen ? 1 : 0, input.source ?? null, input.wpId == null ? null : (input.wpSite ?? null), input.wpId ?? null, cover, trashedAt);
  // D1 keeps the body as written; readers get its images sized, with their widths (media/render.ts).
  const shown = await showImages(stores.DB, post.html, { cover });
  // The search index follows in the same batch (a draft or trashed post leaves it: search/store.ts).
  const search = indexStatement(stores.DB, { slug, title: post.title, html: post.html, tags: JSON.stringify(post.tags) });
  const place = trashedAt === null ? placeOf(post, now, stores.TIME_ZONE) : { slug, at: post.published, lists: [], due: null };
  // Drafts and trashed posts never reach KV, so no reader path can find them.
  const readable = post.status === "published" && trashedAt === null;
  const shownPost: StoredPost = { ...post, html: shown.html, ...(shown.cover ? { cover: shown.cover } : {}), ...datesOf(post, stores.TIME_ZONE) };
  // Rendered before D1 is written: a render that fails leaves nothing changed.
  const read: StoredPost = { ...shownPost, ...(readable ? await frameOf(stores, shownPost) : {}), version: crypto.randomUUID().slice(0, 8) };
  const { marks } = await moveInLists(stores, [upsert, ...useStatements(stores.DB, slug, shown.uses), search], place, now);
  if (readable) await stores.POSTS.put(postKey(slug), JSON.stringify(read));
  else await stores.POSTS.delete(postKey(slug));
  forget(postKey(slug));
  // Out of the blog's list (a draft, the trash, a date to come): its neighbours' key goes too (list-build.ts writes it again when it is back).
  if (place.lists.length === 0 && marks.some((m) => m.list === BLOG_LIST)) await stores.POSTS.delete(navKey(slug));
  return { post: { ...read, missingMedia: shown.missing }, marks };
}

/** The post's dates as its page shows them, formatted once here (with the blog's time zone) instead of in each new isolate. */
function datesOf(post: StoredPost, timeZone: string | undefined): Pick<StoredPost, "dates"> {
  const zone = zoneOf(timeZone);
  if (!zone) return {};
  return { dates: { for: dateTextKey(post.lang, zone), published: formatDate(post.published, post.lang, zone), updated: formatDate(post.updated, post.lang, zone) } };
}

/**
 * The post's page rendered now, once, around the slots a view fills
 * (pages.tsx renderPostFrame), when the stores are the Worker's env (its
 * settings parse); a script's bare stores write none.
 */
async function frameOf(stores: PostStores, post: StoredPost): Promise<Pick<StoredPost, "frame">> {
  let config: Config;
  try {
    config = loadConfig(stores as unknown as Env);
  } catch {
    return {};
  }
  return { frame: await renderPostFrame(config, post) };
}

async function trashedAtOf(db: D1Database, slug: string): Promise<number | null> {
  return (await db.prepare("SELECT trashed_at FROM posts WHERE slug = ?1").bind(slug).first<{ trashed_at: number | null }>())?.trashed_at ?? null;
}

/** Runs `writes` with the list moves of `change` in one D1 batch (one transaction: the post and its places never disagree). */
async function moveInLists(stores: PostStores, writes: D1PreparedStatement[], change: ListChange, now: number) {
  const db = stores.DB;
  const results = await db.batch([...writes, ...listChanges(db, [change], crypto.randomUUID(), now)]);
  return { written: results[0]!, marks: marksOf(results[writes.length]!.results as MarkRow[]) };
}

/** Deletes a post and its KV key, and rewrites the list keys it leaves. Its comments are the comments side's (deleteCommentsOf). */
export async function removePost(stores: PostStores, slug: string, now = Date.now()): Promise<boolean> {
  const { written, marks } = await moveInLists(stores, [stores.DB.prepare("DELETE FROM posts WHERE slug = ?1").bind(slug), forgetUsesOf(stores.DB, slug)], { slug, at: 0, lists: [], due: null }, now);
  await Promise.all([stores.POSTS.delete(postKey(slug)), stores.POSTS.delete(navKey(slug))]);
  forget(postKey(slug));
  await rebuildLists(stores, marks, now);
  return (written.meta.changes ?? 0) > 0;
}

/**
 * Records how many approved comments these posts have now (the comments
 * side counts them when it rebuilds what readers see), and rewrites the list
 * chunks that show those posts (the blog's and their tags'), nothing else.
 */
export async function setCommentCounts(stores: PostStores, counts: Map<string, number>, now = Date.now()): Promise<void> {
  if (counts.size === 0) return;
  const update = stores.DB.prepare("UPDATE posts SET comment_count = j.value ->> '$[1]' FROM json_each(?1) AS j WHERE posts.slug = j.value ->> '$[0]'").bind(JSON.stringify([...counts]));
  await rewritePostsInLists(stores, update, [...counts.keys()], now);
}

/** A post as D1 keeps it, for the author's desk (drafts and scheduled posts included). */
export interface PostRecord {
  slug: string;
  title: string;
  lang: string;
  html: string;
  excerpt: string;
  tags: string;
  status: "published" | "draft";
  published_at: number;
  updated_at: number;
  comments_open: number;
  source: string | null;
  /** Approved comments, as the comments side last counted them. */
  comment_count: number;
  /** With wp_id: the site an imported post came from; '' for posts imported before sites were recorded. */
  wp_site: string | null;
  wp_id: number | null;
  /** A media key, or null. */
  cover: string | null;
  /** When it went to the trash (UTC ms), or null. */
  trashed_at: number | null;
}

export async function postRecord(db: D1Database, slug: string): Promise<PostRecord | null> {
  return db.prepare("SELECT * FROM posts WHERE slug = ?1").bind(slug).first<PostRecord>();
}

export function recordToInput(record: PostRecord): PostInput {
  return {
    slug: record.slug,
    title: record.title,
    lang: record.lang,
    html: record.html,
    excerpt: record.excerpt,
    tags: JSON.parse(record.tags) as string[],
    status: record.status,
    publishedAt: record.published_at,
    updatedAt: record.updated_at,
    commentsOpen: record.comments_open === 1,
    source: record.source,
    wpSite: record.wp_site,
    wpId: record.wp_id,
    cover: record.cover,
    trashedAt: record.trashed_at,
  };
}
