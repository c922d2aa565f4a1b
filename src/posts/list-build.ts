/**
 * Writes the lists of lists.ts from D1, touching only the keys that change.
 *
 * Every change to which posts a list shows goes through listChanges(): in the
 * writer's own D1 batch it moves the posts in list_entries and marks, per
 * list, the positions that moved (lists_dirty). rebuildLists() then reads
 * those ranges in one query, rewrites their chunks (and the head, the sitemap
 * files) and clears the marks it finished. A writer that dies in between
 * leaves its marks and the cron finishes them (listDuePosts + rebuildLists);
 * KV values are always rebuilt from D1, never patched, so racing writers heal.
 *
 * What moves: a post edited in place, nothing (its chunk is rewritten); a post
 * whose date changed, the posts between its old and new places; a post added
 * or removed, every post after it (anchored at the oldest, a new post is last).
 */
import { POSTS_PER_PAGE } from "../config";
import { FEED_ENTRIES } from "./feeds";
import { forget } from "./kv-memo";
import type { ListChunk, ListHead, PostSummary, SitemapFile } from "./model";
import { BLOG_LIST, LIST_CHUNK_SIZE as SIZE, MONTH_PREFIX, SITEMAP_URLS as URLS, chunkKey, headKey, headSize, listName, monthList, sitemapKey, tagKey } from "./lists";
import { ARCHIVE_KEY, monthOf, navKey, type ArchiveMonths, type PostNav } from "./archive";
import { dirOf, zoneOf } from "../views/i18n";
import { postEntryKey, renderPostEntry } from "../views/parts";

interface Stores {
  DB: D1Database;
  POSTS: KVNamespace;
  /** The blog's time zone (the Worker's env has it): which month list a post is in, and the entries' dates. Absent: UTC, and entries are rendered as pages are viewed. */
  TIME_ZONE?: string;
}

/** A mark's end when it runs to the end of the list. */
const END = Number.MAX_SAFE_INTEGER;
/**
 * The mark that says list_entries itself must be rebuilt from posts: migration
 * 0004 leaves it on an existing blog (having filled in the blog's own list,
 * which needs no tag keys, so a post published before the cron's next run
 * already finds its neighbours), and listDuePosts() acts on it. No list has
 * this name: tags never start with a space (savePost trims them).
 */
const REINDEX = " *";
/** Rows one rebuild reads at most (about a KV write per 10): keeps a request well under Workers' 1,000 KV operations. */
export const LIST_ROWS_PER_RUN = 2_000;
/** Lists one rebuild rewrites at most (each writes a head and a chunk or more); the rest stay marked for the next. */
export const LISTS_PER_RUN = 100;
/** Scheduled posts one cron run lists at most. */
export const DUE_PER_RUN = 25;
/** list_entries rows per INSERT when every list is rebuilt (one bound JSON parameter each). */
const ENTRIES_PER_INSERT = 1_000;
/** `nav:<slug>` keys one rebuild writes at most (a whole list's, after an import or a reindex, takes several runs). */
export const NAV_PER_RUN = 500;
/**
 * A mark's stamp starts with this when the mark may stand for several posts'
 * moves (a batch, a reindex, two writers' marks merged): its neighbour keys
 * are rewritten over its whole range. A mark of one post's move rewrites
 * only the neighbours of its two ends.
 */
const WIDE = "*";

export interface ListMark {
  list: string;
  from: number;
  to: number;
  stamp: string;
}

/** Where a post belongs: its lists (none unless published and due), and when it is due if scheduled. */
export interface ListChange {
  slug: string;
  at: number;
  lists: string[];
  due: number | null;
}

export function placeOf(post: { slug: string; status: string; published: number; tags: string[] }, now: number, timeZone?: string): ListChange {
  const published = post.status === "published";
  const shown = published && post.published <= now;
  const lists = shown ? [BLOG_LIST, ...new Set(post.tags.map(tagKey)), monthList(monthOf(post.published, timeZone))] : [];
  return { slug: post.slug, at: post.published, lists, due: published && !shown ? post.published : null };
}

