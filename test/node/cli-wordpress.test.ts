/**
 * Moving a blog in and out with the author's CLI: `import-wordpress` of the
 * real WordPress export in ../shared/data/wordpress (see its MANIFEST.md),
 * run twice, then a second site's export that reuses its ids
 * (test/fixtures/wxr/second-site.xml), then `export --format wxr` and an
 * import of that file into a second, empty blog, which must hold the same
 * posts and comments after. Skipped when the shared folder is not checked out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS test helpers
import { ROOT, SAMPLE_WXR, hasSample, runCli, startBlog, startEmptyBlog, tempDir, readText } from "../fixtures/cli/helpers.js";

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
interface Export {
  site: { title: string };
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

  beforeAll(async () => {
    files = tempDir();
    blog = await startBlog();
  });
  afterAll(async () => {
    await blog?.stop();
    files?.remove();
  });

  it("lists what it would do with --dry-run, sending nothing", async () => {
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--dry-run", "--url", blog.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Dry run: nothing was sent");
    expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.sourdough)}`)).status).toBe(404);
  });

  it("imports every post and comment, listing what it leaves out and why", async () => {
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--url", blog.url]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("sample-export.xml: “המחברת של נועה” (http://127.0.0.1:8081), language he");
    expect(run.stdout).toContain("7 posts to import (5 published or scheduled, 2 drafts), 11 comments");
    // Nothing left out silently: the attachment and the pingback, each with its reason; the page and the featured image noted.
    expect(run.stdout).toMatch(/^ {2}attachment 11 “הוואדי מהשביל”: media files are not copied/m);
    expect(run.stdout).toMatch(/^ {2}pingback 10 \(שבילים של שירה on “טיול בוקר בשביל הירוק בכרמל”\): pingbacks are not shown on this blog$/m);
    expect(run.stdout).toMatch(/^ {2}page 8 “אודות”: a WordPress page: imported as a draft post/m);
    expect(run.stdout).toMatch(/^ {2}featured-image 5 /m);
    expect(run.stdout).toMatch(/^ {2}posts: {4}7 created, 0 already present, 1 item left out \(listed above\)$/m);
    expect(run.stdout).toMatch(/^ {2}comments: 11 created, 0 already present, 1 skipped$/m);
    // Not a terminal: one plain progress line per batch.
    expect(run.stderr).toContain("posts: 7/7  7 created, 0 already present\n");
    expect(run.stderr).toContain("comments: 11/11  11 created, 0 already present\n");
    expect(run.stderr).toContain("threads: 4/4");

    for (const slug of [SLUGS.sourdough, SLUGS.carmel, SLUGS.notebook, SLUGS.playlist]) {
      expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(slug)}`)).status, slug).toBe(200);
    }
    expect((await fetch(`${blog.url}/api/posts/${encodeURIComponent(SLUGS.about)}`)).status).toBe(404);
    if (Date.now() < KNIVES_GO_LIVE) expect((await fetch(`${blog.url}/api/posts/${SLUGS.knives}`)).status).toBe(404);
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
    const run = await cli(["import-wordpress", SAMPLE_WXR, "--url", blog.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}posts: {4}0 created, 7 already present/m);
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
      const again = await cli(["import-wordpress", file, "--url", blog.url]);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^ {2}comments: 0 created, 11 already present, \d skipped$/m);
      expect(again.stdout).toMatch(/^ {2}posts: {4}0 created, \d already present/m);
    }
  });

  it("exports a WXR that an empty blog imports to the same posts and comments (ids, threads, every status)", async () => {
    // Every status in the export: spam too (WordPress's own exports never carry it).
    const approved = await cli(["comments", "--status", "approved", "--post", SLUGS.playlist, "--url", blog.url]);
    const spamId = /^#(\d+) /m.exec(approved.stdout)![1]!;
    expect((await cli(["spam", spamId, "--url", blog.url])).code).toBe(0);

    const wxr = files.path("site.xml");
    const exported = await cli(["export", "--format", "wxr", wxr, "--url", blog.url]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^Wrote \d+ posts and \d+ comments from .* \(WordPress WXR\)\.$/m);
    expect(readText(wxr)).toContain("<wp:wxr_version>1.2</wp:wxr_version>");
    expect((await cli(["export", files.path("before.json"), "--url", blog.url])).code).toBe(0);
    const before = JSON.parse(readText(files.path("before.json"))) as Export;
    expect(new Set(before.comments.map((c) => c.status))).toEqual(new Set(["approved", "pending", "spam", "trash"]));
    expect(before.posts.length).toBeGreaterThanOrEqual(7 + 4);

    const empty: Blog = await startEmptyBlog();
    try {
      const imported = await cli(["import-wordpress", wxr, "--url", empty.url]);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(new RegExp(`^ {2}posts: {4}${before.posts.length} created, 0 already present$`, "m"));
      expect(imported.stdout).toMatch(new RegExp(`^ {2}comments: ${before.comments.length} created, 0 already present, 0 skipped$`, "m"));

      expect((await cli(["export", "--format", "json", files.path("after.json"), "--url", empty.url])).code).toBe(0);
      const after = JSON.parse(readText(files.path("after.json"))) as Export;
      // Two sites' comment 2, each once, under its own site.
      expect(before.comments.filter((c) => c.source.id === 2).map((c) => c.source.site).sort()).toEqual(["http://127.0.0.1:8081", "https://trail-notes.example.org"]);
      // Ids number the items of one blog's file; sources, threads and everything else are the same.
      expect(bySource(after)).toEqual(bySource(before));

      // What readers see: the same threads.
      const thread = await publicComments(empty, SLUGS.sourdough);
      expect(thread.map((c) => [c.authorName, c.body])).toEqual((await publicComments(blog, SLUGS.sourdough)).map((c) => [c.authorName, c.body]));
      expect(depths(thread).sort()).toEqual([0, 1, 2, 3]);

      const again = await cli(["import-wordpress", wxr, "--url", empty.url]);
      expect(again.stdout).toMatch(new RegExp(`^ {2}comments: 0 created, ${before.comments.length} already present, 0 skipped$`, "m"));
    } finally {
      await empty.stop();
    }
  });
});
