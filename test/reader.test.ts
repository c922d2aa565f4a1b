/** The reader's side through the real Worker, real KV and D1: every route of issue 2. */
import { env } from "cloudflare:workers";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { publishPost } from "../src/posts/store";
import { slugPath } from "../src/posts/slug";
import { attr, get } from "./helpers";

const EVIL_TITLE = `<script>alert("x")</script> "quotes" & 'apostrophes'`;
const DAY = 86_400_000;

beforeAll(async () => {
  await seedDemo(env);
  // Enough extra posts for a second page, one hostile title, a draft and a scheduled post.
  for (let i = 1; i <= 8; i++) {
    await publishPost(env, { slug: `filler-${i}`, title: `Filler ${i}`, lang: "en", html: `<p>Filler post ${i}.</p>`, tags: ["filler"], status: "published", publishedAt: Date.parse("2026-01-01T00:00:00Z") + i * DAY });
  }
  await publishPost(env, { slug: "evil", title: EVIL_TITLE, lang: "en", html: "<p>Body</p>", tags: [`<b>tag</b>`], status: "published", publishedAt: Date.parse("2025-06-01T00:00:00Z") });
  await publishPost(env, { slug: "secret-draft", title: "Secret draft", lang: "en", html: "<p>Not yet</p>", tags: ["filler"], status: "draft", publishedAt: Date.parse("2025-05-01T00:00:00Z") });
  await publishPost(env, { slug: "from-the-future", title: "From the future", lang: "en", html: "<p>Later</p>", tags: ["filler"], status: "published", publishedAt: Date.now() + 30 * DAY });
});

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" });
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("home page", () => {
  it("lists posts newest first, 10 a page, as UTF-8 HTML with security headers", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(res.headers.get("cache-control")).toContain("max-age=");
    const html = await res.text();
    expect(attr(html, "html", "lang")).toBe("en");
    expect(attr(html, "html", "dir")).toBe("ltr");
    expect(html.match(/<article class="entry"/g)).toHaveLength(10);
    const order = ["Shakshuka", "למה לכתוב בלוג", "Hello from the edge", "Notes on reading"].map((t) => html.indexOf(t));
    expect(order.every((pos) => pos > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The Hebrew post keeps its own language and direction on an English page.
    expect(html).toContain(`<article class="entry" lang="he" dir="rtl">`);
    expect(html).toContain(`<bdi>למה לכתוב בלוג ב־2026</bdi>`);
    expect(html).toContain(`rel="next"`);
    expect(html).toContain("Older posts");
    expect(html).not.toContain("Secret draft");
    expect(html).not.toContain("From the future");
  });

  it("pages: page 2 holds the rest, past the last page is 404, a bad number is 400", async () => {
    const page2 = await (await get("/?page=2")).text();
    expect(page2).toContain("Filler 1");
    expect(page2).toContain("rel=\"prev\"");
    expect(page2.match(/<article class="entry"/g)!.length).toBe(3); // 4 demo + 8 filler + evil = 13
    expect((await get("/?page=3")).status).toBe(404);
    const bad = await get("/?page=abc");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("whole number");
  });
});

describe("post page", () => {
  it("renders the Hebrew post right to left with its tags, author box and comments place", async () => {
    const res = await get(slugPath(HEBREW_DEMO_SLUG));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-cache");
    const html = await res.text();
    expect(attr(html, "html", "lang")).toBe("he");
    expect(attr(html, "html", "dir")).toBe("rtl");
    expect(html).toContain(`<h1 dir="auto">למה לכתוב בלוג ב־2026</h1>`);
    expect(html).toContain("20 באוקטובר 2026"); // date in the post's locale, in Asia/Jerusalem
    expect(html).toContain("תגיות");
    expect(html).toContain(`href="/tag/${encodeURIComponent("כתיבה")}"`);
    expect(html).toContain("על הכותבת");
    expect(html).toContain("Noa Levi");
    expect(html).toContain(`id="comments"`);
    expect(html).toContain("Cloudflare Workers"); // English inside Hebrew, untouched
  });

  it("keeps Hebrew, emoji and combining marks byte for byte", async () => {
    const title = "Ni\u0301qqud שַׁלוֹם 🍞😍 e\u0301";
    await publishPost(env, { slug: "bytes", title, lang: "he", html: `<p>${title}</p>`, tags: ["בדיקה"], status: "published", publishedAt: Date.parse("2020-01-01T00:00:00Z") });
    const html = await (await get("/bytes")).text();
    expect(html).toContain(`<h1 dir="auto">${title}</h1>`);
    const json = (await (await get("/api/posts/bytes")).json()) as { title: string };
    expect(json.title).toBe(title);
  });

  it("answers both spellings of a Unicode slug: upper-case hex is canonical, others redirect", async () => {
    const canonical = slugPath(HEBREW_DEMO_SLUG);
    expect(canonical).toMatch(/^\/%D7%9C%D7%9E/);
    expect((await get(canonical)).status).toBe(200);
    const wordpressStyle = canonical.toLowerCase(); // WordPress writes lower-case hex
    const lower = await get(wordpressStyle + "?x=1");
    expect(lower.status).toBe(301);
    expect(lower.headers.get("location")).toBe(canonical + "?x=1");
    const slash = await get(canonical + "/");
    expect(slash.status).toBe(301);
    expect(slash.headers.get("location")).toBe(canonical);
    const nfd = await get("/" + encodeURIComponent("shakshuka-שקשוקה".normalize("NFD")));
    expect(nfd.status).toBe(200); // Hebrew letters have no decomposition: NFD is the same slug
    expect((await get("/hello-from-the-edge/")).headers.get("location")).toBe("/hello-from-the-edge");
  });

  it("answers 404 pages for unknown posts, drafts, future posts and broken addresses, never 500", async () => {
    for (const path of ["/no-such-post", "/secret-draft", "/from-the-future", "/a/b/c", "/%E0%A4%A", "/%FF%FE", "/tag/no-such-tag", "/with.dot"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toBe("text/html; charset=UTF-8");
      const html = await res.text();
      expect(html, path).toContain("Page not found");
      expect(html, path).toContain(`name="robots" content="noindex"`);
    }
  });

  it("answers If-None-Match with 304 and the same ETag", async () => {
    const first = await get("/hello-from-the-edge");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]+(-[0-9a-z]+)?"$/);
    const again = await get("/hello-from-the-edge", { headers: { "If-None-Match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");
    const other = await get("/hello-from-the-edge", { headers: { "If-None-Match": `"nope"` } });
    expect(other.status).toBe(200);
  });
});

describe("escaping a hostile title", () => {
  it("escapes it on the post page, index, tag link, feed and JSON", async () => {
    const page = await (await get("/evil")).text();
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;");
    expect(page).not.toContain("<b>tag</b>");
    const index = await (await get("/?page=2")).text();
    expect(index).not.toContain("<script>");
    const feed = await (await get("/feed.xml")).text();
    expect(XMLValidator.validate(feed)).toBe(true);
    expect(feed).not.toContain("<script>");
    const parsed = xml.parse(feed);
    const titles = asArray(parsed.feed.entry).map((e: { title: { "#text": string } }) => e.title["#text"]);
    expect(titles).toContain(EVIL_TITLE); // escaped in the XML, the same text once parsed
    const api = await (await get("/api/posts/evil")).text();
    expect(api).not.toContain("<script>");
    expect(api).toContain("\\u003cscript\\u003e");
    expect((JSON.parse(api) as { title: string }).title).toBe(EVIL_TITLE);
  });
});

describe("tags", () => {
  it("lists a tag's posts, matching case-insensitively, in the blog's language", async () => {
    const res = await get("/tag/" + encodeURIComponent("מתכונים"));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Shakshuka");
    expect(html).not.toContain("Hello from the edge");
    expect(html).toContain(`<bdi>מתכונים</bdi>`);
    const upper = await (await get("/tag/FILLER")).text();
    expect(upper.match(/<article class="entry"/g)).toHaveLength(8);
    expect(upper).not.toContain("Secret draft");
  });
});

describe("feeds and files", () => {
  it("serves a valid Atom feed with absolute URLs and per-entry language", async () => {
    const res = await get("/feed.xml");
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=UTF-8");
    const body = await res.text();
    expect(XMLValidator.validate(body)).toBe(true);
    const feed = xml.parse(body).feed;
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe("http://127.0.0.1:8787/");
    const entries = asArray(feed.entry) as Record<string, any>[];
    expect(entries.length).toBe(14); // 4 demo + 8 filler + evil + bytes; no draft, no future post
    const hebrew = entries.find((e) => e["@xml:lang"] === "he")!;
    expect(hebrew.title["#text"]).toBe("למה לכתוב בלוג ב־2026");
    expect(hebrew.link["@href"]).toBe("http://127.0.0.1:8787" + slugPath(HEBREW_DEMO_SLUG));
    for (const entry of entries) {
      expect(entry.link["@href"]).toMatch(/^http:\/\/127\.0\.0\.1:8787\//);
      expect(Date.parse(entry.updated)).not.toBeNaN();
    }
    expect(entries.map((e) => e.title["#text"])).not.toContain("Secret draft");
  });

  it("serves a sitemap of the visible posts and a robots.txt pointing to it", async () => {
    const body = await (await get("/sitemap.xml")).text();
    expect(XMLValidator.validate(body)).toBe(true);
    const urls = asArray(xml.parse(body).urlset.url).map((u: any) => u.loc as string);
    expect(urls).toContain("http://127.0.0.1:8787" + slugPath(HEBREW_DEMO_SLUG));
    expect(urls).not.toContain("http://127.0.0.1:8787/secret-draft");
    expect(urls).not.toContain("http://127.0.0.1:8787/from-the-future");
    const robots = await (await get("/robots.txt")).text();
    expect(robots).toContain("Sitemap: http://127.0.0.1:8787/sitemap.xml");
    expect(robots).toContain("Disallow: /admin");
  });

  it("serves the stylesheet with a long cache when versioned", async () => {
    const page = await (await get("/")).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(page)![1]!;
    const css = await get(href);
    expect(css.headers.get("content-type")).toBe("text/css; charset=UTF-8");
    expect(css.headers.get("cache-control")).toContain("immutable");
    const text = await css.text();
    expect(text).toContain("prefers-color-scheme:dark");
    expect(text).toContain("margin-inline");
  });
});

describe("JSON API", () => {
  it("pages /api/posts and answers /api/posts/<slug>", async () => {
    const res = await get("/api/posts");
    expect(res.headers.get("content-type")).toBe("application/json; charset=UTF-8");
    const list = (await res.json()) as { page: number; pages: number; total: number; posts: { slug: string; url: string; comments: number; published: string }[] };
    expect(list).toMatchObject({ page: 1, pages: 2, total: 14 });
    expect(list.posts).toHaveLength(10);
    expect(list.posts[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:8787\//);
    expect(list.posts[0]!.comments).toBe(0);
    expect(list.posts[0]!.published).toMatch(/^\d{4}-\d\d-\d\dT/);
    const one = (await (await get("/api/posts/" + encodeURIComponent(HEBREW_DEMO_SLUG))).json()) as { lang: string; dir: string; html: string };
    expect(one.lang).toBe("he");
    expect(one.dir).toBe("rtl");
    expect(one.html).toContain("<h2>");
  });

  it("answers errors under /api as JSON", async () => {
    for (const [path, status] of [["/api/posts/nope", 404], ["/api/nothing", 404], ["/api/posts?page=0", 400], ["/api/posts/secret-draft", 404]] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      expect(res.headers.get("content-type"), path).toBe("application/json; charset=UTF-8");
      const body = (await res.json()) as { error: { status: number; message: string } };
      expect(body.error.status).toBe(status);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
  });
});
