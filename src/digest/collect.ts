/**
 * What a digest covers, read from D1: every comment created since the last
 * digest that went out (or the last day, for the very first one), except the
 * author's own, with its post, its parent's author, and signed links for the
 * ones that will be shown.
 */
import type { Config } from "../config";
import type { CommentRow } from "../comments/model";
import { signActionLink } from "../admin/links";
import { commentLink } from "../comments/pages";
import { slugPath } from "../posts/slug";
import type { DigestComment, DigestFrame, DigestPostInfo } from "./model";
import { prioritize } from "./limit";

/** A period with no earlier digest looks back this far, not over the blog's whole history. */
export const FIRST_DIGEST_LOOKBACK_MS = 24 * 60 * 60 * 1000;
/**
 * A digest reads at most this many comments (oldest first); when a period
 * holds more, the digest covers up to the last one read and the rest open the
 * next digest, so none is skipped.
 */
export const MAX_COMMENTS_READ = 5_000;

export async function lastCoveredUntil(db: D1Database): Promise<number | null> {
  const row = await db.prepare("SELECT MAX(covers_to) AS until FROM digest_log WHERE state IN ('sent', 'empty')").first<{ until: number | null }>();
  return row?.until ?? null;
}

export interface Collected {
  frame: DigestFrame;
  comments: DigestComment[];
  posts: DigestPostInfo[];
  /** The time this digest covers up to: `to`, or just before the first comment left for the next one. */
  coveredTo: number;
}

export async function collectDigest(db: D1Database, config: Config, from: number, to: number, now: number): Promise<Collected> {
  const { results } = await db
    .prepare(
      `SELECT c.*, p.title AS post_title, p.lang AS post_lang, parent.author_name AS parent_name
       FROM comments c LEFT JOIN posts p ON p.slug = c.post_slug LEFT JOIN comments parent ON parent.id = c.parent_id
       WHERE c.created_at > ?1 AND c.created_at <= ?2 AND c.is_author = 0
       ORDER BY c.created_at LIMIT ?3`,
    )
    .bind(from, to, MAX_COMMENTS_READ)
    .all<CommentRow & { post_title: string | null; post_lang: string | null; parent_name: string | null }>();
  // Full: end just before the last comment's time, so comments sharing that millisecond (read or
  // not) all open the next digest: one may then appear twice, none is skipped.
  const full = results.length === MAX_COMMENTS_READ;
  const coveredTo = full ? results[results.length - 1]!.created_at - 1 : to;
  const kept = full ? results.filter((c) => c.created_at <= coveredTo) : results;
  const comments: DigestComment[] = kept.map((c) => ({
    id: c.id,
    postSlug: c.post_slug,
    postTitle: c.post_title ?? c.post_slug,
    authorName: c.author_name,
    authorUrl: c.author_url,
    createdAt: c.created_at,
    body: c.body,
    status: c.status,
    decidedBy: c.decided_by,
    decidedAt: c.decided_at,
    score: c.spam_score,
    reasons: c.spam_reasons ? (JSON.parse(c.spam_reasons) as string[]) : [],
    inReplyTo: c.parent_name,
    links: { view: config.BASE_URL + commentLink(c.post_slug, c.id), approve: "", spam: "", trash: "" },
  }));
  // Signing costs CPU: only the comments that can be shown get their links.
  for (const comment of prioritize(comments).slice(0, config.DIGEST_MAX_COMMENTS)) {
    const [approve, spam, trash] = await Promise.all(
      (["approve", "spam", "trash"] as const).map((action) => signActionLink(config.APP_SECRET, config.BASE_URL, comment, action, now)),
    );
    comment.links = { ...comment.links, approve: approve!, spam: spam!, trash: trash! };
  }
  const posts = new Map<string, DigestPostInfo>();
  for (const c of kept) {
    if (!posts.has(c.post_slug)) posts.set(c.post_slug, { slug: c.post_slug, title: c.post_title ?? c.post_slug, url: config.BASE_URL + slugPath(c.post_slug), lang: c.post_lang ?? config.BLOG_LANG });
  }
  return {
    frame: { blogTitle: config.BLOG_TITLE, blogUrl: config.BASE_URL, lang: config.BLOG_LANG, timeZone: config.TIME_ZONE, periodStart: from, periodEnd: coveredTo, adminUrl: `${config.BASE_URL}/admin` },
    comments,
    posts: [...posts.values()],
    coveredTo,
  };
}
