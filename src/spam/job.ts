/**
 * The frequent cron: score every comment that has no score yet, oldest
 * first, SPAM_BATCH_SIZE at a time, and file it by policy (spam, approved,
 * or left pending for the author).
 *
 * Budget (Workers Free: 50 D1 queries and 10 ms CPU a run): one query for
 * comment pages left stale by an earlier writer, one for the batch, one D1
 * batch of five for the surroundings (client and email history, duplicates,
 * the model's counts for the batch's tokens), one D1 batch of three writes
 * (all scores in a single UPDATE … FROM json_each, the stale marks, Akismet
 * retries), then about eight statements per post whose comment pages are
 * rebuilt, at most REBUILDS_PER_RUN posts (the rest stay marked for the next
 * run), and two for the counts and the marks: at most 10 + 3 × 8 + 2 = 36,
 * whatever SPAM_BATCH_SIZE is.
 * The writes are one D1 batch, which D1 runs as a transaction: a run that
 * dies leaves every comment either scored or untouched, and the update only
 * applies to a comment still unscored, so nothing is scored twice. The
 * author's decision always wins: a comment the author already decided keeps
 * its status (it only gets its score and reasons recorded).
 */
import type { Config, Env } from "../config";
import { loadConfig } from "../config";
import type { CommentRow } from "../comments/model";
import { nameKey } from "../comments/text";
import { keyedHash } from "../crypto";
import { markSnapshotsStale, rebuildMarkedSnapshots, staleChanges, type CommentChanges } from "../comments/snapshot";
import { scoringInput } from "./input";
import { commentTokens, linkHosts } from "./tokens";
import type { BayesModel } from "./bayes";
import { decide, scoreComment, spamHostsIn, type ScoringContext, type SpamSettings } from "./score";
import { akismetCheck } from "./akismet";

/** After this many failed Akismet calls a comment is scored on the local signals alone. */
export const AKISMET_MAX_TRIES = 3;
/**
 * Posts whose comment pages a run rebuilds, at most (each costs about eight
 * D1 statements); the rest stay marked stale and are rebuilt by the next runs.
 */
const REBUILDS_PER_RUN = 3;

export interface ScoringRun {
  scored: number;
  spam: number;
  approved: number;
  pending: number;
  /** Comments left unscored for the next run (Akismet failed for them). */
  deferred: number;
  queries: number;
}

export function settingsFrom(config: Config): SpamSettings {
  return {
    spamThreshold: config.SPAM_THRESHOLD,
    approveThreshold: config.APPROVE_THRESHOLD,
    moderationWords: config.MODERATION_WORDS,
    disallowedWords: config.DISALLOWED_WORDS,
  };
}

interface History {
  ip: Map<string, number>;
  emailSpam: Map<string, number>;
  /**
   * Commenters approved before, as "email hash + name key": the same email AND
   * the same name, as WordPress's "previously approved" rule has it (emails are
   * never verified, so an email alone proves nothing). The author's own replies
   * from the desk do not count: they would make the author's address a pass.
   */
  approvedCommenters: Set<string>;
  duplicates: Map<string, number>;
}

const commenterKey = (emailHash: string, name: string) => `${emailHash}\n${nameKey(name)}`;

/** Why a form comment that borrows the author's name or email is held for the author, whatever its score. */
export const AUTHOR_LOOKALIKE_REASON = "uses the author's name/email";

/**
 * Whether a reader's comment uses the author's name or email address. The
 * author writes as the author only from the desk (is_author = 1); a form
 * comment that claims to be the author is never approved by the scorer.
 */
function borrowsAuthor(row: CommentRow, author: { nameKey: string; emailHash: string }): "name" | "email" | "name and email" | null {
  if (row.is_author === 1) return null;
  const name = nameKey(row.author_name) === author.nameKey;
  const email = row.email_hash !== null && row.email_hash === author.emailHash;
  return name && email ? "name and email" : name ? "name" : email ? "email" : null;
}

const json = (values: unknown[]) => JSON.stringify([...new Set(values.filter((v) => v !== null))]);

