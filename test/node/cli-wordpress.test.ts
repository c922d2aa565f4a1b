/**
 * Moving a blog in and out with the author's CLI: `import-wordpress` of the
 * real WordPress export in ../shared/data/wordpress (see its MANIFEST.md)
 * with its copy of wp-content/uploads, run twice, then a second site's export
 * that reuses its ids (test/fixtures/wxr/second-site.xml), then `export
 * --format wxr --media <dir>` and an import of that file and folder into a
 * second, empty blog, which must hold the same posts, comments, covers and
 * image bytes after. Then the same export served by a stand-in for the old
 * site (node:http), with no uploads folder: files downloaded, size variants
 * pointed at their original, a file that answers 404 reported with its posts.
 * Skipped when the shared folder is not checked out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS test helpers
import { ROOT, SAMPLE_WXR, SAMPLE_UPLOADS, hasSample, blogForTests, runCli, startEmptyBlog, tempDir, readText, readBytes, writeText, fileServer } from "../fixtures/cli/helpers.js";

type Run = { code: number; stdout: string; stderr: string };
const cli = runCli as (args: string[]) => Promise<Run>;
type Blog = { url: string; stop: () => Promise<void> };

/** WordPress post id → its slug here (MANIFEST.md, "Items and slugs"). */
const SLUGS = {
  sourdough: "לחם-מחמצת-ראשון", // 4: comments 2 → 3 → 4 → 5, pending 6, trash 8
  carmel: "טיול-בוקר-בכרמל", // 5: comments 9, 11 and pingback 10
  notebook: "why-i-went-back-to-a-paper-notebook", // 6: comment 12 and dan's reply 13
  playlist: "פלייליסט-לשישי-בערב-friday-night-playlist", // 7: comment 14
  about: "אודות", // 8: a page, so a draft here
  knives: "sharpening-kitchen-knives-without-fear", // 10: scheduled for 2027-01-15 08:00 UTC
};
const KNIVES_GO_LIVE = Date.UTC(2027, 0, 15, 8, 0, 0);
/** The sample's one attachment (id 11, post 5's image and featured image), and its name in the media library (its SHA-256). */
const CARMEL_FILE = "2026/11/carmel-trail.png";
const CARMEL_KEY = "c66c0817091c85aaaef7274da1368ca2.png";
/** Another WordPress site, whose posts (4, 5, 6) and comments reuse the sample's ids. */
const SECOND_SITE = `${ROOT as string}/test/fixtures/wxr/second-site.xml`;

interface PublicComment {
  id: number;
  parentId: number | null;
  authorName: string;
  body: string;
  isAuthor: boolean;
}
async function publicComments(blog: Blog, slug: string): Promise<PublicComment[]> {
  const res = await fetch(`${blog.url}/api/posts/${encodeURIComponent(slug)}/comments`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { comments: PublicComment[] }).comments;
}
/** Each comment's depth in its thread: 0 for a top-level one. */
function depths(comments: PublicComment[]): number[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  return comments.map((c) => {
    let depth = 0;
    for (let p = c.parentId; p !== null; p = byId.get(p)?.parentId ?? null) depth++;
    return depth;
  });
}

type Source = { site: string; id: number };
interface MediaRecord {
  key: string;
  alt: string;
  bytes: number;
  usedBy: string[];
}
interface Export {
  site: { title: string };
  media: MediaRecord[];
  posts: { id: number; source: Source; slug: string; status: string; publishedAt: number; updatedAt: number; [key: string]: unknown }[];
  comments: { id: number; source: Source; postId: number; parentId: number | null; status: string; createdAt: number; [key: string]: unknown }[];
}
/**
 * An export without the ids that number items in its file (this blog's own rowids, which another blog's
 * differ from): each item by its source, and each comment's post and parent by theirs.
 */
