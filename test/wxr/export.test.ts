/**
 * exportWxr(): a file in WordPress's layout that parseWxr() reads back to the
 * same posts and comments (ids, threads, every status, spam included), and
 * the cost of reading a 10,000-comment export.
 */
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { exportWxr, wordpressSlug } from "../../src/admin/wxr/export";
import type { ExportComment, ExportInput, ExportPost, ImportBundle } from "../../src/admin/wxr/model";
import { parseWxr } from "../../src/admin/wxr/parse";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 86_400_000;

const site: ExportInput["site"] = {
  title: "The Edge & Beyond",
  link: "https://blog.example.com/",
  description: "Notes from the edge",
  language: "he",
  timeZone: "Asia/Jerusalem",
  author: { login: "noa", displayName: "נועה לוי", email: "noa@example.com" },
};

const posts: ExportPost[] = [
  {
    id: 1,
    slug: "שבירת-פרדיגמות",
    title: "שבירת פרדיגמות — <b> & friends",
    lang: "he",
    html: "<p>פסקה ראשונה 🍞</p>\n<!--more-->\n<p>Second &amp; last, with <a href=\"https://example.com/?a=1&amp;b=2\">a link</a>.</p>\n",
    excerpt: "פסקה ראשונה & עוד",
    tags: ["לחם", "Food & Drink", "C++", "c"],
    status: "published",
    publishedAt: Date.UTC(2026, 6, 1, 9, 0, 0),
    updatedAt: Date.UTC(2026, 6, 2, 9, 0, 0),
    commentsOpen: true,
  },
  {
    id: 2,
    slug: "cdata-edge-cases",
    title: "CDATA ]]> edge cases",
    lang: "en",
    html: "<pre><code>if (a[b[0]]> 1) {\n\n\n  x = \"]]>\";\n}</code></pre>",
    excerpt: "",
    tags: [],
    status: "published",
    publishedAt: Date.UTC(2026, 0, 10, 8, 0, 0),
    updatedAt: Date.UTC(2026, 0, 10, 8, 0, 0),
    commentsOpen: false,
  },
  {
    id: 3,
    slug: "draft-in-english",
    title: "A draft",
    lang: "en",
    html: "",
    excerpt: "",
    tags: ["drafts"],
    status: "draft",
    publishedAt: Date.UTC(2026, 10, 20, 8, 0, 0),
    updatedAt: Date.UTC(2026, 10, 21, 8, 0, 0),
    commentsOpen: true,
  },
  {
    id: 4,
    slug: "scheduled",
    title: "Scheduled for later",
    lang: "en",
    html: "<p>Not yet.</p>",
    excerpt: "",
    tags: [],
    status: "published",
    publishedAt: NOW + 30 * DAY,
    updatedAt: NOW,
    commentsOpen: true,
  },
  {
    id: 5,
    slug: "english-post-lang-says-hebrew",
    title: "Written in English, tagged as Hebrew by its author",
    lang: "he",
    html: "<p>The language field wins over any guess.</p>",
    excerpt: "",
    tags: [],
    status: "published",
    publishedAt: Date.UTC(2026, 2, 1, 8, 0, 0),
    updatedAt: Date.UTC(2026, 2, 1, 8, 0, 0),
    commentsOpen: true,
  },
];

const comment = (c: Partial<ExportComment> & Pick<ExportComment, "id" | "postId">): ExportComment => ({
  parentId: null,
  authorName: "Reader",
  authorEmail: "reader@example.net",
  authorUrl: null,
  body: "Nice.",
  status: "approved",
  createdAt: Date.UTC(2026, 6, 3, 10, 0, 0) + c.id * 60_000,
  isAuthor: false,
  ...c,
});

