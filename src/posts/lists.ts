/**
 * The post lists as readers read them from KV: the blog's list and each tag's,
 * cut into small keys so that no key a reader reads grows with the blog.
 *
 * A list is a head plus fixed-size chunks anchored at the OLDEST post: chunk k
 * holds positions [k*size, k*size+size), counting from the oldest. Anchored
 * there, a new post (the usual write) changes only the newest chunk and the
 * head; anchored at the newest, every chunk would shift by one. A newest-first
 * page p is positions [total - p*10, total - (p-1)*10): at most two chunks.
 * The head carries the total and the newest posts (the feed's 20 for the
 * blog's list, one page for a tag's), so the pages read most (home, page 2, a
 * tag's first page, the feed) read that one key.
 *
 * Keys (the list's name last, so a tag with ":" in it cannot collide with a chunk):
 *   list:h:<name>    ListHead
 *   list:<k>:<name>  ListChunk k
 *   sitemap:<n>      SitemapFile n, from 1
 * <name> is `all` for the blog's list, `tag:<tag key>` for a tag's
 * (`tag#<SHA-256>` when the key is too long for KV's 512-byte keys) and
 * `month:<YYYY-MM>` for a month's (archive.ts).
 * Written by list-build.ts.
 */
import { sha256Hex } from "../crypto";
import { POSTS_PER_PAGE } from "../config";
import { FEED_ENTRIES } from "./feeds";
import { readJsonMemo } from "./kv-memo";
import type { ListChunk, ListHead, PostSummary, SitemapFile } from "./model";

/** Posts a chunk holds (independent of POSTS_PER_PAGE: the head records it, readers use that). */
export const LIST_CHUNK_SIZE = 10;
/** URLs a sitemap file holds (sitemaps.org allows 50,000): past one file, /sitemap.xml is an index of them. */
export const SITEMAP_URLS = 1_000;
/** The blog's own list; every other list is a tag's, named by its tagKey(), or a month's (MONTH_PREFIX). */
export const BLOG_LIST = "";
/**
 * A month's list (its posts by their date in the blog's TIME_ZONE): " m:2026-10".
 * No tag can take the name: tags never start with a space (normalizeTags trims them).
 */
export const MONTH_PREFIX = " m:";
export const monthList = (month: string) => MONTH_PREFIX + month;
/** A tag key longer than this (UTF-8 bytes) is named by its hash, to keep keys under KV's 512 bytes. */
const MAX_NAME_BYTES = 400;

/** How tags compare: "Recipes", "recipes" and an NFD spelling are one tag. */
export const tagKey = (tag: string) => tag.normalize("NFC").toLowerCase();

/** Newest posts a list's head carries. */
export const headSize = (list: string) => (list === BLOG_LIST ? FEED_ENTRIES : POSTS_PER_PAGE);

export async function listName(list: string): Promise<string> {
  if (list === BLOG_LIST) return "all";
  if (list.startsWith(MONTH_PREFIX)) return `month:${list.slice(MONTH_PREFIX.length)}`;
  if (new TextEncoder().encode(list).length <= MAX_NAME_BYTES) return `tag:${list}`;
  return `tag#${await sha256Hex(list)}`;
}
export const headKey = (name: string) => `list:h:${name}`;
export const chunkKey = (name: string, k: number) => `list:${k}:${name}`;
export const sitemapKey = (n: number) => `sitemap:${n}`;

export async function readHead(kv: KVNamespace, list: string): Promise<ListHead | null> {
  return readJsonMemo<ListHead>(kv, headKey(await listName(list)));
}

export function readSitemapFile(kv: KVNamespace, n: number): Promise<SitemapFile | null> {
  return readJsonMemo<SitemapFile>(kv, sitemapKey(n));
}

export interface PageOfList {
  /** Newest first; empty past the last page. */
  posts: PostSummary[];
  pages: number;
  total: number;
  /** The versions of the keys read: what a rendered page is cached by. */
  version: string;
}

/** Page `page` (from 1) of a list: its head, and for pages past the head's posts at most two chunks. */
export async function readListPage(kv: KVNamespace, list: string, page: number, perPage = POSTS_PER_PAGE): Promise<PageOfList> {
  const name = await listName(list);
  const head = await readJsonMemo<ListHead>(kv, headKey(name));
  const total = head?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const hi = total - (page - 1) * perPage;
  const lo = Math.max(0, hi - perPage);
  if (!head || hi <= 0) return { posts: [], pages, total, version: `${head?.builtAt ?? 0}` };
  if (total - lo <= head.posts.length) return { posts: head.posts.slice(total - hi, total - lo), pages, total, version: `${head.builtAt}` };
  const first = Math.floor(lo / head.size);
  const ks = Array.from({ length: Math.floor((hi - 1) / head.size) - first + 1 }, (_, i) => first + i);
  const chunks = await Promise.all(ks.map((k) => readJsonMemo<ListChunk>(kv, chunkKey(name, k))));
  const posts: PostSummary[] = [];
  for (let p = hi - 1; p >= lo; p--) {
    // A chunk KV has not brought here yet is a gap, not an error: the page fills in within a minute.
    const post = chunks[Math.floor(p / head.size) - first]?.posts[p % head.size];
    if (post) posts.push(post);
  }
  return { posts, pages, total, version: [head.builtAt, ...chunks.map((chunk) => chunk?.builtAt ?? 0)].join(":") };
}
