/**
 * Rebuilds what readers see of a post's comments (the KV keys of pages.ts)
 * from D1, by whoever changed it: moderation, the scorer, an import, the
 * seed; and hands the approved count to the posts side for its lists.
 * Always rebuilt from D1, never patched, so racing writers heal; but only the
 * keys that change are written: the chunks whose threads changed (a new
 * thread: the newest chunk; a reply or an edit: its thread's chunk; a thread
 * added or removed in the middle: the chunks after it), the summary when the
 * counts change, the feed when its comments do.
 */
import type { PublicComment } from "./model";
import { approvedCountStatement, newestApprovedStatement, threadHeadsOf, threadRootsStatement, threadsOf, toPublic, type PublicRow } from "./store";
import { setCommentCounts, type PostStores } from "../posts/store";
import { zoneOf } from "../views/i18n";
import { forget } from "../posts/kv-memo";
import { PAGE_PATH_MARK, renderThreads, threadsHtmlKey, type ThreadsRendering } from "./views";
import { DEFAULT_LAYOUT, chunkHtmlKey, chunkKey, commentPagePath, encodeChunkHtml, feedKey, pageOfPosition, summaryKey, type CommentChunk, type CommentFeed, type CommentLayout, type CommentSummary } from "./pages";

/** The newest approved comments a post's comment feed carries. */
export const COMMENT_FEED_ENTRIES = 50;

/** What changed, per post: the comments whose visibility or text changed, or "all" (rebuild every chunk). */
export type CommentChanges = Map<string, Iterable<number> | "all">;

/** The stores, and the comment layout vars when the caller has them (the Worker's env does). */
export type CommentStores = PostStores & { COMMENTS_PER_PAGE?: string | number; COMMENTS_ORDER?: string; COMMENT_MAX_DEPTH?: string | number; TIME_ZONE?: string };

/**
 * What the threads are rendered for, from the vars (validated by loadConfig on
 * the Worker's paths); null without a time zone (a script's bare stores): the
 * chunks then carry no HTML and pages render their threads as they are viewed.
 */
function renderingFromStores(stores: CommentStores, lang: string | undefined): ThreadsRendering | null {
  const depth = Number(stores.COMMENT_MAX_DEPTH ?? 5);
  const timeZone = zoneOf(stores.TIME_ZONE);
  if (!timeZone || lang === undefined || !Number.isSafeInteger(depth) || depth < 1 || depth > 10) return null;
  return { lang, timeZone, maxDepth: depth, order: layoutFromStores(stores).order };
}

/** The layout from the vars (validated by loadConfig on the Worker's paths; defaults elsewhere). */
export function layoutFromStores(stores: CommentStores): CommentLayout {
  const perPage = Number(stores.COMMENTS_PER_PAGE);
  return {
    perPage: Number.isSafeInteger(perPage) && perPage >= 5 && perPage <= 500 ? perPage : DEFAULT_LAYOUT.perPage,
    order: stores.COMMENTS_ORDER === "newest" ? "newest" : "oldest",
  };
}

const FEED_CHUNK = -1;
const SUMMARY_CHUNK = -2;
/** The key of a post's comments before comment pages: removed when the post is rebuilt whole. */
const legacyKey = (slug: string) => `comments:${slug}`;

/** Rebuilds the given posts' comment pages; then hands the changed counts to the posts side once. */
export async function rebuildCommentPages(stores: CommentStores, changes: CommentChanges, now = Date.now()): Promise<void> {
  const counts = new Map<string, number>();
  for (const [slug, changed] of changes) {
    const count = await rebuildPost(stores, slug, changed, now);
    if (count !== null) counts.set(slug, count);
  }
  await setCommentCounts(stores, counts, now);
}

/** Every chunk of these posts (imports, the seed). */
export function rebuildCommentSnapshots(stores: CommentStores, slugs: Iterable<string>, now = Date.now()): Promise<void> {
  return rebuildCommentPages(stores, new Map([...new Set(slugs)].map((slug) => [slug, "all" as const])), now);
}