function bySource(data: Export) {
  const postSource = new Map(data.posts.map((p) => [p.id, p.source]));
  const commentSource = new Map(data.comments.map((c) => [c.id, c.source]));
  return {
    posts: data.posts.map(({ id: _, ...p }) => bySecond(p)),
    comments: data.comments
      .map(({ id: _, postId, parentId, source, ...c }) => ({ ...bySecond(c), source, post: postSource.get(postId), parent: parentId === null ? null : commentSource.get(parentId) }))
      .sort((a, b) => `${a.source.site} ${a.source.id}`.localeCompare(`${b.source.site} ${b.source.id}`)),
  };
}
/** WXR keeps dates to the second: compare the rest exactly, times by the second. */
const bySecond = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, /At$/.test(k) && typeof v === "number" ? Math.floor(v / 1000) : v]));

describe.skipIf(!hasSample)("import-wordpress and export (../shared/data/wordpress/sample-export.xml)", () => {
  let blog: Blog;
  let files: { path: (name: string) => string; remove: () => void };

  blogForTests((b: Blog, f: typeof files) => {
    blog = b;
    files = f;
  });

  it("lists what it would do with --dry-run, sending nothing", async () => {
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--uploads", SAMPLE_UPLOADS, "--dry-run", "--url", blog.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Dry run: nothing was sent");
    expect(run.stdout).toContain("Media files (1): 1 would be copied, 0 missing");
    expect(run.stdout).toMatch(new RegExp(`^ {2}would copy {2}${CARMEL_FILE} from .*uploads/2026/11/carmel-trail\\.png$`, "m"));
    expect(run.stdout).toContain(`used by ${SLUGS.carmel} (image, cover)`);
    expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.sourdough)}`)).status).toBe(404);
    expect((await fetch(`${blog.url}/media/${CARMEL_KEY}`)).status).toBe(404);
  });

  it("says so when --uploads is not a folder, before sending anything", async () => {
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--uploads", files.path("no-such-folder"), "--url", blog.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--uploads .*no-such-folder: no such folder/);
    expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.sourdough)}`)).status).toBe(404);
  });

  it("imports every post and comment, listing what it leaves out and why, and copies the attachment from --uploads", async () => {
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--uploads", SAMPLE_UPLOADS, "--url", blog.url]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("sample-export.xml: “המחברת של נועה” (http://127.0.0.1:8081), language he");
    expect(run.stdout).toContain("7 posts to import (5 published or scheduled, 2 drafts), 11 comments");
    expect(run.stdout).toContain("  1 media file (attachments)");
    // Nothing left out silently: the pingback with its reason; the page noted; the attachment copied.
    expect(run.stdout).toMatch(/^ {2}pingback 10 \(שבילים של שירה on “טיול בוקר בשביל הירוק בכרמל”\): pingbacks are not shown on this blog$/m);
    expect(run.stdout).toMatch(/^ {2}page 8 “אודות”: a WordPress page: imported as a draft post/m);
    expect(run.stdout).toMatch(/^ {2}posts: {4}7 created, 0 already present$/m);
    expect(run.stdout).toContain("Media files (1): 1 copied, 0 reused (already in the library), 0 missing, 0 refused");
    expect(run.stdout).toMatch(new RegExp(`^ {2}copied {2}${CARMEL_FILE} → /media/${CARMEL_KEY}$`, "m"));
    expect(run.stdout).toMatch(new RegExp(`^ {10}used by ${SLUGS.carmel} \\(image, cover\\)$`, "m"));
    expect(run.stdout).toMatch(/^ {2}comments: 11 created, 0 already present, 1 skipped$/m);
    // Not a terminal: one plain progress line per batch.
    expect(run.stderr).toContain("posts: 7/7  7 created, 0 already present\n");
    expect(run.stderr).toContain("comments: 11/11  11 created, 0 already present\n");
    expect(run.stderr).toContain("threads: 4/4");
    expect(run.stderr).toContain("media: 1/1  1 copied\n");

    for (const slug of [SLUGS.sourdough, SLUGS.carmel, SLUGS.notebook, SLUGS.playlist]) {
      expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(slug)}`)).status, slug).toBe(200);
    }
    expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.about)}`)).status).toBe(404);
    if (Date.now() < KNIVES_GO_LIVE) expect((await fetch(`${blog.url}/api/posts/${SLUGS.knives}`)).status).toBe(404);

    // The old site's addresses the CLI sent along: ?p= and the attachment page (under its post) answer 301.
    const moved = async (path: string) => {
      const res = await fetch(blog.url + path, { redirect: "manual" });
      return [res.status, res.headers.get("location")];
    };
    expect(await moved("/?p=6")).toEqual([301, `/${SLUGS.notebook}`]);
    expect(await moved(`/${encodeURIComponent(SLUGS.carmel)}/%d7%94%d7%95%d7%95%d7%90%d7%93%d7%99-%d7%9e%d7%94%d7%a9%d7%91%d7%99%d7%9c/`)).toEqual([301, `/${encodeURIComponent(SLUGS.carmel)}`]);
    expect(await moved("/?p=999")).toEqual([404, null]);
  });

  it("shows post 5's image from the library, byte for byte, with WordPress's alt text, and its featured image as cover", async () => {
    const file = await fetch(`${blog.url}/media/${CARMEL_KEY}`);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(readBytes(`${SAMPLE_UPLOADS}/${CARMEL_FILE}`));
    const post = (await (await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.carmel)}`)).json()) as { html: string };
    expect(post.html).toContain(`<img src="/media/${CARMEL_KEY}" alt="שביל עפר בין עצי אלון"`);
    expect(post.html).not.toContain("127.0.0.1:8081");
    const page = await (await fetch(`${blog.url}/${encodeURIComponent(SLUGS.carmel)}`)).text();
    expect(page).toMatch(new RegExp(`<figure class="cover">[\\s\\S]*?<img src="/media/${CARMEL_KEY}" width="16" height="10" alt="שביל עפר בין עצי אלון"`));
    const library = await cli(["media", "list", "--url", blog.url]);
    expect(library.stdout).toContain(`/media/${CARMEL_KEY}  137 B, 16×10  (carmel-trail.png)`);
    expect(library.stdout).toContain(`used by: ${SLUGS.carmel}`);
  });

  it("keeps the threads, shows only approved comments, and lists the pending and trashed ones", async () => {
    const sourdough = await publicComments(blog, SLUGS.sourdough);
    expect(sourdough).toHaveLength(4);
    expect(depths(sourdough).sort()).toEqual([0, 1, 2, 3]);
    expect(sourdough[depths(sourdough).indexOf(1)]!.isAuthor).toBe(true); // noa, the post's author, answered first
    expect(await publicComments(blog, SLUGS.carmel)).toHaveLength(2);
    const notebook = await publicComments(blog, SLUGS.notebook);
    expect(notebook.map((c) => c.isAuthor)).toEqual([false, true]);
    expect(notebook[1]!.parentId).toBe(notebook[0]!.id);
    expect(notebook[0]!.body).toContain("dot grid");
    expect(notebook[0]!.body).not.toContain("<b>");
    expect(await publicComments(blog, SLUGS.playlist)).toHaveLength(1);

    const pending = await cli(["comments", "--status", "pending", "--url", blog.url]);
    expect(pending.stdout).toMatch(/^1 pending comment, page 1 of 1:$/m);
    expect(pending.stdout).toContain(`on ${SLUGS.sourdough}`);
    expect(pending.stdout).toContain("יש לך גרסה עם קמח כוסמין?");
    const trash = await cli(["comments", "--status", "trash", "--url", blog.url]);
    expect(trash.stdout).toMatch(/^1 trash comment, page 1 of 1:$/m);
  });

  it("changes nothing when run again", async () => {
    const before = await (await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.carmel)}`)).text();
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--uploads", SAMPLE_UPLOADS, "--url", blog.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}posts: {4}0 created, 7 already present/m);
    expect(run.stdout).toContain("Media files (1): 0 copied, 1 reused (already in the library), 0 missing, 0 refused");
    expect(run.stdout).toMatch(new RegExp(`^ {2}reused {2}${CARMEL_FILE} → /media/${CARMEL_KEY}$`, "m"));
    expect(await (await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.carmel)}`)).text()).toBe(before);
    expect((await cli(["media", "list", "--url", blog.url])).stdout).toMatch(/^1 file, page 1 of 1:$/m);
    expect(run.stdout).toMatch(/^ {2}comments: 0 created, 11 already present, 1 skipped$/m);
    expect(await publicComments(blog, SLUGS.sourdough)).toHaveLength(4);
    const all = await cli(["comments", "--url", blog.url]);
    const demoAndSample = /^(\d+) comments/m.exec(all.stdout);
    expect(Number(demoAndSample?.[1])).toBeGreaterThanOrEqual(11);
    expect(all.stdout.match(/^#\d+ /gm)?.length).toBe(Number(demoAndSample?.[1]));
  });

  it("imports a second site's export that reuses the sample's ids: every comment created, none taken for the sample's", async () => {
    const run = await cli(["import-wordpress", SECOND_SITE, "--url", blog.url]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("second-site.xml: “Trail Notes” (https://Trail-Notes.example.org/), language en");
    expect(run.stdout).toMatch(/^ {2}posts: {4}3 created, 0 already present$/m);
    expect(run.stdout).toMatch(/^ {2}comments: 11 created, 0 already present, 0 skipped$/m);
    // What does not fit the comment form's limits is listed, and the import goes on.
    expect(run.stdout).toMatch(/^ {2}comment 14: its author's name was 130 characters long: shortened to 100$/m);
    expect(run.stdout).toMatch(/^ {2}comment 11: its author's email address “not-an-email” is not an email address and was left out$/m);

    const ridge = await publicComments(blog, "first-night-on-the-ridge");
    expect(depths(ridge).sort()).toEqual([0, 0, 1, 1, 2]);
    expect(ridge.map((c) => c.authorName)).toContain("Sam");
    const maps = await publicComments(blog, "maps-and-apps");
    expect(maps.map((c) => c.authorName.length)).toContain(100);
    // The sample's comments with the same ids are still the sample's.
    const sourdough = await publicComments(blog, SLUGS.sourdough);
    expect(sourdough.map((c) => c.authorName)).toContain("מיכל");
    expect(sourdough).toHaveLength(4);

    for (const file of [SECOND_SITE, SAMPLE_WXR]) {
      const again = await cli(["import-wordpress", file, "--uploads", SAMPLE_UPLOADS, "--url", blog.url]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^ {2}comments: 0 created, 11 already present, \d skipped$/m);
      expect(again.stdout).toMatch(/^ {2}posts: {4}0 created, \d already present/m);
    }
  });

  it("exports a WXR and the media files that an empty blog imports to the same posts, comments, covers and images, byte for byte", async () => {
    // Every status in the export: spam too (WordPress's own exports never carry it).
    const approved = await cli(["comments", "--status", "approved", "--post", SLUGS.playlist, "--url", blog.url]);
    const spamId = /^#(\d+) /m.exec(approved.stdout)![1]!;
    expect((await cli(["spam", spamId, "--url", blog.url])).code).toBe(0);

    const wxr = files.path("site.xml");
    const mediaDir = files.path("media");
    const exported = await cli(["export", "--format", "wxr", wxr, "--media", mediaDir, "--url", blog.url]);
    expect(exported.stderr).not.toMatch(/^\s+at /m);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^Wrote \d+ posts, \d+ comments and 1 media file from .* \(WordPress WXR\)\.$/m);
    expect(exported.stdout).toMatch(/^Saved the media files to .*: 1 written, 0 already there\.$/m);
    expect(readBytes(`${mediaDir}/${CARMEL_KEY}`)).toEqual(readBytes(`${SAMPLE_UPLOADS}/${CARMEL_FILE}`));
    const text = readText(wxr);
    expect(text).toContain("<wp:wxr_version>1.2</wp:wxr_version>");
    expect(text).toContain(`<wp:attachment_url><![CDATA[http://127.0.0.1:8787/media/${CARMEL_KEY}]]></wp:attachment_url>`);
    expect(text).toContain("<wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>");
    // Again: the file already there is kept.
    const again = await cli(["export", "--format", "wxr", wxr, "--media", mediaDir, "--url", blog.url]);
    expect(again.stdout).toMatch(/: 0 written, 1 already there\.$/m);
    expect((await cli(["export", files.path("before.json"), "--url", blog.url])).code).toBe(0);
    const before = JSON.parse(readText(files.path("before.json"))) as Export;
    expect(new Set(before.comments.map((c) => c.status))).toEqual(new Set(["approved", "pending", "spam", "trash"]));
    expect(before.posts.length).toBeGreaterThanOrEqual(7 + 4);
    expect(before.posts.find((p) => p.slug === SLUGS.carmel)?.cover).toBe(CARMEL_KEY);
    expect(before.media.map((m) => [m.key, m.alt, m.bytes, m.usedBy])).toEqual([[CARMEL_KEY, "שביל עפר בין עצי אלון", 137, [SLUGS.carmel]]]);

    const empty: Blog = await startEmptyBlog();
    try {
      const imported = await cli(["import-wordpress", wxr, "--uploads", mediaDir, "--url", empty.url]);
      expect(imported.stderr).not.toMatch(/^\s+at /m);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(new RegExp(`^ {2}copied {2}${CARMEL_KEY} → /media/${CARMEL_KEY}$`, "m"));
      expect(imported.stdout).toMatch(new RegExp(`^ {2}posts: {4}${before.posts.length} created, 0 already present$`, "m"));
      expect(imported.stdout).toMatch(new RegExp(`^ {2}comments: ${before.comments.length} created, 0 already present, 0 skipped$`, "m"));

      expect((await cli(["export", "--format", "json", files.path("after.json"), "--url", empty.url])).code).toBe(0);
      const after = JSON.parse(readText(files.path("after.json"))) as Export;
      // Two sites' comment 2, each once, under its own site.
      expect(before.comments.filter((c) => c.source.id === 2).map((c) => c.source.site).sort()).toEqual(["http://127.0.0.1:8081", "https://trail-notes.example.org"]);
      // Ids number the items of one blog's file; sources, threads, covers and everything else are the same.
      expect(bySource(after)).toEqual(bySource(before));
      expect(after.media.map((m) => [m.key, m.alt, m.bytes, m.usedBy])).toEqual(before.media.map((m) => [m.key, m.alt, m.bytes, m.usedBy]));
      for (const m of after.media) {
        const [a, b] = await Promise.all([blog.url, empty.url].map(async (url) => new Uint8Array(await (await fetch(`${url}/media/${m.key}`)).arrayBuffer())));
        expect(b).toEqual(a);
      }

      // What readers see: the same threads.
      const thread = await publicComments(empty, SLUGS.sourdough);
      expect(thread.map((c) => [c.authorName, c.body])).toEqual((await publicComments(blog, SLUGS.sourdough)).map((c) => [c.authorName, c.body]));
      expect(depths(thread).sort()).toEqual([0, 1, 2, 3]);

      const again = await cli(["import-wordpress", wxr, "--uploads", mediaDir, "--url", empty.url]);
      expect(again.stdout).toMatch(new RegExp(`^ {2}comments: 0 created, ${before.comments.length} already present, 0 skipped$`, "m"));
      expect(again.stdout).toContain("Media files (1): 0 copied, 1 reused (already in the library), 0 missing, 0 refused");
    } finally {
      await empty.stop();
    }
  });
});

