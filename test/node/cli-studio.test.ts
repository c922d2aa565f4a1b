/**
 * The author's studio in the CLI, against the built Workers: `posts` lists
 * posts with their status, `pull` writes a post back as a file that
 * publishes to the very same post (Markdown from a file or the browser, HTML
 * from WordPress), `reply` answers a comment as the author, and
 * `edit-comment` corrects one (from --text, standard input or $EDITOR).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS test helpers
import { FIXTURES, TOKEN, blogForTests, readText, writeText } from "../fixtures/cli/helpers.js";
import { fakeEditor, runCliWith } from "../fixtures/cli/studio-helpers.js";

type Run = { code: number; stdout: string; stderr: string };
type DeskPost = { slug: string; title: string; lang: string; status: string; date: string; updated: string; tags: string[]; excerpt: string; cover: string | null; commentsOpen: boolean; source: string | null; html: string };
type AdminComment = { id: number; post: string; body: string; status: string; isAuthor: boolean; authorName: string; url: string; parentId: number | null };

let blog: { url: string; stop: () => Promise<void> };
let tmp: { dir: string; path: (name: string) => string; remove: () => void };

blogForTests((b: typeof blog, f: typeof tmp) => {
  blog = b;
  tmp = f;
});

const at = (args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<Run> => runCliWith([...args, "--url", blog.url], options);

async function api<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(blog.url + path, { ...init, headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return { status: res.status, body: (await res.json()) as T };
}
const deskPost = async (slug: string) => (await api<{ post: DeskPost }>(`/api/admin/posts/${encodeURIComponent(slug)}`)).body.post;
const deskComment = async (id: number) => (await api<{ comment: AdminComment }>(`/api/admin/comments/${id}`)).body.comment;

function expectCleanFailure(run: Run, message: RegExp) {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/node:internal|Unexpected error/);
}

/** The body of a post file: what follows the front matter, as publish reads it. */
const bodyOf = (file: string) => file.replace(/^---\n[\s\S]*?\n---\n/, "").replace(/^\s*\n/, "");

