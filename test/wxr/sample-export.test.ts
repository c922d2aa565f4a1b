/**
 * The importer against a real WordPress export: ../shared/data/wordpress,
 * written by WordPress 6.1 itself, with MANIFEST.md describing what is in it.
 * Some checkouts do not have the shared folder: import.meta.glob finds
 * nothing then, and these tests are skipped instead of breaking the suite.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parseWxr } from "../../src/admin/wxr/parse";
import type { ImportBundle, ImportedComment } from "../../src/admin/wxr/model";
import { sanitizePostHtml } from "../../src/posts/sanitize";

const DIR = "../../../shared/data/wordpress/";
const files = import.meta.glob<string>(["../../../shared/data/wordpress/sample-export.xml", "../../../shared/data/wordpress/MANIFEST.md"], {
  query: "?raw",
  import: "default",
  eager: true,
});
const xml = files[`${DIR}sample-export.xml`];
const manifest = files[`${DIR}MANIFEST.md`];

/** The machine-readable counts at the end of MANIFEST.md. */
interface Counts {
  language: string;
  site_title: string;
  base_site_url: string;
  items_total: number;
  items_by_type_status: Record<string, number>;
  attachments: number;
  comments_total: number;
  comments_by_status: Record<string, number>;
  comments_by_type: Record<string, number>;
  threaded_comments: number;
  max_reply_depth: number;
  comments_by_registered_users: number;
  comments_with_author_url: number;
  comments_per_item: Record<string, number>;
  slugs: { id: number; type: string; status: string; post_name: string; decoded: string }[];
}

// The export was made on 2026-11-26 07:33 UTC; "now" for the draft's fallback date.
const EXPORTED_AT = Date.UTC(2026, 10, 26, 7, 33, 37);

