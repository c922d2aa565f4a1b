/**
 * The author's CLI (scripts/blog.js) as the author runs it: a child process
 * talking HTTP to the built Worker on 127.0.0.1 (the demo blog, seeded), with
 * ADMIN_TOKEN in its environment. Publishing, scheduling, drafts,
 * unpublishing, moderation, and a clear one-paragraph failure (exit 1, no
 * stack trace) for each way the author can get it wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain JS test helpers
import { FIXTURES, TOKEN, runCli, startBlog, fakeServer, deadUrl } from "../fixtures/cli/helpers.js";

type Run = { code: number; stdout: string; stderr: string };
const cli = runCli as (args: string[], options?: { token?: string | null; env?: Record<string, string> }) => Promise<Run>;

let blog: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  blog = await startBlog();
});
afterAll(async () => {
  await blog?.stop();
});

const at = (...args: string[]) => cli([...args, "--url", blog.url]);
const fixture = (name: string) => `${FIXTURES}/${name}`;
const publicPost = (slug: string) => fetch(`${blog.url}/api/posts/${encodeURIComponent(slug)}`);
async function adminPost(slug: string) {
  const res = await fetch(`${blog.url}/api/admin/posts`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const { posts } = (await res.json()) as { posts: { slug: string; status: string; tags: string[] }[] };
  return posts.find((p) => p.slug === slug);
}
/** The failure is one message: no stack trace, no "node:internal" frames. */
function expectCleanFailure(run: Run, message: RegExp) {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/node:internal|Unexpected error/);
}

const HEBREW_SLUG = "שלום-עולם";

describe("help", () => {
  it("prints the usage with every command, with no arguments, --help or help", async () => {
    for (const args of [[], ["--help"], ["help"]]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      for (const command of ["publish", "unpublish", "import-wordpress", "export", "comments", "approve", "spam", "trash", "restore"]) expect(run.stdout).toContain(command);
    }
    const one = await cli(["help", "publish"]);
    expect(one.stdout).toContain("Usage: npm run blog -- publish <file.md>…");
    expect(one.stdout).toContain("commentsOpen");
    expectCleanFailure(await cli(["frobnicate"]), /There is no command “frobnicate”/);
  });
});

describe("publish", () => {
  it("publishes a Markdown file with a Hebrew title and tags, its slug from the file name", async () => {
    const run = await at("publish", fixture(`${HEBREW_SLUG}.md`));
    expect(run.stderr).toContain("the field “layout” is not used by the blog");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^published .*/${encodeURIComponent(HEBREW_SLUG)}  “שלום, עולם: הפוסט הראשון מהשורה” \\(new\\)$`, "m"));

    const res = await publicPost(HEBREW_SLUG);
    expect(res.status).toBe(200);
    const post = (await res.json()) as { title: string; tags: string[]; lang: string; dir: string; html: string };
    expect(post).toMatchObject({ title: "שלום, עולם: הפוסט הראשון מהשורה", tags: ["עברית", "command line"], lang: "he", dir: "rtl" });
    expect(post.html).toContain("<strong>מודגש</strong>");
    const page = await fetch(`${blog.url}/${encodeURIComponent(HEBREW_SLUG)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("שלום, עולם: הפוסט הראשון מהשורה");

    const again = await at("publish", fixture(`${HEBREW_SLUG}.md`));
    expect(again.stdout).toMatch(/^published .* \(updated\)$/m);
  });

  it("schedules a post with a future date, and keeps a draft off the blog", async () => {
    const run = await at("publish", fixture("coming-later.md"), fixture("draft-notes.md"));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^scheduled .*\/from-the-future  “A post from the future” \(new, goes live 2099-01-01T09:00:00.000Z\)$/m);
    expect(run.stdout).toMatch(/^draft +.*\/draft-notes  “Half-written notes” \(new\)$/m);
    expect((await publicPost("from-the-future")).status).toBe(404);
    expect((await publicPost("draft-notes")).status).toBe(404);
    expect(await adminPost("from-the-future")).toMatchObject({ status: "scheduled", tags: ["later", "time, travel"] });
    expect(await adminPost("draft-notes")).toMatchObject({ status: "draft", tags: ["drafts", "notes"] });
  });

  it("reports a front-matter mistake with its line and still publishes the other files", async () => {
    const run = await at("publish", fixture("bad-front-matter.md"), fixture("draft-notes.md"));
    expectCleanFailure(run, /bad-front-matter\.md line 3: draft must be true or false, not “maybe”/);
    expect(run.stdout).toMatch(/^draft .*draft-notes.*\(updated\)$/m);
    expect(run.stderr).toContain("1 of 2 files were not published");
  });

  it("says which file is missing", async () => {
    expectCleanFailure(await at("publish", "no-such-post.md"), /^no-such-post\.md: no such file\.$/m);
  });
});