// A post's position in a list: the entries before it, in the lists' order (published_at, then slug descending).
const before = (at: string) =>
  `IIF(m.${at} IS NULL, NULL, (SELECT COUNT(*) FROM list_entries e WHERE e.list = m.list AND e.slug <> m.slug AND (e.published_at < m.${at} OR (e.published_at = m.${at} AND e.slug > m.slug))))`;

/**
 * Marks, per list, the positions these posts' moves shift: ?1 the posts' slugs,
 * ?2 their new entries [slug, list, at]. Counted before the entries change, so
 * the first position is exact however many posts move; the end is exact for
 * one post (?3 = 0) and "to the end" for several.
 */
const MARK = `WITH nw(slug, list, at) AS (SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]' FROM json_each(?2)),
  od(slug, list, at) AS (SELECT slug, list, published_at FROM list_entries WHERE slug IN (SELECT value FROM json_each(?1))),
  m AS (SELECT slug, list, od.at AS old_at, nw.at AS new_at FROM od FULL JOIN nw USING (slug, list)),
  pos(list, op, np) AS (SELECT list, ${before("old_at")}, ${before("new_at")} FROM m)
INSERT INTO lists_dirty (list, from_pos, to_pos, stamp, since)
SELECT list, MIN(COALESCE(MIN(op, np), op, np)), IIF(?3 OR MAX(op IS NULL OR np IS NULL), ?4, MAX(MAX(op, np)) + 1), ?5, ?6 FROM pos WHERE true GROUP BY list
ON CONFLICT (list) DO UPDATE SET from_pos = MIN(from_pos, excluded.from_pos), to_pos = MAX(to_pos, excluded.to_pos), stamp = '${WIDE}' || ltrim(excluded.stamp, '${WIDE}'), since = MIN(since, excluded.since)
RETURNING list, from_pos, to_pos, stamp`;

const INSERT_ENTRIES = "INSERT INTO list_entries (list, published_at, slug) SELECT value ->> '$[1]', value ->> '$[2]', value ->> '$[0]' FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING";
const INSERT_DUE = "INSERT INTO scheduled_posts (slug, due_at) SELECT value ->> '$[0]', value ->> '$[1]' FROM json_each(?1) WHERE true ON CONFLICT DO NOTHING";

/**
 * The statements that move these posts in the lists, for the writer's own D1
 * batch (first, the mark, whose rows are the marks to rebuild).
 */
export function listChanges(db: D1Database, changes: ListChange[], stamp: string, now: number): D1PreparedStatement[] {
  const slugs = JSON.stringify(changes.map((c) => c.slug));
  const entries = changes.flatMap((c) => c.lists.map((list) => [c.slug, list, c.at]));
  const due = changes.flatMap((c) => (c.due === null ? [] : [[c.slug, c.due]]));
  const statements = [
    db.prepare(MARK).bind(slugs, JSON.stringify(entries), changes.length > 1 ? 1 : 0, END, changes.length > 1 ? WIDE + stamp : stamp, now),
    db.prepare("DELETE FROM list_entries WHERE slug IN (SELECT value FROM json_each(?1))").bind(slugs),
    db.prepare("DELETE FROM scheduled_posts WHERE slug IN (SELECT value FROM json_each(?1))").bind(slugs),
  ];
  if (entries.length > 0) statements.push(db.prepare(INSERT_ENTRIES).bind(JSON.stringify(entries)));
  if (due.length > 0) statements.push(db.prepare(INSERT_DUE).bind(JSON.stringify(due)));
  return statements;
}

export interface MarkRow {
  list: string;
  from_pos: number;
  to_pos: number;
  stamp: string;
}
export const marksOf = (rows: MarkRow[]): ListMark[] => rows.map((r) => ({ list: r.list, from: r.from_pos, to: r.to_pos, stamp: r.stamp }));

/** A row of rowsSql: a list's entry with its position, the list's total, and the post's summary where asked for. */
interface ListRow {
  list: string;
  pos: number;
  total: number;
  head: number;
  slug: string;
  published_at: number;
  updated_at: number;
  title: string | null;
  lang: string | null;
  excerpt: string | null;
  tags: string | null;
  comments: number;
  mark_from: number | null;
  mark_to: number | null;
}

