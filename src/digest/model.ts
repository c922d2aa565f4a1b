/**
 * The digest as data: what the daily job collects from D1 and the renderer
 * turns into an email. Everything here is plain and already resolved (post
 * titles, absolute signed links), so rendering is a pure function of it.
 */
import type { CommentStatus, Decider } from "../comments/model";

/** The links of one comment; each opens a confirm page (mail scanners follow GET links). */
export interface DigestLinks {
  view: string;
  approve: string;
  spam: string;
  trash: string;
}

export interface DigestComment {
  id: number;
  postSlug: string;
  postTitle: string;
  authorName: string;
  authorUrl: string | null;
  /** UTC milliseconds. */
  createdAt: number;
  /** Plain text as the commenter wrote it: may be Hebrew, emoji, or very long. */
  body: string;
  status: CommentStatus;
  decidedBy: Decider | null;
  /** When it was last decided (null: never): signed into its links, which act only while it is unchanged. */
  decidedAt: number | null;
  /** The scorer's score; null while it has not seen the comment. */
  score: number | null;
  /** The scorer's readable reasons, most important first. */
  reasons: string[];
  /** The parent comment's author name, when this is a reply. */
  inReplyTo: string | null;
  links: DigestLinks;
}

/** What the digest needs of a post besides its comments. */
export interface DigestPostInfo {
  slug: string;
  title: string;
  /** Absolute URL of the post. */
  url: string;
  lang: string;
}

export interface DigestPost extends DigestPostInfo {
  comments: DigestComment[];
}

/** Counted over every comment of the period, including the ones the cap leaves out. */
export interface DigestCounts {
  new: number;
  awaiting: number;
  autoApproved: number;
  heldSpam: number;
}

/** Who the digest is for and what period it covers: everything but the comments. */
export interface DigestFrame {
  blogTitle: string;
  blogUrl: string;
  /** Interface language of the email: "en" or "he" (others fall back to English). */
  lang: string;
  /** IANA time zone the author reads times in, e.g. "Asia/Jerusalem". */
  timeZone: string;
  periodStart: number;
  periodEnd: number;
  /** The moderation page, for everything the email leaves out. */
  adminUrl: string;
}

export interface DigestData extends DigestFrame {
  counts: DigestCounts;
  /** Non-spam comments grouped by post; the post with the most recent comment first. */
  posts: DigestPost[];
  /** Comments held as spam: shown last, one line each. */
  spam: DigestComment[];
  /** Comments beyond the cap: counted here, not shown. */
  omitted: number;
}
