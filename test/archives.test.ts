/**
 * Archives and neighbours (issue 14, part 4): month lists in the blog's time
 * zone, the month, year and archive pages, previous/next links on the post
 * page, reading time, and WordPress's date archives. Real KV and D1, posts
 * written through the admin API (the Worker's env: TIME_ZONE Asia/Jerusalem).
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import type { Env } from "../src/config";
import { forgetAll } from "../src/posts/kv-memo";
import { ARCHIVE_KEY, monthName, monthOf, navKey, readingMinutes, type ArchiveMonths, type PostNav } from "../src/posts/archive";
import { messagesFor } from "../src/views/i18n";
import { rebuildAllLists } from "../src/posts/list-build";
import { isValidSlug } from "../src/posts/slug";
import { admin, BASE, get } from "./helpers";



async function put(slug: string, date: string, extra: Record<string, unknown> = {}) {
  const res = await admin(`/api/admin/posts/${encodeURIComponent(slug)}`, { method: "PUT", json: { title: `Title of ${slug}`, markdown: "A few words.", date, tags: [], ...extra } });
  expect(res.status, slug).toBeLessThan(300);
}

/** A page as a fresh isolate reads it (nothing remembered), through a KV that records the keys read. */
async function view(path: string): Promise<{ res: Response; html: string; reads: string[] }> {
  forgetAll();
  const reads: string[] = [];
  const kv = new Proxy(env.POSTS, {
    get(target, prop) {
      // A bulk read (the post page's one round trip) records each of its keys.
      if (prop === "get") return (key: string | string[], type?: unknown) => (reads.push(...[key].flat()), target.get(key as string, type as "json"));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const res = await buildBlog().fetch(new Request(BASE + path, { redirect: "manual" }), { ...env, POSTS: kv } as Env, createExecutionContext());
  return { res, html: await res.text(), reads };
}

const archive = async () => (await env.POSTS.get<ArchiveMonths>(ARCHIVE_KEY, "json"))?.months ?? [];
const nav = (slug: string) => env.POSTS.get<PostNav>(navKey(slug), "json");
const slugsOn = (html: string) => [...html.matchAll(/<article class="entry"[^>]*>\s*<h2><a href="\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));

beforeAll(async () => {
  await put("sep-a", "2026-09-10T10:00:00Z");
  // 00:30 on 1 October in Jerusalem (UTC+3): October on this blog, though still September in UTC.
  await put("boundary", "2026-09-30T21:30:00Z");
  for (let i = 1; i <= 11; i++) await put(`oct-${i}`, `2026-10-${String(i + 1).padStart(2, "0")}T09:00:00Z`);
  await put("nov-a", "2026-11-05T09:00:00Z", { markdown: "word ".repeat(1000), lang: "he", title: "רשומה בעברית" });
  await put("draft-oct", "2026-10-20T09:00:00Z", { draft: true });
  await put("future", "2030-01-15T09:00:00Z");
});

describe("month lists", () => {
  it("put a post in its month in the blog's time zone", () => {
    expect(monthOf(Date.parse("2026-09-30T21:30:00Z"), "Asia/Jerusalem")).toBe("2026-10");
    expect(monthOf(Date.parse("2026-09-30T21:30:00Z"))).toBe("2026-09");
    expect(monthOf(Date.parse("2026-09-30T21:30:00Z"), "Not/AZone")).toBe("2026-09");
  });

  it("count only what readers see: no draft, no scheduled post", async () => {
    expect(await archive()).toEqual([
      ["2026-11", 1],
      ["2026-10", 12],
      ["2026-09", 1],
    ]);
    const { res, html, reads } = await view("/archive/");
    expect(res.status).toBe(200);
    expect(reads).toEqual([ARCHIVE_KEY]);
    expect(html).toContain('<h1>Archive</h1>');
    expect(html).toContain('href="/2026/10/">October</a> <span class="meta">12 posts</span>');
    expect(html).toContain('id="y2026"');
    expect(html).toContain('href="/2026/">2026</a> <span class="meta">14 posts</span>');
    expect(html).not.toContain("/2030/");
    expect(html.indexOf("/2026/11/")).toBeLessThan(html.indexOf("/2026/09/"));
    expect(await view("/archive/")).toMatchObject({ res: expect.objectContaining({ status: 200 }) });
    const bare = await get("/archive");
    expect([bare.status, bare.headers.get("location")]).toEqual([301, "/archive/"]);
  });

  it("a month page: newest first, paged, with its heading, canonical and 404s", async () => {
    const first = await view("/2026/10/");
    expect(first.res.status).toBe(200);
    expect(first.html).toContain("<h1>Posts from October 2026</h1>");
    expect(first.html).toContain('<link rel="canonical" href="http://127.0.0.1:8787/2026/10/"');
    expect(slugsOn(first.html)).toEqual(["oct-11", "oct-10", "oct-9", "oct-8", "oct-7", "oct-6", "oct-5", "oct-4", "oct-3", "oct-2"]);
    expect(first.html).toContain('href="/2026/10/?page=2" rel="next"');
    // What a month page reads: its list's head (and on later pages at most two chunks), however big the blog.
    expect(first.reads).toEqual(["list:h:month:2026-10"]);
    const second = await view("/2026/10/?page=2");
    expect(slugsOn(second.html)).toEqual(["oct-1", "boundary"]);
    expect(second.html).toContain('href="/2026/10/" rel="prev"');
    expect(second.reads.length).toBeLessThanOrEqual(3);
    for (const path of ["/2026/10/?page=3", "/2026/08/", "/2026/13/", "/2026/00/", "/2030/01/", "/1999/"]) expect((await view(path)).res.status, path).toBe(404);
    expect(slugsOn((await view("/2026/09/")).html)).toEqual(["sep-a"]);
  });

  it("a year page lists its months, from the archive's one key", async () => {
    const { res, html, reads } = await view("/2026/");
    expect(res.status).toBe(200);
    expect(reads).toEqual([ARCHIVE_KEY]);
    expect(html).toContain("<h1>Posts from 2026</h1>");
    expect(html).toContain('href="/2026/11/">November</a> <span class="meta">1 post</span>');
  });

  it("Hebrew: the preposition joins the month's name", () => {
    const he = messagesFor("he");
    expect(he.postsFromMonth(monthName(10, "he"), "2026")).toBe("רשומות מאוקטובר 2026");
    expect(he.postsFromMonth("October", "2026")).toBe("רשומות מ־October 2026");
    expect(he.postCount(1)).toBe("רשומה אחת");
    expect(isValidSlug("archive")).toBe(false);
  });

  it("an unpublished post and a changed date move the counts", async () => {
    await put("oct-5", "2026-10-06T09:00:00Z", { draft: true });
    expect((await archive()).find(([m]) => m === "2026-10")).toEqual(["2026-10", 11]);
    await put("sep-a", "2026-11-20T09:00:00Z");
    expect(await archive()).toEqual([
      ["2026-11", 2],
      ["2026-10", 11],
    ]);
    expect((await view("/2026/09/")).res.status).toBe(404);
    expect(await env.POSTS.get("list:h:month:2026-09")).toBeNull();
    expect(slugsOn((await view("/2026/11/")).html)).toEqual(["sep-a", "nov-a"]);
    // Back as they were, for what follows.
    await put("oct-5", "2026-10-06T09:00:00Z");
    await put("sep-a", "2026-09-10T10:00:00Z");
    expect((await archive()).map(([m, n]) => `${m}:${n}`)).toEqual(["2026-11:1", "2026-10:12", "2026-09:1"]);
  });
});

describe("previous and next post", () => {
  const neighbours = async (slug: string) => {
    const n = await nav(slug);
    return [n?.prev?.slug ?? null, n?.next?.slug ?? null];
  };

  it("first, middle and last posts", async () => {
    expect(await neighbours("sep-a")).toEqual([null, "boundary"]);
    expect(await neighbours("oct-5")).toEqual(["oct-4", "oct-6"]);
    expect(await neighbours("nov-a")).toEqual(["oct-11", null]);
    const { html, reads } = await view("/oct-5");
    expect(html).toMatch(/<nav class="post-nav" aria-label="More posts">/);
    expect(html).toContain('<span class="meta">Previous post</span> <a href="/oct-4" lang="en" dir="ltr"><bdi>Title of oct-4</bdi></a>');
    expect(html).toContain('<a href="/oct-6" lang="en" dir="ltr"><bdi>Title of oct-6</bdi></a>');
    expect(reads).toContain(navKey("oct-5"));
    expect(reads.length).toBeLessThanOrEqual(4);
    // A neighbour in another language keeps its own language and direction.
    expect((await view("/oct-11")).html).toContain('<a href="/nov-a" lang="he" dir="rtl"><bdi>רשומה בעברית</bdi></a>');
    expect((await view("/sep-a")).html).not.toContain("Previous post");
  });

  it("a newer post gives the old newest a next; a trashed post joins its neighbours", async () => {
    await put("dec-a", "2026-11-30T09:00:00Z");
    expect(await neighbours("nov-a")).toEqual(["oct-11", "dec-a"]);
    expect(await neighbours("dec-a")).toEqual(["nov-a", null]);
    // The post page shows it at once: what it read is in its cache key.
    expect((await get("/nov-a")).status).toBe(200);
    expect(await (await get("/nov-a")).text()).toContain('href="/dec-a"');
    expect((await admin("/api/admin/posts/oct-5", { method: "DELETE" })).status).toBe(200);
    expect(await neighbours("oct-4")).toEqual(["oct-3", "oct-6"]);
    expect(await neighbours("oct-6")).toEqual(["oct-4", "oct-7"]);
    expect(await nav("oct-5")).toBeNull();
    expect((await archive()).find(([m]) => m === "2026-10")).toEqual(["2026-10", 11]);
  });

  it("a date change: its old neighbours close up, its new ones take it in", async () => {
    await put("oct-2", "2026-10-09T12:00:00Z"); // between oct-8 (10-09 09:00) and oct-9 (10-10)
    expect(await neighbours("oct-1")).toEqual(["boundary", "oct-3"]);
    expect(await neighbours("oct-3")).toEqual(["oct-1", "oct-4"]);
    expect(await neighbours("oct-2")).toEqual(["oct-8", "oct-9"]);
    expect(await neighbours("oct-8")).toEqual(["oct-7", "oct-2"]);
    expect(await neighbours("oct-9")).toEqual(["oct-2", "oct-10"]);
  });

  it("a rebuild from scratch writes the same keys", async () => {
    const before = await Promise.all(["sep-a", "oct-4", "oct-9", "dec-a"].map(neighbours));
    await env.POSTS.delete(navKey("oct-9"));
    await rebuildAllLists(env);
    expect(await Promise.all(["sep-a", "oct-4", "oct-9", "dec-a"].map(neighbours))).toEqual(before);
    expect((await archive()).map(([m, n]) => `${m}:${n}`)).toEqual(["2026-11:2", "2026-10:11", "2026-09:1"]);
  });
});

describe("reading time", () => {
  it("words at 200 a minute, at least one; in the post's language", async () => {
    expect(readingMinutes("<p>one two</p>")).toBe(1);
    expect(readingMinutes(`<p>${"word ".repeat(1000)}</p>`)).toBe(5);
    expect(readingMinutes(`<p>${"מילה ".repeat(610)}</p>`)).toBe(3);
    expect((await view("/oct-4")).html).toContain("<span>1 min read</span>");
    expect((await view("/nov-a")).html).toContain("<span>5 דקות קריאה</span>");
    expect(messagesFor("he").readingTime(1)).toBe("דקת קריאה אחת");
  });

  it("a post stored before the field shows none, and no error", async () => {
    const stored = (await env.POSTS.get<Record<string, unknown>>("post:oct-3", "json"))!;
    // As a key written then: without the field, and without the page rendered ahead (which came later).
    delete stored.readingMinutes;
    delete stored.frame;
    await env.POSTS.put("post:oct-3", JSON.stringify({ ...stored, version: "old" }));
    const { res, html } = await view("/oct-3");
    expect(res.status).toBe(200);
    expect(html).not.toContain("min read");
  });
});

describe("WordPress date archives", () => {
  it("go to the month's or year's page", async () => {
    for (const [path, to] of [
      ["/2026/10/21/", "/2026/10/"],
      ["/2026/10/21", "/2026/10/"],
      ["/2026/10", "/2026/10/"],
      ["/2026/9/", "/2026/09/"],
      ["/2026", "/2026/"],
      ["/index.php/2026/10/", "/2026/10/"],
      ["/2026/10/feed/", "/feed.xml"],
      ["/?m=20261021", "/2026/10/"],
    ]) {
      const res = await get(path!);
      expect([res.status, res.headers.get("location")], path).toEqual([301, to]);
    }
    // A post whose slug is a year keeps its address; the year's page is the one with the slash.
    await put("1984", "2026-10-15T09:00:00Z");
    expect((await get("/1984")).status).toBe(200);
    expect((await get("/1984/")).status).toBe(301);
    // The month page itself, and an impossible date, stay where they are.
    for (const path of ["/2026/10/", "/2026/"]) expect((await get(path)).status, path).toBe(200);
    for (const path of ["/2026/13/", "/2026/10/32/", "/2025/05/"]) expect((await get(path)).status, path).toBe(404);
  });
});