/**
 * Entries of some lists with their positions, in one query: those inside the
 * windows w (lo..hi: slug and dates, for sitemap files; dlo..dhi: the whole
 * summary, for chunks) and the list's newest (its head, which also tells the
 * total). ?2/?3: head sizes of the blog's list and of a tag's; ?4: row limit.
 */
const rowsSql = (lists: string, windows: string) => `WITH lists(list) AS (${lists}),
  r AS MATERIALIZED (SELECT list, slug, ROW_NUMBER() OVER (PARTITION BY list ORDER BY published_at, slug DESC) - 1 AS pos, COUNT(*) OVER (PARTITION BY list) AS total
    FROM list_entries WHERE list IN (SELECT list FROM lists)),
  w(list, lo, hi, dlo, dhi) AS MATERIALIZED (${windows}),
  x AS (SELECT *, pos >= total - IIF(list = '', ?2, ?3) AS head,
    EXISTS (SELECT 1 FROM w WHERE w.list = r.list AND pos >= w.lo AND pos < w.hi) AS wanted,
    EXISTS (SELECT 1 FROM w WHERE w.list = r.list AND pos >= w.dlo AND pos < w.dhi) AS detail FROM r)
SELECT x.list, pos, total, head, p.slug, published_at, updated_at, comment_count AS comments, IIF(head OR detail, title, NULL) AS title,
  IIF(head OR detail, lang, NULL) AS lang, IIF(head OR detail, excerpt, NULL) AS excerpt, IIF(head OR detail, tags, NULL) AS tags,
  from_pos AS mark_from, to_pos AS mark_to
FROM x JOIN posts p ON p.slug = x.slug LEFT JOIN lists_dirty d ON d.list = x.list
WHERE x.wanted OR x.head ORDER BY x.list, x.pos LIMIT ?4`;

/** Windows given as JSON [list, lo, hi, dlo, dhi] (?1). */
const ROWS_OF_MARKS = rowsSql(
  "SELECT value ->> '$[0]' FROM json_each(?1)",
  "SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', value ->> '$[3]', value ->> '$[4]' FROM json_each(?1)",
);
/** Windows: the chunks (?5 posts) that show these posts (slugs in ?1), in every list they are in. */
const ROWS_OF_POSTS = rowsSql(
  "SELECT list FROM list_entries WHERE slug IN (SELECT value FROM json_each(?1))",
  "SELECT list, pos - pos % ?5, pos - pos % ?5 + ?5, pos - pos % ?5, pos - pos % ?5 + ?5 FROM r WHERE slug IN (SELECT value FROM json_each(?1))",
);

const down = (n: number, step: number) => Math.floor(n / step) * step;
const up = (n: number, step: number) => (n >= END ? END : Math.ceil(n / step) * step);

/** A list entry; with a time zone, also its markup as list pages show it (rendered once here, not per isolate). */
function summaryOf(r: ListRow, timeZone: string | undefined): PostSummary {
  const summary: PostSummary = {
    slug: r.slug,
    title: r.title!,
    lang: r.lang!,
    dir: dirOf(r.lang!),
    excerpt: r.excerpt!,
    tags: JSON.parse(r.tags!) as string[],
    published: r.published_at,
    updated: r.updated_at,
    comments: r.comments,
  };
  return timeZone ? { ...summary, entry: { for: postEntryKey(timeZone), html: renderPostEntry(summary, timeZone) } } : summary;
}

let lastBuilt = 0;
/** A version for the keys of one rebuild: the time, but never the same twice in an isolate (pages are cached by it). */
const versionAt = (now: number) => (lastBuilt = Math.max(now, lastBuilt + 1));

