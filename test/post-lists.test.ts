/**
 * Post lists in pages (issue 11): what each page kind reads from KV does not
 * grow with the blog, each write rewrites only the keys that changed, and the
 * keys always agree with D1. Real KV and D1; a KV wrapper counts reads and writes.
 */
import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import type { Env } from "../src/config";
import { seedDemo } from "../src/demo/seed";
import { forgetAll } from "../src/posts/kv-memo";
import { BLOG_LIST, LIST_CHUNK_SIZE, SITEMAP_URLS, chunkKey, headKey, listName, sitemapKey, tagKey } from "../src/posts/lists";
import { LIST_ROWS_PER_RUN, listDuePosts, rebuildAllLists } from "../src/posts/list-build";
import type { ListChunk, ListHead, SitemapFile } from "../src/posts/model";
import { ARCHIVE_KEY, monthOf, navKey } from "../src/posts/archive";
import { publishPost, removePost, setCommentCounts } from "../src/posts/store";
import { runScheduled } from "../src/scheduled";
import { applyMigrations } from "../src/schema";
import { finishImport, importPosts } from "../src/admin/transfer";
import { BASE, watchedDb } from "./helpers";

const DAY = 86_400_000;
const T0 = Date.parse("2020-01-01T00:00:00Z");
const SMALL = 30;
const LARGE = 1_500;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A KVNamespace that records every key read (with the value's bytes) and every key written or deleted. */
function countingKv(kv: KVNamespace) {
  const reads: { key: string; bytes: number }[] = [];
  const writes: string[] = [];
  const proxy = new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return async (key: string, type?: unknown) => {
          const text = await target.get(key, "text");
          reads.push({ key, bytes: text === null ? 0 : new TextEncoder().encode(text).length });
          if (text === null) return null;
          return type === "json" || (typeof type === "object" && (type as { type?: string })?.type === "json") ? JSON.parse(text) : text;
        };
      }
      if (prop === "put" || prop === "delete") {
        return (key: string, ...rest: unknown[]) => {
          writes.push(key);
          return (target[prop] as (...a: unknown[]) => Promise<void>).call(target, key, ...rest);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv: proxy, reads, writes, reset: () => void (reads.length = 0, writes.length = 0) };
}

/** One request through the Worker with this KV, nothing remembered from before (no isolate memo). */
async function fetchWith(kv: KVNamespace, path: string, init?: RequestInit): Promise<Response> {
  forgetAll();
  return buildBlog().fetch(new Request(BASE + path, init), { ...env, POSTS: kv } as Env, createExecutionContext());
}

const excerpt = (i: number) => `Post number ${i}: a paragraph of the kind an excerpt holds, long enough to look like a real one, with a few more words about bread, trails and software at the edge.`;

/** Inserts posts straight into D1 (as an old blog or a bulk import would have them), in a few statements. */
async function insertPosts(from: number, to: number, tagsOf: (i: number) => string[]) {
  const rows = [];
  for (let i = from; i < to; i++) rows.push([`post-${i}`, `Post ${i}: a title of a usual length`, excerpt(i), JSON.stringify(tagsOf(i)), T0 + i * DAY]);
  for (let i = 0; i < rows.length; i += 500) {
    await env.DB.prepare(
      `INSERT INTO posts (slug, title, lang, html, excerpt, tags, status, published_at, updated_at)
       SELECT value ->> '$[0]', value ->> '$[1]', 'en', '<p>' || (value ->> '$[2]') || '</p>', value ->> '$[2]', value ->> '$[3]', 'published', value ->> '$[4]', value ->> '$[4]' FROM json_each(?1)`,
    )
      .bind(JSON.stringify(rows.slice(i, i + 500)))
      .run();
  }
}

/** Every list key of a list, checked against D1: the head's total and newest posts, each chunk, each sitemap file. */
async function expectListMatchesD1(list: string) {
  const { results } = await env.DB.prepare("SELECT slug FROM list_entries WHERE list = ?1 ORDER BY published_at, slug DESC").bind(list).all<{ slug: string }>();
  const slugs = results.map((r) => r.slug);
  const name = await listName(list);
  const head = await env.POSTS.get<ListHead>(headKey(name), "json");
  if (slugs.length === 0) return expect(head).toBeNull();
  expect(head!.total, list).toBe(slugs.length);
  expect(head!.posts.map((p) => p.slug)).toEqual(slugs.slice(-head!.posts.length).reverse());
  const chunks = await Promise.all(Array.from({ length: Math.ceil(slugs.length / LIST_CHUNK_SIZE) }, (_, k) => env.POSTS.get<ListChunk>(chunkKey(name, k), "json")));
  expect(chunks.flatMap((c) => c!.posts.map((p) => p.slug)), list).toEqual(slugs);
  expect(await env.POSTS.get(chunkKey(name, chunks.length))).toBeNull();
  if (list === BLOG_LIST) {
    const files = await Promise.all(Array.from({ length: Math.ceil(slugs.length / SITEMAP_URLS) }, (_, n) => env.POSTS.get<SitemapFile>(sitemapKey(n + 1), "json")));
    expect(files.flatMap((f) => f!.urls.map(([slug]) => slug))).toEqual(slugs);
  }
}

const PAGE_KINDS = ["/", "/?page=2", "/?page=3", "/tag/bulk", "/tag/bulk?page=2", "/feed.xml", "/sitemap.xml", "/sitemap-1.xml", "/api/posts", "/api/posts?page=3"];

async function measure() {
  const counting = countingKv(env.POSTS);
  const seen: Record<string, { keys: number; bytes: number }> = {};
  for (const path of PAGE_KINDS) {
    counting.reset();
    const res = await fetchWith(counting.kv, path);
    expect(res.status, path).toBe(200);
    await res.text();
    seen[path] = { keys: counting.reads.length, bytes: counting.reads.reduce((sum, r) => sum + r.bytes, 0) };
  }
  return seen;
}

let small: Record<string, { keys: number; bytes: number }>;

let migrated: { applied: string[]; listed: number; marks: string[] };

beforeAll(async () => {
  // A blog made before lists: posts in D1 and the old one-key index in KV; then migration 0004 runs.
  await env.DB.batch(["DROP TABLE list_entries", "DROP TABLE lists_dirty", "DROP TABLE scheduled_posts", "DELETE FROM d1_migrations WHERE name = '0004_post_lists.sql'"].map((sql) => env.DB.prepare(sql)));
  await insertPosts(0, SMALL - 4, (i) => ["bulk", `t${i % 3}`]);
  await env.POSTS.put("index:posts", JSON.stringify({ builtAt: 1, posts: [] }));
  const applied = await applyMigrations(env.DB, env.MIGRATIONS);
  const listed = (await env.DB.prepare("SELECT COUNT(*) AS n FROM list_entries WHERE list = ''").first<{ n: number }>())!.n;
  const marks = (await env.DB.prepare("SELECT list FROM lists_dirty").all<{ list: string }>()).results.map((r) => r.list);
  migrated = { applied, listed, marks };
  // What `npm start` runs next: the demo posts are published (marks of their own), and every list is built.
  await seedDemo(env);
});

describe("a blog made before post lists", () => {
  it("gets every list from the seed, and the old index key is gone", async () => {
    expect(migrated).toEqual({ applied: ["0004_post_lists.sql"], listed: SMALL - 4, marks: [" *"] });
    expect(await env.POSTS.get("index:posts")).toBeNull();
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM lists_dirty").first<{ n: number }>())!.n).toBe(0);
    for (const list of [BLOG_LIST, "bulk", "t0", "t1", "t2", tagKey("מתכונים")]) await expectListMatchesD1(list);
    const home = await (await fetchWith(env.POSTS, "/")).text();
    expect(home).toContain("Shakshuka");
  });
});

describe("what a page reads does not grow with the blog", () => {
  it(`reads the same few small keys at ${SMALL} posts and at ${LARGE}`, async () => {
    small = await measure();
    await insertPosts(SMALL - 4, LARGE - 4, (i) => ["bulk", `t${i % 10}`]);
    const started = Date.now();
    await rebuildAllLists(env);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM list_entries WHERE list = ''").first<{ n: number }>())!.n).toBe(LARGE);
    const large = await measure();
    console.log(`KV reads per page (keys, bytes) at ${SMALL} → ${LARGE} posts:\n` + PAGE_KINDS.map((p) => `  ${p}: ${small[p]!.keys} keys ${small[p]!.bytes} B → ${large[p]!.keys} keys ${large[p]!.bytes} B`).join("\n"));
    for (const path of PAGE_KINDS) {
      expect(large[path]!.keys, path).toBeLessThanOrEqual(Math.max(small[path]!.keys, 3));
      expect(large[path]!.keys, path).toBeLessThanOrEqual(3);
      // A sitemap file holds at most SITEMAP_URLS; every other kind reads the same posts' worth whatever the size.
      const cap = path === "/sitemap-1.xml" ? SITEMAP_URLS * 100 : small[path]!.bytes * 1.25;
      expect(large[path]!.bytes, path).toBeLessThanOrEqual(cap);
    }
    // The pages read most are one key: the list's head.
    for (const path of ["/", "/?page=2", "/tag/bulk", "/feed.xml", "/api/posts"]) expect(large[path]!.keys, path).toBe(1);
    await expectListMatchesD1(BLOG_LIST);
    await expectListMatchesD1("bulk");
    await expectListMatchesD1("t7");
  }, 60_000);

  it("serves list pages with the right posts, ETags and 404 past the last page", async () => {
    const last = Math.ceil(LARGE / 10);
    const page = await (await fetchWith(env.POSTS, `/?page=${last - 1}`)).text();
    // Newest first: page 149 of 150 shows posts 19…10 (post-0 is the oldest).
    expect(page.match(/<article class="entry"/g)).toHaveLength(10);
    expect(page.indexOf("Post 19:")).toBeLessThan(page.indexOf("Post 10:"));
    expect(page).not.toContain("Post 9:");
    for (const path of [`/?page=${last + 1}`, "/tag/bulk?page=999", "/tag/t3?page=17"]) expect((await fetchWith(env.POSTS, path)).status, path).toBe(404);
    expect((await fetchWith(env.POSTS, "/tag/t3?page=15")).status).toBe(200);
    const api = await fetchWith(env.POSTS, "/api/posts?page=999");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    const first = await fetchWith(env.POSTS, "/?page=7");
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toContain("max-age=");
    const again = await fetchWith(env.POSTS, "/?page=7", { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const json = (await (await fetchWith(env.POSTS, "/api/posts?page=2")).json()) as { page: number; pages: number; total: number; posts: { slug: string }[] };
    expect(json).toMatchObject({ page: 2, pages: last, total: LARGE });
    expect(json.posts.map((p) => p.slug)).toEqual(Array.from({ length: 10 }, (_, i) => `post-${LARGE - 11 - i}`));
  });

  it("splits the sitemap into files of SITEMAP_URLS once it outgrows one, each valid", async () => {
    const index = await (await fetchWith(env.POSTS, "/sitemap.xml")).text();
    expect(XMLValidator.validate(index)).toBe(true);
    const files = asArray(xml.parse(index).sitemapindex.sitemap).map((s: { loc: string }) => s.loc);
    expect(files).toEqual([`${BASE}/sitemap-1.xml`, `${BASE}/sitemap-2.xml`]);
    const urls: string[] = [];
    for (const file of files) {
      const res = await fetchWith(env.POSTS, new URL(file).pathname);
      expect(res.headers.get("content-type")).toBe("application/xml; charset=UTF-8");
      const body = await res.text();
      expect(XMLValidator.validate(body)).toBe(true);
      const set = asArray(xml.parse(body).urlset.url) as { loc: string; lastmod?: string }[];
      expect(set.length).toBeLessThanOrEqual(SITEMAP_URLS + 1);
      urls.push(...set.map((u) => u.loc));
    }
    expect(urls[0]).toBe(`${BASE}/`);
    expect(new Set(urls).size).toBe(LARGE + 1);
    expect((await fetchWith(env.POSTS, "/sitemap-3.xml")).status).toBe(404);
  });
});

describe("a write rewrites only the keys that changed", () => {
  const newPost = (slug: string, at: number, tags = ["bulk", "t1"]) => ({ slug, title: slug, lang: "en", html: "<p>x</p>", tags, status: "published" as const, publishedAt: at });

  it("a new newest post: its post key, the newest chunks, the heads and the last sitemap file", async () => {
    const counting = countingKv(env.POSTS);
    let queries = 0;
    const stores = { DB: watchedDb(env.DB, () => void queries++), POSTS: counting.kv };
    const previous = (await env.POSTS.get<ListHead>(headKey("all"), "json"))!.posts[0]!.slug;
    const at = Date.now() - 1000;
    const month = `month:${monthOf(at)}`; // no TIME_ZONE in these stores: UTC
    await publishPost(stores, newPost("brand-new", at));
    const [all, bulk, t1, inMonth] = await Promise.all(["all", "tag:bulk", "tag:t1", month].map((name) => env.POSTS.get<ListHead>(headKey(name), "json")));
    const newest = (head: ListHead, name: string) => chunkKey(name, Math.floor((head.total - 1) / LIST_CHUNK_SIZE));
    expect(new Set(counting.writes).size).toBe(counting.writes.length); // no key twice
    expect(counting.writes.sort()).toEqual(
      [
        "post:brand-new",
        headKey("all"),
        newest(all!, "all"),
        sitemapKey(2),
        headKey("tag:bulk"),
        newest(bulk!, "tag:bulk"),
        headKey("tag:t1"),
        newest(t1!, "tag:t1"),
        // Its month's list and the archive's counts; its neighbours' keys: its own, and the old newest's (now with a next).
        headKey(month),
        newest(inMonth!, month),
        ARCHIVE_KEY,
        navKey("brand-new"),
        navKey(previous),
      ].sort(),
    );
    // One batch for the post and its places, one read of the moved ranges (with the archive's month counts: a month gained a post), one batch to clear the marks.
    expect(queries).toBeLessThanOrEqual(13);
    expect(all!.posts[0]!.slug).toBe("brand-new");
    await expectListMatchesD1(BLOG_LIST);
    await expectListMatchesD1("t1");
  });

  it("an edit in place: the post's chunks and its sitemap file, no head", async () => {
    const counting = countingKv(env.POSTS);
    await publishPost({ DB: env.DB, POSTS: counting.kv }, { ...newPost("post-105", T0 + 105 * DAY, ["bulk", "t5"]), title: "Edited in place" });
    // Its month (April 2020 holds post-91…post-120: post-105 is in its chunk 1), and the neighbours that show its title.
    expect(counting.writes.sort()).toEqual(["post:post-105", chunkKey("all", 10), sitemapKey(1), chunkKey("tag:bulk", 10), chunkKey("tag:t5", 0), chunkKey("month:2020-04", 1), navKey("post-104"), navKey("post-106")].sort());
    const chunk = await env.POSTS.get<ListChunk>(chunkKey("all", 10), "json");
    expect(chunk!.posts.find((p) => p.slug === "post-105")!.title).toBe("Edited in place");
  });

  it("a comment count: the chunks that show the post, in each of its lists", async () => {
    const counting = countingKv(env.POSTS);
    await setCommentCounts({ DB: env.DB, POSTS: counting.kv }, new Map([["post-105", 7]]));
    expect(counting.writes.sort()).toEqual([chunkKey("all", 10), chunkKey("tag:bulk", 10), chunkKey("tag:t5", 0), chunkKey("month:2020-04", 1)].sort());
    const page = (await (await fetchWith(env.POSTS, `/api/posts?page=${Math.ceil((LARGE + 1 - 105) / 10)}`)).json()) as { posts: { slug: string; comments: number }[] };
    expect(page.posts.find((p) => p.slug === "post-105")!.comments).toBe(7);
    // A post among the newest: its head too.
    counting.reset();
    await setCommentCounts({ DB: env.DB, POSTS: counting.kv }, new Map([["brand-new", 2]]));
    expect(counting.writes).toContain(headKey("all"));
    expect(counting.writes).toContain(headKey("tag:t1"));
  });

  it("a moved date rewrites the chunks between its old and new places", async () => {
    const counting = countingKv(env.POSTS);
    await publishPost({ DB: env.DB, POSTS: counting.kv }, newPost("post-300", T0 + 280.5 * DAY, ["bulk"]));
    const mainChunks = counting.writes.filter((k) => k.startsWith("list:") && k.endsWith(":all") && !k.startsWith("list:h:"));
    expect(mainChunks.sort()).toEqual([chunkKey("all", 28), chunkKey("all", 29), chunkKey("all", 30)].sort());
    await expectListMatchesD1(BLOG_LIST);
    await expectListMatchesD1("bulk");
  });

  it("a backdated post or a delete rewrites from its place on, in bounded runs the cron finishes", async () => {
    await publishPost(env, newPost("very-old", T0 - 10 * DAY));
    // More rows moved than one run reads (LIST_ROWS_PER_RUN): the rest is left marked, from where it stopped.
    expect(LARGE * 2).toBeGreaterThan(LIST_ROWS_PER_RUN);
    const left = await env.DB.prepare("SELECT list, from_pos FROM lists_dirty").all<{ list: string; from_pos: number }>();
    expect(left.results.length).toBeGreaterThan(0);
    await expectListMatchesD1(BLOG_LIST);
    await runScheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, createExecutionContext());
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM lists_dirty").first<{ n: number }>())!.n).toBe(0);
    for (const list of [BLOG_LIST, "bulk", "t1"]) await expectListMatchesD1(list);

    const counting = countingKv(env.POSTS);
    expect(await removePost({ DB: env.DB, POSTS: counting.kv }, "post-1400")).toBe(true);
    expect(counting.writes.filter((k) => k.endsWith(":all") && !k.startsWith("list:h:")).sort()).toEqual(Array.from({ length: 11 }, (_, i) => chunkKey("all", 140 + i)).sort());
    for (const list of [BLOG_LIST, "bulk", "t0"]) await expectListMatchesD1(list);
  });

  it("an import marks the lists in each batch and rewrites them once, at the finish", async () => {
    const counting = countingKv(env.POSTS);
    const stores = { DB: env.DB, POSTS: counting.kv };
    const posts = [1, 2, 3].map((n) => ({ wpSite: "old.example", wpId: n, slug: `imported-${n}`, title: `Imported ${n}`, lang: "en", html: "<p>x</p>", excerpt: "", tags: ["bulk", "imported"], status: "published" as const, publishedAt: T0 + (2000 + n) * DAY, updatedAt: T0, commentsOpen: true }));
    expect((await importPosts(stores, "127.0.0.1:8787", posts)).created).toHaveLength(3);
    expect(counting.writes.sort()).toEqual(["post:imported-1", "post:imported-2", "post:imported-3"]);
    expect(await env.POSTS.get(headKey("tag:imported"))).toBeNull();
    counting.reset();
    // A comment count meanwhile leaves the chunks the pending rebuild will write (with the new count): each key once.
    await setCommentCounts(stores, new Map([["imported-2", 5]]));
    expect(counting.writes).toEqual([]);
    await finishImport(stores, []);
    expect(new Set(counting.writes).size).toBe(counting.writes.length);
    expect(counting.writes).toContain(headKey("tag:imported"));
    const imported = await env.POSTS.get<ListHead>(headKey("tag:imported"), "json");
    expect(imported!.posts.find((p) => p.slug === "imported-2")!.comments).toBe(5);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM lists_dirty").first<{ n: number }>())!.n).toBe(0);
    for (const list of [BLOG_LIST, "bulk", "imported"]) await expectListMatchesD1(list);
  });

  it("an unpublished tag's last post empties its list: the tag page is a 404", async () => {
    await publishPost(env, newPost("lonely", T0 + 5 * DAY, ["lonely tag", "a:1", "א".repeat(250)]));
    await publishPost(env, newPost("other", T0 + 6 * DAY, ["a", "*"]));
    expect(await (await fetchWith(env.POSTS, "/tag/%2A")).text()).toContain('href="/other"');
    expect((await fetchWith(env.POSTS, "/tag/lonely%20tag")).status).toBe(200);
    expect(await (await fetchWith(env.POSTS, "/tag/a:1")).text()).toContain('href="/lonely"');
    expect(await (await fetchWith(env.POSTS, "/tag/a")).text()).not.toContain('href="/lonely"');
    expect(await (await fetchWith(env.POSTS, "/tag/" + encodeURIComponent("א".repeat(250)))).text()).toContain('href="/lonely"');
    await publishPost(env, { ...newPost("lonely", T0 + 5 * DAY, ["lonely tag"]), status: "draft" });
    expect((await fetchWith(env.POSTS, "/tag/lonely%20tag")).status).toBe(404);
    expect(await env.POSTS.get(headKey("tag:lonely tag"))).toBeNull();
    await expectListMatchesD1(BLOG_LIST);
  });
});

describe("scheduled posts", () => {
  it("join the lists only when the cron runs past their time; their page shows at its time", async () => {
    let queries = 0;
    const watched = { DB: watchedDb(env.DB, () => void queries++), POSTS: env.POSTS };
    expect((await listDuePosts(watched, Date.now())).marks).toEqual([]);
    expect(queries).toBe(1); // nothing due: one query

    const at = Date.now() + 1_500;
    await publishPost(env, { slug: "coming-soon", title: "Coming soon", lang: "en", html: "<p>soon</p>", tags: ["bulk"], status: "published", publishedAt: at });
    expect(await (await fetchWith(env.POSTS, "/")).text()).not.toContain("Coming soon");
    expect((await fetchWith(env.POSTS, "/coming-soon")).status).toBe(404);
    await runScheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, createExecutionContext());
    expect(await (await fetchWith(env.POSTS, "/feed.xml")).text()).not.toContain("Coming soon");

    await new Promise((resolve) => setTimeout(resolve, at - Date.now() + 50));
    expect((await fetchWith(env.POSTS, "/coming-soon")).status).toBe(200);
    expect(await (await fetchWith(env.POSTS, "/")).text()).not.toContain("Coming soon"); // until the cron lists it
    let listQueries = 0;
    const watchedEnv = { ...env, DB: watchedDb(env.DB, (sql) => void (/list_entries|lists_dirty|scheduled_posts/.test(sql) && listQueries++)) };
    await runScheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), watchedEnv, createExecutionContext());
    expect(listQueries).toBeLessThanOrEqual(9); // README's Workers Free budget (the 9th: the archive's month counts)
    expect(await (await fetchWith(env.POSTS, "/")).text()).toContain("Coming soon");
    expect(await (await fetchWith(env.POSTS, "/tag/bulk")).text()).toContain("Coming soon");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM scheduled_posts").first<{ n: number }>())!.n).toBe(0);
    await expectListMatchesD1(BLOG_LIST);
    await expectListMatchesD1("bulk");
  });
});
