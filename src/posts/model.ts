/**
 * The shapes a post takes: what the author gives, what D1 keeps, and what the
 * reader's path reads from KV (one post per key, one index for every list).
 */

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
  source?: string | null;
  /** Where an imported post came from: the site (a key of admin/wxr/source.ts) and its id there; given together. */
  wpSite?: string | null;
  wpId?: number | null;
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
}

/** One entry of the index key: what a list (home, tag page, feed, sitemap) shows. */
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
}

/** `index:posts`: every published post (scheduled ones too, filtered by date on read), newest first. */
export interface PostIndex {
  builtAt: number;
  posts: PostSummary[];
}

/** Readers see a post only once it is published and its date has come. */
export function isVisible(post: { status?: string; published: number }, now: number): boolean {
  return (post.status ?? "published") === "published" && post.published <= now;
}