/** What the rows at positions [from, from + n) make, in order (rows by position: one list's). */
function span<T>(byPos: Map<number, ListRow>, from: number, n: number, make: (row: ListRow) => T): T[] {
  const out: T[] = [];
  for (let p = from; p < from + n; p++) if (byPos.has(p)) out.push(make(byPos.get(p)!));
  return out;
}
const chunkOf = (byPos: Map<number, ListRow>, k: number, builtAt: number, timeZone: string | undefined) =>
  JSON.stringify({ builtAt, posts: span(byPos, k * SIZE, SIZE, (row) => summaryOf(row, timeZone)) } satisfies ListChunk);
const fileOf = (byPos: Map<number, ListRow>, n: number, builtAt: number) =>
  JSON.stringify({ builtAt, urls: span(byPos, n * URLS, URLS, (r): [string, number] => [r.slug, Math.max(r.updated_at, r.published_at)]) } satisfies SitemapFile);
/** A list's head; null (delete it) once the list is empty. */
const headOf = (rows: ListRow[], total: number, builtAt: number, timeZone: string | undefined) =>
  total === 0 ? null : JSON.stringify({ builtAt, total, size: SIZE, posts: rows.filter((row) => row.head).map((row) => summaryOf(row, timeZone)).reverse() } satisfies ListHead);

function byList(rows: ListRow[]): Map<string, ListRow[]> {
  const lists = new Map<string, ListRow[]>();
  for (const row of rows) lists.set(row.list, [...(lists.get(row.list) ?? []), row]);
  return lists;
}

/** Writes (null: deletes) the collected keys: heads (and the archive) last, so a head never names a chunk before it is written. */
async function flush(kv: KVNamespace, out: Map<string, string | null>): Promise<void> {
  const last = (key: string) => key.startsWith("list:h:") || key === ARCHIVE_KEY;
  const write = (heads: boolean) =>
    Promise.all(
      [...out].filter(([key]) => last(key) === heads).map(([key, value]) => {
        forget(key);
        return value === null ? kv.delete(key) : kv.put(key, value);
      }),
    );
  await write(false);
  await write(true);
}

/** Every month with its count, newest first: `archive:months` is rewritten from this whenever a month list gained or lost a post. */
const MONTH_COUNTS = `SELECT substr(list, ${MONTH_PREFIX.length + 1}) AS month, COUNT(*) AS n FROM list_entries WHERE list >= '${MONTH_PREFIX}' AND list < '${MONTH_PREFIX.slice(0, -1)};' GROUP BY list ORDER BY list DESC`;

/**
 * The blog list's positions whose `nav:<slug>` a mark changes: one post's
 * move changes its neighbours at both ends of the mark (an edit in place,
 * the posts next to it, whose keys show its title); a wide mark, every
 * position in its range.
 */
function navPositions(m: ListMark, total: number): number[] {
  const top = Math.min(m.to, total);
  const at = m.stamp.startsWith(WIDE)
    ? Array.from({ length: Math.max(0, top - m.from + 1) }, (_, i) => m.from - 1 + i)
    : m.to === m.from + 1
      ? [m.from - 1, m.from + 1] // in place: its own neighbours are the same
      : [m.from - 1, m.from, m.from + 1, ...(m.to < END ? [m.to - 2, m.to - 1, m.to] : [])];
  return [...new Set(at)].filter((p) => p >= 0 && p < total);
}

const navPost = (r: ListRow | undefined) => (r ? { slug: r.slug, title: r.title!, lang: r.lang!, dir: dirOf(r.lang!) } : null);

/** `nav:<slug>` of the post at p: null when a row it needs was not read (a run cut short). */
function navOf(byPos: Map<number, ListRow>, p: number, total: number, builtAt: number): string | null {
  const [prev, self, next] = [byPos.get(p - 1), byPos.get(p), byPos.get(p + 1)];
  if (!self || (p > 0 && prev?.title == null) || (p + 1 < total && next?.title == null)) return null;
  return JSON.stringify({ builtAt, prev: navPost(prev), next: navPost(next) } satisfies PostNav);
}

/**
 * Rewrites the marked ranges of these lists from one D1 query (at most
 * LISTS_PER_RUN lists and `rows` rows; what does not fit stays marked, from
 * where it stopped), then clears the marks it finished. Each key once.
 * The blog's list also rewrites the `nav:<slug>` keys its moves changed
 * (navPositions), and a month list that gained or lost a post the archive.
 */