/** What the database knows around a batch, and the model's counts for its tokens: one D1 batch. */
async function surroundings(db: D1Database, batch: CommentRow[], tokens: string[]): Promise<{ history: History; model: BayesModel }> {
  const ids = JSON.stringify(batch.map((c) => c.id));
  const statements = [
    db.prepare("SELECT ip_hash AS k, COUNT(*) AS n FROM comments WHERE status = 'spam' AND ip_hash IN (SELECT value FROM json_each(?1)) GROUP BY ip_hash").bind(json(batch.map((c) => c.ip_hash))),
    db
      .prepare(
        `SELECT email_hash AS k, author_name AS name, SUM(status = 'spam') AS spam, SUM(status = 'approved' AND is_author = 0) AS approved FROM comments
         WHERE email_hash IN (SELECT value FROM json_each(?1)) AND id NOT IN (SELECT value FROM json_each(?2)) GROUP BY email_hash, author_name`,
      )
      .bind(json(batch.map((c) => c.email_hash)), ids),
    db.prepare("SELECT body_hash AS k, COUNT(*) AS n FROM comments WHERE body_hash IN (SELECT value FROM json_each(?1)) GROUP BY body_hash").bind(json(batch.map((c) => c.body_hash))),
    db.prepare("SELECT spam_docs, ham_docs FROM spam_totals WHERE id = 1"),
    db.prepare("SELECT token, spam, ham FROM spam_tokens WHERE token IN (SELECT value FROM json_each(?1))").bind(JSON.stringify([...new Set(tokens)])),
  ];
  const [ip, email, dup, totals, counts] = await db.batch<Record<string, unknown>>(statements);
  const history: History = { ip: new Map(), emailSpam: new Map(), approvedCommenters: new Set(), duplicates: new Map() };
  for (const r of ip!.results as { k: string; n: number }[]) history.ip.set(r.k, r.n);
  for (const r of email!.results as { k: string; name: string; spam: number; approved: number }[]) {
    history.emailSpam.set(r.k, (history.emailSpam.get(r.k) ?? 0) + r.spam);
    if (r.approved > 0) history.approvedCommenters.add(commenterKey(r.k, r.name));
  }
  for (const r of dup!.results as { k: string; n: number }[]) history.duplicates.set(r.k, r.n);
  const t = totals!.results[0] as { spam_docs: number; ham_docs: number } | undefined;
  const model: BayesModel = { spamDocs: t?.spam_docs ?? 0, hamDocs: t?.ham_docs ?? 0, tokens: new Map() };
  for (const r of counts!.results as { token: string; spam: number; ham: number }[]) model.tokens.set(r.token, { spam: r.spam, ham: r.ham });
  return { history, model };
}