describe("unpublish", () => {
  it("takes a post off the blog as a draft, and publish brings it back", async () => {
    const run = await at("unpublish", HEBREW_SLUG);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`unpublished ${HEBREW_SLUG}: now a draft`);
    expect((await publicPost(HEBREW_SLUG)).status).toBe(404);
    expect(await adminPost(HEBREW_SLUG)).toMatchObject({ status: "draft" });

    expect((await at("publish", fixture(`${HEBREW_SLUG}.md`))).code).toBe(0);
    expect((await publicPost(HEBREW_SLUG)).status).toBe(200);

    expectCleanFailure(await at("unpublish", "never-was"), /never-was: No post with the slug “never-was”/);
  });
});

describe("comments and moderation", () => {
  /** The demo's comments, as `comments` lists them. */
  async function listed(...args: string[]) {
    const run = await at("comments", ...args);
    expect(run.code).toBe(0);
    return { run, ids: [...run.stdout.matchAll(/^#(\d+) {2}(\w+) {2}/gm)].map((m) => ({ id: Number(m[1]), status: m[2] })) };
  }

  it("lists comments with id, status, score, author, post and text", async () => {
    const { run, ids } = await listed("--status", "approved");
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((c) => c.status === "approved")).toBe(true);
    expect(run.stdout).toMatch(/^\d+ approved comments, page 1 of 1:$/m);
    expect(run.stdout).toMatch(/^#\d+ {2}approved {2}score 0 {2}\S/m);
    expect(run.stdout).toMatch(/^ {4}on \S+.* UTC$/m);
    expect((await listed("--status", "spam")).run.stdout).toContain("No spam comments.");
    expectCleanFailure(await at("comments", "--status", "hidden"), /--status hidden: use one of pending, approved, spam, trash, all/);
  });

  it("marks a comment as spam, approves it back, and reports what did not change or does not exist", async () => {
    const post = (await (await fetch(`${blog.url}/api/posts`)).json()) as { posts: { slug: string; comments: number }[] };
    const slug = post.posts.find((p) => p.comments > 0)!.slug;
    const thread = async () => ((await (await fetch(`${blog.url}/api/posts/${encodeURIComponent(slug)}/comments`)).json()) as { comments: { id: number }[] }).comments.map((c) => c.id);
    const { ids } = await listed("--post", slug);
    const id = ids.at(-1)!.id;
    expect(await thread()).toContain(id);

    const spam = await at("spam", String(id));
    expect(spam.code).toBe(0);
    expect(spam.stdout.trim()).toBe(`marked as spam: #${id}`);
    expect(await thread()).not.toContain(id);
    expect((await listed("--status", "spam")).ids).toEqual([{ id, status: "spam" }]);

    const approve = await at("approve", String(id), String(id + 100_000));
    expect(approve.stdout).toContain(`approved: #${id}`);
    expectCleanFailure(approve, new RegExp(`no such comment: #${id + 100_000}`));
    expect(await thread()).toContain(id);

    const again = await at("approve", `#${id}`);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe(`unchanged (already approved): #${id}`);
    expectCleanFailure(await at("trash", "forty-two"), /trash: “forty-two” is not a comment id/);
  });
});

describe("train", () => {
  it("teaches the learner from a labeled TSV, and names the line of a bad label", async () => {
    const run = await at("train", fixture("labeled.tsv"));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Trained on 6 examples \(3 spam, 3 ham\)\. The model now counts \d+ spam and \d+ ham\./);
    expectCleanFailure(await at("train", fixture("bad-label.tsv")), /bad-label\.tsv line 1: unknown label "bogus"/);
    expectCleanFailure(await at("train", fixture("nope.tsv")), /No such file/);
  });
});

describe("digest --dry-run", () => {
  it("prints the next digest's subject and text, and sends nothing", async () => {
    const run = await at("digest", "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Subject: \[edgepress demo\]/);
    expect(run.stdout).toContain("Covers comments since");
    expectCleanFailure(await at("digest"), /use `digest --dry-run`/);
  });
});

describe("clear failures", () => {
  it("a wrong URL, or nothing listening", async () => {
    const dead = await deadUrl();
    expectCleanFailure(await cli(["comments", "--url", dead]), new RegExp(`^Cannot reach ${dead}: is the blog running\\? \\(npm start\\)$`, "m"));
    expectCleanFailure(await cli(["comments", "--url", dead]), /ECONNREFUSED/);
    expectCleanFailure(await cli(["comments", "--url", "not a url"]), /--url not a url: not an address/);
  });

  it("a wrong token, saying where it came from", async () => {
    const run = await cli(["comments", "--url", blog.url], { token: "not-the-token" });
    expectCleanFailure(run, /refused the admin token \(401: The admin token is not valid\.\)/);
    expect(run.stderr).toContain("The token came from the ADMIN_TOKEN environment variable");
  });

  it("a missing token for a deployed blog", async () => {
    expectCleanFailure(await cli(["comments", "--url", "https://blog.example.com"], { token: null }), /No admin token for https:\/\/blog\.example\.com: set ADMIN_TOKEN/);
  });

  it("an answer that is not JSON, and a server error", async () => {
    expectCleanFailure(await cli(["comments", "--url", `${blog.url}/not-the-blog`]), /answered 404 with text\/html.*not JSON: is .*\/not-the-blog the blog's address\?/);
    const failing = await fakeServer(500, "application/json", JSON.stringify({ error: { status: 500, message: "Something went wrong on our side." } }));
    const html = await fakeServer(502, "text/html", "<html><body><h1>Bad gateway</h1></body></html>");
    try {
      expectCleanFailure(await cli(["comments", "--url", failing.url]), /failed on GET \/api\/admin\/comments\?status=all&page=1: 500 Something went wrong on our side\./);
      expectCleanFailure(await cli(["approve", "1", "--url", html.url]), /failed on POST \/api\/admin\/comments\/moderate: 502 .*\n {2}The answer began: Bad gateway/);
    } finally {
      await failing.close();
      await html.close();
    }
  });

  it("a malformed WordPress export, by line", async () => {
    expectCleanFailure(await at("import-wordpress", fixture("broken-export.xml")), /broken-export\.xml line 29: Not well-formed XML \(column 2\): Expected closing tag 'title' \(opened in line 24/);
    expectCleanFailure(await at("import-wordpress", fixture("coming-later.md")), /coming-later\.md line 1: Not well-formed XML/);
    expectCleanFailure(await at("import-wordpress", "missing-export.xml"), /^missing-export\.xml: no such file\.$/m);
  });

  it("an unknown option", async () => {
    expectCleanFailure(await at("comments", "--colour"), /comments: Unknown option '--colour'\.\nSee: npm run blog -- help comments/);
  });
});
