/**
 * Comment pages in KV, as WordPress pages them: top-level threads (each with
 * all its replies) COMMENTS_PER_PAGE to a page, at `/<slug>/comment-page-N/`.
 * A page view reads the post's small summary and one or two chunks, never
 * the whole conversation, so a post with 10,000 comments costs what a post
 * with 23 does.
 *
 * Storage is anchored at the oldest thread: chunk k holds the threads at
 * positions [k·P, k·P + P) counted from the oldest, so a new thread (the usual
 * change) rewrites only the newest chunk. With COMMENTS_ORDER "oldest" page N
 * is chunk N−1; with "newest" page 1 holds the newest P threads, which span at
 * most two chunks. The keys, all rebuilt from D1 by rebuild.ts:
 *   comments:<slug>:summary   count, threads, page size, version
 *   comments:<slug>:chunk:<k> the threads of chunk k (JSON)
 *   comments:<slug>:html:<k>  the same threads rendered (text: a JSON header line, then the markup),
 *                             what most views read instead of the chunk
 *   comments:<slug>:feed      the newest comments, with the page each is on
 */
import type { Config } from "../config";
import type { PublicComment } from "./model";
import { readJsonMemo, readTextMemo, type ValueType } from "../posts/kv-memo";
import { slugPath } from "../posts/slug";
import { postKey } from "../posts/store";
import { navKey } from "../posts/archive";
import { threadPlace } from "./store";

export type CommentOrder = "oldest" | "newest";

export interface CommentLayout {
  perPage: number;
  order: CommentOrder;
}

export const DEFAULT_LAYOUT: CommentLayout = { perPage: 50, order: "oldest" };

export const layoutOf = (config: Pick<Config, "COMMENTS_PER_PAGE" | "COMMENTS_ORDER">): CommentLayout => ({ perPage: config.COMMENTS_PER_PAGE, order: config.COMMENTS_ORDER });

export interface CommentSummary {
  /** When anything readers see of this post's comments last changed: the version pages are cached by. */
  builtAt: number;
  /** Approved comments. */
  count: number;
  /** Top-level threads. */
  threads: number;
  /** Threads a chunk holds: the page size the chunks were built with. */
  perPage: number;
}

export interface CommentChunk {
  builtAt: number;
  /** Each thread: its head first, then its replies, oldest first. */
  threads: PublicComment[][];
}

/**
 * A chunk's threads rendered when it was built (views.tsx renderThreads),
 * and what for (threadsHtmlKey). Stored beside the chunk as text, a header
 * line of JSON and then the markup, so that a view reads 50 KiB of markup
 * and joins it as it is, instead of parsing it out of the chunk's JSON.
 */
export interface ChunkHtml {
  builtAt: number;
  key: string;
  /** The threads' markup, one after another. */
  body: string;
  /** Each thread's length in `body` (UTF-16 code units). */
  lengths: number[];
}

export function encodeChunkHtml(builtAt: number, key: string, threads: string[]): string {
  return `${JSON.stringify({ builtAt, key, lengths: threads.map((html) => html.length) })}\n${threads.join("")}`;
}

/** Null for a value that is not one (an older layout, a truncated write): the view then renders from the chunk. */
export function decodeChunkHtml(text: string | null): ChunkHtml | null {
  const end = text?.indexOf("\n") ?? -1;
  if (text === null || end < 0) return null;
  try {
    const head = JSON.parse(text.slice(0, end)) as { builtAt?: unknown; key?: unknown; lengths?: unknown };
    const { builtAt, key, lengths } = head;
    if (typeof builtAt !== "number" || typeof key !== "string" || !Array.isArray(lengths) || !lengths.every((n) => Number.isSafeInteger(n) && n >= 0)) return null;
    const body = text.slice(end + 1);
    if ((lengths as number[]).reduce((a, b) => a + b, 0) !== body.length) return null;
    return { builtAt, key, body, lengths: lengths as number[] };
  } catch {
    return null;
  }
}

/** One entry of a post's comment feed: the comment, and the page it is on. */
export interface FeedComment extends PublicComment {
  page: number;
}

