/**
 * The cap: which comments a big day's digest shows in full, what it counts
 * instead, and that the message built from it stays under the size limit.
 */
import { describe, expect, it } from "vitest";
import type { DigestComment, DigestData } from "../../src/digest/model";
import { capComments, composeDigest, DIGEST_MAX_FULL, GMAIL_CLIP_BYTES, prioritize } from "../../src/digest/limit";
import { buildMessage, MAX_MESSAGE_BYTES, messageSize } from "../../src/digest/mime";
import { comment, frame, parse } from "./fixtures";

const shownOf = (data: DigestData): DigestComment[] => [...data.posts.flatMap((p) => p.comments), ...data.spam];

/** A spam wave: 1,000 long comments in Hebrew and emoji over 20 posts, of every kind. */
function wave(): DigestComment[] {
  const kinds: Pick<DigestComment, "status" | "decidedBy">[] = [
    ...Array(400).fill({ status: "pending", decidedBy: "auto" }),
    ...Array(300).fill({ status: "approved", decidedBy: "auto" }),
    ...Array(250).fill({ status: "spam", decidedBy: "auto" }),
    ...Array(50).fill({ status: "approved", decidedBy: "author" }),
  ];
  return kinds.map((kind, i) =>
    comment({
      ...kind,
      id: 10_000 + i,
      postSlug: `post-${i % 20}`,
      postTitle: `פוסט ${i % 20} 🍞`,
      authorName: `מגיב ${i} 😍`,
      createdAt: Date.UTC(2026, 2, 3, 5, 0) + ((i * 7919) % 86_400) * 1000,
      body: `תגובה ארוכה מספר ${i} 🍞😍 `.repeat(120),
      score: 0.5,
      reasons: ["many links", "new author", "fast", "short"],
    }),
  );
}

const posts = Array.from({ length: 20 }, (_, i) => ({ slug: `post-${i}`, title: `פוסט ${i} 🍞`, url: `https://blog.example/post-${i}`, lang: "he" }));

function send(rendered: { subject: string; text: string; html: string }): string {
  return buildMessage({ from: { name: "הבלוג", address: "digest@blog.example" }, to: { address: "dana@example.com" }, ...rendered, date: new Date(Date.UTC(2026, 2, 4)) });
}

describe("prioritize and capComments", () => {
  it("keeps what awaits the author first, then auto-approved, then spam, then what the author already decided; oldest first within each", () => {
    const at = (h: number) => Date.UTC(2026, 2, 3, h);
    const byAuthor = comment({ status: "approved", decidedBy: "author", createdAt: at(1) });
    const spam = comment({ status: "spam", decidedBy: "auto", createdAt: at(2) });
    const auto = comment({ status: "approved", decidedBy: "auto", createdAt: at(3) });
    const pendingLate = comment({ status: "pending", createdAt: at(5) });
    const pendingEarly = comment({ status: "pending", createdAt: at(4) });
    expect(prioritize([byAuthor, spam, auto, pendingLate, pendingEarly])).toEqual([pendingEarly, pendingLate, auto, spam, byAuthor]);
    expect(capComments([byAuthor, spam, auto, pendingLate, pendingEarly], 3)).toEqual({ shown: [pendingEarly, pendingLate, auto], omitted: 2 });
    expect(capComments([spam], 200)).toEqual({ shown: [spam], omitted: 0 });
  });
});

describe("composeDigest", () => {
  it("caps a 1,000-comment day at the maximum, summarizes the rest, and stays under the transport limit", async () => {
    const comments = wave();
    const { data, rendered, size } = composeDigest(frame({ lang: "he" }), comments, posts);
    const shown = shownOf(data);
    expect(shown).toHaveLength(DIGEST_MAX_FULL);
    expect(data.omitted).toBe(1000 - DIGEST_MAX_FULL);
    expect(shown.every((c) => c.status === "pending")).toBe(true);
    expect(data.counts).toEqual({ new: 1000, awaiting: 400, autoApproved: 300, heldSpam: 250 });
    expect(rendered.text).toContain("…ועוד 800 תגובות.");
    expect(rendered.subject).toBe("[Edge Notes] 1,000 תגובות חדשות, 400 ממתינות לך");

    const raw = send(rendered);
    expect(messageSize(raw)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(size).toBeGreaterThanOrEqual(messageSize(raw));
    const email = await parse(raw);
    expect(email.html).toContain("…ועוד 800 תגובות.");
    expect(email.text).toContain("מגיב 0 😍");
  });

  it("shows fewer than the cap when the message would pass the size limit", () => {
    const maxBytes = 150_000;
    const { data, rendered, size } = composeDigest(frame(), wave(), posts, { maxBytes });
    const shown = shownOf(data);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(DIGEST_MAX_FULL);
    expect(data.omitted).toBe(1000 - shown.length);
    expect(size).toBeLessThanOrEqual(maxBytes);
    expect(messageSize(send(rendered))).toBeLessThanOrEqual(maxBytes);
    expect(rendered.text).toContain(`…and ${data.omitted} more comments.`);
  });

  it("can keep the HTML part under Gmail's clipping size", () => {
    const { data, rendered } = composeDigest(frame(), wave(), posts, { maxHtmlBytes: GMAIL_CLIP_BYTES });
    expect(new TextEncoder().encode(rendered.html).byteLength).toBeLessThanOrEqual(GMAIL_CLIP_BYTES);
    expect(shownOf(data).length).toBeGreaterThan(5);
    expect(rendered.html).toContain(`${data.omitted} more comments`);
  });

  it("shows everything on a quiet day, spam last, and counts stay those of the whole day with a cap of 0", () => {
    const quiet = [comment({ status: "spam", decidedBy: "auto" }), comment({ status: "pending" })];
    const all = composeDigest(frame(), quiet, posts);
    expect(all.data.omitted).toBe(0);
    expect(all.data.spam).toHaveLength(1);
    expect(all.data.posts.flatMap((p) => p.comments)).toHaveLength(1);
    const none = composeDigest(frame(), quiet, posts, { maxFull: 0 });
    expect(shownOf(none.data)).toEqual([]);
    expect(none.data.omitted).toBe(2);
    expect(none.data.counts).toEqual({ new: 2, awaiting: 1, autoApproved: 0, heldSpam: 1 });
  });

  it("groups under a post it does not know (deleted since) with the comment's own title, linking to the blog", () => {
    const orphan = comment({ postSlug: "gone", postTitle: "A deleted post" });
    const { data } = composeDigest(frame(), [orphan], posts);
    expect(data.posts).toEqual([{ slug: "gone", title: "A deleted post", url: "https://blog.example", lang: "en", comments: [orphan] }]);
  });
});
