/**
 * Posts: D1 holds the truth, KV holds what readers read.
 *
 * publishPost()/removePost() are the only writers. Each writes D1, then the
 * post's own KV key, then rebuilds the index key from D1 in one query (with
 * approved-comment counts), so two writers racing heal on the next rebuild
 * instead of patching each other's copy. Reads (readPost, readIndex) touch
 * KV only. This module knows nothing of HTTP, nor of comments: a post's
 * comment count is a number the comments side hands in (setCommentCounts).
 */
import type { PostIndex, PostInput, PostSummary, StoredPost } from "./model";
import { excerptFromHtml } from "./excerpt";
import { isValidSlug } from "./slug";
import { dirOf } from "../views/i18n";
import { forget, readJsonMemo } from "./kv-memo";

export interface PostStores {
  DB: D1Database;
  POSTS: KVNamespace;
}

export const INDEX_KEY = "index:posts";
export const postKey = (slug: string) => `post:${slug}`;

export async function readPost(kv: KVNamespace, slug: string): Promise<StoredPost | null> {
  return readJsonMemo<StoredPost>(kv, postKey(slug));
}

export async function readIndex(kv: KVNamespace): Promise<PostIndex> {
  return (await readJsonMemo<PostIndex>(kv, INDEX_KEY)) ?? { builtAt: 0, posts: [] };
}

/** How tags compare: "Recipes", "recipes" and an NFD spelling are one tag. */
export const tagKey = (tag: string) => tag.normalize("NFC").toLowerCase();

function normalizeTags(tags: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of tags) {
    // Kept as written (byte for byte); only compared in NFC, case-insensitively.
    const tag = raw.trim().replace(/\s+/g, " ");
    const key = tagKey(tag);
    if (tag && !seen.has(key)) seen.set(key, tag);
  }
  return [...seen.values()];
}

/** Writes one post to D1 and KV and rebuilds the index: the path every single edit takes. */
export async function publishPost(stores: PostStores, input: PostInput, now = Date.now()): Promise<StoredPost> {
  const post = await savePost(stores, input, now);
  await rebuildIndex(stores, now);
  return post;
}

/**
 * Writes one post to D1 and its KV key, without the index: for bulk writes
 * (imports), which rebuild the index once at the end. KV allows one write a
 * second per key, so the index must not be rewritten per post.
 */
export async function savePost(stores: PostStores, input: PostInput, now = Date.now()): Promise<StoredPost> {
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
  };
  await stores.DB.prepare(
    `INSERT INTO posts (slug, title, lang, html, excerpt, tags, status, published_at, updated_at, comments_open, source, wp_site, wp_id)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
     ON CONFLICT (slug) DO UPDATE SET title = ?2, lang = ?3, html = ?4, excerpt = ?5, tags = ?6, status = ?7,
       published_at = ?8, updated_at = ?9, comments_open = ?10, source = ?11,
       wp_site = CASE WHEN ?13 IS NULL THEN wp_site ELSE ?12 END, wp_id = COALESCE(?13, wp_id)`,
  )
    // Site and id are one key: an edit without them keeps both, an import sets both.
    .bind(post.slug, post.title, post.lang, post.html, post.excerpt, JSON.stringify(post.tags), post.status, post.published, post.updated, post.commentsOpen ? 1 : 0, input.source ?? null, input.wpId == null ? null : (input.wpSite ?? null), input.wpId ?? null)
    .run();
  // Drafts never reach KV, so no reader path can find them.
  if (post.status === "published") await stores.POSTS.put(postKey(slug), JSON.stringify(post));
  else await stores.POSTS.delete(postKey(slug));
  forget(postKey(slug));
  return post;
}

/** Deletes a post and its KV key, and rebuilds the index. Its comments are the comments side's (deleteCommentsOf). */
export async function removePost(stores: PostStores, slug: string, now = Date.now()): Promise<boolean> {
  const result = await stores.DB.prepare("DELETE FROM posts WHERE slug = ?1").bind(slug).run();
  await stores.POSTS.delete(postKey(slug));
  forget(postKey(slug));
  await rebuildIndex(stores, now);
  return (result.meta.changes ?? 0) > 0;
}

/**
 * Records how many approved comments these posts have now (the comments
 * side counts them when it rebuilds what readers see), and brings the lists
 * that show the counts up to date.
 */
export async function setCommentCounts(stores: PostStores, counts: Map<string, number>, now = Date.now()): Promise<void> {
  if (counts.size === 0) return;
  await stores.DB.prepare("UPDATE posts SET comment_count = j.value ->> '$[1]' FROM json_each(?1) AS j WHERE posts.slug = j.value ->> '$[0]'")
    .bind(JSON.stringify([...counts]))
    .run();
  await rebuildIndex(stores, now);
}

interface SummaryRow {
  slug: string;
  title: string;
  lang: string;
  excerpt: string;
  tags: string;
  published_at: number;
  updated_at: number;
  comments: number;
}

/** Rewrites `index:posts` from D1: published posts newest first, with approved-comment counts. */
export async function rebuildIndex(stores: PostStores, now = Date.now()): Promise<PostIndex> {
  const { results } = await stores.DB.prepare(
    `SELECT p.slug, p.title, p.lang, p.excerpt, p.tags, p.published_at, p.updated_at, p.comment_count AS comments
     FROM posts p WHERE p.status = 'published' ORDER BY p.published_at DESC, p.slug`,
  ).all<SummaryRow>();
  const posts: PostSummary[] = results.map((row) => ({
    slug: row.slug,
    title: row.title,
    lang: row.lang,
    dir: dirOf(row.lang),
    excerpt: row.excerpt,
    tags: JSON.parse(row.tags) as string[],
    published: row.published_at,
    updated: row.updated_at,
    comments: row.comments,
  }));
  const index: PostIndex = { builtAt: now, posts };
  await stores.POSTS.put(INDEX_KEY, JSON.stringify(index));
  forget(INDEX_KEY);
  return index;
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
  };
}
