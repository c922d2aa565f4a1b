/**
 * A WordPress move's media, the pure parts: `_wp_attachment_metadata`
 * (serialized PHP) read, every spelling of a reference to an uploaded file
 * found and pointed at the library's copy (size variants at their original),
 * and attachments written by exportWxr() and read back by parseWxr().
 */
import { describe, expect, it } from "vitest";
import { unserializePhp } from "../../src/admin/wxr/php";
import { planMedia, references, rewriteMediaRefs, type PlannedFile } from "../../src/admin/wxr/media-refs";
import { ATTACHMENT_ID_BASE, attachmentIdsOf, exportWxr } from "../../src/admin/wxr/export";
import { parseWxr } from "../../src/admin/wxr/parse";
import type { ExportInput, ImportedAttachment, ImportedPost } from "../../src/admin/wxr/model";

describe("unserializePhp", () => {
  it("reads what WordPress keeps in attachment metadata", () => {
    const meta =
      'a:5:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:20:"2026/11/photo-ü.jpg";s:5:"sizes";a:2:{s:6:"medium";a:4:{s:4:"file";s:20:"photo-ü-300x200.jpg";s:5:"width";i:300;s:6:"height";i:200;s:9:"mime-type";s:10:"image/jpeg";}s:5:"large";a:3:{s:4:"file";s:21:"photo-ü-1024x683.jpg";s:5:"width";i:1024;s:6:"height";i:683;}}s:10:"image_meta";a:2:{s:8:"aperture";s:3:"2.8";s:8:"keywords";a:0:{}}}';
    expect(unserializePhp(meta)).toEqual({
      width: 1200,
      height: 800,
      file: "2026/11/photo-ü.jpg",
      sizes: { medium: { file: "photo-ü-300x200.jpg", width: 300, height: 200, "mime-type": "image/jpeg" }, large: { file: "photo-ü-1024x683.jpg", width: 1024, height: 683 } },
      image_meta: { aperture: "2.8", keywords: {} },
    });
    expect(unserializePhp('a:3:{i:0;b:1;i:1;N;i:2;d:0.5;}')).toEqual({ 0: true, 1: null, 2: 0.5 });
  });

  it("reads strings whose byte counts a search-and-replace broke, and refuses what it cannot read", () => {
    // "http://old.example" replaced by a longer address without fixing s:N.
    expect(unserializePhp('a:1:{s:3:"url";s:18:"https://new.example.org/a.jpg";}')).toEqual({ url: "https://new.example.org/a.jpg" });
    expect(unserializePhp("")).toBeUndefined();
    expect(unserializePhp("not php")).toBeUndefined();
    expect(unserializePhp('O:8:"stdClass":0:{}')).toBeUndefined();
    expect(unserializePhp('a:2:{s:1:"a";i:1;')).toBeUndefined();
  });
});

const attachment = (a: Partial<ImportedAttachment> & Pick<ImportedAttachment, "wpId" | "url">): ImportedAttachment => ({ title: "", file: "", variants: [], alt: "", link: "", parentWpId: null, ...a });
const post = (slug: string, html: string, featuredImage: number | null = null) => ({ slug, html, featuredImage }) as ImportedPost;