export async function rebuildLists(stores: Stores, marks: ListMark[], now: number, rows = LIST_ROWS_PER_RUN): Promise<void> {
  const todo = marks.filter((m) => m.list !== REINDEX).slice(0, LISTS_PER_RUN);
  if (todo.length === 0) return;
  const db = stores.DB;
  const windows = todo.map(({ list, from, to }) => {
    const [c0, c1] = [down(from, SIZE), up(to, SIZE)];
    if (list !== BLOG_LIST) return [list, c0, c1, c0, c1];
    // The neighbours of the mark's ends, for their nav keys: one row further on each side.
    const [d0, d1] = [Math.max(0, Math.min(c0, from - 2)), to >= END ? END : Math.max(c1, to + 2)];
    return [list, Math.min(down(from, URLS), d0), Math.max(up(to, URLS), d1), d0, d1];
  });
  const timeZone = zoneOf(stores.TIME_ZONE);
  const recount = todo.some((m) => m.list.startsWith(MONTH_PREFIX) && m.to >= END);
  const rowsQuery = db.prepare(ROWS_OF_MARKS).bind(JSON.stringify(windows), FEED_ENTRIES, POSTS_PER_PAGE, rows);
  const [found, counts]: (D1Result<unknown> | undefined)[] = recount ? await db.batch<unknown>([rowsQuery, db.prepare(MONTH_COUNTS)]) : [await rowsQuery.all()];
  const read = found!.results as ListRow[];
  // Rows come by list: only the last list can have been cut short, and lists after it not read at all.
  const cut = read.length >= rows;
  const lastList = read.at(-1)?.list;
  const lists = byList(read);
  const builtAt = versionAt(now);
  const out = new Map<string, string | null>();
  const progress: [string, string, number, string][] = [];
  for (const m of todo) {
    const got = lists.get(m.list) ?? [];
    let partial = cut && (got.length === 0 || m.list === lastList);
    if (partial && got.length === 0) continue;
    const byPos = new Map(got.map((row) => [row.pos, row]));
    let reach = got[0]?.pos ?? 0;
    while (byPos.has(reach)) reach++;
    const total = got[0]?.total ?? 0;
    const blog = m.list === BLOG_LIST;
    const wide = m.stamp.startsWith(WIDE);
    // A wide range of the blog's list writes a nav key per post: at most NAV_PER_RUN a run, the rest in the next.
    if (blog && wide && Math.min(m.to, total) - m.from > NAV_PER_RUN) {
      partial = true;
      reach = Math.min(reach, Math.max(m.from + NAV_PER_RUN, down(m.from, SIZE) + SIZE));
    }
    const name = await listName(m.list);
    // Read in part: only the chunks (and sitemap files) read whole are written; the next run resumes after them.
    const end = partial ? down(reach, SIZE) : Math.min(m.to, total);
    for (let k = Math.floor(m.from / SIZE); k * SIZE < end; k++) out.set(chunkKey(name, k), chunkOf(byPos, k, builtAt, timeZone));
    if (blog) for (let n = Math.floor(m.from / URLS); n * URLS < (partial ? down(reach, URLS) : end); n++) out.set(sitemapKey(n + 1), fileOf(byPos, n, builtAt));
    let navLeft = false;
    if (blog) {
      // Cut short, what is left goes on as a wide mark from `end`, whose range starts one before it: written then.
      const limit = partial ? end - 1 : total;
      for (const p of navPositions(m, total)) {
        const nav = p < limit ? navOf(byPos, p, total, builtAt) : null;
        if (nav !== null) out.set(navKey(byPos.get(p)!.slug), nav);
        else navLeft = true;
      }
    }
    if (partial) {
      progress.push([m.list, m.stamp, Math.max(m.from, Math.min(end, m.to - 1)), navLeft && !wide ? WIDE + m.stamp : m.stamp]);
      continue;
    }
    // The list got shorter: its old last chunk (or sitemap file) may now lie past the end.
    if (m.to >= END && total % SIZE === 0) out.set(chunkKey(name, total / SIZE), null);
    if (m.to >= END && blog && total % URLS === 0) out.set(sitemapKey(total / URLS + 1), null);
    if (m.to >= END || m.to > total - headSize(m.list)) out.set(headKey(name), headOf(got, total, builtAt, timeZone));
    progress.push([m.list, m.stamp, END, m.stamp]);
  }
  if (counts) {
    const months = (counts.results as { month: string; n: number }[]).map((r): [string, number] => [r.month, r.n]);
    out.set(ARCHIVE_KEY, months.length === 0 ? null : JSON.stringify({ builtAt, months } satisfies ArchiveMonths));
  }
  await flush(stores.POSTS, out);
  if (progress.length === 0) return;
  // A mark another writer has taken over since (a new stamp) is left to that writer.
  await db.batch([
    db.prepare("UPDATE lists_dirty SET from_pos = j.value ->> '$[2]', stamp = j.value ->> '$[3]' FROM json_each(?1) AS j WHERE lists_dirty.list = j.value ->> '$[0]' AND lists_dirty.stamp = j.value ->> '$[1]'").bind(JSON.stringify(progress)),
    db.prepare("DELETE FROM lists_dirty WHERE from_pos >= to_pos AND list <> ?1").bind(REINDEX),
  ]);
}

