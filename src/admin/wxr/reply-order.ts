/**
 * The one rule for threading comments that arrive together: a WordPress
 * export read by parseWxr(), and each batch the admin API imports. Both use
 * orderReplies(), so a file and a hand-made API request cannot thread the
 * same comments differently.
 *
 * - A reply stays in its own post: a parent of another post is no parent.
 * - A reply whose parent is missing moves up: to the parent's own parent when
 *   the missing one was left out on purpose (a pingback, spam WordPress did
 *   not export), else to the top.
 * - Every parent comes before its replies, so the caller can store them in
 *   that order and a reply always points at a comment stored before it.
 * - A loop of replies (WordPress never makes one; a hand-made file or request
 *   can) is broken at the top: its first member becomes a top-level comment.
 *
 * Pure: no storage. What counts as "already stored" is the caller's to say.
 */

export interface ReplyOrderInput<T> {
  items: readonly T[];
  /** What replies point at; unique among the items (a repeated key: the first one is the parent). */
  key: (item: T) => string;
  /** The key of the comment it replies to, or null for a top-level comment. */
  parent: (item: T) => string | null;
  /** Which post it belongs to. */
  post: (item: T) => string;
  /** A comment that is not among the items but may be replied to (already stored): its post; else undefined. */
  stored?: (key: string) => string | undefined;
  /** A comment left out on purpose: its own parent (null at the top level); else undefined. */
  skipped?: (key: string) => string | null | undefined;
}

export type ParentOf<T> = { item: T } | { stored: string } | null;

export interface ParentChange {
  /** The parent the comment named. */
  named: string;
  /** missing: neither among the items nor stored; other-post: a comment of another post; loop: it was in a reply loop. */
  reason: "missing" | "other-post" | "loop";
}

export interface PlacedReply<T> {
  item: T;
  /** Its parent after the rule: an item placed before it, a stored comment, or null (top level). */
  parent: ParentOf<T>;
  /** Why the parent is not the one the comment named; null when it is. */
  change: ParentChange | null;
}

const TOP = -1;

/** Every item once, parents before their replies, each with the parent it keeps and why it lost the one it named. */
export function orderReplies<T>(input: ReplyOrderInput<T>): PlacedReply<T>[] {
  const { items } = input;
  const indexOf = new Map<string, number>();
  items.forEach((item, i) => {
    const key = input.key(item);
    if (!indexOf.has(key)) indexOf.set(key, i);
  });

  // Each item's parent among the items (an index), or TOP with the stored parent's key, if any.
  const parentIndex: number[] = [];
  const storedParent: (string | null)[] = [];
  const reasons: (ParentChange["reason"] | null)[] = [];
  for (const item of items) {
    const post = input.post(item);
    const seen = new Set<string>([input.key(item)]);
    let reason: ParentChange["reason"] | null = null;
    let found = TOP;
    let stored: string | null = null;
    for (let p = input.parent(item); p !== null; ) {
      const j = indexOf.get(p);
      if (j !== undefined) {
        if (input.post(items[j]!) === post) found = j;
        else reason ??= "other-post";
        break;
      }
      const storedPost = input.stored?.(p);
      if (storedPost !== undefined) {
        if (storedPost === post) stored = p;
        else reason ??= "other-post";
        break;
      }
      reason ??= "missing";
      // A loop among left-out comments ends the climb at the top.
      if (seen.has(p)) break;
      seen.add(p);
      p = input.skipped?.(p) ?? null;
    }
    parentIndex.push(found);
    storedParent.push(stored);
    reasons.push(reason);
  }

  // Place each item once its parent is placed: in input order where possible, else right after its parent.
  const placed: boolean[] = items.map(() => false);
  const waiting = new Map<number, number[]>();
  const order: number[] = [];
  const place = (first: number) => {
    const stack = [first];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (placed[i]) continue;
      placed[i] = true;
      order.push(i);
      const replies = waiting.get(i);
      if (replies) {
        waiting.delete(i);
        for (let r = replies.length - 1; r >= 0; r--) stack.push(replies[r]!);
      }
    }
  };
  items.forEach((_, i) => {
    const parent = parentIndex[i]!;
    if (parent === TOP || placed[parent]) place(i);
    else {
      const siblings = waiting.get(parent);
      if (siblings) siblings.push(i);
      else waiting.set(parent, [i]);
    }
  });

  // What is left waits on a loop, or hangs below one: every parent it climbs to is unplaced too,
  // so the climb comes round. Break that loop at its first member, which places the whole loop.
  for (let i = 0; i < items.length; i++) {
    while (!placed[i]) {
      const climbed = new Set<number>();
      let j = i;
      while (!climbed.has(j)) {
        climbed.add(j);
        j = parentIndex[j]!;
      }
      let first = j;
      for (let k = parentIndex[j]!; k !== j; k = parentIndex[k]!) first = Math.min(first, k);
      parentIndex[first] = TOP;
      reasons[first] = "loop";
      place(first);
    }
  }

  return order.map((i) => {
    const item = items[i]!;
    const named = input.parent(item);
    const parent: ParentOf<T> = parentIndex[i] !== TOP ? { item: items[parentIndex[i]!]! } : storedParent[i] !== null ? { stored: storedParent[i]! } : null;
    const kept = parent === null ? null : "item" in parent ? input.key(parent.item) : parent.stored;
    return { item, parent, change: named !== null && kept !== named ? { named, reason: reasons[i] ?? "missing" } : null };
  });
}
