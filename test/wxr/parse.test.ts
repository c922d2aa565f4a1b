/**
 * The importer against hand-written exports in WordPress's format
 * (test/fixtures/wxr): every status, the item types we skip, threads that
 * lose a parent, and files that are not WordPress exports at all.
 */
import { describe, expect, it } from "vitest";
import classicSite from "../fixtures/wxr/classic-site.xml?raw";
import malformed from "../fixtures/wxr/malformed.xml?raw";
import { guessLang, parseWxr, WxrError } from "../../src/admin/wxr/parse";
import { commentText, inlineText } from "../../src/admin/wxr/text";

const NOW = Date.UTC(2024, 2, 1, 10, 0, 0);

describe("parseWxr on a classic WordPress site (fixtures/wxr/classic-site.xml)", () => {
  const bundle = parseWxr(classicSite, { now: NOW });
  const post = (id: number) => bundle.posts.find((p) => p.wpId === id);
  const comment = (id: number) => bundle.comments.find((c) => c.wpId === id);
  const skipped = (id: number, kind?: string) => bundle.skipped.find((s) => s.wpId === id && (kind === undefined || s.kind === kind));
  const notesOf = (id: number) => bundle.notes.filter((n) => n.wpId === id);

  it("reads the site, decoding its title", () => {
    expect(bundle.site).toEqual({ title: "Crumbs & Code", link: "https://crumbs.example.com", wpSite: "https://crumbs.example.com", description: "Baking, and the software around it", language: "en" });
  });

  it("imports posts and pages, reads attachments as media files to copy, and skips every other item with a reason", () => {
    expect(bundle.posts.map((p) => p.wpId)).toEqual([101, 102, 103, 104, 105, 106, 107, 108, 110, 114]);
    expect(skipped(109, "trash")?.reason).toMatch(/trash/);
    expect(skipped(111)).toBeUndefined();
    expect(bundle.attachments).toEqual([
      { wpId: 111, title: "loaf", url: "https://crumbs.example.com/loaf.jpg", file: "loaf.jpg", variants: [], alt: "", link: "https://crumbs.example.com/dont-panic/loaf/", parentWpId: 101 },
    ]);
    expect(skipped(112, "nav_menu_item")?.reason).toMatch(/menus/);
    expect(skipped(113, "wp_block")?.reason).toMatch(/reusable blocks/);
    expect(skipped(115, "revision")?.reason).toMatch(/revisions/);
    expect(skipped(116, "product")?.reason).toBe(`items of type "product" are not imported`);
  });

  it("skips the comments of skipped items too, saying so", () => {
    expect(skipped(210, "comment")).toEqual({ kind: "comment", wpId: 210, title: "Reader on “Thrown away”", reason: "it belongs to post 109, which is not imported" });
    expect(skipped(212, "comment")?.reason).toBe("it belongs to attachment 111, which is not imported");
  });

  it("maps every post status, noting what changed", () => {
    expect(post(101)?.status).toBe("published");
    expect(post(110)).toMatchObject({ status: "published", publishedAt: Date.UTC(2031, 0, 1, 8, 0, 0) });
    expect(post(105)?.status).toBe("draft");
    expect(post(106)?.status).toBe("draft");
    expect(notesOf(106)).toEqual([expect.objectContaining({ kind: "status", message: expect.stringContaining("private") })]);
    expect(post(107)?.status).toBe("draft");
    expect(notesOf(107)).toEqual([expect.objectContaining({ kind: "status", message: expect.stringContaining("pending review") })]);
    expect(post(108)?.status).toBe("draft");
    expect(notesOf(108)).toEqual([expect.objectContaining({ kind: "password" })]);
    expect(post(103)).toMatchObject({ type: "page", status: "draft" });
    expect(notesOf(103)).toContainEqual(expect.objectContaining({ kind: "page" }));
  });

  it("gives every post a valid, unique slug; published posts keep theirs first", () => {
    expect(post(101)?.slug).toBe("dont-panic");
    expect(post(102)?.slug).toBe("לחם-שאור");
    expect(post(104)?.slug).toBe("about");
    expect(post(103)?.slug).toBe("about-2");
    expect(notesOf(103)).toContainEqual(expect.objectContaining({ kind: "slug", message: expect.stringContaining("taken") }));
    expect(post(105)?.slug).toBe("ideas-later");
    expect(post(114)?.slug).toBe("api-114");
    expect(notesOf(114)).toContainEqual(expect.objectContaining({ kind: "slug", message: expect.stringContaining("cannot be used here") }));
    expect(new Set(bundle.posts.map((p) => p.slug)).size).toBe(bundle.posts.length);
  });

  it("turns titles and excerpts into plain text", () => {
    expect(post(101)?.title).toBe("Don’t panic: bread & butter");
    expect(post(101)?.excerpt).toBe("Bread & butter, calmly.");
  });

  it("reads a draft's local date with the offset the rest of the file shows", () => {
    // The site is two hours ahead of UTC in every dated item.
    expect(post(105)?.publishedAt).toBe(Date.UTC(2024, 1, 20, 10, 0, 0));
    expect(comment(211)?.createdAt).toBe(Date.UTC(2024, 0, 16, 7, 0, 0));
  });

  it("guesses a Hebrew post in an English site as Hebrew, and keeps the rest English", () => {
    expect(post(102)?.lang).toBe("he");
    expect(post(101)?.lang).toBe("en");
    expect(post(102)?.sticky).toBe(true);
    expect(post(102)?.commentsOpen).toBe(false);
  });

  it("collects categories and tags once each, without the default category or post formats", () => {
    expect(post(101)?.tags).toEqual(["Food & Drink", "C++"]);
    expect(post(105)?.tags).toEqual([]);
    expect(post(102)?.tags).toEqual(["לחם"]);
    expect(bundle.notes).toContainEqual(expect.objectContaining({ kind: "category", title: "Uncategorized" }));
  });

  it("makes classic content into paragraphs, with captions as figures", () => {
    const html = post(101)?.html ?? "";
    expect(html).toContain("<p>First paragraph, with a line<br />\nbreak inside it & an ampersand.</p>");
    expect(html).toContain(
      `<figure class="wp-caption alignright"><a href="https://crumbs.example.com/loaf.jpg"><img class="size-medium wp-image-111" src="https://crumbs.example.com/loaf-300x200.jpg" alt="A loaf" width="300" height="200" /></a><figcaption class="wp-caption-text">The first loaf</figcaption></figure>`,
    );
    expect(html).toContain("<pre>\ncode stays\n\n  exactly as written\n</pre>");
    expect(html).toContain("<blockquote><p>A quote</p></blockquote>");
    expect(html).toContain("\n<!--more-->\n<p>Last paragraph.</p>");
  });

  it("notes what only WordPress can render, and keeps the featured image", () => {
    const html = post(114)?.html ?? "";
    expect(html).toMatch(/^<p>Flour in, bread out\.<\/p>\n\n<!--more-->\s+\[gallery ids="111,112"\]\s*$/);
    expect(notesOf(114)).toContainEqual(expect.objectContaining({ kind: "unrendered", message: expect.stringMatching(/wp:latest-posts, wp:block, \[gallery\]/) }));
    expect(post(114)?.featuredImage).toBe(111);
    expect(notesOf(114).filter((n) => n.kind === "featured-image")).toEqual([]);
  });

  it("imports comments of every status, spam included", () => {
    expect(comment(201)?.status).toBe("approved");
    expect(comment(203)?.status).toBe("pending");
    expect(comment(204)?.status).toBe("spam");
    expect(comment(205)?.status).toBe("trash");
    expect(comment(211)?.status).toBe("approved"); // an empty comment_type is an ordinary comment (WordPress before 5.5)
  });

  it("skips pingbacks and trackbacks with a reason", () => {
    expect(skipped(206, "pingback")?.reason).toBe("pingbacks are not shown on this blog");
    expect(skipped(209, "trackback")?.reason).toBe("trackbacks are not shown on this blog");
    expect(comment(206)).toBeUndefined();
  });

  it("keeps threads, and moves a reply up when its parent is not imported", () => {
    expect(comment(202)?.parentWpId).toBe(201);
    expect(comment(203)?.parentWpId).toBe(202);
    expect(comment(207)?.parentWpId).toBeNull(); // its parent was the pingback
    expect(comment(208)?.parentWpId).toBeNull(); // its parent (299) is not in the file
    expect(notesOf(207)).toEqual([expect.objectContaining({ kind: "comment", message: expect.stringContaining("replied to comment 206") })]);
    expect(notesOf(208)).toEqual([expect.objectContaining({ kind: "comment", message: expect.stringContaining("replied to comment 299") })]);
  });

  it("turns comment HTML into text with paragraphs, quotes and visible link addresses", () => {
    expect(comment(201)?.body).toBe(
      "Great post … 🍞\n\n> code stays\n> exactly as written\n\nSee this guide (https://example.org/sourdough) and example.org.\nThanks!\n\nP.S. bold 5 < 6",
    );
    expect(comment(201)?.authorName).toBe("Ben & Jerry");
    expect(comment(203)?.authorIp).toBe("2001:db8::42");
  });

  it("repairs the bare '&' WordPress leaves in author URLs, and drops non-web ones with a note", () => {
    expect(comment(201)?.authorUrl).toBe("https://ben.example.net/?from=crumbs&ref=1");
    expect(comment(211)?.authorUrl).toBe("");
    expect(notesOf(211)).toEqual([expect.objectContaining({ message: expect.stringContaining("javascript:alert(1)") })]);
  });

  it("tells the authors' comments from readers'", () => {
    expect(comment(202)).toMatchObject({ byRegisteredUser: true, isAuthor: true });
    expect(comment(201)).toMatchObject({ byRegisteredUser: false, isAuthor: false });
  });
});

