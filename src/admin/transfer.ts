/**
 * Moving a blog in and out, in bounded batches.
 *
 * Import takes what parseWxr() (or our own export) produced, in pieces the
 * CLI sends one request at a time: posts (sanitized), then comments (held to
 * the comment form's limits, several rows per INSERT, at most 100 bound
 * parameters a statement, one D1 batch a request; threaded by orderReplies(),
 * the rule parseWxr() threads a file by), then a finish step that rebuilds
 * the KV snapshots and the post lists.
 *
 * Every imported post and comment is keyed by its source, the site it came
 * from and its id there (wp_site + wp_id): a second import of the same file
 * changes nothing, and another site's comment 12 is another comment. This
 * blog's own posts and comments have no source but the blog: an export names
 * them by this blog's address (`ownSite`) and NATIVE_ID_BASE + their rowid or
 * id, and importing that export here finds them by rowid again.
 *
 * Rows imported before sites were recorded (migration 0002) have wp_site =
 * '': which site their wp_id belongs to is unknown, so no import matches them
 * by (site, id). They are legacy: exported as this blog's own, and found
 * again only that way.
 *
 * Export reads everything back, page by page, with emails decrypted.
 */
import type { PostStores } from "../posts/store";
import { recordToInput, savePost, type PostRecord } from "../posts/store";
import { listDuePosts, rebuildLists } from "../posts/list-build";
import { isValidSlug, slugify } from "../posts/slug";
import { sanitizePostHtml } from "../posts/sanitize";
import { rebuildCommentSnapshots } from "../comments/snapshot";
import type { CommentRow, CommentStatus } from "../comments/model";
import { decryptText, encryptText, keyedHash } from "../crypto";
import { fitImportedComment, type FittedComment } from "./import-limits";
import type { ImportedComment, ImportedPost, ExportComment, ExportPost } from "./wxr/model";
import { orderReplies, type ParentChange } from "./wxr/reply-order";
import { sourceKey, type ItemSource } from "./wxr/source";

/** Posts and comments that never came from elsewhere get export ids above this, clear of WordPress's own. */
const NATIVE_ID_BASE = 10_000_000;

export const MAX_POSTS_PER_IMPORT = 25;
export const MAX_COMMENTS_PER_IMPORT = 200;
export const MAX_SLUGS_PER_FINISH = 25;
/** 18 values a row: 5 rows keep a statement under D1's 100 bound parameters. */
const COMMENT_COLUMNS = 18;
const ROWS_PER_INSERT = Math.floor(100 / COMMENT_COLUMNS);

export interface ImportOutcome {
  created: { wpId: number; slug: string }[];
  existing: { wpId: number; slug: string }[];
  notes: string[];
}

export type ImportPostInput = Pick<ImportedPost, "wpSite" | "wpId" | "slug" | "title" | "lang" | "html" | "excerpt" | "tags" | "status" | "publishedAt" | "updatedAt" | "commentsOpen"> & { cover?: string | null };

/**
 * Posts of one batch. A post whose source is already here is left as it is.
 * `ownSite`: this blog's address as a site key (normalizeSite(BASE_URL)).
 */
export async function importPosts(stores: PostStores, ownSite: string, posts: ImportPostInput[], now = Date.now()): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: [], existing: [], notes: [] };
  const known = await knownPosts(stores.DB, ownSite, posts.map((p) => ({ site: p.wpSite, id: p.wpId })));
  const done = new Map<string, string>();
  for (const post of posts) {
    const key = sourceKey(post.wpSite, post.wpId);
    const already = known.get(key);
    // One of this blog's own posts (found by rowid, which a deleted post leaves to another) is the same post only under the same slug.
    const here = done.get(key) ?? (already && (!already.own || already.slug === post.slug.normalize("NFC")) ? already.slug : undefined);
    if (here !== undefined) {
      outcome.existing.push({ wpId: post.wpId, slug: here });
      continue;
    }
    const slug = await freeSlug(stores.DB, post.slug, post.title, post.wpId);
    if (slug !== post.slug) outcome.notes.push(`post ${post.wpId}: slug “${post.slug}” was taken or invalid; imported as “${slug}”`);
    await savePost(
      stores,
      {
        slug,
        title: post.title,
        lang: post.lang,
        html: await sanitizePostHtml(post.html),
        excerpt: post.excerpt || undefined,
        tags: post.tags,
        status: post.status,
        publishedAt: post.publishedAt,
        updatedAt: post.updatedAt,
        commentsOpen: post.commentsOpen,
        cover: post.cover ?? null,
        wpSite: post.wpSite,
        wpId: post.wpId,
      },
      now,
    );
    done.set(key, slug);
    outcome.created.push({ wpId: post.wpId, slug });
  }
  // Each post marked the lists it moved (savePost); they are rewritten once, by finishImport() or the cron.
  return outcome;
}