describe("planMedia and rewriteMediaRefs", () => {
  const bundle = {
    site: { title: "", link: "https://www.crumbs.example.com", description: "", language: "en", wpSite: "https://www.crumbs.example.com" },
    attachments: [
      attachment({ wpId: 11, url: "https://www.crumbs.example.com/wp-content/uploads/2026/11/trail.jpg", file: "2026/11/trail.jpg", variants: ["trail-300x200.jpg", "trail-300x200.webp"], alt: "A trail", link: "https://www.crumbs.example.com/hike/trail/" }),
      attachment({ wpId: 12, url: "https://www.crumbs.example.com/wp-content/uploads/2026/11/ש-לום.png", file: "2026/11/ש-לום.png" }),
      attachment({ wpId: 13, url: "https://www.crumbs.example.com/wp-content/uploads/2026/11/big-scaled.jpg", file: "2026/11/big-scaled.jpg", variants: ["big.jpg", "big-768x512.jpg"] }),
      attachment({ wpId: 14, url: "https://www.crumbs.example.com/wp-content/uploads/doc.pdf", file: "doc.pdf" }),
    ],
    posts: [
      post(
        "hike",
        [
          `<figure><a href="https://www.crumbs.example.com/wp-content/uploads/2026/11/trail.jpg"><img class="wp-image-11 size-medium" src="http://crumbs.example.com/wp-content/uploads/2026/11/trail-300x200.jpg" alt="A trail" width="300" height="200" srcset="https://www.crumbs.example.com/wp-content/uploads/2026/11/trail-300x200.jpg 300w, https://www.crumbs.example.com/wp-content/uploads/2026/11/trail.jpg 1200w" sizes="(max-width: 300px) 100vw, 300px" /></a></figure>`,
          `<p><img src='//www.crumbs.example.com/wp-content/uploads/2026/11/trail-150x150.jpg' alt=''></p>`,
          `<p><a href="https://www.crumbs.example.com/hike/trail/">the photo's page</a>, <a href="/wp-content/uploads/2026/11/%D7%A9-%D7%9C%D7%95%D7%9D.png?ver=2">a link</a></p>`,
          `<p><img src="https://www.crumbs.example.com/wp-content/uploads/2026/11/big-1024x683.jpg"><img src="/wp-content/uploads/2026/11/big.jpg"></p>`,
          `<p><img src="/wp-content/uploads/2025/01/orphan.png"><img src="https://elsewhere.example.net/wp-content/uploads/2026/11/trail.jpg"></p>`,
        ].join("\n"),
        11,
      ),
      post("notes", `<p><a href="https://crumbs.example.com/wp-content/uploads/doc.pdf">PDF</a> <img src="http://www.crumbs.example.com/wp-content/uploads/2025/01/orphan.png" /></p>`),
    ],
  };
  const plan = planMedia(bundle);
  const byName = (name: string) => plan.files.find((f) => f.name === name)!;
  const uses = (f: PlannedFile) => Object.fromEntries([...f.uses].map(([slug, hows]) => [slug, [...hows].sort()]));

  it("lists every attachment, then every other uploaded file the posts show, each with its posts", () => {
    expect(plan.files.map((f) => [f.name, f.attachment, f.uploadsPath])).toEqual([
      ["2026/11/trail.jpg", 11, "2026/11/trail.jpg"],
      ["2026/11/ש-לום.png", 12, "2026/11/ש-לום.png"],
      ["2026/11/big-scaled.jpg", 13, "2026/11/big-scaled.jpg"],
      ["doc.pdf", 14, "doc.pdf"],
      ["2025/01/orphan.png", null, "2025/01/orphan.png"],
    ]);
    expect(uses(byName("2026/11/trail.jpg"))).toEqual({ hike: ["cover", "image", "link"] });
    expect(uses(byName("2026/11/ש-לום.png"))).toEqual({ hike: ["link"] });
    expect(uses(byName("2026/11/big-scaled.jpg"))).toEqual({ hike: ["image"] });
    expect(uses(byName("doc.pdf"))).toEqual({ notes: ["link"] });
    expect(uses(byName("2025/01/orphan.png"))).toEqual({ hike: ["image"], notes: ["image"] });
    // A file with no attachment is fetched from the old site's address.
    expect(byName("2025/01/orphan.png").url).toBe("https://www.crumbs.example.com/wp-content/uploads/2025/01/orphan.png");
    expect(byName("2026/11/trail.jpg")).toMatchObject({ alt: "A trail", url: "https://www.crumbs.example.com/wp-content/uploads/2026/11/trail.jpg" });
  });

  it("finds a file in every spelling: http or https, with or without www, protocol- or root-relative, percent-encoded, a size of it", () => {
    const trail = byName("2026/11/trail.jpg");
    for (const url of [
      "https://www.crumbs.example.com/wp-content/uploads/2026/11/trail.jpg",
      "http://crumbs.example.com/wp-content/uploads/2026/11/trail.jpg",
      "//www.crumbs.example.com/wp-content/uploads/2026/11/trail-300x200.jpg",
      "/wp-content/uploads/2026/11/trail-1024x768.jpg", // a size the metadata does not list
      "/wp-content/uploads/2026/11/trail-300x200.webp", // a WebP size of the JPEG
      "/wp-content/uploads/2026/11/trail.jpg?resize=300%2C200&amp;ssl=1",
    ]) {
      expect(plan.fileOf(url, "src"), url).toBe(trail);
    }
    expect(plan.fileOf("https://www.crumbs.example.com/hike/trail/", "href")).toBe(trail);
    expect(plan.fileOf("https://www.crumbs.example.com/hike/trail/", "src")).toBeUndefined();
    expect(plan.fileOf("/wp-content/uploads/2026/11/big-768x512.jpg", "src")).toBe(byName("2026/11/big-scaled.jpg"));
    // Not the old site's: another host, a page, data.
    expect(plan.fileOf("https://elsewhere.example.net/wp-content/uploads/2026/11/trail.jpg", "src")).toBeUndefined();
    expect(plan.fileOf("https://www.crumbs.example.com/about/", "href")).toBeUndefined();
    expect(plan.fileOf("data:image/png;base64,AAAA", "src")).toBeUndefined();
    expect(plan.fileOf("photo.jpg", "src")).toBeUndefined();
  });

  it("points every reference to a copied file at /media/<key>, drops srcset and sizes, and leaves the rest as it was", () => {
    const keys = new Map<string, string>([
      ["2026/11/trail.jpg", "0123456789abcdef0123456789abcdef.jpg"],
      ["2026/11/ש-לום.png", "11111111111111111111111111111111.png"],
      ["2026/11/big-scaled.jpg", "22222222222222222222222222222222.jpg"],
    ]);
    const keyOf = (f: PlannedFile) => keys.get(f.name) ?? null;
    const html = rewriteMediaRefs(bundle.posts[0]!.html, plan, keyOf);
    expect(html.split("\n")).toEqual([
      `<figure><a href="/media/0123456789abcdef0123456789abcdef.jpg"><img class="wp-image-11 size-medium" src="/media/0123456789abcdef0123456789abcdef.jpg" alt="A trail" width="300" height="200" /></a></figure>`,
      `<p><img src='/media/0123456789abcdef0123456789abcdef.jpg' alt=''></p>`,
      `<p><a href="/media/0123456789abcdef0123456789abcdef.jpg">the photo's page</a>, <a href="/media/11111111111111111111111111111111.png">a link</a></p>`,
      `<p><img src="/media/22222222222222222222222222222222.jpg"><img src="/media/22222222222222222222222222222222.jpg"></p>`,
      // Not copied (the orphan) and not the old site's: as they were.
      `<p><img src="/wp-content/uploads/2025/01/orphan.png"><img src="https://elsewhere.example.net/wp-content/uploads/2026/11/trail.jpg"></p>`,
    ]);
    // Nothing else of the text changes, and rewriting again changes nothing more.
    expect(rewriteMediaRefs(html, plan, keyOf)).toBe(html);
    expect(rewriteMediaRefs("<p>No images. a > b, <b>bold</b></p>", plan, keyOf)).toBe("<p>No images. a > b, <b>bold</b></p>");
  });

  it("reads quoted values that hold '>' and unquoted ones", () => {
    expect(references(`<img alt="a > b" src="/x.png"><a title='1>0' href=/y.pdf>y</a><abbr src="/not-an-image">`)).toEqual([
      { url: "/x.png", attribute: "src" },
      { url: "/y.pdf", attribute: "href" },
    ]);
  });

  it("gives a post its featured image's file as cover", () => {
    expect(plan.coverOf(bundle.posts[0]!)).toBe(byName("2026/11/trail.jpg"));
    expect(plan.coverOf(bundle.posts[1]!)).toBeUndefined();
  });
});