/**
 * Rewrites the chunks (and heads) that show these posts, after `update` (the
 * statement that changed them, e.g. their comment counts) in the same D1
 * batch: one round trip, whatever the blog's size. A chunk a marked rebuild
 * will rewrite anyway is left to it, so no key is written twice.
 */
export async function rewritePostsInLists(stores: Stores, update: D1PreparedStatement, slugs: string[], now: number): Promise<void> {
  const db = stores.DB;
  const [, shown] = await db.batch<ListRow>([update, db.prepare(ROWS_OF_POSTS).bind(JSON.stringify(slugs), FEED_ENTRIES, POSTS_PER_PAGE, -1, SIZE)]);
  const builtAt = versionAt(now);
  const timeZone = zoneOf(stores.TIME_ZONE);
  const wanted = new Set(slugs);
  const out = new Map<string, string | null>();
  for (const [list, rows] of byList(shown!.results)) {
    const byPos = new Map(rows.map((row) => [row.pos, row]));
    const name = await listName(list);
    const { total, mark_from: from, mark_to: to } = rows[0]!;
    for (const row of rows) {
      const k = Math.floor(row.pos / SIZE);
      const pending = from !== null && k >= Math.floor(from / SIZE) && k * SIZE < up(to!, SIZE);
      if (wanted.has(row.slug) && !pending) out.set(chunkKey(name, k), chunkOf(byPos, k, builtAt, timeZone));
    }
    const headPending = from !== null && (to! >= END || to! > total - headSize(list));
    if (!headPending && rows.some((row) => row.head && wanted.has(row.slug))) out.set(headKey(name), headOf(rows, total, builtAt, timeZone));
  }
  await flush(stores.POSTS, out);
}

/**
 * Rebuilds list_entries and scheduled_posts from posts, and marks every list
 * to be rewritten whole: for a blog made before lists, or to start over.
 * Returns the marks (rebuildLists() works through them, a run at a time).
 */