describe.skipIf(!hasSample)("import-wordpress from the old site itself (a local stand-in serving the sample's uploads)", () => {
  let blog: Blog;
  let files: { path: (name: string) => string; remove: () => void };
  let site: { url: string; requests: string[]; close: () => Promise<void> };
  let xml: string;

  beforeAll(async () => {
    files = tempDir();
    site = await fileServer(new Map([[`/wp-content/uploads/${CARMEL_FILE}`, readBytes(`${SAMPLE_UPLOADS}/${CARMEL_FILE}`)]]));
    // The sample as the stand-in's own export: its address everywhere, and post 5 showing a smaller size of the
    // image (with WordPress's srcset), a link to the file, a file the site no longer has, and a PDF.
    const extra = [
      "<!-- wp:html -->",
      `<p><a href="${site.url}/wp-content/uploads/${CARMEL_FILE}"><img src="${site.url}/wp-content/uploads/2026/11/carmel-trail-150x94.png" srcset="${site.url}/wp-content/uploads/2026/11/carmel-trail-150x94.png 150w, ${site.url}/wp-content/uploads/${CARMEL_FILE} 16w" sizes="(max-width: 150px) 100vw, 150px" alt="small" width="150" height="94" /></a> <img src="/wp-content/uploads/2026/10/gone.jpg" alt="gone" /> <a href="${site.url}/wp-content/uploads/2026/10/menu.pdf">the menu</a></p>`,
      "<!-- /wp:html -->",
    ].join("\n");
    xml = readText(SAMPLE_WXR)
      .replaceAll("http://127.0.0.1:8081", site.url)
      .replace("<!-- /wp:image -->\n", `<!-- /wp:image -->\n\n${extra}\n`);
    writeText(files.path("old-site.xml"), xml);
    blog = await startEmptyBlog();
  });
  afterAll(async () => {
    await blog?.stop();
    await site?.close();
    files?.remove();
  });

  it("downloads every file, points size variants and links at it, and reports a file the site no longer has with its posts", async () => {
    expect(xml).toContain(`${site.url}/wp-content/uploads/2026/11/carmel-trail-150x94.png`);
    const run = await cli(["import-wordpress", files.path("old-site.xml"), "--url", blog.url]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  1 media file (attachments), and 2 more files the posts show from the old site's wp-content/uploads");
    expect(run.stdout).toContain("Media files (3): 1 copied, 0 reused (already in the library), 1 missing, 1 refused");
    expect(run.stdout).toMatch(new RegExp(`^ {2}copied {3}${CARMEL_FILE} → /media/${CARMEL_KEY}$`, "m"));
    expect(run.stdout).toMatch(new RegExp(`^ {11}used by ${SLUGS.carmel} \\(image, link, cover\\)$`, "m"));
    expect(run.stdout).toContain(`  missing  2026/10/gone.jpg: ${site.url}/wp-content/uploads/2026/10/gone.jpg answered 404 Not Found`);
    expect(run.stdout).toContain(`used by ${SLUGS.carmel} (image): left pointing where it was`);
    expect(run.stdout).toContain("  refused  2026/10/menu.pdf: a .pdf file: the blog's library takes JPEG, PNG, GIF, WebP and AVIF images only");
    expect(run.stdout).toContain(`used by ${SLUGS.carmel} (link): left pointing where it was`);
    expect(site.requests).toContain(`/wp-content/uploads/${CARMEL_FILE}`);
    expect(site.requests).not.toContain("/wp-content/uploads/2026/10/menu.pdf");

    const res = await fetch(`${blog.url}/media/${CARMEL_KEY}`);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(readBytes(`${SAMPLE_UPLOADS}/${CARMEL_FILE}`));
    const post = (await (await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.carmel)}`)).json()) as { html: string };
    expect(post.html).toMatch(new RegExp(`<a href="/media/${CARMEL_KEY}"[^>]*><img src="/media/${CARMEL_KEY}" alt="small" width="150" height="94"`));
    expect(post.html).not.toContain("carmel-trail-150x94.png");
    expect(post.html).not.toContain("(max-width: 150px)");
    // What could not be copied stays as it was.
    expect(post.html).toContain(`src="/wp-content/uploads/2026/10/gone.jpg"`);
    expect(post.html).toContain(`href="${site.url}/wp-content/uploads/2026/10/menu.pdf"`);
    const page = await (await fetch(`${blog.url}/${encodeURIComponent(SLUGS.carmel)}`)).text();
    expect(page).toMatch(new RegExp(`<figure class="cover">[\\s\\S]*?<img src="/media/${CARMEL_KEY}"`));
  });

  it("reuses what it copied when run again, and still reports the missing file", async () => {
    const run = await cli(["import-wordpress", files.path("old-site.xml"), "--url", blog.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}posts: {4}0 created, 7 already present/m);
    expect(run.stdout).toContain("Media files (3): 0 copied, 1 reused (already in the library), 1 missing, 1 refused");
  });
});
