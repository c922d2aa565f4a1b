/**
 * The shapes a post takes: what the author gives, what D1 keeps, and what the
 * reader's path reads from KV (one post per key; lists in chunks, lists.ts).
 */

import type { CoverImage } from "../media/render";
import type { Frame } from "../views/frame";

/** A post as the author publishes it (admin API, importer, demo seed). */
export interface PostInput {
  slug: string;
  title: string;
  lang: string;
  html: string;
  excerpt?: string;
  tags: string[];
  status: "published" | "draft";
  /** UTC ms; a future time schedules the post. */
  publishedAt: number;
  updatedAt?: number;
  commentsOpen?: boolean;
  /** The cover image (WordPress's featured image): a media library key. */
  cover?: string | null;
  source?: string | null;
  /** Where an imported post came from: the site (a key of admin/wxr/source.ts) and its id there; given together. */
  wpSite?: string | null;
  wpId?: number | null;
  /**
   * When the post went to the trash (UTC ms), null when it is not there. A
   * trashed post is kept in D1 but never reaches KV or a list. Absent: as D1
   * has it (a new post is not trashed).
   */
  trashedAt?: number | null;
}

/** What `post:<slug>` in KV holds: everything the post page needs. */
export interface StoredPost {
  slug: string;
  title: string;
  lang: string;
  dir: "ltr" | "rtl";
  html: string;
  excerpt: string;
  tags: string[];
  status: "published" | "draft";
  published: number;
  updated: number;
  commentsOpen: boolean;
  /** Shown above the post and kept for social previews. */
  cover?: CoverImage;
  /** Minutes to read it (its words at 200 a minute), set when it is written; absent on posts written before. */
  readingMinutes?: number;
  /** Changes with every write of this key (an edit, new alt text of an image it shows): what pages rendered from it are cached by. */
  version?: string;
  /**
   * Its dates as the post page shows them, formatted when the key was
   * written, and what for (views/parts.tsx dateTextKey): a new isolate's
   * first Intl formats cost a millisecond or more each. Absent on keys
   * written without a time zone; the page then formats them itself.
   */
  dates?: { for: string; published: string; updated: string };
  /**
   * The post page around its comments as an anonymous reader sees it,
   * rendered when the key was written, with slots for what a view adds
   * (pages.tsx renderPostFrame): absent when written without the blog's
   * settings (a script's bare stores); the page then renders it itself.
   */
  frame?: Frame;
}

/** One post in a list (home, tag page, feed): what a list entry shows. */
export interface PostSummary {
  slug: string;
  title: string;
  lang: string;
  dir: "ltr" | "rtl";
  excerpt: string;
  tags: string[];
  published: number;
  updated: number;
  comments: number;
  /**
   * The entry as the index and tag pages show it (views/parts.tsx
   * renderPostEntry), rendered when the list key was written, and what for
   * (postEntryKey): a list page in a new isolate joins these instead of
   * rendering ten entries. Absent on keys written without a time zone.
   */
  entry?: { for: string; html: string };
}

/**
 * A list's head, `list:h:<list>`: how many posts it has, how its chunks are
 * cut, and its newest posts, newest first (the feed's 20 for the blog's list,
 * one page for a tag's), so the first pages and the feed read this key alone.
 */
export interface ListHead {
  builtAt: number;
  total: number;
  /** Posts a chunk holds. */
  size: number;
  posts: PostSummary[];
}

/** Chunk k of a list, `list:<k>:<list>`: positions [k*size, k*size+size), oldest first. */
export interface ListChunk {
  builtAt: number;
  posts: PostSummary[];
}

/** Sitemap file n, `sitemap:<n>`: [slug, last modified] of positions [(n-1)*SITEMAP_URLS, n*SITEMAP_URLS). */
export interface SitemapFile {
  builtAt: number;
  urls: [string, number][];
}

/** Readers see a post only once it is published and its date has come. */
export function isVisible(post: { status?: string; published: number }, now: number): boolean {
  return (post.status ?? "published") === "published" && post.published <= now;
}