export async function scoreNewComments(env: Env, now = Date.now(), fetcher: typeof fetch = fetch): Promise<ScoringRun> {
  const config = loadConfig(env);
  const db = env.DB;
  const run: ScoringRun = { scored: 0, spam: 0, approved: 0, pending: 0, deferred: 0, queries: 0 };
  const stale = await staleChanges(db, REBUILDS_PER_RUN);
  // Comments Akismet failed on wait behind fresh ones, so one bad comment never holds the queue.
  const { results: batch } = await db
    .prepare("SELECT * FROM comments WHERE spam_score IS NULL ORDER BY akismet_tries, created_at, id LIMIT ?1")
    .bind(config.SPAM_BATCH_SIZE)
    .all<CommentRow>();
  run.queries += 2;
  if (batch.length === 0) {
    run.queries += await rebuildPages(env, stale, now);
    return run;
  }

  // Each comment's tokens once: for loading the model's counts, then for its learned score.
  const inputs = await Promise.all(
    batch.map(async (row) => {
      const input = await scoringInput(config.APP_SECRET, row);
      return { row, input, tokens: commentTokens(input) };
    }),
  );
  const { history, model } = await surroundings(db, batch, inputs.flatMap(({ tokens }) => tokens));
  run.queries += 5;
  const settings = settingsFrom(config);
  const author = { nameKey: nameKey(config.AUTHOR_NAME), emailHash: await keyedHash(config.APP_SECRET, "email-hash", config.AUTHOR_EMAIL.toLowerCase()) };

  const scores: { id: number; score: number; reasons: string; filed: string }[] = [];
  const deferred: number[] = [];
  const newlyVisible = new Map<string, number[]>();
  for (const { row, input, tokens } of inputs) {
    const context: ScoringContext = {
      ipSpamCount: row.ip_hash ? (history.ip.get(row.ip_hash) ?? 0) : 0,
      emailSpamCount: row.email_hash ? (history.emailSpam.get(row.email_hash) ?? 0) : 0,
      approvedBefore: row.email_hash ? history.approvedCommenters.has(commenterKey(row.email_hash, row.author_name)) : false,
      // The count includes the comment itself.
      duplicateCount: row.body_hash ? Math.max(0, (history.duplicates.get(row.body_hash) ?? 1) - 1) : 0,
      spamHosts: spamHostsIn(model, linkHosts(input)),
    };
    const result = scoreComment(input, context, model, settings, tokens);
    let { score } = result;
    const reasons = [...result.reasons];
    if (config.AKISMET_KEY && row.akismet_tries >= AKISMET_MAX_TRIES) {
      reasons.push(`Akismet did not answer after ${AKISMET_MAX_TRIES} tries: scored on local signals`);
    } else if (config.AKISMET_KEY) {
      const verdict = await akismetCheck(fetcher, config, row, input);
      if (verdict === "error") {
        run.deferred++; // stays unscored; the next run asks again
        deferred.push(row.id);
        continue;
      }
      if (verdict === "spam") {
        score = Math.max(score, settings.spamThreshold);
        reasons.unshift("Akismet says spam");
      }
    }
    let verdict = decide(score, settings, context.approvedBefore, config.AUTO_APPROVE);
    const borrowed = borrowsAuthor(row, author);
    if (borrowed) {
      reasons.unshift(`${AUTHOR_LOOKALIKE_REASON} (${borrowed})`);
      if (verdict === "approved") verdict = "pending";
    }
    // Only pending comments are filed; the author's decisions and honeypot spam keep their status.
    const filed = row.status === "pending" && row.decided_by !== "author" ? verdict : row.status;
    scores.push({ id: row.id, score, reasons: JSON.stringify(reasons), filed });
    run.scored++;
    if (filed === "spam") run.spam++;
    else if (filed === "approved") run.approved++;
    else run.pending++;
    if (filed === "approved" && row.status !== "approved") newlyVisible.set(row.post_slug, [...(newlyVisible.get(row.post_slug) ?? []), row.id]);
  }
  // All scores in one statement; the author's status and decision are kept where they exist.
  const writes = [
    db
      .prepare(
        `UPDATE comments SET
           spam_score = j.score,
           spam_reasons = j.reasons,
           status = CASE WHEN comments.decided_by = 'author' THEN comments.status ELSE j.filed END,
           decided_by = CASE WHEN comments.decided_by = 'author' OR comments.status = j.filed THEN comments.decided_by ELSE 'auto' END,
           decided_at = CASE WHEN comments.decided_by = 'author' OR comments.status = j.filed THEN comments.decided_at ELSE ?2 END
         FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.score') AS score,
                      json_extract(value, '$.reasons') AS reasons, json_extract(value, '$.filed') AS filed
               FROM json_each(?1)) AS j
         WHERE comments.id = j.id AND comments.spam_score IS NULL`,
      )
      .bind(JSON.stringify(scores), now),
    markSnapshotsStale(db, newlyVisible, now),
    db.prepare("UPDATE comments SET akismet_tries = akismet_tries + 1 WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(deferred)),
  ];
  await db.batch(writes);
  run.queries += writes.length;
  // What this run approved first, then what earlier writers left; the rest waits, marked, for the next run.
  const changes = new Map([...newlyVisible, ...[...stale].filter(([slug]) => !newlyVisible.has(slug))].slice(0, REBUILDS_PER_RUN));
  run.queries += await rebuildPages(env, changes, now);
  return run;
}

/** Rebuilds these posts' comment pages and clears their marks; returns the D1 statements it cost (at most). */
async function rebuildPages(env: Env, changes: CommentChanges, now: number): Promise<number> {
  if (changes.size === 0) return 0;
  await rebuildMarkedSnapshots(env, changes, now);
  // Per post: 4 reads in one batch, thread heads, the threads, 2 bookkeeping writes; then the counts and the marks.
  return changes.size * 8 + 2;
}