/** Rebuilds one post; returns its approved count when that changed, else null. */
async function rebuildPost(stores: CommentStores, slug: string, changed: Iterable<number> | "all", now: number): Promise<number | null> {
  const db = stores.DB;
  const layout = layoutFromStores(stores);
  const P = layout.perPage;
  const [rootRows, countRows, builtRows, feedRows, langRows] = await db.batch<Record<string, unknown>>([
    threadRootsStatement(db, slug),
    approvedCountStatement(db, slug),
    db.prepare("SELECT chunk, built FROM comment_chunks WHERE slug = ?1").bind(slug),
    newestApprovedStatement(db, slug, COMMENT_FEED_ENTRIES),
    db.prepare("SELECT lang FROM posts WHERE slug = ?1").bind(slug),
  ]);
  const rendering = renderingFromStores(stores, (langRows!.results[0] as { lang: string } | undefined)?.lang);
  const roots = (rootRows!.results as { id: number }[]).map((row) => row.id);
  const count = (countRows!.results[0] as { n: number }).n;
  const built = new Map((builtRows!.results as { chunk: number; built: string }[]).map((row) => [row.chunk, row.built]));
  const position = new Map(roots.map((id, i) => [id, i]));
  const chunks = Math.ceil(roots.length / P);
  const chunkBuilt = (k: number) => `${P}:${roots.slice(k * P, k * P + P).join(",")}`;

  // Chunks whose heads moved, appeared or went; and the chunks of the threads that changed inside.
  const dirty = new Set<number>();
  for (let k = 0; k < chunks; k++) if (changed === "all" || built.get(k) !== chunkBuilt(k)) dirty.add(k);
  const changedIds = changed === "all" ? [] : [...new Set(changed)];
  const feedComments = (feedRows!.results as PublicRow[]).map(toPublic);
  const heads = await threadHeadsOf(db, [...changedIds, ...feedComments.map((c) => c.id)]);
  for (const id of changedIds) {
    const at = position.get(heads.get(id) ?? -1);
    if (at !== undefined) dirty.add(Math.floor(at / P));
  }
  const gone = [...built.keys()].filter((k) => k >= chunks);

  const feed: CommentFeed = {
    builtAt: now,
    comments: feedComments.map((c) => ({ ...c, page: pageOfPosition(position.get(heads.get(c.id) ?? -1) ?? 0, roots.length, layout) })),
  };
  const feedBuilt = JSON.stringify(feed.comments.map((c) => [c.id, c.page]));
  const changedSet = new Set(changedIds);
  const feedDirty = changed === "all" || built.get(FEED_CHUNK) !== feedBuilt || feed.comments.some((c) => changedSet.has(c.id));
  const summary: CommentSummary = { builtAt: now, count, threads: roots.length, perPage: P };
  const summaryBuilt = `${count}:${roots.length}:${P}`;
  const oldCount = Number((built.get(SUMMARY_CHUNK) ?? "").split(":")[0]);
  // An edit inside a thread changes its chunk only: a page's version is its summary's and its chunks' together.
  const summaryDirty = changed === "all" || gone.length > 0 || built.get(SUMMARY_CHUNK) !== summaryBuilt;

  // The threads of the dirty chunks, in one query, grouped under their heads.
  const dirtyChunks = [...dirty].sort((a, b) => a - b);
  const wanted = dirtyChunks.flatMap((k) => roots.slice(k * P, k * P + P));
  const threads = groupThreads(wanted, await threadsOf(db, wanted));

  const kv = stores.POSTS;
  const writeChunk = async (k: number) => {
    const chunkThreads = roots.slice(k * P, k * P + P).map((id) => threads.get(id) ?? []);
    const chunk: CommentChunk = { builtAt: now, threads: chunkThreads };
    await Promise.all([
      kv.put(chunkKey(slug, k), JSON.stringify(chunk)),
      // Rendered now, once per change, so that a page view in a new isolate neither renders them nor parses them out of JSON.
      rendering
        ? kv.put(chunkHtmlKey(slug, k), encodeChunkHtml(now, threadsHtmlKey(rendering), await renderThreads(chunkThreads, { ...rendering, pagePath: layout.order === "oldest" ? commentPagePath(slug, k + 1) : PAGE_PATH_MARK })))
        : kv.delete(chunkHtmlKey(slug, k)),
    ]);
  };
  // Each key once, side by side (a post rebuilt whole has one chunk per 50 threads).
  await Promise.all([...dirtyChunks.map(writeChunk), ...gone.flatMap((k) => [kv.delete(chunkKey(slug, k)), kv.delete(chunkHtmlKey(slug, k))])]);
  for (const k of [...dirtyChunks, ...gone]) {
    forget(chunkKey(slug, k));
    forget(chunkHtmlKey(slug, k));
  }
  // The summary after the chunks, so a reader never gets a summary that names a chunk not written yet.
  if (summaryDirty) {
    await kv.put(summaryKey(slug), JSON.stringify(summary));
    forget(summaryKey(slug));
  }
  if (feedDirty) {
    await kv.put(feedKey(slug), JSON.stringify(feed));
    forget(feedKey(slug));
  }
  if (changed === "all") await kv.delete(legacyKey(slug));

  const records: [number, string][] = [...dirtyChunks.map((k) => [k, chunkBuilt(k)] as [number, string]), [FEED_CHUNK, feedBuilt], [SUMMARY_CHUNK, summaryBuilt]];
  await db.batch([
    db
      .prepare("INSERT INTO comment_chunks (slug, chunk, built) SELECT ?1, value ->> '$[0]', value ->> '$[1]' FROM json_each(?2) WHERE true ON CONFLICT (slug, chunk) DO UPDATE SET built = excluded.built")
      .bind(slug, JSON.stringify(records)),
    db.prepare("DELETE FROM comment_chunks WHERE slug = ?1 AND chunk >= ?2").bind(slug, chunks),
  ]);
  return oldCount === count ? null : count;
}

