/**
 * Images through the author's CLI, against the built Worker on 127.0.0.1:
 * `media upload` (a new file, the same file again, files the blog does not
 * take), `media list`, and `publish` of a Markdown post that shows images
 * from the author's disk (uploaded, the post pointed at /media/, its cover),
 * or names one that is not there (nothing published).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS test helpers
import { blogForTests, runCli, writeText, writeBytes, readText } from "../fixtures/cli/helpers.js";
import { jpeg, png, webpLossy } from "../fixtures/media/images";

type Run = { code: number; stdout: string; stderr: string };
const cli = runCli as (args: string[]) => Promise<Run>;

let blog: { url: string; stop: () => Promise<void> };
let files: { path: (name: string) => string; remove: () => void };

blogForTests((b: typeof blog, f: typeof files) => {
  blog = b;
  files = f;
});

const at = (...args: string[]) => cli([...args, "--url", blog.url]);
const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const PNG = bytesOf(png);
const JPEG = bytesOf(jpeg);
const WEBP = bytesOf(webpLossy);
/** The library's name for these bytes: the first 32 hex digits of their SHA-256, and the type's extension. */
async function keyOf(bytes: Uint8Array, extension: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return `${[...digest].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 32)}.${extension}`;
}
async function served(path: string): Promise<Uint8Array> {
  const res = await fetch(`${blog.url}${path}`);
  expect(res.status, path).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}
/** The failure is one message: no stack trace. */
function expectCleanFailure(run: Run) {
  expect(run.code).toBe(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/node:internal|Unexpected error/);
}

describe("media upload and media list", () => {
  it("uploads images and prints their /media/ address; the same bytes again, under any name, are already in the library", async () => {
    writeBytes(files.path("photo.png"), PNG);
    writeBytes(files.path("shot.jpg"), JPEG);
    const pngKey = await keyOf(PNG, "png");
    const jpegKey = await keyOf(JPEG, "jpg");
    const run = await at("media", "upload", files.path("photo.png"), files.path("shot.jpg"), "--alt", "A gradient");
    expect(run.stderr).not.toMatch(/refused|Unexpected/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`photo\\.png → /media/${pngKey}  \\([\\d.]+ (?:B|KiB), 64×48, new\\)$`, "m"));
    expect(run.stdout).toMatch(new RegExp(`shot\\.jpg → /media/${jpegKey}  \\(.*, 64×48, new\\)$`, "m"));
    expect(await served(`/media/${pngKey}`)).toEqual(PNG);
    expect(await served(`/media/${jpegKey}`)).toEqual(JPEG);

    writeBytes(files.path("copy of the photo.png"), PNG);
    for (const name of ["photo.png", "copy of the photo.png"]) {
      const again = await at("media", "upload", files.path(name));
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`→ /media/${pngKey}  \\(.*, already in the library\\)$`, "m"));
    }

    const list = await at("media", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^2 files, page 1 of 1:$/m);
    expect(list.stdout).toContain(`/media/${pngKey}`);
    expect(list.stdout).toContain("alt: “A gradient”");
    expect(list.stdout).toContain("used by: no post");
  });

  it("refuses an SVG, a truncated image and a missing file, naming each, and stores none of them", async () => {
    writeText(files.path("drawing.svg"), `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`);
    writeBytes(files.path("cut.png"), PNG.slice(0, PNG.length - 40));
    const run = await at("media", "upload", files.path("drawing.svg"), files.path("cut.png"), files.path("not-here.jpg"), files.path("photo.png"));
    expectCleanFailure(run);
    expect(run.stderr).toMatch(/drawing\.svg: .*SVG/);
    expect(run.stderr).toMatch(/cut\.png: This PNG file is damaged or incomplete/);
    expect(run.stderr).toMatch(/not-here\.jpg: no such file\./);
    expect(run.stderr).toContain("3 of 4 files were not uploaded.");
    expect(run.stdout).toMatch(/photo\.png → \/media\/.* already in the library/);
    expect((await at("media", "list")).stdout).toMatch(/^2 files, page 1 of 1:$/m);
  });

  it("says what to do without an action", async () => {
    const run = await at("media");
    expectCleanFailure(run);
    expect(run.stderr).toContain("media upload <image>… or media list");
  });
});

