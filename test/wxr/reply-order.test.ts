/**
 * orderReplies(): the one threading rule of imports (parseWxr and the admin
 * API): parents before replies, replies stay in their post, a missing
 * parent moves the reply up, and a loop of replies is broken at the top.
 */
import { describe, expect, it } from "vitest";
import { orderReplies, type PlacedReply, type ReplyOrderInput } from "../../src/admin/wxr/reply-order";

interface C {
  id: string;
  parent: string | null;
  post?: string;
}

const c = (id: string, parent: string | null = null, post = "p"): C => ({ id, parent, post });

function order(items: C[], more: Partial<ReplyOrderInput<C>> = {}): PlacedReply<C>[] {
  return orderReplies({ items, key: (x) => x.id, parent: (x) => x.parent, post: (x) => x.post ?? "p", ...more });
}

/** id → the parent it keeps ("stored:" for a stored one), in the order placed. */
function summary(placed: PlacedReply<C>[]): [string, string | null, string | null][] {
  return placed.map(({ item, parent, change }) => [item.id, parent === null ? null : "item" in parent ? parent.item.id : `stored:${parent.stored}`, change?.reason ?? null]);
}

/** Every item once; each kept parent placed before its reply; no reply reaches itself. */
function expectWellFormed(items: C[], placed: PlacedReply<C>[]) {
  expect(placed.map((p) => p.item).sort((a, b) => items.indexOf(a) - items.indexOf(b))).toEqual(items);
  const before = new Set<C>();
  for (const { item, parent } of placed) {
    if (parent !== null && "item" in parent) {
      expect(before.has(parent.item), `${item.id} after its parent ${parent.item.id}`).toBe(true);
      expect(parent.item.post).toBe(item.post);
    }
    before.add(item);
  }
}

describe("orderReplies", () => {
  it("puts every parent before its replies, keeping the given order otherwise", () => {
    const items = [c("3", "2"), c("1"), c("2", "1"), c("4")];
    const placed = order(items);
    expect(summary(placed)).toEqual([
      ["1", null, null],
      ["2", "1", null],
      ["3", "2", null],
      ["4", null, null],
    ]);
    expectWellFormed(items, placed);
  });

  it("breaks a reply loop (7001 ↔ 7002) at its first member, which becomes top-level", () => {
    const items = [c("7001", "7002"), c("7002", "7001")];
    const placed = order(items);
    expect(summary(placed)).toEqual([
      ["7001", null, "loop"],
      ["7002", "7001", null],
    ]);
    expect(placed[0]!.change).toEqual({ named: "7002", reason: "loop" });
    expectWellFormed(items, placed);
  });

  it("makes only the loop's member top-level, not a reply hanging below the loop", () => {
    // 9 replies to A; A and B reply to each other. 9 comes first, but it is no part of the loop.
    const items = [c("9", "A"), c("A", "B"), c("B", "A")];
    const placed = order(items);
    expect(summary(placed)).toEqual([
      ["A", null, "loop"],
      ["9", "A", null],
      ["B", "A", null],
    ]);
    expectWellFormed(items, placed);
  });

  it("breaks a longer loop, two loops, and a comment replying to itself", () => {
    const items = [c("x", "z"), c("y", "x"), c("z", "y"), c("self", "self"), c("m", "n"), c("n", "m"), c("tail", "y")];
    const placed = order(items);
    expect(placed.filter((p) => p.change?.reason === "loop").map((p) => p.item.id)).toEqual(["x", "self", "m"]);
    expect(summary(placed).find(([id]) => id === "tail")).toEqual(["tail", "y", null]);
    expectWellFormed(items, placed);
  });

  it("moves a reply to a comment of another post to the top", () => {
    const items = [c("1", null, "a"), c("2", "1", "b")];
    expect(summary(order(items))).toEqual([
      ["1", null, null],
      ["2", null, "other-post"],
    ]);
  });

  it("moves a reply whose parent is missing up: past left-out comments to their parent, else to the top", () => {
    const items = [c("1"), c("3", "2"), c("5", "4"), c("7", "6")];
    const skipped = new Map<string, string | null>([
      ["2", "1"], // a pingback replying to 1
      ["6", "6"], // left out, and (bad data) its own parent
    ]);
    const placed = order(items, { skipped: (key) => skipped.get(key) });
    expect(summary(placed)).toEqual([
      ["1", null, null],
      ["3", "1", "missing"],
      ["5", null, "missing"],
      ["7", null, "missing"],
    ]);
    expect(placed[1]!.change).toEqual({ named: "2", reason: "missing" });
  });

  it("keeps a parent that is already stored, if it is of the same post", () => {
    const stored = new Map([
      ["old-1", "p"],
      ["old-2", "elsewhere"],
    ]);
    const items = [c("a", "old-1"), c("b", "old-2"), c("c", "a")];
    expect(summary(order(items, { stored: (key) => stored.get(key) }))).toEqual([
      ["a", "stored:old-1", null],
      ["b", null, "other-post"],
      ["c", "a", null],
    ]);
  });

  it("prefers a comment of the batch to a stored one with the same key", () => {
    const items = [c("b", "a"), c("a")];
    expect(summary(order(items, { stored: () => "p" }))).toEqual([
      ["a", null, null],
      ["b", "a", null],
    ]);
  });

  it("places every comment exactly once with its parent first, whatever the links (random threads with loops)", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const size = 1 + random(30);
      const items = Array.from({ length: size }, (_, i) => c(String(i), null, `p${random(3)}`));
      for (const item of items) item.parent = random(4) === 0 ? null : String(random(size + 3));
      expectWellFormed(items, order(items));
    }
  });
});