/** Each head's thread: the head, then its replies oldest first (threadsOf returns every comment once, oldest first). */
function groupThreads(heads: number[], comments: PublicComment[]): Map<number, PublicComment[]> {
  const headSet = new Set(heads);
  const byId = new Map(comments.map((c) => [c.id, c]));
  const headOf = new Map<number, number>();
  const find = (c: PublicComment): number | undefined => {
    const path: number[] = [];
    let at: PublicComment | undefined = c;
    let head: number | undefined;
    while (at && head === undefined && path.length <= comments.length) {
      if (headSet.has(at.id)) head = at.id;
      else if (headOf.has(at.id)) head = headOf.get(at.id);
      else {
        path.push(at.id);
        at = at.parentId === null ? undefined : byId.get(at.parentId);
      }
    }
    for (const id of path) if (head !== undefined) headOf.set(id, head);
    return head;
  };
  const threads = new Map<number, PublicComment[]>(heads.map((id) => [id, []]));
  for (const c of comments) {
    const head = find(c);
    if (head === undefined) continue;
    if (c.id === head) threads.get(head)!.unshift(c);
    else threads.get(head)!.push(c);
  }
  return threads;
}

/**
 * The statement that records, inside the writer's own D1 batch, that these
 * posts' pages are now stale (and which comments changed). Paired with
 * rebuildMarkedSnapshots(); a writer that dies between the two leaves the
 * mark, and the cron finishes the job.
 */
export function markSnapshotsStale(db: D1Database, changes: CommentChanges, now: number): D1PreparedStatement {
  const marks = [...changes].map(([slug, ids]) => [slug, ids === "all" ? null : [...new Set(ids)]]);
  return db
    .prepare(
      `INSERT INTO snapshot_dirty (slug, since, ids) SELECT value ->> '$[0]', ?2, value -> '$[1]' FROM json_each(?1) WHERE true
       ON CONFLICT (slug) DO UPDATE SET ids = CASE WHEN snapshot_dirty.ids IS NULL OR excluded.ids IS NULL THEN NULL
         ELSE (SELECT json_group_array(value) FROM (SELECT value FROM json_each(snapshot_dirty.ids) UNION SELECT value FROM json_each(excluded.ids))) END`,
    )
    .bind(JSON.stringify(marks), now);
}

/** Rebuilds the given posts' pages and clears their marks (when the pages are written, a cron heal is no longer needed). */
export async function rebuildMarkedSnapshots(stores: CommentStores, changes: CommentChanges, now = Date.now()): Promise<void> {
  if (changes.size === 0) return;
  await rebuildCommentPages(stores, changes, now);
  await stores.DB.prepare("DELETE FROM snapshot_dirty WHERE slug IN (SELECT value FROM json_each(?1)) AND since <= ?2").bind(JSON.stringify([...changes.keys()]), now).run();
}

/** The marks left by writers that did not finish (at most `limit` posts), as changes to rebuild. */
export async function staleChanges(db: D1Database, limit: number): Promise<CommentChanges> {
  const { results } = await db.prepare("SELECT slug, ids FROM snapshot_dirty ORDER BY since LIMIT ?1").bind(limit).all<{ slug: string; ids: string | null }>();
  return new Map(results.map((row) => [row.slug, row.ids === null ? "all" : (JSON.parse(row.ids) as number[])]));
}

/** Rebuilds every page a writer marked stale and did not finish (at most `limit` posts a run). */
export async function healStaleSnapshots(stores: CommentStores, limit: number, now = Date.now()): Promise<number> {
  const changes = await staleChanges(stores.DB, limit);
  await rebuildMarkedSnapshots(stores, changes, now);
  return changes.size;
}

/** A deleted post's comments: its D1 rows and every key readers could read of them. */
export async function deleteCommentsOf(stores: PostStores, slug: string): Promise<void> {
  const { results } = await stores.DB.prepare("SELECT chunk FROM comment_chunks WHERE slug = ?1 AND chunk >= 0").bind(slug).all<{ chunk: number }>();
  await stores.DB.batch([stores.DB.prepare("DELETE FROM comments WHERE post_slug = ?1").bind(slug), stores.DB.prepare("DELETE FROM comment_chunks WHERE slug = ?1").bind(slug)]);
  for (const key of [summaryKey(slug), feedKey(slug), legacyKey(slug), ...results.flatMap((row) => [chunkKey(slug, row.chunk), chunkHtmlKey(slug, row.chunk)])]) {
    await stores.POSTS.delete(key);
    forget(key);
  }
}