describe("publish with images from the author's disk", () => {
  it("uploads every local image the post shows and its cover, once each, and points the post at their /media/ addresses", async () => {
    writeBytes(files.path("post/images/trail.png"), PNG);
    writeBytes(files.path("post/my photo.jpg"), JPEG);
    writeBytes(files.path("post/cover.webp"), WEBP);
    const source = [
      "---",
      "title: A walk with pictures",
      "slug: walk-with-pictures",
      "cover: ./cover.webp",
      "---",
      "",
      "The trail:",
      "",
      '![A gradient trail](images/trail.png "On the trail")',
      "",
      "![](<my photo.jpg>) and the same one again: ![again](./images/trail.png)",
      "",
      "```",
      "![an example](./not-a-file.png)",
      "```",
    ].join("\n");
    writeText(files.path("post/walk.md"), source);
    const [pngKey, jpegKey, webpKey] = await Promise.all([keyOf(PNG, "png"), keyOf(JPEG, "jpg"), keyOf(WEBP, "webp")]);

    const run = await at("publish", files.path("post/walk.md"));
    expect(run.stderr).not.toMatch(/Unexpected|refused/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  image images/trail.png → /media/${pngKey} (already in the library)`);
    expect(run.stdout).toContain(`  image my photo.jpg → /media/${jpegKey} (already in the library)`);
    expect(run.stdout).toContain(`  image ./cover.webp → /media/${webpKey} (new)`);
    expect(run.stdout.match(/^ {2}image /gm)).toHaveLength(3);
    expect(run.stdout).toMatch(/^published .*\/walk-with-pictures  “A walk with pictures” \(new\)$/m);

    const post = (await (await fetch(`${blog.url}/api/posts/walk-with-pictures`)).json()) as { html: string };
    expect(post.html).toContain(`<img src="/media/${pngKey}" alt="A gradient trail"`);
    // An image without alt text gets the library's (given at its upload above).
    expect(post.html).toContain(`<img src="/media/${jpegKey}" alt="A gradient"`);
    expect(post.html).toMatch(new RegExp(`<img src="/media/${pngKey}" alt="again"`));
    expect(post.html).toContain("./not-a-file.png"); // code stays code
    const page = await (await fetch(`${blog.url}/walk-with-pictures`)).text();
    expect(page).toMatch(new RegExp(`<figure class="cover">[\\s\\S]*?<img src="/media/${webpKey}"`));
    expect(page).toContain(`src="/media/${jpegKey}"`);
    expect(await served(`/media/${webpKey}`)).toEqual(WEBP);
    // The author's file is theirs: unchanged.
    expect(readText(files.path("post/walk.md"))).toBe(source);
  });

  it("publishes nothing when an image is missing, naming each missing file with its line", async () => {
    const source = ["---", "title: Missing pictures", "cover: ./gone.jpg", "---", "", "Text.", "", "![here](./images/trail.png)", "![not here](./nope.png)"].join("\n");
    writeText(files.path("post/missing.md"), source);
    const run = await at("publish", files.path("post/missing.md"));
    expectCleanFailure(run);
    expect(run.stderr).toContain("missing.md: 2 images it shows cannot be uploaded; nothing was uploaded or published:");
    expect(run.stderr).toMatch(/^ {2}line 9: \.\/nope\.png: no such file\. \(looked for .*nope\.png\)$/m);
    expect(run.stderr).toMatch(/^ {2}line 3: \.\/gone\.jpg: no such file\./m);
    expect((await fetch(`${blog.url}/api/posts/missing`)).status).toBe(404);

    // A post already published stays as it was.
    const before = await (await fetch(`${blog.url}/api/posts/walk-with-pictures`)).text();
    writeText(files.path("post/walk-broken.md"), ["---", "title: Changed", "slug: walk-with-pictures", "---", "![](./nope.png)"].join("\n"));
    expectCleanFailure(await at("publish", files.path("post/walk-broken.md")));
    expect(await (await fetch(`${blog.url}/api/posts/walk-with-pictures`)).text()).toBe(before);
  });

  it("refuses a post whose image is not one the blog takes, before uploading any", async () => {
    writeText(files.path("post/vector.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
    writeText(files.path("post/svg.md"), ["---", "title: Vector", "---", "![a drawing](vector.svg)"].join("\n"));
    const run = await at("publish", files.path("post/svg.md"));
    expectCleanFailure(run);
    expect(run.stderr).toMatch(/^ {2}line 4: vector\.svg: .*SVG/m);
    expect((await fetch(`${blog.url}/api/posts/svg`)).status).toBe(404);
  });

  it("passes on the blog's warnings about images it cannot show", async () => {
    writeText(files.path("post/remote.md"), ["---", "title: Remote", "---", "![elsewhere](https://images.example.com/a.png)"].join("\n"));
    const run = await at("publish", files.path("post/remote.md"));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/remote\.md: The image https:\/\/images\.example\.com\/a\.png is not on this blog/);
  });
});
