/**
 * The posts' trash through the author's CLI, against the built Workers on
 * 127.0.0.1: `delete` (to the trash, saying until when), `restore <slug>`
 * (back as it was), `delete --permanently` (only for a post in the trash),
 * and `restore <id>` still restoring comments.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS test helpers
import { TOKEN, blogForTests, runCli, writeText } from "../fixtures/cli/helpers.js";

type Run = { code: number; stdout: string; stderr: string };
const cli = runCli as (args: string[]) => Promise<Run>;

let blog: { url: string; stop: () => Promise<void> };
let files: { path: (name: string) => string; remove: () => void };

blogForTests((b: typeof blog, f: typeof files) => {
  blog = b;
  files = f;
});

const at = (...args: string[]) => cli([...args, "--url", blog.url]);
const status = async (slug: string) => (await fetch(`${blog.url}/${encodeURIComponent(slug)}`)).status;
async function adminPost(slug: string) {
  const res = await fetch(`${blog.url}/api/admin/posts`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const { posts } = (await res.json()) as { posts: { slug: string; status: string }[] };
  return posts.find((p) => p.slug === slug);
}
async function publish(slug: string, title: string, extra = "") {
  const file = files.path(`${slug}.md`);
  writeText(file, `---\ntitle: ${title}\n${extra}---\nA body.\n`);
  const run = await at("publish", file);
  expect(run.code, run.stderr).toBe(0);
}

describe("blog delete / restore", () => {
  it("moves posts to the trash, saying until when, and restores them as they were", async () => {
    await publish("cli-trash-one", "CLI trash one");
    await publish("עברית-לפח", "פוסט לפח", "lang: he\n");
    expect(await status("cli-trash-one")).toBe(200);

    const run = await at("delete", "cli-trash-one", "עברית-לפח");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^moved to the trash: cli-trash-one, with its 0 comments; restore it until \d{4}-\d\d-\d\d \(npm run blog -- restore cli-trash-one\)$/m);
    expect(run.stdout).toContain("moved to the trash: עברית-לפח");
    expect(await status("cli-trash-one")).toBe(404);
    expect(await status("עברית-לפח")).toBe(404);
    expect((await adminPost("cli-trash-one"))?.status).toBe("trashed");

    const back = await at("restore", "cli-trash-one", "עברית-לפח");
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^restored cli-trash-one: published again, with its comments \(.*\/cli-trash-one\)$/m);
    expect(await status("cli-trash-one")).toBe(200);
    expect(await status("עברית-לפח")).toBe(200);
  });

  it("restores a scheduled post as scheduled", async () => {
    await publish("cli-trash-later", "CLI trash later", "date: 2099-01-01T09:00:00Z\n");
    expect((await at("delete", "cli-trash-later")).code).toBe(0);
    const back = await at("restore", "cli-trash-later");
    expect(back.stdout).toContain("restored cli-trash-later: scheduled again");
    expect((await adminPost("cli-trash-later"))?.status).toBe("scheduled");
  });

  it("deletes for good only a post in the trash; a missing slug fails with the blog's reason", async () => {
    await publish("cli-trash-gone", "CLI trash gone");
    const early = await at("delete", "--permanently", "cli-trash-gone");
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("cli-trash-gone: The post “cli-trash-gone” is not in the trash");
    expect(await status("cli-trash-gone")).toBe(200);

    expect((await at("delete", "cli-trash-gone")).code).toBe(0);
    const gone = await at("delete", "--permanently", "cli-trash-gone");
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stdout).toBe("deleted cli-trash-gone for good, with its 0 comments\n");
    expect(await adminPost("cli-trash-gone")).toBeUndefined();

    const missing = await at("restore", "cli-trash-gone");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No post with the slug");
    expect(missing.stderr).not.toMatch(/^\s+at /m);
  });

  it("keeps `restore <id>` for comments, and refuses ids and slugs mixed", async () => {
    const comments = await at("restore", "999999");
    expect(comments.stderr).toContain("no such comment: #999999");
    const mixed = await at("restore", "12", "some-post");
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain("not both");
    const help = await cli(["help", "delete"]);
    expect(help.stdout).toContain("--permanently");
    expect((await cli(["help"])).stdout).toMatch(/delete \[--permanently\] <slug>…/);
  });
});
