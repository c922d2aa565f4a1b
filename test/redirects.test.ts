/**
 * A moved WordPress blog's addresses (issue 14): imported the way the CLI
 * does (parseWxr, the posts, then bundle.addresses), every old address
 * answers 301 to its new place, or 410 for what the export had and the blog
 * did not keep; unknown ones stay 404; no path redirects off the blog.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { parseWxr } from "../src/admin/wxr/parse";
import type { ImportBundle } from "../src/admin/wxr/model";
import { finishImport, importPosts } from "../src/admin/transfer";
import { recordOldAddresses, oldAddressesGone } from "../src/admin/wxr/old-addresses-api";
import { addressKey, pathKey } from "../src/redirects/paths";
import { postRecord } from "../src/posts/store";
import { get } from "./helpers";

const OWN = "http://127.0.0.1:8787";
const SITE = "https://old-blog.example";

const files = import.meta.glob<string>("../../shared/data/wordpress/sample-export.xml", { query: "?raw", import: "default", eager: true });
const sample = Object.values(files)[0];

interface Item {
  id: number;
  type?: string;
  status?: string;
  slug: string;
  link: string;
  date?: string;
  content?: string;
  parent?: number;
  categories?: [string, string, string][];
}

function item(i: Item): string {
  const cats = (i.categories ?? []).map(([domain, nicename, name]) => `<category domain="${domain}" nicename="${nicename}"><![CDATA[${name}]]></category>`).join("");
  return `<item><title><![CDATA[Post ${i.id}]]></title><link>${i.link}</link><dc:creator><![CDATA[admin]]></dc:creator>
<content:encoded><![CDATA[${i.content ?? `<p>Post ${i.id}.</p>`}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>${i.id}</wp:post_id><wp:post_date>${i.date ?? "2026-10-21 10:00:00"}</wp:post_date><wp:post_date_gmt>${i.date ?? "2026-10-21 08:00:00"}</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name><![CDATA[${i.slug}]]></wp:post_name><wp:status><![CDATA[${i.status ?? "publish"}]]></wp:status>
<wp:post_parent>${i.parent ?? 0}</wp:post_parent><wp:post_type><![CDATA[${i.type ?? "post"}]]></wp:post_type><wp:post_password></wp:post_password>
${i.type === "attachment" ? `<wp:attachment_url>${SITE}/wp-content/uploads/2026/10/pic.png</wp:attachment_url>` : ""}${cats}</item>`;
}

/** A WordPress blog with date permalinks, a Hebrew slug, nested categories, tags, a page, an attachment, a trashed post and a custom type. */
const WXR = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old blog</title><link>${SITE}</link><language>en-US</language><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>${SITE}</wp:base_site_url><wp:base_blog_url>${SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_display_name><![CDATA[Admin]]></wp:author_display_name></wp:author>
<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename><![CDATA[uncategorized]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Uncategorized]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename><![CDATA[cooking]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Cooking]]></wp:cat_name></wp:category>
<wp:category><wp:term_id>8</wp:term_id><wp:category_nicename><![CDATA[baking]]></wp:category_nicename><wp:category_parent><![CDATA[cooking]]></wp:category_parent><wp:cat_name><![CDATA[Baking]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug><![CDATA[fountain-pens]]></wp:tag_slug><wp:tag_name><![CDATA[fountain pens]]></wp:tag_name></wp:tag>
${item({ id: 21, slug: "first-loaf", link: `${SITE}/2026/10/21/first-loaf/`, categories: [["category", "baking", "Baking"], ["post_tag", "fountain-pens", "fountain pens"]], content: `<p>See <a href="http://www.old-blog.example/2026/10/second-post/#comment-3">the next one</a>, <a href="${SITE}/?p=23">by id</a>, <a href='/2026/10/21/first-loaf/'>this</a>, <a href="https://old-blog.example/about/">about</a> and <a href="https://elsewhere.example/2026/10/second-post/">elsewhere</a>.</p>` })}
${item({ id: 22, slug: "second-post", link: `${SITE}/2026/10/second-post/`, categories: [["category", "cooking", "Cooking"]] })}
${item({ id: 23, slug: "%d7%a9%d7%9c%d7%95%d7%9d", link: `${SITE}/archives/23`, categories: [["category", "cooking", "Cooking"]] })}
${item({ id: 24, type: "page", slug: "about", link: `${SITE}/about/` })}
${item({ id: 25, type: "attachment", status: "inherit", slug: "pic", link: `${SITE}/2026/10/21/first-loaf/pic/`, parent: 21 })}
${item({ id: 26, status: "trash", slug: "gone-post__trashed", link: `${SITE}/?p=26` })}
${item({ id: 27, type: "product", slug: "mug", link: `${SITE}/product/mug/` })}
${item({ id: 28, type: "nav_menu_item", slug: "menu", link: `${SITE}/2026/10/21/menu/` })}
</channel></rss>`;

async function importBundle(bundle: ImportBundle) {
  const outcome = await importPosts(env, OWN, bundle.posts);
  const recorded = await recordOldAddresses(env, bundle.site.wpSite, bundle.addresses);
  for (let i = 0; i < 20 && (await finishImport(env, [])).listsPending; i++);
  return { outcome, recorded };
}

const location = async (path: string) => {
  const res = await get(path);
  return { status: res.status, location: res.headers.get("location"), cache: res.headers.get("cache-control") };
};

let bundle: ImportBundle;
let first: Awaited<ReturnType<typeof importBundle>>;

beforeAll(async () => {
  bundle = parseWxr(WXR);
  first = await importBundle(bundle);
});

describe("the import records the old site's addresses", () => {
  it("keys each address the way the reader looks it up", () => {
    expect(pathKey("/2026/10/%D7%A9/")).toBe("/2026/10/ש");
    expect(pathKey("//2026//10/%d7%a9")).toBe("/2026/10/ש");
    expect(pathKey("/index.php/2026/10/x")).toBe("/2026/10/x");
    expect(pathKey("/a%2Fb")).toBeNull();
    expect(addressKey("/", "?p=123&foo=1")).toBe("?p=123");
    expect(addressKey("/index.php", "?page_id=9")).toBe("?page_id=9");
    const paths = new Map(bundle.addresses.map((a) => [a.path, a]));
    expect(paths.get("/2026/10/21/first-loaf")).toMatchObject({ kind: "post", wpId: 21 });
    expect(paths.get("?p=22")).toMatchObject({ kind: "post", wpId: 22 });
    expect(paths.get("?page_id=24")).toMatchObject({ kind: "post", wpId: 24 });
    expect(paths.get("/2026/10/21/first-loaf/pic")).toMatchObject({ kind: "post", wpId: 21 });
    expect(paths.get("?attachment_id=25")).toMatchObject({ kind: "post", wpId: 21 });
    expect(paths.get("/category/cooking/baking")).toMatchObject({ kind: "tag", tag: "Baking" });
    expect(paths.get("/tag/fountain-pens")).toMatchObject({ kind: "tag", tag: "fountain pens" });
    expect(paths.get("?cat=7")).toMatchObject({ kind: "tag", tag: "Cooking" });
    expect(paths.get("?p=26")).toEqual({ path: "?p=26", kind: "gone" });
    expect(paths.get("/product/mug")).toEqual({ path: "/product/mug", kind: "gone" });
    // A menu item never had an address of its own.
    expect(paths.has("/2026/10/21/menu")).toBe(false);
    expect(first.recorded.skipped).toEqual([]);
  });

  it("points links to the old site's own posts at their new addresses", async () => {
    const html = (await postRecord(env.DB, "first-loaf"))!.html;
    expect(html).toContain('href="/second-post#comment-3"');
    expect(html).toContain(`href="/${encodeURIComponent("שלום")}"`);
    expect(html).toContain("href='/first-loaf'");
    expect(html).toContain('href="/about"');
    expect(html).toContain('href="https://elsewhere.example/2026/10/second-post/"');
  });

  it("changes nothing when the same file is imported again", async () => {
    const again = await importBundle(parseWxr(WXR));
    expect(again.outcome.created).toEqual([]);
    expect(again.recorded.recorded).toBe(0);
    expect(again.recorded.unchanged).toBe(first.recorded.recorded);
  });
});

describe("old addresses on the reader", () => {
  it("301s each item's old permalink, in any spelling, to its post", async () => {
    for (const [path, to] of [
      ["/2026/10/21/first-loaf/", "/first-loaf"],
      ["/2026/10/21/first-loaf", "/first-loaf"],
      ["/2026/10/21/First-Loaf/", "/first-loaf"],
      ["/index.php/2026/10/21/first-loaf/", "/first-loaf"],
      ["/2026/10/second-post/", "/second-post"],
      ["/archives/23", `/${encodeURIComponent("שלום")}`],
      ["/2026/10/21/first-loaf/pic/", "/first-loaf"],
      ["/2026/10/21/first-loaf/feed/", "/first-loaf/comments.xml"],
      ["/2026/10/21/first-loaf/comment-page-2/", "/first-loaf/comment-page-2/"],
      ["/2026/10/21/first-loaf/amp/", "/first-loaf"],
    ]) {
      expect(await location(path!), path).toEqual({ status: 301, location: to, cache: "public, max-age=86400" });
    }
  });

  it("301s WordPress's query addresses, and 404s an unknown id", async () => {
    expect((await location("/?p=21")).location).toBe("/first-loaf");
    expect((await location("/index.php?p=22")).location).toBe("/second-post");
    expect((await location("/?page_id=24")).location).toBe("/about");
    expect((await location("/?attachment_id=25")).location).toBe("/first-loaf");
    expect((await location("/?cat=8")).location).toBe("/tag/Baking");
    expect((await location("/?feed=rss2")).location).toBe("/feed.xml");
    expect((await location("/?s=%D7%91%D7%99%D7%AA+%3Cb%3E")).location).toBe(`/search?q=${encodeURIComponent("בית <b>")}`);
    expect((await location("/?p=999")).status).toBe(404);
    expect((await location("/?page=1")).status).toBe(200);
  });

  it("301s categories and tags to the tag pages they became", async () => {
    expect((await location("/category/cooking/baking/")).location).toBe("/tag/Baking");
    expect((await location("/category/baking/")).location).toBe("/tag/Baking");
    expect((await location("/category/cooking/page/2/")).location).toBe("/tag/Cooking?page=2");
    expect((await location("/tag/fountain-pens/")).location).toBe("/tag/fountain%20pens");
    expect((await location("/tag/fountain-pens/feed/")).location).toBe("/tag/fountain%20pens");
    expect((await location("/category/uncategorized/")).location).toBe("/");
    expect((await get("/tag/fountain%20pens")).status).toBe(200);
  });

  it("301s WordPress's generic addresses without any data", async () => {
    for (const [path, to] of [
      ["/feed/", "/feed.xml"],
      ["/feed", "/feed.xml"],
      ["/feed/atom/", "/feed.xml"],
      ["/comments/feed/", "/feed.xml"],
      ["/page/2/", "/?page=2"],
      ["/page/1/", "/"],
      ["/author/admin/", "/"],
      // Date archives: the month's page (issue 14, archives), which the month itself now is.
      ["/2026/10/21/", "/2026/10/"],
      ["/2026/10", "/2026/10/"],
      ["/2026/1/", "/2026/01/"],
      ["/2026", "/2026/"],
      ["/2026/10/page/2/", "/2026/10/?page=2"],
      ["/?m=202610", "/2026/10/"],
      ["/?m=2026", "/2026/"],
      ["/first-loaf/feed/", "/first-loaf/comments.xml"],
      ["/first-loaf/amp/", "/first-loaf"],
      ["/tag/whatever/", "/tag/whatever"],
    ]) {
      expect((await location(path!)).location, path).toBe(to);
    }
  });

  it("answers 410 for what the export had and the blog did not keep", async () => {
    const trashed = await get("/?p=26");
    expect(trashed.status).toBe(410);
    expect(await trashed.text()).toContain("Gone");
    expect((await get("/product/mug/")).status).toBe(410);
  });

  it("answers 410 for a post deleted for good, once the delete says so", async () => {
    expect(await oldAddressesGone(env, "second-post")).toBeGreaterThan(0);
    expect((await get("/2026/10/second-post/")).status).toBe(410);
    expect((await get("/?p=22")).status).toBe(410);
  });

  it("leaves unknown addresses 404 and normal pages alone", async () => {
    for (const path of ["/2026/10/21/no-such-post/", "/nothing-here", "/a/b/c/d", "/wp-admin/x"]) expect((await get(path)).status, path).toBe(404);
    const post = await get("/first-loaf");
    expect(post.status).toBe(200);
  });

  it("never redirects off the blog, whatever the path", async () => {
    for (const path of ["//evil.example", "//evil.example/", "/%2F%2Fevil.example", "/%2F%2Fevil.example/feed/", "/%5C%5Cevil.example/feed/", "/x%0D%0ALocation:%20https://evil.example/feed/", "/tag/%2F%2Fevil.example/", "/\\evil.example/amp/", "/?cat=1%0D%0A", "/?tag=//evil.example"]) {
      const res = await get(path);
      const to = res.headers.get("location");
      if (to !== null) {
        expect(to, path).toMatch(/^\/(?![/\\])/);
        expect(new URL(to, "https://blog.example").host, path).toBe("blog.example");
        expect(to, path).not.toMatch(/[\r\n]/);
      }
    }
  });
});

describe.skipIf(sample === undefined)("the real WordPress sample export (../shared/data/wordpress)", () => {
  it("301s each item's old address to its post", async () => {
    const real = parseWxr(sample ?? "");
    const { recorded } = await importBundle(real);
    expect(recorded.skipped).toEqual([]);
    for (const post of real.posts) {
      const here = `/${encodeURIComponent(post.slug)}`;
      const res = await location(`/?p=${post.wpId}`);
      expect(res, `?p=${post.wpId}`).toMatchObject({ status: 301, location: here });
      const link = new URL(post.link);
      if (link.search === "") {
        // /%postname%/ permalinks: the old address is the post's own, with a slash.
        const old = await get(link.pathname);
        if (post.status === "published" && post.publishedAt <= Date.now()) {
          expect(old.status, link.pathname).toBe(301);
          expect(old.headers.get("location")).toBe(here);
        }
      }
    }
    expect((await location("/?attachment_id=11")).location).toBe(`/${encodeURIComponent("טיול-בוקר-בכרמל")}`);
    expect((await location("/category/%d7%91%d7%99%d7%a9%d7%95%d7%9c/%d7%90%d7%a4%d7%99%d7%99%d7%94/")).location).toBe(`/tag/${encodeURIComponent("אפייה")}`);
    expect((await location("/tag/fountain-pens/")).location).toBe("/tag/fountain%20pens");
  });
});