export async function reindexLists(stores: Stores, now: number): Promise<ListWork> {
  const db = stores.DB;
  const { results } = await db.prepare("SELECT slug, status, published_at, tags FROM posts WHERE trashed_at IS NULL").all<{ slug: string; status: string; published_at: number; tags: string }>();
  const places = results.map((p) => placeOf({ slug: p.slug, status: p.status, published: p.published_at, tags: JSON.parse(p.tags) as string[] }, now, stores.TIME_ZONE));
  const entries = places.flatMap((c) => c.lists.map((list) => [c.slug, list, c.at]));
  const statements = ["DELETE FROM list_entries", "DELETE FROM scheduled_posts", "DELETE FROM lists_dirty"].map((sql) => db.prepare(sql));
  for (let i = 0; i < entries.length; i += ENTRIES_PER_INSERT) statements.push(db.prepare(INSERT_ENTRIES).bind(JSON.stringify(entries.slice(i, i + ENTRIES_PER_INSERT))));
  statements.push(db.prepare(INSERT_DUE).bind(JSON.stringify(places.flatMap((c) => (c.due === null ? [] : [[c.slug, c.due]])))));
  statements.push(db.prepare("INSERT INTO lists_dirty (list, from_pos, to_pos, stamp, since) SELECT DISTINCT list, 0, ?1, ?2, ?3 FROM list_entries RETURNING list, from_pos, to_pos, stamp").bind(END, WIDE + crypto.randomUUID(), now));
  const done = await db.batch<MarkRow>(statements);
  // The one key that held every post, before lists (issue 11): a deployed blog must not keep serving it.
  await stores.POSTS.delete("index:posts");
  return { listed: 0, marks: marksOf(done.at(-1)!.results) };
}

const PROBE = `SELECT * FROM (SELECT 'due' AS kind, p.slug AS list, p.tags AS a, p.published_at AS b, NULL AS stamp FROM scheduled_posts s JOIN posts p ON p.slug = s.slug
    WHERE s.due_at <= ?1 AND p.status = 'published' AND p.published_at <= ?1 AND p.trashed_at IS NULL LIMIT ?2)
  UNION ALL SELECT * FROM (SELECT 'mark', list, from_pos, to_pos, stamp FROM lists_dirty ORDER BY since, list LIMIT ?3)`;

export interface ListWork {
  /** Scheduled posts this run put in the lists. */
  listed: number;
  /** What rebuildLists() must rewrite: marks writers left, and the moves just made. */
  marks: ListMark[];
}

/**
 * The cron's step, D1 only (one query when nothing is due or marked): lists
 * the scheduled posts whose time has come, and gathers every mark left to
 * rebuild. The caller rebuilds them (rebuildLists) after whatever else it
 * writes, so a comment count changed meanwhile skips the chunks rebuilt later.
 */
export async function listDuePosts(stores: Stores, now: number): Promise<ListWork> {
  const db = stores.DB;
  const { results } = await db.prepare(PROBE).bind(now, DUE_PER_RUN, LISTS_PER_RUN).all<{ kind: string; list: string; a: string | number; b: number; stamp: string }>();
  const marks = new Map(results.filter((r) => r.kind === "mark").map((r) => [r.list, { list: r.list, from: Number(r.a), to: r.b, stamp: r.stamp }]));
  if (marks.has(REINDEX)) return reindexLists(stores, now);
  const due = results.filter((r) => r.kind === "due").map((r) => placeOf({ slug: r.list, status: "published", published: r.b, tags: JSON.parse(String(r.a)) as string[] }, now, stores.TIME_ZONE));
  if (due.length > 0) {
    const [moved] = await db.batch<MarkRow>(listChanges(db, due, crypto.randomUUID(), now));
    for (const mark of marksOf(moved!.results)) marks.set(mark.list, mark);
  }
  return { listed: due.length, marks: [...marks.values()] };
}

/**
 * Runs listDuePosts + rebuildLists until nothing is left: every list right
 * after a migration or an import, for scripts (npm start's seed) where no
 * Workers limit applies; the Worker itself goes a run at a time.
 */
export async function finishLists(stores: Stores, now = Date.now()): Promise<void> {
  for (let run = 0; run < 10_000; run++) {
    const { marks } = await listDuePosts(stores, now);
    if (marks.length === 0) return;
    await rebuildLists(stores, marks, now);
  }
}

/** Every list rebuilt from D1 from scratch (a first deploy of lists, the demo seed, a repair). For scripts: see finishLists(). */
export async function rebuildAllLists(stores: Stores, now = Date.now()): Promise<void> {
  await stores.DB.prepare("INSERT INTO lists_dirty (list, from_pos, to_pos, stamp, since) VALUES (?1, 0, 0, ?1, 0) ON CONFLICT DO NOTHING").bind(REINDEX).run();
  await finishLists(stores, now);
}
