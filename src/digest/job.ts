/**
 * The daily digest, exactly once.
 *
 * Every hourly run works out which digest is due (period.ts) and tries to
 * claim its row in digest_log (INSERT … ON CONFLICT DO NOTHING). Only the run
 * that claims it sends; a duplicated or concurrent run finds it claimed and
 * does nothing. A failed send marks the row 'failed', and the next run claims
 * it again and sends everything since the last digest that went out, so no
 * comment is skipped. A row stuck in 'sending' (a run that died) is claimable
 * again after STALE_CLAIM_MS.
 */
import type { Env } from "../config";
import { loadConfig } from "../config";
import { collectDigest, lastCoveredUntil, FIRST_DIGEST_LOOKBACK_MS } from "./collect";
import { composeDigest } from "./limit";
import { buildMessage, newMessageId } from "./mime";
import { DIGEST_HEADERS } from "./render";
import { duePeriod } from "./period";
import { sendEmailTransport, type MailTransport } from "./transport";

export const STALE_CLAIM_MS = 30 * 60 * 1000;

export type DigestOutcome =
  | { result: "sent"; period: string; comments: number; messageId: string; raw: string }
  | { result: "empty" | "already-done" | "no-transport"; period: string }
  | { result: "failed"; period: string; error: string };

/** Claims the due period's row (a new one only when it may start); true when this run owns it. */
async function claim(db: D1Database, period: string, mayStart: boolean, now: number): Promise<boolean> {
  if (mayStart) {
    const fresh = await db.prepare("INSERT INTO digest_log (period, state, claimed_at) VALUES (?1, 'sending', ?2) ON CONFLICT (period) DO NOTHING").bind(period, now).run();
    if (fresh.meta.changes > 0) return true;
  }
  const retry = await db
    .prepare("UPDATE digest_log SET state = 'sending', claimed_at = ?2, attempts = attempts + 1, error = NULL WHERE period = ?1 AND (state = 'failed' OR (state = 'sending' AND claimed_at < ?3))")
    .bind(period, now, now - STALE_CLAIM_MS)
    .run();
  return retry.meta.changes > 0;
}

export async function sendDailyDigest(env: Env, now = Date.now(), transport?: MailTransport): Promise<DigestOutcome> {
  const config = loadConfig(env);
  const db = env.DB;
  const { period, mayStart } = duePeriod(now, config.TIME_ZONE, config.DIGEST_HOUR);
  const mail = transport ?? (env.DIGEST_EMAIL ? sendEmailTransport(env.DIGEST_EMAIL) : null);
  if (!mail) {
    console.warn("digest: no DIGEST_EMAIL binding; nothing sent");
    return { result: "no-transport", period };
  }
  if (!(await claim(db, period, mayStart, now))) return { result: "already-done", period };

  const from = (await lastCoveredUntil(db)) ?? now - FIRST_DIGEST_LOOKBACK_MS;
  let raw: string;
  let messageId: string;
  let count: number;
  let coveredTo = now;
  try {
    const collected = await collectDigest(db, config, from, now, now);
    count = collected.comments.length;
    coveredTo = collected.coveredTo;
    if (count === 0 && !config.DIGEST_SEND_EMPTY) {
      await db.prepare("UPDATE digest_log SET state = 'empty', covers_from = ?2, covers_to = ?3, comment_count = 0 WHERE period = ?1").bind(period, from, coveredTo).run();
      return { result: "empty", period };
    }
    const { rendered } = composeDigest(collected.frame, collected.comments, collected.posts, { maxFull: config.DIGEST_MAX_COMMENTS });
    messageId = newMessageId(config.DIGEST_FROM);
    raw = buildMessage({
      from: { name: config.BLOG_TITLE, address: config.DIGEST_FROM },
      to: { name: config.AUTHOR_NAME, address: config.AUTHOR_EMAIL },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      date: new Date(now),
      messageId,
      headers: { ...DIGEST_HEADERS },
    });
    await mail.send({ from: config.DIGEST_FROM, to: config.AUTHOR_EMAIL, raw });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(`digest ${period} not sent; the next run retries`, err);
    await db.prepare("UPDATE digest_log SET state = 'failed', error = ?2 WHERE period = ?1").bind(period, error.slice(0, 500)).run();
    return { result: "failed", period, error };
  }
  // Sent: from here on a failure must not mark the period for a resend, so the record is retried.
  const record = db
    .prepare("UPDATE digest_log SET state = 'sent', covers_from = ?2, covers_to = ?3, comment_count = ?4, message_id = ?5, sent_at = ?6 WHERE period = ?1")
    .bind(period, from, coveredTo, count, messageId, now);
  for (let attempt = 1; ; attempt++) {
    try {
      await record.run();
      break;
    } catch (err) {
      // Left 'sending', the period would be claimed again after STALE_CLAIM_MS and sent twice.
      if (attempt === 3) throw err;
    }
  }
  return { result: "sent", period, comments: count, messageId, raw };
}

/** What the next digest would contain if it went out now: for /admin/digest/preview and `blog digest --dry-run`. */
export async function previewDigest(env: Env, now = Date.now()) {
  const config = loadConfig(env);
  const from = (await lastCoveredUntil(env.DB)) ?? now - FIRST_DIGEST_LOOKBACK_MS;
  const collected = await collectDigest(env.DB, config, from, now, now);
  const { rendered, data } = composeDigest(collected.frame, collected.comments, collected.posts, { maxFull: config.DIGEST_MAX_COMMENTS });
  return { ...rendered, from, to: now, counts: data.counts, comments: collected.comments.length, wouldSend: collected.comments.length > 0 || config.DIGEST_SEND_EMPTY };
}
