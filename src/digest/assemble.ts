/**
 * From a flat list of comments to the digest's shape: counts over the whole
 * period, non-spam comments grouped under their post (the post with the most
 * recent comment first, its comments in the order they were written), and
 * held spam apart.
 */
import type { DigestComment, DigestCounts, DigestData, DigestFrame, DigestPost, DigestPostInfo } from "./model";

/** Counted over every comment of the period, so the numbers stay true when the cap hides some. */
export function countComments(comments: readonly DigestComment[]): DigestCounts {
  const counts: DigestCounts = { new: comments.length, awaiting: 0, autoApproved: 0, heldSpam: 0 };
  for (const c of comments) {
    if (c.status === "pending") counts.awaiting++;
    else if (c.status === "approved" && c.decidedBy === "auto") counts.autoApproved++;
    else if (c.status === "spam") counts.heldSpam++;
  }
  return counts;
}

const chronological = (a: DigestComment, b: DigestComment) => a.createdAt - b.createdAt || a.id - b.id;

export interface AssembleInput {
  frame: DigestFrame;
  /** The comments shown in full. */
  shown: readonly DigestComment[];
  omitted: number;
  counts: DigestCounts;
  /** URL and language of the posts; a post missing here (deleted since) links to the blog. */
  posts: readonly DigestPostInfo[];
}

export function assembleDigest({ frame, shown, omitted, counts, posts }: AssembleInput): DigestData {
  const info = new Map(posts.map((p) => [p.slug, p]));
  const groups = new Map<string, DigestPost>();
  const spam: DigestComment[] = [];
  for (const c of [...shown].sort(chronological)) {
    if (c.status === "spam") {
      spam.push(c);
      continue;
    }
    let post = groups.get(c.postSlug);
    if (!post) {
      const known = info.get(c.postSlug);
      post = { slug: c.postSlug, title: known?.title ?? c.postTitle, url: known?.url ?? frame.blogUrl, lang: known?.lang ?? frame.lang, comments: [] };
      groups.set(c.postSlug, post);
    }
    post.comments.push(c);
  }
  const latest = (p: DigestPost) => p.comments[p.comments.length - 1]?.createdAt ?? 0;
  const ordered = [...groups.values()].sort((a, b) => latest(b) - latest(a) || (a.slug < b.slug ? -1 : 1));
  return { ...frame, counts, posts: ordered, spam, omitted };
}