export interface CommentFeed {
  builtAt: number;
  comments: FeedComment[];
}

export const summaryKey = (slug: string) => `comments:${slug}:summary`;
export const chunkKey = (slug: string, k: number) => `comments:${slug}:chunk:${k}`;
export const chunkHtmlKey = (slug: string, k: number) => `comments:${slug}:html:${k}`;
export const feedKey = (slug: string) => `comments:${slug}:feed`;

export const EMPTY_SUMMARY: CommentSummary = { builtAt: 0, count: 0, threads: 0, perPage: DEFAULT_LAYOUT.perPage };

export const pageCount = (threads: number, perPage: number) => Math.max(1, Math.ceil(threads / perPage));

/** The page that shows the thread at `position` (0 = oldest) of `threads`. */
export function pageOfPosition(position: number, threads: number, layout: CommentLayout): number {
  return layout.order === "oldest" ? Math.floor(position / layout.perPage) + 1 : Math.floor((threads - 1 - position) / layout.perPage) + 1;
}

/** The thread positions page `page` shows, oldest first: [from, to). */
export function positionsOfPage(page: number, threads: number, layout: CommentLayout): { from: number; to: number } {
  if (layout.order === "oldest") return { from: (page - 1) * layout.perPage, to: Math.min(threads, page * layout.perPage) };
  return { from: Math.max(0, threads - page * layout.perPage), to: Math.max(0, threads - (page - 1) * layout.perPage) };
}

/** `/<slug>` for page 1, `/<slug>/comment-page-N/` after it (WordPress's addresses). */
export function commentPagePath(slug: string, page: number): string {
  return page <= 1 ? slugPath(slug) : `${slugPath(slug)}/comment-page-${page}/`;
}

/**
 * A comment's lasting address, `/<slug>/comments/<id>`: it redirects to the
 * comment page that holds the comment when it is followed (digest, desk).
 */
export const commentLink = (slug: string, id: number) => `${slugPath(slug)}/comments/${id}`;

/**
 * The comment page that holds a comment now (or will, once it is approved),
 * from D1: for the links that must land on it (after posting, a lasting
 * address, a reply asked for on another page). Null for an unknown comment.
 */
export async function pageOfComment(db: D1Database | D1DatabaseSession, id: number, layout: CommentLayout): Promise<{ slug: string; page: number; newThread: boolean } | null> {
  const place = await threadPlace(db, id);
  return place && { slug: place.slug, page: pageOfPosition(place.position, place.threads, layout), newThread: place.newThread };
}

/**
 * The KV keys comment page `page` of a post is read from: the post, its
 * neighbours, the summary and, when the blog shows the oldest threads first,
 * its one chunk (page N is chunk N−1): its rendered threads for a view that
 * shows them as they are (`rendered`), else its data. Newest first, the
 * chunks depend on the summary.
 */
export function postPageKeys(slug: string, page: number, order: CommentOrder, rendered: boolean): [string, ValueType][] {
  const chunk: [string, ValueType][] = order !== "oldest" ? [] : rendered ? [[chunkHtmlKey(slug, page - 1), "text"]] : [[chunkKey(slug, page - 1), "json"]];
  return [[postKey(slug), "json"], [navKey(slug), "json"], [summaryKey(slug), "json"], ...chunk];
}

export function readCommentSummary(kv: KVNamespace, slug: string): Promise<CommentSummary | null> {
  return readJsonMemo<CommentSummary>(kv, summaryKey(slug));
}

export function readCommentFeed(kv: KVNamespace, slug: string): Promise<CommentFeed | null> {
  return readJsonMemo<CommentFeed>(kv, feedKey(slug));
}

export interface CommentPage {
  page: number;
  pages: number;
  /** Approved comments of the whole post. */
  count: number;
  /** The page's threads in the order it shows them; null when only their markup was read (`html`). */
  threads: PublicComment[][] | null;
  /** The versions of what the page was read from (summary and chunks), for caching the rendered page. */
  version: string;
  /** The page's threads as rendered ahead of time, in its order (read when asked for and there for the key asked). */
  html?: { key: string; body: string };
}