interface KnownPost {
  slug: string;
  /** Found as one of this blog's own posts (by rowid), not by its recorded source. */
  own: boolean;
}

/** The posts already here, by source key: imported ones by (wp_site, wp_id); this blog's own (and legacy ones) by rowid. */
async function knownPosts(db: D1Database, ownSite: string, sources: ItemSource[]): Promise<Map<string, KnownPost>> {
  const { results } = await db
    .prepare(
      `SELECT 0 AS own, p.wp_site AS site, p.wp_id AS id, p.slug FROM json_each(?1) AS s
         JOIN posts p ON p.wp_site = s.value ->> '$[0]' AND p.wp_id = s.value ->> '$[1]'
       UNION ALL
       SELECT 1 AS own, ?2 AS site, p.rowid + ?3 AS id, p.slug FROM json_each(?1) AS s
         JOIN posts p ON p.rowid = (s.value ->> '$[1]') - ?3
       WHERE s.value ->> '$[0]' = ?2 AND s.value ->> '$[1]' > ?3 AND COALESCE(p.wp_site, '') = ''
       ORDER BY own`,
    )
    .bind(pairsJson(sources), ownSite, NATIVE_ID_BASE)
    .all<{ own: number; site: string; id: number; slug: string }>();
  // A post imported under a source wins over one of ours that happens to have that rowid.
  const known = new Map<string, KnownPost>();
  for (const row of results) {
    const key = sourceKey(row.site, row.id);
    if (!known.has(key)) known.set(key, { slug: row.slug, own: row.own === 1 });
  }
  return known;
}

