/**
 * The import API (/api/admin/import/*) through the real Worker, on what a
 * security review found: one over-long field stopped a whole import; reply
 * loops were stored as they came; and two WordPress sites' comments with the
 * same ids were taken for one another.
 */
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { UNNAMED_SITE } from "../../src/admin/wxr/source";
import { BASE } from "../helpers";

const TOKEN = env.ADMIN_TOKEN!;
const T = Date.UTC(2025, 0, 1);
const SITE_A = "https://a.example";
const SITE_B = "https://b.example";

function admin(path: string, json?: unknown): Promise<Response> {
  const headers = new Headers({ Authorization: `Bearer ${TOKEN}` });
  if (json !== undefined) headers.set("Content-Type", "application/json");
  return exports.default.fetch(new Request(BASE + path, { method: json === undefined ? "GET" : "POST", headers, body: json === undefined ? undefined : JSON.stringify(json) }));
}

const post = (wpId: number, slug: string, more: Record<string, unknown> = {}) => ({
  wpId,
  slug,
  title: slug,
  lang: "en",
  html: "<p>A post.</p>",
  excerpt: "",
  tags: [],
  status: "published",
  publishedAt: T,
  updatedAt: T,
  commentsOpen: true,
  ...more,
});

const comment = (wpId: number, postWpId: number, parentWpId: number | null = null, more: Record<string, unknown> = {}) => ({
  wpId,
  postWpId,
  parentWpId,
  authorName: "Reader",
  authorEmail: "reader@example.com",
  authorUrl: "",
  authorIp: "",
  body: `Comment ${wpId}.`,
  status: "approved",
  createdAt: T + wpId * 1000,
  isAuthor: false,
  ...more,
});

interface PostsOutcome {
  created: { wpId: number; slug: string }[];
  existing: { wpId: number; slug: string }[];
  notes: string[];
}
interface CommentsOutcome {
  created: number;
  existing: number;
  skipped: { wpId: number; reason: string }[];
  notes: { wpId: number; message: string }[];
  slugs: string[];
}

