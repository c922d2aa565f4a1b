/**
 * The media library: files in R2 `MEDIA`, one D1 row each (`media`), and
 * which posts use which file (`media_uses`, written with the post).
 *
 * A file's key is the first 32 hex digits of its SHA-256 and its type's
 * extension, so its URL, `/media/<key>`, never changes meaning and the same
 * file uploaded twice is one object. The smaller widths made at upload live
 * beside it as `<hash>-<width>.webp`. This module knows nothing of HTTP.
 */

export interface Width {
  width: number;
  height: number;
  bytes: number;
}

export interface MediaRecord {
  key: string;
  sha256: string;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  name: string;
  widths: Width[];
  created: number;
}

interface MediaRow {
  key: string;
  sha256: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  name: string;
  widths: string;
  created_at: number;
}

/** An original (`<hash>.<ext>`) or one of its widths (`<hash>-<width>.webp`). */
export const MEDIA_KEY = /^[0-9a-f]{32}(?:\.(?:jpg|png|gif|webp|avif)|-\d{3,4}\.webp)$/;

/** An original's key (what posts, covers and the API name). */
export const MEDIA_ORIGINAL = /^[0-9a-f]{32}\.(?:jpg|png|gif|webp|avif)$/;

/** Media keys mentioned in a post's HTML (`/media/<key>` in any URL): the files it uses. */
export const MEDIA_REFERENCE = /\/media\/([0-9a-f]{32}\.(?:jpg|png|gif|webp|avif))(?![\w.-])/g;

export const mediaPath = (key: string) => `/media/${key}`;
export const widthKey = (key: string, width: number) => `${key.slice(0, key.indexOf("."))}-${width}.webp`;

const fromRow = (row: MediaRow): MediaRecord => ({
  key: row.key,
  sha256: row.sha256,
  contentType: row.content_type,
  bytes: row.bytes,
  width: row.width,
  height: row.height,
  alt: row.alt,
  name: row.name,
  widths: (JSON.parse(row.widths) as [number, number, number][]).map(([width, height, bytes]) => ({ width, height, bytes })),
  created: row.created_at,
});

export async function mediaBySha(db: D1Database, sha256: string): Promise<MediaRecord | null> {
  const row = await db.prepare("SELECT * FROM media WHERE sha256 = ?1").bind(sha256).first<MediaRow>();
  return row && fromRow(row);
}

export async function mediaRecord(db: D1Database, key: string): Promise<MediaRecord | null> {
  const row = await db.prepare("SELECT * FROM media WHERE key = ?1").bind(key).first<MediaRow>();
  return row && fromRow(row);
}

/** The records of these keys (unknown keys are left out). */
export async function mediaByKeys(db: D1Database, keys: Iterable<string>): Promise<Map<string, MediaRecord>> {
  const list = [...new Set(keys)];
  if (list.length === 0) return new Map();
  const { results } = await db.prepare("SELECT * FROM media WHERE key IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(list)).all<MediaRow>();
  return new Map(results.map((row) => [row.key, fromRow(row)]));
}

/** Adds a record; a file already there (same SHA-256, a concurrent upload) stays as it was. */
export async function insertMedia(db: D1Database, m: MediaRecord): Promise<void> {
  await db
    .prepare(
      `INSERT INTO media (key, sha256, content_type, bytes, width, height, alt, name, widths, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING`,
    )
    .bind(m.key, m.sha256, m.contentType, m.bytes, m.width, m.height, m.alt, m.name, JSON.stringify(m.widths.map((w) => [w.width, w.height, w.bytes])), m.created)
    .run();
}

/**
 * The statements that record which files a post uses (run in the post's own
 * write batch): only files the library has are recorded.
 */
export function useStatements(db: D1Database, slug: string, keys: Iterable<string>): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM media_uses WHERE post_slug = ?1").bind(slug),
    db.prepare("INSERT OR IGNORE INTO media_uses (media_key, post_slug) SELECT key, ?1 FROM media WHERE key IN (SELECT value FROM json_each(?2))").bind(slug, JSON.stringify([...new Set(keys)])),
  ];
}

export function forgetUsesOf(db: D1Database, slug: string): D1PreparedStatement {
  return db.prepare("DELETE FROM media_uses WHERE post_slug = ?1").bind(slug);
}

/** The posts that use a file, by slug. */
export async function usesOf(db: D1Database, key: string): Promise<string[]> {
  const { results } = await db.prepare("SELECT post_slug FROM media_uses WHERE media_key = ?1 ORDER BY post_slug").bind(key).all<{ post_slug: string }>();
  return results.map((r) => r.post_slug);
}

export interface MediaListing {
  media: (MediaRecord & { uses: string[] })[];
  total: number;
}

/** The library, newest first, a page at a time, each file with the posts that use it. */
export async function listMedia(db: D1Database, page: number, perPage: number, search = ""): Promise<MediaListing> {
  const [rows, count] = await db.batch([
    db
      .prepare(
        `SELECT m.*, (SELECT json_group_array(post_slug) FROM media_uses u WHERE u.media_key = m.key) AS uses
         FROM media m WHERE ?3 = '' OR instr(lower(m.name), lower(?3)) > 0 OR instr(lower(m.alt), lower(?3)) > 0
         ORDER BY m.created_at DESC, m.key LIMIT ?1 OFFSET ?2`,
      )
      .bind(perPage, (page - 1) * perPage, search),
    // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes (25 Hebrew letters), and the text is searched as typed.
    db.prepare(`SELECT COUNT(*) AS n FROM media m WHERE ?1 = '' OR instr(lower(m.name), lower(?1)) > 0 OR instr(lower(m.alt), lower(?1)) > 0`).bind(search),
  ]);
  return {
    media: (rows!.results as (MediaRow & { uses: string })[]).map((row) => ({ ...fromRow(row), uses: (JSON.parse(row.uses) as string[]).sort() })),
    total: (count!.results[0] as { n: number }).n,
  };
}

/** Sets a file's alt text; the posts that use it, to show it again. Null for an unknown key. */
export async function setAlt(db: D1Database, key: string, alt: string): Promise<string[] | null> {
  const changed = await db.prepare("UPDATE media SET alt = ?2 WHERE key = ?1").bind(key, alt).run();
  if ((changed.meta.changes ?? 0) === 0) return null;
  return usesOf(db, key);
}

export type Deletion = { deleted: true } | { deleted: false; usedBy: string[] } | null;

/**
 * Deletes a file and its widths, unless a post uses it (then nothing is
 * deleted and the posts are named). The row goes only if no post took the
 * file in the meantime; the objects go after it, so a record never points
 * at a missing file.
 */
export async function deleteMedia(db: D1Database, bucket: R2Bucket, key: string): Promise<Deletion> {
  const record = await mediaRecord(db, key);
  if (!record) return null;
  const gone = await db.prepare("DELETE FROM media WHERE key = ?1 AND NOT EXISTS (SELECT 1 FROM media_uses WHERE media_key = ?1)").bind(key).run();
  if ((gone.meta.changes ?? 0) === 0) return { deleted: false, usedBy: await usesOf(db, key) };
  await bucket.delete([key, ...record.widths.map((w) => widthKey(key, w.width))]);
  return { deleted: true };
}