describe("posts", () => {
  it("lists every post as a table, newest first, and filters by status and title words", async () => {
    expect((await api("/api/admin/posts/scheduled-one", { method: "PUT", json: { title: "Later, maybe", markdown: "soon", date: "2099-01-01T00:00:00Z" } })).status).toBe(201);
    expect((await api("/api/admin/posts/draft-one", { method: "PUT", json: { title: "A draft about the edge", markdown: "not yet", draft: true } })).status).toBe(201);
    const run = await at(["posts"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^STATUS +DATE \(UTC\) +SLUG +TITLE +COMMENTS$/);
    const rows = lines.slice(1).filter((l) => /^(published|scheduled|draft|trashed) /.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const dates = rows.map((r) => /\d{4}-\d\d-\d\d \d\d:\d\d/.exec(r)![0]);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(rows[0]).toMatch(/^scheduled +2099-01-01 00:00 +scheduled-one +Later, maybe +0\/0$/);
    expect(run.stdout).toMatch(/^draft +\d{4}-\d\d-\d\d \d\d:\d\d +draft-one +A draft about the edge +0\/0$/m);
    expect(run.stdout).toMatch(/^published +.* \d+\/\d+$/m);
    expect(run.stdout).toMatch(/^\d+ posts; comments: approved\/pending\.$/m);

    const drafts = await at(["posts", "--status", "draft"]);
    expect(drafts.stdout).toContain("draft-one");
    expect(drafts.stdout).not.toMatch(/^(published|scheduled) /m);
    const search = await at(["posts", "--search", "EDGE draft"]);
    expect(search.stdout.trimEnd().split("\n").filter((l) => /^(published|scheduled|draft) /.test(l)).map((l) => l.split(/ +/)[3])).toEqual(["draft-one"]);
    expect((await at(["posts", "--search", "no such words anywhere"])).stdout).toContain("No posts with “no such words anywhere” in the title.");
    expectCleanFailure(await at(["posts", "--status", "hidden"]), /--status hidden: use one of published, scheduled, draft, trashed, all/);
  });
});

describe("pull", () => {
  it("writes a post published from a file back as that file's post, and publishing it again changes nothing", async () => {
    const fixture = `${FIXTURES}/שלום-עולם.md`;
    expect((await at(["publish", fixture])).code).toBe(0);
    const before = await deskPost("שלום-עולם");
    expect(before.source).not.toBeNull();

    const run = await at(["pull", "שלום-עולם"], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^published .*“שלום, עולם: הפוסט הראשון מהשורה” → .*שלום-עולם\.md \(Markdown\)$/m);
    const pulled = readText(tmp.path("שלום-עולם.md"));
    expect(bodyOf(pulled)).toBe(bodyOf(readText(fixture)));
    expect(pulled).toMatch(/^slug: שלום-עולם$/m);
    expect(pulled).toMatch(/^tags: \[עברית, command line\]$/m);
    expect(pulled).toMatch(/^date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/m);

    const again = await at(["publish", tmp.path("שלום-עולם.md")]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("(updated)");
    const after = await deskPost("שלום-עולם");
    expect({ ...after, updated: "" }).toEqual({ ...before, updated: "" });

    expectCleanFailure(await at(["pull", "שלום-עולם"], { cwd: tmp.dir }), /already exists; nothing was written\. Use --force/);
    expect((await at(["pull", "שלום-עולם", "--force"], { cwd: tmp.dir })).code).toBe(0);
    expectCleanFailure(await at(["pull", "never-was"], { cwd: tmp.dir }), /No post with the slug “never-was”/);
  });

  it("round-trips a post written in the browser: Unicode, tags with commas and quotes, draft, date, cover, excerpt, closed comments", async () => {
    const slug = "טיוטה-עם-ציטוטים";
    const markdown = "שורה ראשונה עם *הדגשה*.\n\n```js\nconst a = \"b\";\n```\n\n![תמונה](/media/0123456789abcdef0123456789abcdef.png)\n";
    const sent = {
      title: 'כותרת: "ציטוט", #1 & it\'s',
      markdown,
      tags: ["a, b", 'say "hi"', "it's", "true", "עברית", "[x]"],
      date: "2026-03-04T05:06:07Z",
      draft: true,
      lang: "he",
      excerpt: "תקציר שכתבתי, עם: נקודתיים",
      cover: "0123456789abcdef0123456789abcdef.png",
      commentsOpen: false,
    };
    expect((await api(`/api/admin/posts/${encodeURIComponent(slug)}`, { method: "PUT", json: sent })).status).toBe(201);
    const before = await deskPost(slug);
    expect(before).toMatchObject({ status: "draft", date: "2026-03-04T05:06:07.000Z", source: markdown, cover: sent.cover, excerpt: sent.excerpt, commentsOpen: false });

    const out = tmp.path("browser.md");
    expect((await at(["pull", slug, "--out", out])).code).toBe(0);
    const file = readText(out);
    expect(bodyOf(file)).toBe(markdown);
    expect(file).toContain(`cover: /media/${sent.cover}`);
    expect(file).toMatch(/^draft: true$/m);
    const again = await at(["publish", out]);
    expect(again.code).toBe(0);
    const after = await deskPost(slug);
    expect({ ...after, updated: "" }).toEqual({ ...before, updated: "" });
    expect(after.tags).toEqual(sent.tags);
    expect(after.title).toBe(sent.title);
  });

  it("writes a post with no Markdown as HTML with format: html, and publish sends it back as HTML", async () => {
    const html = '<p>From <strong>WordPress</strong>, “quoted”.</p>\n<ul><li>one</li></ul>';
    expect((await api("/api/admin/posts/from-wordpress", { method: "PUT", json: { title: "Imported", html, tags: ["old"], date: "2019-05-06T07:08:09Z" } })).status).toBe(201);
    const before = await deskPost("from-wordpress");
    expect(before.source).toBeNull();
    const out = tmp.path("wp.md");
    const run = await at(["pull", "from-wordpress", "--out", out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("format: html");
    const file = readText(out);
    expect(file).toMatch(/^format: html$/m);
    expect(file).toMatch(/^# .*no Markdown source/m);
    expect(bodyOf(file)).toBe(before.html);
    expect((await at(["publish", out])).code).toBe(0);
    const after = await deskPost("from-wordpress");
    expect({ ...after, updated: "" }).toEqual({ ...before, updated: "" });

    writeText(out, file.replace("format: html", "format: rtf"));
    expectCleanFailure(await at(["publish", out]), /line \d+: format must be markdown or html, not “rtf”/);
  });
});

describe("reply and edit-comment", () => {
  async function approvedComment(): Promise<AdminComment> {
    const { body } = await api<{ comments: AdminComment[] }>("/api/admin/comments?status=approved");
    return body.comments.find((c) => !c.isAuthor)!;
  }
  const postPage = async (slug: string) => (await fetch(`${blog.url}/${encodeURIComponent(slug)}`)).text();

  it("replies as the author, from the arguments or standard input, and readers see it marked as the author's", async () => {
    const parent = await approvedComment();
    const run = await at(["reply", String(parent.id), "Thank you, truly!"]);
    expect(run.code).toBe(0);
    const m = new RegExp(`^replied to #${parent.id} by .+ as .+: #(\\d+), (http\\S+)$`, "m").exec(run.stdout)!;
    expect(m).not.toBeNull();
    const reply = await deskComment(Number(m[1]));
    expect(reply).toMatchObject({ parentId: parent.id, isAuthor: true, status: "approved", body: "Thank you, truly!", url: m[2] });
    const page = await postPage(parent.post);
    expect(page).toContain("Thank you, truly!");
    const card = page.slice(page.indexOf(`id="comment-${reply.id}"`));
    expect(card.slice(0, card.indexOf("Thank you, truly!"))).toMatch(/<span class="badge">[^<]+<\/span>/);

    const piped = await at(["reply", String(parent.id), "-"], { input: "שורה ראשונה\nשורה שנייה\n" });
    expect(piped.code).toBe(0);
    const second = await deskComment(Number(/: #(\d+), /.exec(piped.stdout)![1]));
    expect(second.body).toBe("שורה ראשונה\nשורה שנייה");

    expectCleanFailure(await at(["reply", "999999", "hello"]), /reply: there is no comment #999999/);
    expectCleanFailure(await at(["reply", String(parent.id), "-"], { input: "  \n" }), /reply: the text is empty; nothing was sent\./);
    expectCleanFailure(await at(["reply", String(parent.id)]), /reply: give the text after the id/);
    expectCleanFailure(await at(["reply", "x1", "hi"]), /“x1” is not a comment id/);
  });

  it("edits a comment's text from --text, standard input or $EDITOR, and says when nothing changed", async () => {
    const target = await approvedComment();
    const original = target.body;
    const run = await at(["edit-comment", String(target.id), "--text", "Fixed a typo."]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^edited #${target.id} by .+: http\\S+/comments/${target.id}$`, "m"));
    expect((await deskComment(target.id)).body).toBe("Fixed a typo.");
    expect(await postPage(target.post)).toContain("Fixed a typo.");

    const piped = await at(["edit-comment", String(target.id)], { input: "From standard input.\n" });
    expect(piped.code).toBe(0);
    expect((await deskComment(target.id)).body).toBe("From standard input.");

    const same = await at(["edit-comment", String(target.id), "--text", "From standard input.  "]);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`#${target.id} is unchanged (the text is the same)`);

    // The editor opens on the current text, byte for byte, and what it saves is sent.
    const editor = fakeEditor(tmp.dir, `${original}\n\n(edited in the editor)\n`);
    const edited = await at(["edit-comment", String(target.id), "--edit"], { env: { EDITOR: editor, VISUAL: "" } });
    expect(edited.code).toBe(0);
    expect(readText(tmp.path("seen.txt"))).toBe("From standard input.");
    expect((await deskComment(target.id)).body).toBe(`${original}\n\n(edited in the editor)`);

    const untouched = await at(["edit-comment", String(target.id), "--edit"], { env: { EDITOR: fakeEditor(tmp.dir, null), VISUAL: "" } });
    expect(untouched.code).toBe(0);
    expect(untouched.stdout).toContain("is unchanged");
    const failing = await at(["edit-comment", String(target.id), "--edit"], { env: { EDITOR: "false", VISUAL: "" } });
    expectCleanFailure(failing, /the editor “false” exited with 1; nothing was changed/);

    const empty = await at(["edit-comment", String(target.id), "--text", "   "]);
    expectCleanFailure(empty, /the text is empty; #\d+ is unchanged/);
    expect((await deskComment(target.id)).body).toBe(`${original}\n\n(edited in the editor)`);
    expectCleanFailure(await at(["edit-comment", "999999", "--text", "x"]), /edit-comment: there is no comment #999999/);
    expectCleanFailure(await at(["edit-comment", String(target.id), "--text", "x".repeat(10_001)]), /at most 10,000 characters/);
  });
});

describe("help", () => {
  it("lists the new commands and explains each", async () => {
    const run = await at(["help"]);
    for (const usage of ["posts [--status", "pull <slug>", "reply <id> <text|->", "edit-comment <id>"]) expect(run.stdout).toContain(usage);
    expect((await at(["help", "pull"])).stdout).toContain("format: html");
    expect((await at(["help", "edit-comment"])).stdout).toContain("$EDITOR");
  });
});