async function freeSlug(db: D1Database, wanted: string, title: string, wpId: number): Promise<string> {
  const base = isValidSlug(wanted) ? wanted : slugify(title) || `wp-${wpId}`;
  const safeBase = isValidSlug(base) ? base : `wp-${wpId}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? safeBase : `${safeBase}-${n}`;
    if (!(await db.prepare("SELECT 1 FROM posts WHERE slug = ?1").bind(candidate).first())) return candidate;
  }
}

export interface CommentImportOutcome {
  created: number;
  existing: number;
  skipped: { wpId: number; reason: string }[];
  /** Comments imported differently from how they came: a field shortened or left out, a reply moved up. */
  notes: { wpId: number; message: string }[];
  /** Posts whose comments changed: the finish step rebuilds their snapshots. */
  slugs: string[];
}

export type ImportCommentInput = Pick<
  ImportedComment,
  "wpSite" | "wpId" | "postWpSite" | "postWpId" | "parentWpSite" | "parentWpId" | "authorName" | "authorEmail" | "authorUrl" | "authorIp" | "body" | "status" | "createdAt" | "isAuthor"
>;

/** A comment of the batch that will be stored. */
interface NewComment {
  input: ImportCommentInput;
  key: string;
  slug: string;
  fitted: FittedComment;
}

/**
 * Comments of one batch, in one D1 batch; a comment already here is left
 * alone. Each reply keeps its parent only if that is a comment of the same
 * post, already stored or earlier in the batch once ordered (orderReplies);
 * otherwise it becomes a top-level comment, with a note.
 */
export async function importComments(db: D1Database, secret: string, ownSite: string, comments: ImportCommentInput[]): Promise<CommentImportOutcome> {
  const outcome: CommentImportOutcome = { created: 0, existing: 0, skipped: [], notes: [], slugs: [] };
  const keyOf = (c: ImportCommentInput) => sourceKey(c.wpSite, c.wpId);
  const parentKeyOf = (c: ImportCommentInput) => (c.parentWpId === null ? null : sourceKey(c.parentWpSite ?? c.wpSite, c.parentWpId));
  const posts = await knownPosts(db, ownSite, comments.map((c) => ({ site: c.postWpSite, id: c.postWpId })));
  // The batch's comments and the parents they name: which are here already.
  const sources = new Map<string, ItemSource>();
  for (const c of comments) {
    sources.set(keyOf(c), { site: c.wpSite, id: c.wpId });
    if (c.parentWpId !== null) sources.set(parentKeyOf(c)!, { site: c.parentWpSite ?? c.wpSite, id: c.parentWpId });
  }
  const stored = await knownComments(db, ownSite, [...sources.values()]);

  let alreadyHere = 0;
  const seen = new Set<string>();
  const skippedParents = new Map<string, string | null>();
  const fresh: NewComment[] = [];
  for (const comment of comments) {
    const key = keyOf(comment);
    const slug = posts.get(sourceKey(comment.postWpSite, comment.postWpId))?.slug;
    if (slug === undefined) {
      outcome.skipped.push({ wpId: comment.wpId, reason: `its post (id ${comment.postWpId} of ${comment.postWpSite}) has not been imported` });
      skippedParents.set(key, parentKeyOf(comment));
      continue;
    }
    const here = stored.get(key);
    // One of this blog's own comments (found by id) is this one only if post and time match too.
    if (seen.has(key) || (here && (!here.own || (here.postSlug === slug && here.createdAt === comment.createdAt)))) {
      alreadyHere++;
      continue;
    }
    seen.add(key);
    const fit = fitImportedComment(comment);
    if ("skip" in fit) {
      outcome.skipped.push({ wpId: comment.wpId, reason: fit.skip });
      skippedParents.set(key, parentKeyOf(comment));
      continue;
    }
    for (const message of fit.notes) outcome.notes.push({ wpId: comment.wpId, message });
    fresh.push({ input: comment, key, slug, fitted: fit.comment });
  }

  const placed = orderReplies({
    items: fresh,
    key: (c) => c.key,
    parent: (c) => parentKeyOf(c.input),
    post: (c) => c.slug,
    stored: (key) => stored.get(key)?.postSlug,
    skipped: (key) => skippedParents.get(key),
  });

  const rows: unknown[][] = [];
  // Replies to comments of this batch: joined after the INSERTs, once their parents have ids.
  const links: [string, number, string, number][] = [];
  for (const { item, parent, change } of placed) {
    const { input: c, fitted, slug } = item;
    const kept: ItemSource | null = parent === null ? null : "item" in parent ? { site: parent.item.input.wpSite, id: parent.item.input.wpId } : sources.get(parent.stored)!;
    if (change) outcome.notes.push({ wpId: c.wpId, message: parentNote(c, change, kept === null ? "a top-level comment" : `a reply to comment ${kept.id}`) });
    // A parent stored before has its id; one of this batch gets it from the join below.
    const parentId = parent !== null && "stored" in parent ? stored.get(parent.stored)!.id : null;
    if (parent !== null && "item" in parent) links.push([c.wpSite, c.wpId, kept!.site, kept!.id]);
    // wp_parent_id keeps the parent's id at the source, where it is of the same site.
    const wpParentId = kept !== null && kept.site === c.wpSite ? kept.id : null;
    const decided = c.status !== "pending";
    rows.push([
      slug,
      fitted.name,
      fitted.email ? await encryptText(secret, fitted.email) : null,
      fitted.email ? await keyedHash(secret, "email-hash", fitted.email.toLowerCase()) : null,
      fitted.url,
      fitted.body,
      c.status,
      c.isAuthor ? 1 : 0,
      // Decisions made in WordPress are the author's; the scorer leaves them alone and scores only pending ones.
      decided ? 0 : null,
      decided ? JSON.stringify(["imported from WordPress"]) : null,
      decided ? "author" : null,
      decided ? c.createdAt : null,
      c.createdAt,
      c.authorIp ? await keyedHash(secret, "client-hash", c.authorIp) : null,
      c.wpSite,
      c.wpId,
      wpParentId,
      parentId,
    ]);
    if (!outcome.slugs.includes(slug)) outcome.slugs.push(slug);
  }

  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const placeholders = chunk.map((_, r) => `(${Array.from({ length: COMMENT_COLUMNS }, (_, k) => `?${r * COMMENT_COLUMNS + k + 1}`).join(", ")})`).join(", ");
    statements.push(
      db
        .prepare(
          `INSERT INTO comments (post_slug, author_name, author_email, email_hash, author_url, body, status, is_author,
             spam_score, spam_reasons, decided_by, decided_at, created_at, ip_hash, wp_site, wp_id, wp_parent_id, parent_id)
           VALUES ${placeholders} ON CONFLICT (wp_site, wp_id) WHERE wp_id IS NOT NULL DO NOTHING`,
        )
        .bind(...chunk.flat()),
    );
  }
  const inserts = statements.length;
  if (links.length > 0) {
    // Rows go in parents first, so a parent's id is always lower than its reply's: requiring that
    // (and the same post, and a reply that has no parent yet) means this join can never close a loop.
    statements.push(
      db
        .prepare(
          `UPDATE comments SET parent_id = parent.id
           FROM json_each(?1) AS link
             JOIN comments AS parent ON parent.wp_site = link.value ->> '$[2]' AND parent.wp_id = link.value ->> '$[3]'
           WHERE comments.wp_site = link.value ->> '$[0]' AND comments.wp_id = link.value ->> '$[1]'
             AND comments.parent_id IS NULL AND parent.post_slug = comments.post_slug AND parent.id < comments.id`,
        )
        .bind(JSON.stringify(links)),
    );
  }
  const results = statements.length > 0 ? await db.batch(statements) : [];
  outcome.created = results.slice(0, inserts).reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
  outcome.existing = rows.length - outcome.created + alreadyHere;
  return outcome;
}

/** Why a reply is not where it said it was, for the import's report. */
function parentNote(comment: ImportCommentInput, change: ParentChange, now: string): string {
  const named = `comment ${comment.parentWpId}${(comment.parentWpSite ?? comment.wpSite) === comment.wpSite ? "" : ` of ${comment.parentWpSite}`}`;
  if (change.reason === "loop") return `replied to ${named}, which replies back to it (a loop of replies): now ${now}`;
  if (change.reason === "other-post") return `replied to ${named}, which belongs to another post: now ${now}`;
  return `replied to ${named}, which is neither in this import nor stored for this post: now ${now}`;
}

interface KnownComment {
  id: number;
  postSlug: string;
  createdAt: number;
  /** Found as one of this blog's own comments (by id), not by its recorded source. */
  own: boolean;
}

/** The comments already here, by source key, found the way knownPosts() finds posts. */
async function knownComments(db: D1Database, ownSite: string, sources: ItemSource[]): Promise<Map<string, KnownComment>> {
  const { results } = await db
    .prepare(
      `SELECT 0 AS own, c.wp_site AS site, c.wp_id AS export_id, c.id, c.post_slug, c.created_at FROM json_each(?1) AS s
         JOIN comments c ON c.wp_site = s.value ->> '$[0]' AND c.wp_id = s.value ->> '$[1]'
       UNION ALL
       SELECT 1 AS own, ?2 AS site, c.id + ?3 AS export_id, c.id, c.post_slug, c.created_at FROM json_each(?1) AS s
         JOIN comments c ON c.id = (s.value ->> '$[1]') - ?3
       WHERE s.value ->> '$[0]' = ?2 AND s.value ->> '$[1]' > ?3 AND COALESCE(c.wp_site, '') = ''
       ORDER BY own`,
    )
    .bind(pairsJson(sources), ownSite, NATIVE_ID_BASE)
    .all<{ own: number; site: string; export_id: number; id: number; post_slug: string; created_at: number }>();
  const known = new Map<string, KnownComment>();
  for (const row of results) {
    const key = sourceKey(row.site, row.export_id);
    if (!known.has(key)) known.set(key, { id: row.id, postSlug: row.post_slug, createdAt: row.created_at, own: row.own === 1 });
  }
  return known;
}

/** Sources as one JSON array of [site, id] pairs, each once: one bound parameter however many there are. */
function pairsJson(sources: ItemSource[]): string {
  const pairs = new Map<string, [string, number]>();
  for (const { site, id } of sources) pairs.set(sourceKey(site, id), [site, id]);
  return JSON.stringify([...pairs.values()]);
}

/**
 * Rebuilds the snapshots of the imported posts, then the lists the import
 * marked (a bounded run per request; the cron finishes a very large import).
 * The lists' work is gathered first so the new comment counts skip the chunks
 * the rebuild rewrites after: each key is written once.
 */
export async function finishImport(stores: PostStores, slugs: string[], now = Date.now()): Promise<{ listsPending: boolean }> {
  const lists = await listDuePosts(stores, now);
  await rebuildCommentSnapshots(stores, slugs.slice(0, MAX_SLUGS_PER_FINISH), now);
  await rebuildLists(stores, lists.marks, now);
  // A large import leaves more list rows than one request rewrites: the CLI asks again until none are left.
  const left = await stores.DB.prepare("SELECT 1 FROM lists_dirty LIMIT 1").first();
  return { listsPending: left !== null };
}

export const EXPORT_POSTS_PER_PAGE = 50;
export const EXPORT_COMMENTS_PER_PAGE = 500;

/**
 * Posts by page, oldest first. `id` is the post's number in this blog
 * (NATIVE_ID_BASE + rowid), unique in the file whatever the sources;
 * `source` is where it came from, or this blog (`ownSite`) and that number.
 */
export async function exportPosts(db: D1Database, ownSite: string, page: number): Promise<ExportPost[]> {
  const { results } = await db
    .prepare("SELECT rowid AS rid, * FROM posts ORDER BY published_at, slug LIMIT ?1 OFFSET ?2")
    .bind(EXPORT_POSTS_PER_PAGE, (page - 1) * EXPORT_POSTS_PER_PAGE)
    .all<PostRecord & { rid: number }>();
  return results.map((p) => {
    const id = NATIVE_ID_BASE + p.rid;
    // The one mapping from a D1 row to a post (recordToInput), less what WXR does not carry.
    const { source: _markdown, wpSite: _site, wpId: _id, excerpt, ...post } = recordToInput(p);
    return { ...post, id, source: sourceOf(p, ownSite, id), excerpt: excerpt ?? "", updatedAt: post.updatedAt ?? post.publishedAt, commentsOpen: post.commentsOpen ?? true };
  });
}

/**
 * Comments after an id (`cursor`, our own id), oldest first, so a parent
 * always comes before its replies. Ids are numbered like exportPosts()'s.
 */
export async function exportComments(db: D1Database, secret: string, ownSite: string, afterId: number): Promise<(ExportComment & { postSlug: string; cursor: number })[]> {
  const { results } = await db
    .prepare(
      `SELECT c.*, p.rowid AS post_rid FROM comments c JOIN posts p ON p.slug = c.post_slug
       WHERE c.id > ?1 ORDER BY c.id LIMIT ?2`,
    )
    .bind(afterId, EXPORT_COMMENTS_PER_PAGE)
    .all<CommentRow & { wp_site: string | null; post_rid: number }>();
  return Promise.all(
    results.map(async (c) => ({
      id: NATIVE_ID_BASE + c.id,
      source: sourceOf(c, ownSite, NATIVE_ID_BASE + c.id),
      cursor: c.id,
      postId: NATIVE_ID_BASE + c.post_rid,
      postSlug: c.post_slug,
      parentId: c.parent_id === null ? null : NATIVE_ID_BASE + c.parent_id,
      authorName: c.author_name,
      authorEmail: c.author_email ? await decryptText(secret, c.author_email) : null,
      authorUrl: c.author_url,
      body: c.body,
      status: c.status as CommentStatus,
      createdAt: c.created_at,
      isAuthor: c.is_author === 1,
    })),
  );
}

/** A row's recorded source; this blog and its export id for our own rows and for legacy ones (wp_site ''). */
function sourceOf(row: { wp_site: string | null; wp_id: number | null }, ownSite: string, exportId: number): ItemSource {
  return row.wp_site && row.wp_id !== null ? { site: row.wp_site, id: row.wp_id } : { site: ownSite, id: exportId };
}