describe.skipIf(xml === undefined || manifest === undefined)("the WordPress sample export (../shared/data/wordpress)", () => {
  // Read in beforeAll: a skipped describe still runs its body, and parseWxr("") throws.
  const text = xml ?? "";
  let counts: Counts;
  let bundle: ImportBundle;
  beforeAll(() => {
    counts = JSON.parse(/<!-- counts: sample-export\.xml -->\s*```json\n([\s\S]*?)```/.exec(manifest ?? "")?.[1] ?? "{}") as Counts;
    bundle = parseWxr(text, { now: EXPORTED_AT });
  });
  const post = (id: number) => bundle.posts.find((p) => p.wpId === id)!;
  const comment = (id: number) => bundle.comments.find((c) => c.wpId === id)!;

  it("is the file MANIFEST.md describes", async () => {
    const sha = /sha256: `([0-9a-f]{64})`/.exec(manifest ?? "")?.[1];
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    expect([...digest].map((b) => b.toString(16).padStart(2, "0")).join("")).toBe(sha);
  });

  it("reads the site: title, address, and he-IL as Hebrew", () => {
    expect(bundle.site).toEqual({ title: counts.site_title, link: counts.base_site_url, wpSite: counts.base_site_url, description: "בישול, טיולים ומה שביניהם", language: "he" });
    expect(counts.language).toBe("he-IL");
  });

  it("accounts for every item: imported, a media file to copy, or skipped with a reason", () => {
    const skippedItems = bundle.skipped.filter((s) => !["comment", "pingback", "trackback"].includes(s.kind));
    expect(bundle.posts.length + bundle.attachments.length + skippedItems.length).toBe(counts.items_total);
    const byTypeStatus: Record<string, number> = {};
    for (const [key, n] of Object.entries(counts.items_by_type_status)) byTypeStatus[key] = n;
    // What each WordPress type/status became here.
    expect(bundle.posts.filter((p) => p.type === "post" && p.status === "published" && p.publishedAt <= EXPORTED_AT)).toHaveLength(byTypeStatus["post/publish"]!);
    expect(bundle.posts.filter((p) => p.type === "post" && p.status === "published" && p.publishedAt > EXPORTED_AT)).toHaveLength(byTypeStatus["post/future"]!);
    expect(bundle.posts.filter((p) => p.type === "post" && p.status === "draft")).toHaveLength(byTypeStatus["post/draft"]!);
    expect(bundle.posts.filter((p) => p.type === "page" && p.status === "draft")).toHaveLength(byTypeStatus["page/publish"]!);
    expect(skippedItems).toEqual([]);
    expect(bundle.attachments).toHaveLength(counts.attachments);
    expect(bundle.attachments).toEqual([
      {
        wpId: 11,
        title: "הוואדי מהשביל",
        url: "http://127.0.0.1:8081/wp-content/uploads/2026/11/carmel-trail.png",
        file: "2026/11/carmel-trail.png",
        // `_wp_attachment_metadata` (serialized PHP) lists no smaller sizes: the image is 16×10.
        variants: [],
        alt: "שביל עפר בין עצי אלון",
        link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8081\/%d7%98/),
        parentWpId: 5,
      },
    ]);
  });

  it("decodes WordPress's lower-case percent-encoded Hebrew slugs, and gives the slugless draft one from its title", () => {
    for (const s of counts.slugs.filter((s) => s.type !== "attachment")) {
      const p = post(s.id);
      if (s.decoded) expect(p.slug).toBe(s.decoded);
      else expect(p.slug).toBe("רשימת-ספרים-לחורף");
      expect(p.slug).toBe(p.slug.normalize("NFC"));
    }
  });

  it("maps statuses: publish and future published, draft and the page drafts, the page noted", () => {
    expect([4, 5, 6, 7].map((id) => post(id).status)).toEqual(["published", "published", "published", "published"]);
    expect(post(10)).toMatchObject({ status: "published", publishedAt: Date.UTC(2027, 0, 15, 8, 0, 0) });
    expect(post(9)).toMatchObject({ status: "draft", type: "post", tags: [] });
    // A draft has no GMT date: its local one (09:33:31 in Jerusalem, UTC+2 in November) is read with the site's offset.
    expect(post(9).publishedAt).toBe(Date.UTC(2026, 10, 26, 7, 33, 31));
    expect(post(8)).toMatchObject({ type: "page", status: "draft", commentsOpen: false, slug: "אודות" });
    expect(bundle.notes).toContainEqual({ kind: "page", wpId: 8, title: "אודות", message: expect.stringContaining("draft") });
  });

  it("reads dates from the GMT fields", () => {
    expect(post(4).publishedAt).toBe(Date.UTC(2026, 9, 12, 6, 30, 0));
    expect(post(5).updatedAt).toBe(Date.UTC(2026, 10, 26, 7, 33, 31));
    expect(comment(2).createdAt).toBe(Date.UTC(2026, 9, 12, 8, 2, 0));
  });

  it("guesses each post's language: English posts in a Hebrew site are English", () => {
    expect(post(4).lang).toBe("he");
    expect(post(5).lang).toBe("he");
    expect(post(6).lang).toBe("en");
    expect(post(7).lang).toBe("he"); // mostly Hebrew, with English words
    expect(post(10).lang).toBe("en");
  });

  it("keeps categories and tags as tags, except WordPress's default category", () => {
    expect(post(4).tags).toEqual(["אפייה", "לחם", "מחמצת", "קמח מלא"]);
    expect(post(6).tags).toEqual(["analog", "fountain pens", "notebooks", "Tools"]);
    expect(post(10).tags).toEqual(["knives", "Tools", "בישול"]);
    expect(bundle.notes).toContainEqual(expect.objectContaining({ kind: "category", title: "כללי" }));
  });

  it("makes paragraphs of classic content, and drops block delimiters from block content", () => {
    const classic = post(6).html;
    expect(classic).toMatch(/^<p>For two years I kept every note in an app\. [^<]*<\/p>\n<p>In September/);
    expect(classic).toContain("changed:</p>\n<ul>\n<li>I write less, so what I write matters more.</li>\n<li>");
    expect(classic).toContain("</ul>\n<!--more-->\n<p>The downside is obvious");
    expect(classic).not.toMatch(/<p>\s*<(ul|li)/);
    for (const id of [4, 5, 7, 8, 9, 10]) expect(post(id).html).not.toContain("<!-- wp:");
    expect(post(4).html).toMatch(/^<p>אחרי שלושה שבועות[^<]*<\/p>\n\n<h2>מה עבד<\/h2>\n\n<ul><li>500 גרם/);
    expect(post(5).html).toContain(`<figure class="wp-block-image size-full"><img src="http://127.0.0.1:8081/wp-content/uploads/2026/11/carmel-trail.png" alt="שביל עפר בין עצי אלון" class="wp-image-11"/><figcaption`);
  });

  it("has HTML the sanitizer leaves as it is", async () => {
    for (const p of bundle.posts) expect(await sanitizePostHtml(p.html)).toBe(p.html);
  });

  it("keeps the excerpt, the sticky flag, and the featured image (the post's cover, once its file is copied)", () => {
    expect(post(6).excerpt).toBe("Two years of notes in an app, and then a cheap A5 dot grid notebook.");
    expect(post(4).sticky).toBe(true);
    expect(post(6).author).toBe("Dan Shiloh");
    expect(post(5).featuredImage).toBe(11);
    expect(bundle.posts.filter((p) => p.featuredImage !== null)).toHaveLength(1);
    expect(bundle.notes.filter((n) => n.kind === "featured-image")).toEqual([]);
  });

  it("accounts for every comment: imported, or the pingback skipped with a reason", () => {
    const pingbacks = bundle.skipped.filter((s) => s.kind === "pingback");
    expect(bundle.comments.length + pingbacks.length).toBe(counts.comments_total);
    expect(pingbacks).toEqual([{ kind: "pingback", wpId: 10, title: expect.stringContaining("שבילים של שירה"), reason: expect.stringContaining("not shown") }]);
    expect(bundle.comments).toHaveLength(counts.comments_by_type.comment!);
    const byStatus = (s: ImportedComment["status"]) => bundle.comments.filter((c) => c.status === s).length;
    expect(byStatus("approved") + pingbacks.length).toBe(counts.comments_by_status["1"]);
    expect(byStatus("pending")).toBe(counts.comments_by_status["0"]);
    expect(byStatus("trash")).toBe(counts.comments_by_status.trash);
    expect(byStatus("spam")).toBe(0); // WordPress's exporter leaves spam out
    const perPost: Record<string, number> = {};
    for (const c of bundle.comments) perPost[c.postWpId] = (perPost[c.postWpId] ?? 0) + 1;
    perPost["5"] = (perPost["5"] ?? 0) + pingbacks.length;
    expect(perPost).toEqual(counts.comments_per_item);
  });

  it("keeps threads intact: 2 → 3 → 4 → 5, and 12 → 13", () => {
    expect(bundle.comments.filter((c) => c.parentWpId !== null)).toHaveLength(counts.threaded_comments);
    expect([3, 4, 5].map((id) => comment(id).parentWpId)).toEqual([2, 3, 4]);
    expect(comment(13).parentWpId).toBe(12);
    const depth = (c: ImportedComment): number => (c.parentWpId === null ? 0 : 1 + depth(comment(c.parentWpId)));
    expect(Math.max(...bundle.comments.map(depth))).toBe(counts.max_reply_depth);
    // Every parent comes before its replies.
    const seen = new Set<number>();
    for (const c of bundle.comments) {
      if (c.parentWpId !== null) expect(seen.has(c.parentWpId)).toBe(true);
      seen.add(c.wpId);
    }
  });

  it("keeps each comment's author, address, status and text", () => {
    expect(comment(2)).toMatchObject({ authorName: "מיכל", authorEmail: "michal@example.net", authorIp: "198.51.100.23", body: "נראה מעולה! 🍞😍 כמה זמן הבצק היה במקרר?", status: "approved" });
    expect(comment(6)).toMatchObject({ authorName: "רונית", status: "pending" });
    expect(comment(8)).toMatchObject({ authorName: "אבי", status: "trash" });
    expect(comment(11)).toMatchObject({ authorIp: "2001:db8::7", body: "הלכנו בעקבותיכם בשבת. תביאו יותר מים ממה שנראה לכם 💧" });
    expect(comment(14).body).toBe("Love this list! במיוחד Northern Sky, שמעתי אותו שלוש פעמים ברצף 🎶");
    expect(comment(5).body).toBe("Same here, Michal. Please report back!");
    expect(comment(9).authorUrl).toBe("https://amit-photos.example.net/");
    expect(bundle.comments.filter((c) => c.authorUrl !== "")).toHaveLength(counts.comments_with_author_url - 1); // the other one is the pingback
    // HTML becomes text, and the link's address stays visible.
    expect(comment(12).body).toBe("I switched to a dot grid notebook last year too. This index trick (https://example.com/notebook-index) helped me a lot.");
  });

  it("knows which comments the site's own authors wrote", () => {
    expect(bundle.comments.filter((c) => c.byRegisteredUser)).toHaveLength(counts.comments_by_registered_users);
    expect(bundle.comments.filter((c) => c.isAuthor).map((c) => c.wpId)).toEqual([3, 13]);
  });
});