describe("parseWxr on files that are not WordPress exports", () => {
  it("names the line of broken XML", () => {
    const error = catchError(() => parseWxr(malformed));
    expect(error).toBeInstanceOf(WxrError);
    expect(error).toMatchObject({ line: 26 });
    expect(error?.message).toMatch(/^Not well-formed XML at line 26, column \d+: .*comment_content/);
  });

  it("counts a BOM and blank lines before the declaration in that line number", () => {
    expect(catchError(() => parseWxr("\uFEFF\n\n" + malformed))).toMatchObject({ line: 28 });
  });

  it("refuses an RSS feed, an HTML page and an empty file with a sentence a person understands", () => {
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>`;
    expect(catchError(() => parseWxr(feed))?.message).toMatch(/no <wp:wxr_version>/);
    expect(catchError(() => parseWxr("<!doctype html><html><body><p>Hi</body></html>"))).toBeInstanceOf(WxrError);
    expect(catchError(() => parseWxr(`<?xml version="1.0"?><feed><entry/></feed>`))?.message).toMatch(/no <rss><channel>/);
    expect(catchError(() => parseWxr(" \n"))?.message).toBe("The file is empty.");
  });
});

describe("guessLang", () => {
  it("keeps the site's language unless most letters are in another script", () => {
    expect(guessLang("שלום עולם, this is mostly Hebrew — בעברית ברובו", "he")).toBe("he");
    expect(guessLang("Why I went back to a paper notebook", "he")).toBe("en");
    expect(guessLang("Pourquoi je suis revenu au carnet", "fr")).toBe("fr");
    expect(guessLang("מה נשמע", "en")).toBe("he");
    expect(guessLang("مرحبا بالعالم", "fa")).toBe("fa");
    expect(guessLang("مرحبا بالعالم", "en")).toBe("ar");
    expect(guessLang("Привет, мир", "en")).toBe("ru");
    expect(guessLang("🍞😍 123", "he")).toBe("he");
    expect(guessLang("", "en")).toBe("en");
  });
});

describe("comment and title text", () => {
  it("leaves plain text as it is, decoding entities", () => {
    expect(commentText("Line one\nLine two\n\n\n\nAfter a gap &amp; more")).toBe("Line one\nLine two\n\nAfter a gap & more");
  });
  it("writes a link once when its text is its address", () => {
    expect(commentText(`<a href="https://example.org/x/">example.org/x</a>`)).toBe("example.org/x");
    expect(commentText(`<a href="mailto:a@b.example">write me</a>`)).toBe("write me (a@b.example)");
    expect(commentText(`<a href="javascript:alert(1)">click</a>`)).toBe("click");
  });
  it("turns lists into lines", () => {
    expect(commentText("Steps:<ol><li>mix</li><li>bake</li></ol><ul><li>salt</li></ul>")).toBe("Steps:\n\n1. mix\n2. bake\n\n- salt");
  });
  it("keeps a lone '<' as text, as a browser would", () => {
    expect(commentText("a < b <3")).toBe("a < b <3");
    expect(inlineText("Tom &amp; Jerry <em>forever</em> &lt;3")).toBe("Tom & Jerry forever <3");
  });
});

function catchError(f: () => unknown): Error | undefined {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  return undefined;
}
