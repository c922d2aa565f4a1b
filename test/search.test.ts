/**
 * Search (issue 14): `/search?q=…` through the real Worker and real D1 FTS5.
 * English and Hebrew (prefixes, niqqud), what readers may not see, the index
 * following every write, the backfill of posts older than the index, and
 * queries built to break FTS5 syntax.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { publishPost, removePost } from "../src/posts/store";
import { trashPost, restorePost } from "../src/admin/post-trash";
import { applyMigrations } from "../src/schema";
import { matchExpression } from "../src/search/query";
import { hebrewForms } from "../src/search/hebrew";
import { searchText } from "../src/search/normalize";
import { searchPosts } from "../src/search/store";
import { attr, elementsOf, get } from "./helpers";

const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T00:00:00Z");

const search = (q: string, page?: number) => get(`/search?q=${encodeURIComponent(q)}${page ? `&page=${page}` : ""}`);
/** The slugs a search shows, in order, from the result links. */
async function found(q: string, page?: number): Promise<string[]> {
  const res = await search(q, page);
  expect(res.status).toBe(200);
  const html = await res.text();
  return [...html.matchAll(/<article class="entry search-hit"[^>]*>\s*<h2><a href="\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
}

const post = (slug: string, title: string, html: string, extra: Partial<Parameters<typeof publishPost>[1]> = {}) =>
  publishPost(env, { slug, title, lang: "en", html, tags: [], status: "published", publishedAt: T0, ...extra });

beforeAll(async () => {
  await seedDemo(env);
  await post("tomato-soup", "Tomato soup", "<p>A <em>warming</em> bowl for cold evenings.</p>", { tags: ["Recipes"] });
  await post("garden-notes", "Garden notes", "<p>The zucchini took over the whole garden this summer.</p>");
  await post("house-he", "הבית החדש", "<p>עברנו לבית חדש. והבית הזה גדול, ובבית יש גינה.</p>", { lang: "he", tags: ["מגורים"] });
  await post("pointed-he", "שיר", "<p>הַמַּיִם זוֹרְמִים אֶל הַיָּם בְּשָׁלוֹם.</p>", { lang: "he" });
  await post("to-house-he", "מכתב", "<p>הלכתי לבית של סבתא.</p>", { lang: "he" });
  await post("xss", "Escaping", "<p>Never run &lt;script&gt;alert(1)&lt;/script&gt; from a kumquat.</p>");
  await post("draft-post", "Draft", "<p>The secret word is marmalade.</p>", { status: "draft" });
  await post("future-post", "Future", "<p>The secret word is quince.</p>", { publishedAt: Date.now() + 30 * DAY });
  await post("trashed-post", "Trashed", "<p>The secret word is persimmon.</p>");
  await trashPost(env, "trashed-post");
  for (let i = 1; i <= 23; i++) await post(`pager-${i}`, `Pager ${i}`, `<p>Paging test number ${i} with the word papaya.</p>`, { publishedAt: T0 + i * DAY });
});

describe("the search page", () => {
  it("an empty query is the form alone, 200, indexable at its one canonical address, with a labelled search field", async () => {
    for (const path of ["/search", "/search?q=", "/search?q=%20%20"]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(attr(html, "form", "method")).toBe("get");
      expect(attr(html, "form", "action")).toBe("/search");
      expect(attr(html, "input", "type")).toBe("search");
      expect(attr(html, "input", "name")).toBe("q");
      expect(html).toMatch(/<label for="search-q">/);
      expect(html).not.toContain(`<meta name="robots"`);
      expect(html).toContain(`<link rel="canonical" href="${env.BASE_URL}/search"/>`);
      expect(html).not.toContain("posts found");
    }
  });

  it("finds an English word in a title, the text and a tag, case-insensitively, with the last word as a prefix", async () => {
    // Best first: the title's word over the Shakshuka recipe's text.
    expect((await found("tomato"))[0]).toBe("tomato-soup");
    expect(await found("WARMING")).toEqual(["tomato-soup"]);
    expect(await found("recipes")).toContain("tomato-soup");
    expect(await found("zucchini garden")).toEqual(["garden-notes"]);
    expect(await found("zucch")).toEqual(["garden-notes"]);
    // The demo posts, written through the same publishPost() path as the seed.
    expect(await found("edgepress")).toContain("hello-from-the-edge");
  });

  it("shows the count, the title linked, the date, tags, and a snippet with the words marked; private short caching", async () => {
    const res = await search("warming");
    expect(res.headers.get("cache-control")).toBe("private, max-age=60");
    expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    const html = await res.text();
    expect(html).toContain("1 post found");
    expect(html).toContain(`<a href="/tomato-soup"><bdi>Tomato soup</bdi></a>`);
    expect(html).toContain(`<time datetime="2026-03-01T00:00:00.000Z">`);
    expect(html).toContain(`href="/tag/Recipes"`);
    expect(html).toContain("A <mark>warming</mark> bowl for cold evenings.");
    expect(html).toContain(`<meta name="robots" content="noindex"/>`);
    expect(attr(html, "input", "value")).toBe("warming");
    // A title match is marked too.
    expect(await (await search("tomato")).text()).toContain("<bdi><mark>Tomato</mark> soup</bdi>");
  });

  it("escapes the text around the marks: a post quoting <script> injects nothing", async () => {
    const html = await (await search("kumquat")).text();
    expect(html).toContain("Never run &lt;script&gt;alert(1)&lt;/script&gt; from a <mark>kumquat</mark>.");
    expect((await elementsOf(html)).some((e) => e.tag === "script")).toBe(false);
    // The query itself, echoed in the title, heading and form, is escaped as well.
    const echoed = await (await search(`"><script>alert(1)</script>`)).text();
    expect((await elementsOf(echoed)).some((e) => e.tag === "script")).toBe(false);
  });

  it("says so, kindly, when nothing matches", async () => {
    const html = await (await search("xylophone")).text();
    expect(html).toContain("No post matches these words");
  });
});

describe("Hebrew", () => {
  it("finds a word with or without its one-letter prefixes, both ways", async () => {
    // בית finds הבית, לבית, והבית, בבית.
    expect(await found("בית")).toEqual(expect.arrayContaining(["house-he", "to-house-he"]));
    // לבית finds בית (and הבית: the same word behind another prefix).
    expect(await found("לבית")).toEqual(expect.arrayContaining(["house-he", "to-house-he"]));
    expect(await found("והבית")).toEqual(expect.arrayContaining(["house-he", "to-house-he"]));
    expect(await found("גינה")).toEqual(["house-he"]);
    expect(await found("מגורים")).toEqual(["house-he"]);
    const html = await (await search("בית")).text();
    expect(html).toContain("<mark>לבית</mark>");
    expect(html).toMatch(/<mark>והבית<\/mark>.*<mark>ובבית<\/mark>/);
    expect(html).toContain(`<article class="entry search-hit" lang="he" dir="rtl">`);
  });

  it("ignores niqqud in the text and in the query", async () => {
    expect(await found("מים")).toEqual(["pointed-he"]);
    expect(await found("שלום")).toContain("pointed-he");
    expect(await found("ים")).toEqual(["pointed-he"]); // הַיָּם: ה + ים
    expect(await found("בַּיִת")).toEqual(expect.arrayContaining(["house-he", "to-house-he"]));
    // The demo's Hebrew post writes שָׁלוֹם with points.
    expect(await found("שלום")).toContain("למה-לכתוב-בלוג");
  });

  it("expands a query word into its prefixed forms, and strips a prefix it carries", () => {
    expect(searchText("בְּשָׁלוֹם")).toBe("בשלום");
    expect(searchText("\uFB2A")).toBe("ש"); // שׁ as one presentation-form code point
    const forms = hebrewForms("לבית");
    expect(forms).toEqual(expect.arrayContaining(["לבית", "בית", "הבית", "והבית", "מהבית", "כשבבית"]));
    // A two-letter rest stands alone: מים (water) is not looked for as בים (in the sea).
    expect(hebrewForms("מים")).toContain("ים");
    expect(hebrewForms("מים")).not.toContain("בים");
    expect(hebrewForms("בית")).toContain("ובבית");
  });
});

describe("what readers may not see", () => {
  it("finds no draft, no scheduled post before its date, nothing in the trash", async () => {
    expect(await found("marmalade")).toEqual([]);
    expect(await found("quince")).toEqual([]);
    expect(await found("persimmon")).toEqual([]);
  });

  it("finds a scheduled post once its date has come", async () => {
    const expression = matchExpression("quince")!;
    expect((await searchPosts(env.DB, expression, 1, Date.now())).total).toBe(0);
    const later = await searchPosts(env.DB, expression, 1, Date.now() + 31 * DAY);
    expect(later.hits.map((h) => h.slug)).toEqual(["future-post"]);
  });

  it("finds a post restored from the trash again", async () => {
    await restorePost(env, "trashed-post");
    expect(await found("persimmon")).toEqual(["trashed-post"]);
    await trashPost(env, "trashed-post");
    expect(await found("persimmon")).toEqual([]);
  });
});

describe("the index follows every write", () => {
  it("an edit through the admin API replaces the old words with the new", async () => {
    const put = (html: string) =>
      get("/api/admin/posts/edited", { method: "PUT", headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify({ title: "Edited", lang: "en", html, date: "2026-02-01T00:00:00Z" }) });
    expect((await put("<p>The fruit is a loquat.</p>")).status).toBe(201);
    expect(await found("loquat")).toEqual(["edited"]);
    expect((await put("<p>The fruit is a tamarillo.</p>")).status).toBe(200);
    expect(await found("loquat")).toEqual([]);
    expect(await found("tamarillo")).toEqual(["edited"]);
  });

  it("unpublishing, deleting for good and removing take a post out", async () => {
    await post("going", "Going", "<p>Soon gone: feijoa.</p>");
    expect(await found("feijoa")).toEqual(["going"]);
    await publishPost(env, { slug: "going", title: "Going", lang: "en", html: "<p>Soon gone: feijoa.</p>", tags: [], status: "draft", publishedAt: T0 });
    expect(await found("feijoa")).toEqual([]);
    await post("going", "Going", "<p>Soon gone: feijoa.</p>");
    expect(await found("feijoa")).toEqual(["going"]);
    const res = await get("/api/admin/posts/going", { method: "DELETE", headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } });
    expect(res.status).toBeLessThan(300);
    expect(await found("feijoa")).toEqual([]);
    await post("gone", "Gone", "<p>Gone for good: rambutan.</p>");
    await removePost(env, "gone");
    expect(await found("rambutan")).toEqual([]);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM post_search WHERE rowid NOT IN (SELECT rowid FROM posts)").first<{ n: number }>())!.n).toBe(0);
  });
});

describe("paging", () => {
  it("10 results a page, rel=prev/next, a page past the last is 404, a bad page number 400", async () => {
    const html1 = await (await search("papaya")).text();
    expect(html1).toContain("23 posts found");
    expect(html1.match(/<article class="entry search-hit"/g)).toHaveLength(10);
    expect(html1).toContain(`<link rel="next" href="http://127.0.0.1:8787/search?q=papaya&amp;page=2"/>`);
    expect(html1).toContain(`<a href="/search?q=papaya&amp;page=2" rel="next">`);
    const html3 = await (await search("papaya", 3)).text();
    expect(html3.match(/<article class="entry search-hit"/g)).toHaveLength(3);
    expect(html3).toContain(`rel="prev"`);
    expect(html3).not.toContain(`rel="next"`);
    const all = [...(await found("papaya")), ...(await found("papaya", 2)), ...(await found("papaya", 3))];
    expect(new Set(all).size).toBe(23);
    expect((await search("papaya", 4)).status).toBe(404);
    expect((await get("/search?q=papaya&page=0")).status).toBe(400);
    // No results: page 1 is a 200 with the message, page 2 a 404.
    expect((await search("xylophone", 2)).status).toBe(404);
  });
});

describe("bad input", () => {
  it("over 200 characters is a 400 with a clear message and the form, keeping the first 200", async () => {
    expect((await search("a".repeat(200))).status).toBe(200);
    const res = await search("b".repeat(201));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("at most 200 characters");
    expect(attr(html, "input", "value")).toBe("b".repeat(200));
    // Characters, not UTF-16 units: 200 emoji are fine.
    expect((await search("🌿".repeat(200))).status).toBe(200);
  });

  it("FTS5 syntax in a query never causes a 500", async () => {
    const hostile = ['"', "*", "NEAR(", "NEAR(a b", "a OR", "OR", "AND", "NOT", "-x", "col:x", "title:tomato", "body : x", ")(", "(", ")", "^", "^tomato", "'", "a'b", "{title}: x", "a + b", "\\", "%", "_",
      "\u0000", "\uFFFF", "\u202E\u200F", "🌿🍞", "\u0301", "𞤀𞤁", "a\u0301", "ﷺ", "x".repeat(199) + "*", '"'.repeat(200), "(".repeat(200), "NEAR/3", 'tomato"', '"tomato', "tomato*", "*tomato", "ב\"ה", "ו ה ב כ ל מ ש ".repeat(14).trim(), "שלום ".repeat(40).trim()];
    for (const q of hostile) {
      const res = await search(q);
      expect([200, 400], `query ${JSON.stringify(q)} answered ${res.status}`).toContain(res.status);
      await res.text();
    }
    // Broken percent-encoding and UTF-8 in the address.
    for (const raw of ["%ED%A0%80", "%FF", "%", "%E0%A4", "a%00b", "%22%2A%28"]) {
      const res = await get(`/search?q=${raw}`);
      expect([200, 400], `q=${raw} answered ${res.status}`).toContain(res.status);
      await res.text();
    }
    expect(await found('"kumquat')).toEqual(["xss"]);
    expect(await found("title:tomato")).toEqual([]); // looked for as the words "title" and "tomato"
  });

  it("never reaches FTS5 with anything but quoted strings", () => {
    expect(matchExpression("***")).toBeNull();
    // A NUL would end the expression early inside SQLite ("unterminated string").
    expect(matchExpression("a\u0000b")).toBe(`"a" AND "b"`);
    expect(matchExpression(`a"b NEAR(`)).toBe(`"a""b" AND ("NEAR" OR "NEAR"*)`);
    expect(matchExpression("col:x -y")).toBe(`"col:x" AND "y"`);
  });

  it("'search' cannot be a post's address", async () => {
    await expect(post("search", "Search", "<p>x</p>")).rejects.toThrow(/invalid slug/);
  });
});

describe("a blog made before search", () => {
  it("finds the posts it already had: the migration queues them, and a search indexes them", async () => {
    // A post written straight to D1, as before the index existed, then the search migration applied again.
    await env.DB.prepare("INSERT INTO posts (slug, title, lang, html, excerpt, status, published_at, updated_at) VALUES ('older', 'Older', 'en', '<p>An old word: <b>sapodilla</b>.</p>', '', 'published', 1, 1)").run();
    await env.DB.batch([
      env.DB.prepare("DROP TABLE post_search"),
      env.DB.prepare("DROP TABLE search_queue"),
      env.DB.prepare("DROP TRIGGER posts_hidden_unindex"),
      env.DB.prepare("DROP TRIGGER posts_deleted_unindex"),
      env.DB.prepare("DELETE FROM d1_migrations WHERE name = '0008_search.sql'"),
    ]);
    expect(await applyMigrations(env.DB, env.MIGRATIONS)).toEqual(["0008_search.sql"]);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM search_queue").first<{ n: number }>())!.n).toBeGreaterThan(30);
    expect(await found("sapodilla")).toEqual(["older"]);
    expect(await found("tomato")).toContain("tomato-soup");
    // A search indexes a bounded number of queued posts each time, until none is left.
    for (let i = 0; i < 5; i++) await found("papaya");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM search_queue").first<{ n: number }>())!.n).toBe(0);
    expect(await found("papaya")).toHaveLength(10);
    expect(await found("בית")).toEqual(expect.arrayContaining(["house-he", "to-house-he"]));
  });
});
