/**
 * The search index in D1: an FTS5 table `post_search` (migration 0008) with
 * one row per published, untrashed post, under the post's own rowid in
 * `posts`, holding its title, tags and text as normalize.ts makes them.
 *
 * posts/store.ts adds indexStatement() to the D1 batch that writes the
 * post, so the index never disagrees with it; a post deleted, unpublished or
 * trashed leaves the index by the migration's triggers, in that very statement.
 * Scheduled posts are indexed like the others; searchPosts() keeps each one
 * out until its date has come, by the same test the lists use, from `posts`.
 * Posts written before the migration wait in `search_queue` until
 * indexQueuedPosts() (run by a search, and by the cron if it calls it)
 * has indexed them.
 */
import { htmlToText } from "../posts/excerpt";
import { dirOf } from "../views/i18n";
import { MARK_END, MARK_START, searchText } from "./normalize";

/** Results a page shows. */
export const RESULTS_PER_PAGE = 10;
/** Queued posts a search indexes before it answers (only while a blog made before search still has some). */
export const BACKFILL_PER_SEARCH = 25;
/** Words around the match that a snippet shows. */
const SNIPPET_TOKENS = 24;

/** A post as D1 keeps the fields the index is made of (tags: the JSON array as stored). */
export interface IndexedFields {
  slug: string;
  title: string;
  html: string;
  tags: string;
}

/**
 * Writes the post's row in the index, in the writer's batch after the post
 * itself is written: one statement, so a write costs D1 one more. It reads
 * the post back (its rowid, and whether readers may ever see it: published,
 * not in the trash) and only while it still holds exactly these fields, so a
 * backfill that read an older version cannot overwrite what a writer indexed
 * meanwhile. A post that stops being visible leaves the index by the
 * migration's triggers, in the same UPDATE or DELETE.
 */
export function indexStatement(db: D1Database, post: IndexedFields): D1PreparedStatement {
  const tags = (JSON.parse(post.tags) as string[]).join(" · ");
  return db
    .prepare(
      `INSERT OR REPLACE INTO post_search (rowid, title, tags, body)
       SELECT rowid, ?5, ?6, ?7 FROM posts WHERE slug = ?1 AND title = ?2 AND html = ?3 AND tags = ?4 AND status = 'published' AND trashed_at IS NULL`,
    )
    .bind(post.slug, post.title, post.html, post.tags, searchText(post.title), searchText(tags), searchText(htmlToText(post.html)));
}

/** Indexes up to `limit` posts that were written before the index existed. Returns how many it took off the queue. */
export async function indexQueuedPosts(db: D1Database, limit: number): Promise<number> {
  const { results } = await db
    .prepare("SELECT q.slug, p.title, p.html, p.tags FROM search_queue q LEFT JOIN posts p ON p.slug = q.slug LIMIT ?1")
    .bind(limit)
    .all<{ slug: string; title: string | null; html: string | null; tags: string | null }>();
  if (results.length === 0) return 0;
  await db.batch(
    results.flatMap((row) => [
      ...(row.title === null ? [] : [indexStatement(db, row as IndexedFields)]),
      db.prepare("DELETE FROM search_queue WHERE slug = ?1").bind(row.slug),
    ]),
  );
  return results.length;
}

/** One result: what the results page shows of a post. Marked texts hold MARK_START/MARK_END around matched words. */
export interface SearchHit {
  slug: string;
  title: string;
  /** The title with its matches marked, when the index holds it as written (no niqqud to lose). */
  titleMarked: string | null;
  lang: string;
  dir: "ltr" | "rtl";
  tags: string[];
  published: number;
  /** A few words of the text around the matches, marked; empty when only the title or tags matched and the text is empty. */
  snippet: string;
}

const VISIBLE = "post_search MATCH ?1 AND p.status = 'published' AND p.trashed_at IS NULL AND p.published_at <= ?2";

interface HitRow {
  slug: string;
  title: string;
  lang: string;
  tags: string;
  published_at: number;
  title_marked: string;
  snippet: string;
}

/**
 * The posts readers can see now that match `expression` (query.ts), best
 * first (title over tags over text), one page of them, and how many in all.
 * A blog still backfilling its index indexes a few more posts first.
 */
export async function searchPosts(db: D1Database, expression: string, page: number, now: number): Promise<{ total: number; hits: SearchHit[] }> {
  const run = () =>
    db.batch<unknown>([
      db.prepare("SELECT 1 FROM search_queue LIMIT 1"),
      db.prepare(`SELECT COUNT(*) AS n FROM post_search JOIN posts p ON p.rowid = post_search.rowid WHERE ${VISIBLE}`).bind(expression, now),
      db
        .prepare(
          `SELECT p.slug, p.title, p.lang, p.tags, p.published_at,
             highlight(post_search, 0, ?3, ?4) AS title_marked,
             snippet(post_search, 2, ?3, ?4, '…', ?5) AS snippet
           FROM post_search JOIN posts p ON p.rowid = post_search.rowid
           WHERE ${VISIBLE}
           ORDER BY bm25(post_search, 5.0, 3.0, 1.0), p.published_at DESC, p.slug
           LIMIT ?6 OFFSET ?7`,
        )
        .bind(expression, now, MARK_START, MARK_END, SNIPPET_TOKENS, RESULTS_PER_PAGE, (page - 1) * RESULTS_PER_PAGE),
    ]);
  let [queued, count, rows] = await run();
  if (queued!.results.length > 0 && (await indexQueuedPosts(db, BACKFILL_PER_SEARCH)) > 0) [, count, rows] = await run();
  const total = (count!.results[0] as { n: number }).n;
  const hits = (rows!.results as HitRow[]).map((row) => ({
    slug: row.slug,
    title: row.title,
    titleMarked: searchText(row.title) === row.title ? row.title_marked : null,
    lang: row.lang,
    dir: dirOf(row.lang),
    tags: JSON.parse(row.tags) as string[],
    published: row.published_at,
    snippet: row.snippet,
  }));
  return { total, hits };
}
