/**
 * Threads: approved comments (and a reader's own pending ones) arranged as
 * replies under their parents, oldest first at every level. Replies deeper
 * than the limit are shown at the last level, after the comment they descend
 * from, marked "in reply to <name>", as WordPress does, so a long
 * back-and-forth never runs off a phone screen.
 */
import type { PublicComment } from "./model";

export interface ThreadComment extends PublicComment {
  /** True for the viewer's own comment that awaits moderation. */
  pending?: boolean;
}

export interface ThreadNode {
  comment: ThreadComment;
  depth: number; // 1 = top level
  /** Set on a reply lifted to the depth limit: whom it answers. */
  inReplyTo: { id: number; name: string } | null;
  replies: ThreadNode[];
}

const byTime = (a: ThreadComment, b: ThreadComment) => a.created - b.created || a.id - b.id;

/** Threads oldest first, or with `order` "newest" the newest thread first (replies stay oldest first). */
export function buildThread(comments: ThreadComment[], maxDepth: number, order: "oldest" | "newest" = "oldest"): ThreadNode[] {
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  const childrenOf = new Map<number | null, ThreadComment[]>();
  for (const comment of comments) {
    // A reply whose parent is not shown (trashed since, say) stands at the top level.
    const parent = comment.parentId !== null && byId.has(comment.parentId) ? comment.parentId : null;
    const list = childrenOf.get(parent) ?? [];
    list.push(comment);
    childrenOf.set(parent, list);
  }
  for (const list of childrenOf.values()) list.sort(byTime);

  const placed = new Set<number>(); // bad data with a cycle must not hang the page

  const descendants = (root: ThreadComment): ThreadNode[] => {
    const found: ThreadNode[] = [];
    const walk = (parent: ThreadComment) => {
      for (const child of childrenOf.get(parent.id) ?? []) {
        if (placed.has(child.id)) continue;
        placed.add(child.id);
        found.push({ comment: child, depth: maxDepth, inReplyTo: { id: parent.id, name: parent.authorName }, replies: [] });
        walk(child);
      }
    };
    walk(root);
    return found.sort((a, b) => byTime(a.comment, b.comment));
  };

  const level = (parentId: number | null, depth: number): ThreadNode[] => {
    const nodes: ThreadNode[] = [];
    for (const comment of childrenOf.get(parentId) ?? []) {
      if (placed.has(comment.id)) continue;
      placed.add(comment.id);
      if (depth < maxDepth) {
        nodes.push({ comment, depth, inReplyTo: null, replies: level(comment.id, depth + 1) });
      } else {
        nodes.push({ comment, depth, inReplyTo: null, replies: [] }, ...descendants(comment));
      }
    }
    return nodes;
  };

  const threads = level(null, 1);
  return order === "newest" ? threads.reverse() : threads;
}