describe("attachments in an export", () => {
  const key = "c66c0817091c85aaaef7274da1368ca2.png";
  const input: ExportInput = {
    site: { title: "Blog", link: "https://blog.example.com", language: "en", author: { displayName: "Noa", email: "noa@example.com" } },
    posts: [
      {
        id: 10_000_001,
        slug: "trail",
        title: "Trail",
        lang: "en",
        html: `<p><img src="/media/${key}" alt="A trail"></p><p><a href="/media/${key}">full size</a> and <a href="/trail">/media/ in text stays</a></p>`,
        excerpt: "",
        tags: [],
        status: "published",
        publishedAt: Date.UTC(2026, 10, 1),
        updatedAt: Date.UTC(2026, 10, 1),
        commentsOpen: true,
        cover: key,
      },
    ],
    comments: [],
    attachments: [{ key, url: `https://blog.example.com/media/${key}`, alt: "שביל עפר", name: "carmel-trail.png", width: 16, height: 10, bytes: 137, createdAt: Date.UTC(2026, 10, 1), usedBy: ["trail"] }],
  };
  const xml = exportWxr(input, Date.UTC(2026, 11, 1));

  it("writes each library file as WordPress writes an attachment, with a stable id clear of the posts'", () => {
    const id = attachmentIdsOf(input.attachments!, input.posts).get(key)!;
    expect(id).toBe(ATTACHMENT_ID_BASE + Number.parseInt(key.slice(0, 11), 16));
    expect(String(id)).toHaveLength(15);
    expect(xml).toContain(`<wp:post_id>${id}</wp:post_id>`);
    expect(xml).toContain(`<wp:attachment_url><![CDATA[https://blog.example.com/media/${key}]]></wp:attachment_url>`);
    expect(xml).toContain("<wp:post_type><![CDATA[attachment]]></wp:post_type>");
    expect(xml).toContain("<wp:post_parent>10000001</wp:post_parent>");
    expect(xml).toMatch(new RegExp(`<wp:meta_key><!\\[CDATA\\[_thumbnail_id\\]\\]></wp:meta_key>\\s*<wp:meta_value><!\\[CDATA\\[${id}\\]\\]>`));
    // Posts name files by absolute URL, which WordPress's importer rewrites to its copies.
    expect(xml).toContain(`<img src="https://blog.example.com/media/${key}" alt="A trail">`);
    expect(xml).toContain(`<a href="https://blog.example.com/media/${key}">full size</a>`);
    // A second file whose hash starts the same gets the next id.
    const twin = `${key.slice(0, 11)}ffffffffffffffffffff1.png`;
    const ids = attachmentIdsOf([...input.attachments!, { ...input.attachments![0]!, key: twin }], input.posts);
    expect(ids.get(twin)).toBe(id + 1);
  });

  it("reads back as a media file with its alt text, its post's cover, and references to it", () => {
    const bundle = parseWxr(xml);
    expect(bundle.skipped).toEqual([]);
    expect(bundle.attachments).toEqual([
      { wpId: attachmentIdsOf(input.attachments!, input.posts).get(key), title: "carmel-trail", url: `https://blog.example.com/media/${key}`, file: key, variants: [], alt: "שביל עפר", link: `https://blog.example.com/media/${key}`, parentWpId: 10_000_001 },
    ]);
    const plan = planMedia(bundle);
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]!.uploadsPath).toBe(key);
    expect(plan.coverOf(bundle.posts[0]!)).toBe(plan.files[0]);
    // Copied under the same key (a key is the content's hash), the post reads as it did here.
    expect(rewriteMediaRefs(bundle.posts[0]!.html, plan, () => key)).toBe(input.posts[0]!.html);
  });
});