/** A comment page with its threads' data (read without asking for their markup). */
export type CommentPageData = CommentPage & { threads: PublicComment[][] };

/**
 * One page of a post's threads: the summary and the one or two chunks the
 * page spans. Null for a page past the last. The page size is the one the
 * chunks were built with (a changed COMMENTS_PER_PAGE applies as posts are
 * rebuilt), and the order is the blog's. `renderedFor`: a threadsHtmlKey;
 * the chunks' markup rendered for it is read instead of their data when
 * every chunk has it (`threads` is then null), else their data as usual.
 */
export function readCommentPage(kv: KVNamespace, slug: string, page: number, order: CommentOrder, summary?: CommentSummary | null): Promise<CommentPageData | null>;
export function readCommentPage(kv: KVNamespace, slug: string, page: number, order: CommentOrder, summary: CommentSummary | null | undefined, renderedFor: string | undefined): Promise<CommentPage | null>;
export async function readCommentPage(kv: KVNamespace, slug: string, page: number, order: CommentOrder, summary?: CommentSummary | null, renderedFor?: string): Promise<CommentPage | null> {
  const sum = summary === undefined ? await readCommentSummary(kv, slug) : summary;
  const s = sum ?? EMPTY_SUMMARY;
  const layout: CommentLayout = { perPage: s.perPage, order };
  const pages = pageCount(s.threads, s.perPage);
  if (!Number.isSafeInteger(page) || page < 1 || page > pages) return null;
  const { from, to } = positionsOfPage(page, s.threads, layout);
  const first = Math.floor(from / s.perPage);
  const last = Math.floor((Math.max(from, to - 1)) / s.perPage);
  const ks = to > from ? Array.from({ length: last - first + 1 }, (_, i) => first + i) : [];
  const versionOf = (chunks: { builtAt: number }[]) => [s.builtAt, ...chunks.map((chunk) => chunk.builtAt)].join(".");
  // Positions [from, to) in the chunks' threads (which start at chunk `first`), in the page's order.
  const cut = <T,>(all: T[]) => {
    const part = all.slice(from - first * s.perPage, to - first * s.perPage);
    return order === "newest" ? part.reverse() : part;
  };

  if (renderedFor !== undefined && ks.length > 0) {
    // Side by side (newest first, a page spans two chunks).
    const read = await Promise.all(ks.map(async (k) => decodeChunkHtml(await readTextMemo(kv, chunkHtmlKey(slug, k)))));
    // Each chunk holds perPage threads but the last, which holds the rest.
    const htmls = read.filter((html, i): html is ChunkHtml => html?.key === renderedFor && html.lengths.length === Math.min(s.perPage, s.threads - ks[i]! * s.perPage));
    if (htmls.length === ks.length) {
      const version = versionOf(htmls);
      // The usual page, oldest first: one chunk, whole, already in its order.
      if (order === "oldest" && htmls.length === 1 && from === first * s.perPage && to - from === htmls[0]!.lengths.length) {
        return { page, pages, count: s.count, threads: null, version, html: { key: renderedFor, body: htmls[0]!.body } };
      }
      const threads = htmls.flatMap((html) => {
        let at = 0;
        return html.lengths.map((n) => html.body.slice(at, (at += n)));
      });
      return { page, pages, count: s.count, threads: null, version, html: { key: renderedFor, body: cut(threads).join("") } };
    }
  }

  const chunks = await Promise.all(
    ks.map(async (k) => {
      const chunk = await readJsonMemo<CommentChunk>(kv, chunkKey(slug, k));
      // A chunk missing while its summary says it exists: a writer died half-way; the cron heals it.
      if (!chunk) throw new Error(`comment chunk ${k} of ${slug} is missing`);
      return chunk;
    }),
  );
  return { page, pages, count: s.count, threads: cut(chunks.flatMap((chunk) => chunk.threads)), version: versionOf(chunks) };
}
