/**
 * The author's sign-in sessions, kept in D1 so they can be ended: signing out
 * deletes that session's row, "sign out everywhere" deletes them all, and a
 * cookie whose row is gone (or expired) signs nobody in. The cookie holds a
 * random id and an HMAC over it and the admin token, so a forged cookie is
 * refused without a query, and changing ADMIN_TOKEN ends every session at
 * once. The table keeps only SHA-256 of each id: reading it signs nobody in.
 * Storage only; the HTTP side is auth.ts.
 */
import { sha256Hex, toBase64Url } from "../crypto";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A new session: its id (for the cookie) and when it ends. Expired rows are swept on the way. */
export async function createSession(db: D1Database, userAgent: string | null, now = Date.now()): Promise<{ id: string; expires: number }> {
  const id = toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  const expires = now + SESSION_TTL_MS;
  await db.batch([
    db.prepare("DELETE FROM admin_sessions WHERE expires_at <= ?1").bind(now),
    db.prepare("INSERT INTO admin_sessions (id_hash, created_at, expires_at, user_agent) VALUES (?1, ?2, ?3, ?4)").bind(await sha256Hex(id), now, expires, userAgent?.slice(0, 300) ?? null),
  ]);
  return { id, expires };
}

/** The session's expiry if it is live, else null (signed out, expired or never made). */
export async function liveSession(db: D1Database, id: string, now = Date.now()): Promise<number | null> {
  const row = await db.prepare("SELECT expires_at FROM admin_sessions WHERE id_hash = ?1 AND expires_at > ?2").bind(await sha256Hex(id), now).first<{ expires_at: number }>();
  return row?.expires_at ?? null;
}

export async function endSession(db: D1Database, id: string): Promise<void> {
  await db.prepare("DELETE FROM admin_sessions WHERE id_hash = ?1").bind(await sha256Hex(id)).run();
}

/** Ends every session: "sign out everywhere". */
export async function endAllSessions(db: D1Database): Promise<void> {
  await db.prepare("DELETE FROM admin_sessions").run();
}
