/**
 * Moving a blog in and out, in bounded batches.
 *
 * Import takes what parseWxr() (or our own export) produced, in pieces the
 * CLI sends one request at a time: posts (sanitized, keyed by their
 * WordPress id so a second import changes nothing), then comments (several
 * rows per INSERT, at most 100 bound parameters a statement, one D1 batch a
 * request; threads are joined up by WordPress parent id after each batch),
 * then a finish step that rebuilds the KV snapshots and the index.
 * Export reads everything back, page by page, with emails decrypted.
 */
import type { PostStores } from "../posts/store";
import { savePost, rebuildIndex, recordToInput, type PostRecord } from "../posts/store";
import { isValidSlug, slugify } from "../posts/slug";
import { sanitizePostHtml } from "../posts/sanitize";
import { rebuildCommentSnapshots } from "../comments/snapshot";
import { normalizeLine, normalizeText, isHttpUrl } from "../comments/text";
import type { CommentRow, CommentStatus } from "../comments/model";
import { decryptText, encryptText, keyedHash } from "../crypto";
import type { ImportedComment, ImportedPost, ExportComment, ExportPost } from "./wxr/model";

/** Posts and comments that never came from WordPress get export ids above this, clear of WordPress's own. */
const NATIVE_ID_BASE = 10_000_000;

export const MAX_POSTS_PER_IMPORT = 25;
export const MAX_COMMENTS_PER_IMPORT = 200;
export const MAX_SLUGS_PER_FINISH = 25;
/** 16 values a row: 6 rows keep a statement under D1's 100 bound parameters. */
const COMMENT_COLUMNS = 16;
const ROWS_PER_INSERT = Math.floor(100 / COMMENT_COLUMNS);

export interface ImportOutcome {
  created: { wpId: number; slug: string }[];
  existing: { wpId: number; slug: string }[];
  notes: string[];
}

/** Posts of one batch. A post whose WordPress id is already here is left as it is. */
export async function importPosts(stores: PostStores, posts: ImportPostInput[], now = Date.now()): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: [], existing: [], notes: [] };
  const byWpId = await knownPosts(stores.DB, posts.map((p) => p.wpId));
  for (const post of posts) {
    const already = byWpId.get(post.wpId);
    // A post of this blog's own export (NATIVE_ID_BASE + rowid) is the same post only under the same slug.
    if (already !== undefined && (post.wpId <= NATIVE_ID_BASE || already === post.slug.normalize("NFC"))) {
      outcome.existing.push({ wpId: post.wpId, slug: already });
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
        wpId: post.wpId,
      },
      now,
    );
    outcome.created.push({ wpId: post.wpId, slug });
  }
  if (outcome.created.length > 0) await rebuildIndex(stores, now);
  return outcome;
}

/**
 * Export id → slug of the posts already here: by WordPress id, and, for ids
 * this blog's own export gave its native posts, by rowid.
 */
async function knownPosts(db: D1Database, ids: number[]): Promise<Map<number, string>> {
  const { results } = await db
    .prepare(
      `SELECT 0 AS by_rowid, wp_id AS export_id, slug FROM posts WHERE wp_id IN (SELECT value FROM json_each(?1))
       UNION ALL
       SELECT 1 AS by_rowid, rowid + ?2 AS export_id, slug FROM posts WHERE wp_id IS NULL AND rowid IN (SELECT value - ?2 FROM json_each(?1) WHERE value > ?2)
       ORDER BY by_rowid`,
    )
    .bind(JSON.stringify(ids), NATIVE_ID_BASE)
    .all<{ export_id: number; slug: string }>();
  // A post imported under that id wins over a native post that happens to have the same rowid.
  const known = new Map<number, string>();
  for (const row of results) if (!known.has(row.export_id)) known.set(row.export_id, row.slug);
  return known;
}

export type ImportPostInput = Pick<ImportedPost, "wpId" | "slug" | "title" | "lang" | "html" | "excerpt" | "tags" | "status" | "publishedAt" | "updatedAt" | "commentsOpen">;

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
  /** Posts whose comments changed: the finish step rebuilds their snapshots. */
  slugs: string[];
}

export type ImportCommentInput = Pick<ImportedComment, "wpId" | "postWpId" | "parentWpId" | "authorName" | "authorEmail" | "authorUrl" | "authorIp" | "body" | "status" | "createdAt" | "isAuthor">;