async function importPosts(site: string, posts: unknown[]): Promise<PostsOutcome> {
  const res = await admin("/api/admin/import/posts", { site, posts });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

async function importComments(site: string, comments: unknown[]): Promise<CommentsOutcome> {
  const res = await admin("/api/admin/import/comments", { site, comments });
  expect(res.status, await res.clone().text()).toBe(200);
  const outcome = (await res.json()) as CommentsOutcome;
  if (outcome.slugs.length > 0) expect((await admin("/api/admin/import/finish", { slugs: outcome.slugs })).status).toBe(200);
  return outcome;
}

interface Row {
  id: number;
  parent_id: number | null;
  wp_id: number;
  author_name: string;
  author_email: string | null;
  author_url: string | null;
  body: string;
}
async function rowsOf(site: string, slug?: string): Promise<Map<number, Row>> {
  const { results } = await env.DB.prepare("SELECT * FROM comments WHERE wp_site = ?1 AND (?2 IS NULL OR post_slug = ?2) ORDER BY id").bind(site, slug ?? null).all<Row>();
  return new Map(results.map((r) => [r.wp_id, r]));
}

/** The approved comments readers get, and the count the index shows. */
async function readerView(slug: string): Promise<{ shown: number; counted: number }> {
  const page = (await (await exports.default.fetch(new Request(`${BASE}/api/posts/${slug}/comments`))).json()) as { comments: unknown[] };
  const index = (await (await exports.default.fetch(new Request(`${BASE}/api/posts`))).json()) as { posts: { slug: string; comments: number }[] };
  return { shown: page.comments.length, counted: index.posts.find((p) => p.slug === slug)?.comments ?? -1 };
}

const codePoints = (s: string) => [...s].length;

describe("an imported comment that does not fit the comment form's limits", () => {
  it("is shortened or loses the field, with a note, and the rest of the batch is imported", async () => {
    await importPosts(SITE_A, [post(1, "limits")]);
    const batch = [
      comment(1, 1, null, { authorName: "N".repeat(1500) }),
      comment(2, 1, null, { authorName: "\u200B\u200D\u2060" }),
      comment(3, 1, null, { authorEmail: "reader-at-example.com", authorUrl: "javascript:alert(1)" }),
      comment(4, 1, null, { authorEmail: `${"e".repeat(300)}@example.com`, authorUrl: `https://example.com/${"u".repeat(300)}` }),
      comment(5, 1, null, { body: "🍞".repeat(60_000) }),
      comment(6, 1, null, { body: "x".repeat(50_000) }),
      comment(7, 1, null, { body: " \n " }),
      comment(8, 1),
    ];
    const outcome = await importComments(SITE_A, batch);
    expect(outcome).toMatchObject({ created: 7, existing: 0, skipped: [{ wpId: 7, reason: "empty text" }] });
    expect(outcome.notes).toEqual([
      { wpId: 1, message: "its author's name was 1,500 characters long: shortened to 100" },
      { wpId: 2, message: "its author's name has no visible characters: imported as “Anonymous”" },
      { wpId: 3, message: "its author's email address “reader-at-example.com” is not an email address and was left out" },
      { wpId: 3, message: "its author's website “javascript:alert(1)” is not an http(s) address and was left out" },
      { wpId: 4, message: "its author's email address was 312 characters long (at most 254) and was left out" },
      { wpId: 4, message: "its author's website was 320 characters long (at most 200) and was left out" },
      { wpId: 5, message: "its text was 60,000 characters long: shortened to 10,000, ending in “…”" },
      { wpId: 6, message: "its text was 50,000 characters long: shortened to 10,000, ending in “…”" },
    ]);

    const rows = await rowsOf(SITE_A, "limits");
    expect(rows.get(1)!.author_name).toBe("N".repeat(100));
    expect(rows.get(2)!.author_name).toBe("Anonymous");
    expect([rows.get(3)!.author_email, rows.get(3)!.author_url, rows.get(4)!.author_email, rows.get(4)!.author_url]).toEqual([null, null, null, null]);
    // One limit for every comment: what the form allows, in code points.
    for (const id of [5, 6]) {
      expect(codePoints(rows.get(id)!.body)).toBe(10_000);
      expect(rows.get(id)!.body.endsWith("…")).toBe(true);
    }
    expect(rows.get(8)!.body).toBe("Comment 8.");
    expect(await readerView("limits")).toEqual({ shown: 7, counted: 7 });

    // The same batch again: nothing new, nothing noted.
    expect(await importComments(SITE_A, batch)).toMatchObject({ created: 0, existing: 7, notes: [] });
  });

  it("refuses only sizes no WordPress stores, naming the field", async () => {
    const res = await admin("/api/admin/import/comments", { site: SITE_A, comments: [comment(90, 1, null, { body: "x".repeat(1_000_001) })] });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("comments.0.body");
  });
});

describe("replies on import", () => {
  it("breaks a reply loop sent to the API (7001 ↔ 7002): the first becomes top-level, and readers see every comment counted", async () => {
    await importPosts(SITE_A, [post(2, "loop")]);
    const outcome = await importComments(SITE_A, [comment(7001, 2, 7002), comment(7002, 2, 7001)]);
    expect(outcome).toMatchObject({ created: 2, existing: 0 });
    expect(outcome.notes).toEqual([{ wpId: 7001, message: "replied to comment 7002, which replies back to it (a loop of replies): now a top-level comment" }]);
    const rows = await rowsOf(SITE_A, "loop");
    expect(rows.get(7001)!.parent_id).toBeNull();
    expect(rows.get(7002)!.parent_id).toBe(rows.get(7001)!.id);
    expect(await readerView("loop")).toEqual({ shown: 2, counted: 2 });
  });

  it("does not close a loop across batches: a reply whose parent comes later stays top-level", async () => {
    const first = await importComments(SITE_A, [comment(8001, 2, 8002)]);
    expect(first.notes).toEqual([{ wpId: 8001, message: "replied to comment 8002, which is neither in this import nor stored for this post: now a top-level comment" }]);
    const second = await importComments(SITE_A, [comment(8002, 2, 8001)]);
    expect(second).toMatchObject({ created: 1, notes: [] });
    const rows = await rowsOf(SITE_A, "loop");
    expect(rows.get(8001)!.parent_id).toBeNull();
    expect(rows.get(8002)!.parent_id).toBe(rows.get(8001)!.id);
    expect(await readerView("loop")).toEqual({ shown: 4, counted: 4 });
  });

  it("orders a batch parents first, moves replies past skipped comments, and keeps replies in their own post", async () => {
    await importPosts(SITE_A, [post(3, "threads"), post(4, "elsewhere")]);
    const outcome = await importComments(SITE_A, [
      comment(9003, 3, 9002),
      comment(9002, 3, 9001),
      comment(9001, 3),
      comment(9004, 3, 9001, { body: "" }),
      comment(9005, 3, 9004),
      comment(9006, 4, 9001),
    ]);
    expect(outcome).toMatchObject({ created: 5, skipped: [{ wpId: 9004, reason: "empty text" }] });
    expect(outcome.notes).toEqual([
      { wpId: 9005, message: "replied to comment 9004, which is neither in this import nor stored for this post: now a reply to comment 9001" },
      { wpId: 9006, message: "replied to comment 9001, which belongs to another post: now a top-level comment" },
    ]);
    const rows = await rowsOf(SITE_A);
    expect(rows.get(9001)!.parent_id).toBeNull();
    expect(rows.get(9002)!.parent_id).toBe(rows.get(9001)!.id);
    expect(rows.get(9003)!.parent_id).toBe(rows.get(9002)!.id);
    expect(rows.get(9005)!.parent_id).toBe(rows.get(9001)!.id);
    expect(rows.get(9006)!.parent_id).toBeNull();
    // A later batch replies to a stored comment.
    await importComments(SITE_A, [comment(9007, 3, 9003)]);
    expect((await rowsOf(SITE_A)).get(9007)!.parent_id).toBe(rows.get(9003)!.id);
  });

  it("never stores a comment that is its own ancestor", async () => {
    const { results } = await env.DB.prepare(
      `WITH RECURSIVE up(start, id, depth) AS (SELECT id, parent_id, 1 FROM comments WHERE parent_id IS NOT NULL
         UNION ALL SELECT up.start, c.parent_id, depth + 1 FROM up JOIN comments c ON c.id = up.id WHERE c.parent_id IS NOT NULL AND depth < 100)
       SELECT start FROM up WHERE id = start OR depth >= 100`,
    ).all();
    expect(results).toEqual([]);
  });
});

describe("two WordPress sites with the same ids", () => {
  const posts = (slug: string) => [post(10, slug)];
  const comments = [comment(11, 10), comment(12, 10, 11), comment(13, 10)];

  it("imports both sites' comments, none taken for the other's, and each site again changes nothing", async () => {
    expect((await importPosts(SITE_A, posts("site-a"))).created).toHaveLength(1);
    expect(await importComments(SITE_A, comments)).toMatchObject({ created: 3, existing: 0 });
    expect((await importPosts(SITE_B, posts("site-b"))).created).toHaveLength(1);
    expect(await importComments(SITE_B, comments)).toMatchObject({ created: 3, existing: 0 });

    expect((await importPosts(SITE_A, posts("site-a"))).existing).toHaveLength(1);
    expect(await importComments(SITE_A, comments)).toMatchObject({ created: 0, existing: 3 });
    // The same site however its address is spelled.
    expect((await importPosts("HTTPS://B.Example/", posts("site-b"))).existing).toHaveLength(1);
    expect(await importComments("HTTPS://B.Example/", comments)).toMatchObject({ created: 0, existing: 3 });

    const [a, b] = [await rowsOf(SITE_A, "site-a"), await rowsOf(SITE_B, "site-b")];
    expect([a.size, b.size]).toEqual([3, 3]);
    expect(b.get(12)!.parent_id).toBe(b.get(11)!.id);
    expect(a.get(12)!.parent_id).toBe(a.get(11)!.id);
    expect(await readerView("site-b")).toEqual({ shown: 3, counted: 3 });
  });

  it("scopes a reply's parent to its own site: B's reply to its missing 99 is not joined to A's 99", async () => {
    await importComments(SITE_A, [comment(99, 10)]);
    const outcome = await importComments(SITE_B, [comment(100, 10, 99)]);
    expect(outcome.notes).toEqual([{ wpId: 100, message: "replied to comment 99, which is neither in this import nor stored for this post: now a top-level comment" }]);
    expect((await rowsOf(SITE_B)).get(100)!.parent_id).toBeNull();
  });

  it("takes an item's own site, its post's and its parent's, over the batch's", async () => {
    const outcome = await importComments(SITE_B, [comment(500, 10, 11, { wpSite: "https://c.example", postWpSite: SITE_A, parentWpSite: SITE_A })]);
    expect(outcome).toMatchObject({ created: 1, notes: [] });
    const row = (await rowsOf("https://c.example")).get(500)!;
    expect(row.parent_id).toBe((await rowsOf(SITE_A)).get(11)!.id);
  });

  it("needs the batch's site: an http(s) address, or the marker of a file that names none", async () => {
    for (const site of [undefined, "", "ftp://a.example", "a.example"]) {
      const res = await admin("/api/admin/import/comments", { site, comments: [] });
      expect(res.status, String(site)).toBe(422);
      expect(await res.text()).toContain("site");
    }
    expect((await admin("/api/admin/import/posts", { site: SITE_A, posts: [post(1, "x", { wpSite: "javascript:1" })] })).status).toBe(422);
    expect((await importPosts(UNNAMED_SITE, [post(10, "unnamed")])).created).toEqual([{ wpId: 10, slug: "unnamed" }]);
  });

  it("leaves rows imported before sites were recorded (wp_site '') matching nothing new", async () => {
    await env.DB.prepare(
      "INSERT INTO comments (post_slug, author_name, body, status, created_at, wp_site, wp_id) VALUES ('site-a', 'Old', 'Imported long ago.', 'approved', ?1, '', 4242)",
    )
      .bind(T)
      .run();
    expect(await importComments(SITE_A, [comment(4242, 10)])).toMatchObject({ created: 1, existing: 0 });
  });
});

describe("this blog's own export, imported back", () => {
  interface Exported {
    id: number;
    source: { site: string; id: number };
  }
  type ExportedPost = Exported & Record<string, unknown>;
  type ExportedComment = Exported & { postId: number; parentId: number | null } & Record<string, unknown>;

  async function exported(): Promise<{ posts: ExportedPost[]; comments: ExportedComment[] }> {
    const posts: ExportedPost[] = [];
    for (let page = 1; ; page++) {
      const answer = (await (await admin(`/api/admin/export/posts?page=${page}`)).json()) as { posts: ExportedPost[]; more: boolean };
      posts.push(...answer.posts);
      if (!answer.more) break;
    }
    const comments: ExportedComment[] = [];
    for (let after = 0; ; ) {
      const answer = (await (await admin(`/api/admin/export/comments?after=${after}`)).json()) as { comments: ExportedComment[]; more: boolean; next: number };
      comments.push(...answer.comments);
      if (!answer.more) break;
      after = answer.next;
    }
    return { posts, comments };
  }

  it("names every item by its source, with ids unique in the file, and changes nothing when imported back", async () => {
    const before = await exported();
    expect(new Set(before.posts.map((p) => p.id)).size).toBe(before.posts.length);
    expect(new Set(before.comments.map((c) => c.id)).size).toBe(before.comments.length);
    // Both sites' comment 11, and the legacy row as this blog's own.
    expect(before.comments.filter((c) => c.source.id === 11).map((c) => c.source.site).sort()).toEqual([SITE_A, SITE_B]);
    expect(before.comments.filter((c) => c.source.site === BASE).map((c) => c.body)).toEqual(["Imported long ago."]);

    const postById = new Map(before.posts.map((p) => [p.id, p]));
    const commentById = new Map(before.comments.map((c) => [c.id, c]));
    for (let i = 0; i < before.posts.length; i += 25) {
      const batch = before.posts.slice(i, i + 25).map(({ id: _, source, ...p }) => ({ ...p, wpSite: source.site, wpId: source.id }));
      expect((await importPosts(BASE, batch)).created).toEqual([]);
    }
    for (let i = 0; i < before.comments.length; i += 200) {
      const batch = before.comments.slice(i, i + 200).map((c) => {
        const parent = c.parentId === null ? null : commentById.get(c.parentId)!.source;
        const postSource = postById.get(c.postId)!.source;
        return {
          ...comment(c.source.id, postSource.id, parent?.id ?? null, { authorName: c.authorName, authorEmail: c.authorEmail ?? "", authorUrl: c.authorUrl ?? "", body: c.body, status: c.status, createdAt: c.createdAt, isAuthor: c.isAuthor }),
          wpSite: c.source.site,
          postWpSite: postSource.site,
          parentWpSite: parent?.site ?? null,
        };
      });
      expect(await importComments(BASE, batch)).toMatchObject({ created: 0, existing: batch.length, notes: [] });
    }
    expect(await exported()).toEqual(before);
  });
});