const comments: ExportComment[] = [
  comment({ id: 10, postId: 1, authorName: "מיכל", body: "נראה מעולה! 🍞😍\n\nפסקה שנייה.", authorUrl: "https://michal.example/?x=1&y=2" }),
  comment({ id: 11, postId: 1, parentId: 10, authorName: "נועה לוי", authorEmail: "noa@example.com", isAuthor: true, body: "תודה!" }),
  comment({ id: 12, postId: 1, parentId: 11, authorName: "Tom <tom> & Jerry", body: "Plain text that looks like HTML: <b>not bold</b> &amp; <script>alert(1)</script>\nsecond line" }),
  comment({ id: 13, postId: 1, parentId: 12, status: "pending", body: "A reply three deep, pending." }),
  comment({ id: 14, postId: 1, status: "spam", authorName: "Cheap Pills", body: "Buy now https://spam.example/" }),
  comment({ id: 15, postId: 1, status: "trash", authorEmail: null, body: "Posted twice." }),
  comment({ id: 16, postId: 2, body: "Code: a]]>b, and a URL https://example.com/x" }),
  comment({ id: 17, postId: 3, status: "pending", authorIp: "2001:db8::1", body: "On a draft." }),
];

const input: ExportInput = { site, posts, comments };

describe("exportWxr → parseWxr", () => {
  const xml = exportWxr(input, NOW);
  const bundle = parseWxr(xml, { now: NOW });

  it("writes well-formed XML", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it("gives back the same posts", () => {
    expect(bundle.posts.map(({ wpId, slug, title, lang, html, excerpt, tags, status, publishedAt, updatedAt, commentsOpen }) => ({ id: wpId, slug, title, lang, html, excerpt, tags, status, publishedAt, updatedAt, commentsOpen }))).toEqual(posts);
    expect(bundle.posts.every((p) => p.type === "post" && p.author === "נועה לוי")).toBe(true);
  });

  it("gives back the same comments: ids, threads, every status with spam, authors", () => {
    expect(
      bundle.comments.map(({ wpId, postWpId, parentWpId, authorName, authorEmail, authorUrl, body, status, createdAt, isAuthor }) => ({
        id: wpId,
        postId: postWpId,
        parentId: parentWpId,
        authorName,
        authorEmail,
        authorUrl,
        body,
        status,
        createdAt,
        isAuthor,
      })),
    ).toEqual(comments.map(({ authorIp: _, ...c }) => ({ ...c, authorEmail: c.authorEmail ?? "", authorUrl: c.authorUrl ?? "" })));
    expect(bundle.comments.find((c) => c.wpId === 17)?.authorIp).toBe("2001:db8::1");
  });

  it("has nothing to skip or to note", () => {
    expect(bundle.skipped).toEqual([]);
    expect(bundle.notes).toEqual([]);
    expect(bundle.site).toEqual({ title: "The Edge & Beyond", link: "https://blog.example.com", wpSite: "https://blog.example.com", description: "Notes from the edge", language: "he" });
  });
});

describe("exportWxr writes what WordPress's importer expects", () => {
  const xml = exportWxr(input, NOW);

  it("declares WXR 1.2 with WordPress's namespaces and the site's base URL", () => {
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8" \?>\n/);
    for (const ns of ['xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"', 'xmlns:content="http://purl.org/rss/1.0/modules/content/"', 'xmlns:wfw="http://wellformedweb.org/CommentAPI/"', 'xmlns:dc="http://purl.org/dc/elements/1.1/"', 'xmlns:wp="http://wordpress.org/export/1.2/"']) {
      expect(xml).toContain(ns);
    }
    expect(xml).toContain("<wp:wxr_version>1.2</wp:wxr_version>");
    expect(xml).toContain("<wp:base_site_url>https://blog.example.com</wp:base_site_url>");
    expect(xml).toContain("<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[noa]]></wp:author_login><wp:author_email><![CDATA[noa@example.com]]></wp:author_email><wp:author_display_name><![CDATA[נועה לוי]]></wp:author_display_name>");
  });

  it("writes slugs percent-encoded in lower case, as WordPress stores them", () => {
    expect(wordpressSlug("שבירת-פרדיגמות")).toBe("%d7%a9%d7%91%d7%99%d7%a8%d7%aa-%d7%a4%d7%a8%d7%93%d7%99%d7%92%d7%9e%d7%95%d7%aa");
    expect(xml).toContain("<wp:post_name><![CDATA[%d7%a9%d7%91%d7%99%d7%a8%d7%aa-%d7%a4%d7%a8%d7%93%d7%99%d7%92%d7%9e%d7%95%d7%aa]]></wp:post_name>");
    expect(xml).toContain("<link>https://blog.example.com/%D7%A9%D7%91%D7%99%D7%A8%D7%AA-%D7%A4%D7%A8%D7%93%D7%99%D7%92%D7%9E%D7%95%D7%AA</link>");
  });

  it("writes GMT and local dates, and the scheduled post as future", () => {
    // 2026-07-01 09:00 UTC is 12:00 in Jerusalem (summer time).
    expect(xml).toContain("<wp:post_date><![CDATA[2026-07-01 12:00:00]]></wp:post_date>\n\t\t<wp:post_date_gmt><![CDATA[2026-07-01 09:00:00]]></wp:post_date_gmt>");
    expect(xml).toContain("<pubDate>Wed, 01 Jul 2026 09:00:00 +0000</pubDate>");
    expect(xml).toContain("<wp:status><![CDATA[future]]></wp:status>");
    expect(xml).toContain("<wp:status><![CDATA[draft]]></wp:status>");
  });

  it("writes tags with nicenames, each once in the channel", () => {
    expect(xml).toContain(`<category domain="post_tag" nicename="%d7%9c%d7%97%d7%9d"><![CDATA[לחם]]></category>`);
    expect(xml).toContain(`<category domain="post_tag" nicename="food-drink"><![CDATA[Food &amp; Drink]]></category>`);
    // "C++" and "c" are different tags that WordPress would both slug as "c".
    expect(xml).toContain(`<category domain="post_tag" nicename="c"><![CDATA[C++]]></category>`);
    expect(xml).toContain(`<category domain="post_tag" nicename="c-2"><![CDATA[c]]></category>`);
    expect(xml.match(/<wp:tag>/g)).toHaveLength(5);
  });

  it("writes comments with parents, statuses as WordPress spells them, and the author's own as user 1", () => {
    const approved = [...xml.matchAll(/<wp:comment_approved><!\[CDATA\[(.*?)\]\]><\/wp:comment_approved>/g)].map((m) => m[1]);
    expect(approved).toEqual(["1", "1", "1", "0", "spam", "trash", "1", "0"]);
    expect(xml).toContain("<wp:comment_id>11</wp:comment_id>");
    expect(xml).toMatch(/<wp:comment_parent>10<\/wp:comment_parent>\n\t\t\t<wp:comment_user_id>1<\/wp:comment_user_id>/);
    expect(xml).toContain("<wp:comment_author_url>https://michal.example/?x=1&amp;y=2</wp:comment_author_url>");
  });

  it("splits ']]>' across CDATA sections and keeps post HTML in one Custom HTML block", () => {
    expect(xml).toContain(`<content:encoded><![CDATA[<!-- wp:html -->\n<pre><code>if (a[b[0]]]]><![CDATA[> 1) {`);
    expect(xml).toContain("<title><![CDATA[CDATA ]]&gt; edge cases]]></title>");
    expect(xml).toContain("<content:encoded><![CDATA[<!-- wp:html -->\n<p>פסקה ראשונה 🍞</p>");
    expect(xml).not.toMatch(/<!\[CDATA\[[^\]]*\]\]>[^<]/);
  });

  it("refuses inconsistent input, which would be a bug in the caller", () => {
    expect(() => exportWxr({ site, posts: [posts[0]!, posts[0]!], comments: [] })).toThrow(/two posts have the id 1/);
    expect(() => exportWxr({ site, posts, comments: [comment({ id: 99, postId: 42 })] })).toThrow(/post 42, which is not exported/);
  });
});