/** Comments of one batch, parents before replies. One D1 batch; a comment already here is left alone. */
export async function importComments(db: D1Database, secret: string, comments: ImportCommentInput[]): Promise<CommentImportOutcome> {
  const outcome: CommentImportOutcome = { created: 0, existing: 0, skipped: [], slugs: [] };
  const slugOf = await knownPosts(db, [...new Set(comments.map((c) => c.postWpId))]);
  // This blog's own comments, exported with NATIVE_ID_BASE + id, are here already when id, post and time match.
  const { results: native } = await db
    .prepare("SELECT id + ?2 AS export_id, post_slug, created_at FROM comments WHERE wp_id IS NULL AND id IN (SELECT value - ?2 FROM json_each(?1) WHERE value > ?2)")
    .bind(JSON.stringify(comments.map((c) => c.wpId)), NATIVE_ID_BASE)
    .all<{ export_id: number; post_slug: string; created_at: number }>();
  const nativeHere = new Map(native.map((row) => [row.export_id, row]));
  const rows: unknown[][] = [];
  let alreadyNative = 0;
  for (const comment of comments) {
    const slug = slugOf.get(comment.postWpId);
    if (slug === undefined) {
      outcome.skipped.push({ wpId: comment.wpId, reason: `its post (WordPress id ${comment.postWpId}) has not been imported` });
      continue;
    }
    const same = nativeHere.get(comment.wpId);
    if (same && same.post_slug === slug && same.created_at === comment.createdAt) {
      alreadyNative++;
      continue;
    }
    const body = normalizeText(comment.body);
    const name = normalizeLine(comment.authorName) || "Anonymous";
    if (body === "") {
      outcome.skipped.push({ wpId: comment.wpId, reason: "empty text" });
      continue;
    }
    const email = normalizeLine(comment.authorEmail);
    const decided = comment.status !== "pending";
    rows.push([
      slug,
      name.slice(0, 100),
      email ? await encryptText(secret, email) : null,
      email ? await keyedHash(secret, "email-hash", email.toLowerCase()) : null,
      comment.authorUrl && isHttpUrl(comment.authorUrl) ? comment.authorUrl.slice(0, 200) : null,
      body,
      comment.status,
      comment.isAuthor ? 1 : 0,
      // Decisions made in WordPress are the author's; the scorer leaves them alone and scores only pending ones.
      decided ? 0 : null,
      decided ? JSON.stringify(["imported from WordPress"]) : null,
      decided ? "author" : null,
      decided ? comment.createdAt : null,
      comment.createdAt,
      comment.authorIp ? await keyedHash(secret, "client-hash", comment.authorIp) : null,
      comment.wpId,
      comment.parentWpId,
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
             spam_score, spam_reasons, decided_by, decided_at, created_at, ip_hash, wp_id, wp_parent_id)
           VALUES ${placeholders} ON CONFLICT (wp_id) DO NOTHING`,
        )
        .bind(...chunk.flat()),
    );
  }
  // Join threads: any reply whose WordPress parent is here now gets its parent_id.
  statements.push(
    db.prepare(
      `UPDATE comments SET parent_id = (SELECT p.id FROM comments p WHERE p.wp_id = comments.wp_parent_id)
       WHERE wp_parent_id IS NOT NULL AND parent_id IS NULL`,
    ),
  );
  const results = await db.batch(statements);
  outcome.created = results.slice(0, -1).reduce((sum, r) => sum + (r.meta.changes ?? 0), 0);
  outcome.existing = rows.length - outcome.created + alreadyNative;
  return outcome;
}

/** Rebuilds the snapshots of the imported posts and the index. */
export async function finishImport(stores: PostStores, slugs: string[], now = Date.now()): Promise<void> {
  await rebuildCommentSnapshots(stores, slugs.slice(0, MAX_SLUGS_PER_FINISH), now);
}

export const EXPORT_POSTS_PER_PAGE = 50;
export const EXPORT_COMMENTS_PER_PAGE = 500;

export async function exportPosts(db: D1Database, page: number): Promise<ExportPost[]> {
  const { results } = await db
    .prepare("SELECT rowid AS rid, * FROM posts ORDER BY published_at, slug LIMIT ?1 OFFSET ?2")
    .bind(EXPORT_POSTS_PER_PAGE, (page - 1) * EXPORT_POSTS_PER_PAGE)
    .all<PostRecord & { rid: number }>();
  return results.map((record) => {
    const { source: _source, wpId, excerpt, ...post } = recordToInput(record);
    return { ...post, id: wpId ?? NATIVE_ID_BASE + record.rid, excerpt: excerpt ?? "", updatedAt: post.updatedAt ?? post.publishedAt, commentsOpen: post.commentsOpen ?? true };
  });
}

/**
 * Comments after an id (`cursor`, our own id), oldest first, so a parent
 * always comes before its replies. Export ids are the WordPress ids where a
 * comment came from WordPress, so importing an export back changes nothing.
 */
export async function exportComments(db: D1Database, secret: string, afterId: number): Promise<(ExportComment & { postSlug: string; cursor: number })[]> {
  const { results } = await db
    .prepare(
      `SELECT c.*, COALESCE(p.wp_id, ${NATIVE_ID_BASE} + p.rowid) AS post_export_id,
         COALESCE(c.wp_id, ${NATIVE_ID_BASE} + c.id) AS export_id,
         CASE WHEN c.parent_id IS NULL THEN NULL ELSE COALESCE(parent.wp_id, ${NATIVE_ID_BASE} + parent.id) END AS parent_export_id
       FROM comments c JOIN posts p ON p.slug = c.post_slug LEFT JOIN comments parent ON parent.id = c.parent_id
       WHERE c.id > ?1 ORDER BY c.id LIMIT ?2`,
    )
    .bind(afterId, EXPORT_COMMENTS_PER_PAGE)
    .all<CommentRow & { post_export_id: number; export_id: number; parent_export_id: number | null }>();
  return Promise.all(
    results.map(async (c) => ({
      id: c.export_id,
      cursor: c.id,
      postId: c.post_export_id,
      postSlug: c.post_slug,
      parentId: c.parent_export_id,
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