describe("sources: a blog that imported two sites with the same ids, exported and read back", () => {
  const A = "https://a.example";
  const B = "https://b.example";
  const OWN = "https://blog.example.com";
  const at = Date.UTC(2026, 6, 3, 10, 0, 0);
  const input: ExportInput = {
    site,
    posts: [
      { ...posts[0]!, id: 10_000_001, source: { site: A, id: 4 } },
      { ...posts[1]!, id: 10_000_002, source: { site: B, id: 4 } },
      { ...posts[4]!, id: 10_000_003 },
    ],
    comments: [
      comment({ id: 10_000_001, postId: 10_000_001, source: { site: A, id: 2 }, createdAt: at }),
      comment({ id: 10_000_002, postId: 10_000_002, source: { site: B, id: 2 }, createdAt: at }),
      // This blog's own reply to B's comment 2, and one on the post that never came from elsewhere.
      comment({ id: 10_000_003, postId: 10_000_002, parentId: 10_000_002, source: { site: OWN, id: 10_000_003 }, createdAt: at }),
      comment({ id: 10_000_004, postId: 10_000_003, createdAt: at }),
    ],
  };
  const xml = exportWxr(input, NOW);
  const bundle = parseWxr(xml, { now: NOW });

  it("writes each source as a hidden post or comment meta", () => {
    expect(xml).toContain("<wp:meta_key><![CDATA[_edgepress_source]]></wp:meta_key>\n\t\t<wp:meta_value><![CDATA[https://b.example 4]]></wp:meta_value>");
    expect(xml).toContain("<wp:commentmeta>\n\t\t\t\t<wp:meta_key><![CDATA[_edgepress_source]]></wp:meta_key>\n\t\t\t\t<wp:meta_value><![CDATA[https://a.example 2]]></wp:meta_value>");
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it("reads each item's source from its meta, else the file's site and the item's id", () => {
    expect(bundle.posts.map((p) => [p.wpSite, p.wpId])).toEqual([
      [A, 4],
      [B, 4],
      [OWN, 10_000_003],
    ]);
    expect(bundle.comments.map((c) => [c.wpSite, c.wpId, c.postWpSite, c.postWpId, c.parentWpSite, c.parentWpId])).toEqual([
      [A, 2, A, 4, null, null],
      [B, 2, B, 4, null, null],
      [OWN, 10_000_003, B, 4, B, 2],
      [OWN, 10_000_004, OWN, 10_000_003, null, null],
    ]);
    expect(bundle.notes).toEqual([]);
  });

  it("breaks a loop of replies in a file at the top, with a note", () => {
    const loop = parseWxr(exportWxr({ site, posts: [posts[0]!], comments: [comment({ id: 1, postId: 1, parentId: 2 }), comment({ id: 2, postId: 1, parentId: 1 })] }, NOW), { now: NOW });
    expect(loop.comments.map((c) => [c.wpId, c.parentWpId])).toEqual([
      [1, null],
      [2, 1],
    ]);
    expect(loop.notes).toEqual([{ kind: "comment", wpId: 1, title: "Reader (comment 1)", message: "replied to comment 2, which replies back to it (a loop of replies): now a top-level comment" }]);
  });
});

const sample = Object.values(import.meta.glob<string>("../../../shared/data/wordpress/sample-export.xml", { query: "?raw", import: "default", eager: true }))[0];

describe.skipIf(sample === undefined)("a WordPress site imported and exported again", () => {
  it("keeps every imported post and comment", () => {
    const first = parseWxr(sample ?? "", { now: NOW });
    const again = parseWxr(exportWxr(toExport(first), NOW), { now: NOW });
    // featuredImage names an attachment of the file: without the files (test/wxr/media.test.ts has them) there is none.
    const postFields = (b: ImportBundle) => b.posts.map(({ type: _t, link: _l, author: _a, sticky: _s, featuredImage: _f, ...p }) => p);
    expect(postFields(again)).toEqual(postFields(first));
    expect(again.comments.map(({ authorIp: _, byRegisteredUser: __, ...c }) => c)).toEqual(first.comments.map(({ authorIp: _, byRegisteredUser: __, ...c }) => c));
  });
});

describe("reading a 10,000-comment export", () => {
  it("parses every comment and thread (time printed, not asserted)", () => {
    const big = syntheticSite(100, 100);
    const xml = exportWxr(big, NOW);
    const start = performance.now();
    const bundle = parseWxr(xml, { now: NOW });
    const ms = performance.now() - start;
    console.log(`parseWxr: ${big.comments.length} comments, ${(xml.length / 1e6).toFixed(1)} M characters, ${ms.toFixed(0)} ms`);
    expect(bundle.comments).toHaveLength(10_000);
    expect(bundle.comments.filter((c) => c.parentWpId !== null)).toHaveLength(big.comments.filter((c) => c.parentId !== null).length);
    expect(bundle.comments.filter((c) => c.status === "spam")).toHaveLength(big.comments.filter((c) => c.status === "spam").length);
  });
});

/** What the admin API would hand exportWxr() for a bundle it imported. */
function toExport(bundle: ImportBundle): ExportInput {
  return {
    site: { title: bundle.site.title, link: bundle.site.link, language: bundle.site.language, author: { displayName: "נועה ברק", email: "noa@example.com" } },
    posts: bundle.posts.map((p) => ({ id: p.wpId, slug: p.slug, title: p.title, lang: p.lang, html: p.html, excerpt: p.excerpt, tags: p.tags, status: p.status, publishedAt: p.publishedAt, updatedAt: p.updatedAt, commentsOpen: p.commentsOpen })),
    comments: bundle.comments.map((c) => ({ id: c.wpId, postId: c.postWpId, parentId: c.parentWpId, authorName: c.authorName, authorEmail: c.authorEmail, authorUrl: c.authorUrl, authorIp: c.authorIp, body: c.body, status: c.status, createdAt: c.createdAt, isAuthor: c.isAuthor })),
  };
}

/** Posts with threaded comments in Hebrew and English, every status, links and entities. */
function syntheticSite(postCount: number, commentsPerPost: number): ExportInput {
  const statuses = ["approved", "approved", "approved", "pending", "spam", "trash"] as const;
  const posts: ExportPost[] = [];
  const comments: ExportComment[] = [];
  for (let p = 1; p <= postCount; p++) {
    posts.push({ id: p, slug: `פוסט-${p}`, title: `פוסט מספר ${p} & more`, lang: "he", html: "<p>שלום עולם, hello world.</p>\n".repeat(20), excerpt: "", tags: ["לחם", `tag ${p % 7}`], status: "published", publishedAt: NOW - p * DAY, updatedAt: NOW - p * DAY, commentsOpen: true });
    for (let i = 0; i < commentsPerPost; i++) {
      const id = p * 1000 + i;
      comments.push({
        id,
        postId: p,
        parentId: i % 4 === 0 ? null : id - 1,
        authorName: i % 2 ? "מיכל" : "Tom & Jerry",
        authorEmail: `reader${i}@example.net`,
        authorUrl: i % 5 === 0 ? `https://reader${i}.example/?a=1&b=2` : null,
        body: `נראה מעולה! 🍞 Comment ${id} with <b>text</b> & a link https://example.com/${id}\n\nSecond paragraph.`,
        status: statuses[i % statuses.length]!,
        createdAt: NOW - p * DAY + i * 60_000,
        isAuthor: i % 10 === 3,
      });
    }
  }
  return { site, posts, comments };
}
