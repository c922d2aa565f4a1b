/**
 * The author's CLI, the parts that need no blog: front matter, the token's
 * source, and the progress bar on a terminal and in a log.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS modules of the CLI
import { parsePostFile, FrontMatterError } from "../../scripts/cli/front-matter.js";
// @ts-expect-error: plain JS modules of the CLI
import { progressBar } from "../../scripts/cli/progress.js";
// @ts-expect-error: plain JS modules of the CLI
import { resolveToken, readDevVars } from "../../scripts/cli/token.js";
// @ts-expect-error: plain JS modules of the CLI
import { findCommand } from "../../scripts/cli/args.js";
// @ts-expect-error: plain JS test helpers
import { tempDir, writeText } from "../fixtures/cli/helpers.js";

type Parsed = { slug: string; post: Record<string, unknown>; warnings: string[] };
const parse = parsePostFile as (source: string, file: string) => Parsed;

function errorOf(source: string): { line: number; message: string } {
  try {
    parse(source, "post.md");
  } catch (e) {
    expect(e).toBeInstanceOf(FrontMatterError);
    return e as { line: number; message: string };
  }
  throw new Error("expected a FrontMatterError");
}

describe("front matter", () => {
  it("reads every field, with the slug from the file name by default", () => {
    const { slug, post, warnings } = parse(
      ["---", 'title: "שלום: עולם"', "date: 2026-11-26T09:00:00Z", "tags: [a, \"b, c\", 'd']", "lang: he", "draft: false", "commentsOpen: no", "excerpt: 'It''s short'", "---", "", "# Body", "text"].join("\n"),
      "/some/where/שלום-עולם.md",
    );
    expect(slug).toBe("שלום-עולם");
    expect(post).toEqual({ title: "שלום: עולם", markdown: "# Body\ntext", date: "2026-11-26T09:00:00.000Z", tags: ["a", "b, c", "d"], lang: "he", draft: false, commentsOpen: false, excerpt: "It's short" });
    expect(warnings).toEqual([]);
  });

  it("takes tags as '- ' lines or a comma string, and an explicit slug", () => {
    expect(parse("---\ntitle: T\nslug: my-post\ntags:\n  - one\n  - \"two words\"\n---\nx", "x.md")).toMatchObject({ slug: "my-post", post: { tags: ["one", "two words"] } });
    expect(parse("---\ntitle: T\ntags: one, two\n---\nx", "x.md").post.tags).toEqual(["one", "two"]);
  });

  it("warns about fields the blog does not use instead of failing", () => {
    const { warnings, post } = parse("---\ntitle: T\nlayout: post\ncategories:\n  - a\n---\nx", "x.md");
    expect(warnings).toEqual([expect.stringMatching(/^line 3: the field “layout” is not used/), expect.stringMatching(/^line 4: the field “categories”/)]);
    expect(post).toEqual({ title: "T", markdown: "x" });
  });

  it("names the line of each mistake", () => {
    expect(errorOf("---\ntitle: T\ndraft: maybe\n---\n")).toMatchObject({ line: 3, message: expect.stringContaining("draft must be true or false") });
    expect(errorOf("---\ntitle: T\n\ndate: soon\n---\n")).toMatchObject({ line: 4, message: expect.stringContaining("not a date") });
    expect(errorOf("---\ntitle: T\nthis is not a field\n---\n")).toMatchObject({ line: 3, message: expect.stringContaining("expected `field: value`") });
    expect(errorOf("---\ntitle: T\ntitle: again\n---\n")).toMatchObject({ line: 3, message: expect.stringContaining("given twice (first on line 2)") });
    expect(errorOf("---\ntitle: \"unclosed\n---\n")).toMatchObject({ line: 2, message: expect.stringContaining("never closed") });
    expect(errorOf("---\ntitle: T\nexcerpt: >\n  folded\n---\n")).toMatchObject({ line: 3, message: expect.stringContaining("multi-line values") });
    expect(errorOf("---\n- stray\n---\n")).toMatchObject({ line: 2, message: expect.stringContaining("outside a list") });
    expect(errorOf("---\ntitle: T\n\nno end")).toMatchObject({ line: 1, message: expect.stringContaining("never closed") });
    expect(errorOf("# Just Markdown\n")).toMatchObject({ line: 1, message: expect.stringContaining("no front matter") });
    expect(errorOf("---\nlang: he\n---\nx")).toMatchObject({ line: 1, message: expect.stringContaining("needs a title") });
  });
});

describe("the admin token", () => {
  it("comes from ADMIN_TOKEN, else from .dev.vars for a local blog only", () => {
    const tmp = tempDir();
    try {
      const devVars = tmp.path(".dev.vars");
      writeText(devVars, '# local secrets\nAPP_SECRET=x\nADMIN_TOKEN="from-the-file"\n');
      expect(resolveToken("http://127.0.0.1:8787", { ADMIN_TOKEN: "from-env" }, devVars)).toMatchObject({ token: "from-env", fromEnv: true, source: "the ADMIN_TOKEN environment variable" });
      expect(resolveToken("http://localhost:8787", {}, devVars)).toMatchObject({ token: "from-the-file", fromEnv: false, source: expect.stringContaining(devVars) });
      expect(() => resolveToken("https://blog.example.com", {}, devVars)).toThrow(/set ADMIN_TOKEN in the environment/);
      expect(() => resolveToken("http://127.0.0.1:8787", {}, tmp.path("missing"))).toThrow(/Run npm start once/);
      expect(readDevVars("A=1\n  # B=2\nexport C='3'\n")).toEqual({ A: "1", C: "3" });
    } finally {
      tmp.remove();
    }
  });
});

describe("the command line", () => {
  it("finds the command before or after --url", () => {
    expect(findCommand(["--url", "http://x", "comments", "--status", "spam"])).toEqual({ name: "comments", rest: ["--url", "http://x", "--status", "spam"] });
    expect(findCommand(["publish", "a.md"])).toEqual({ name: "publish", rest: ["a.md"] });
    expect(findCommand(["--help"])).toEqual({ name: null, rest: ["--help"] });
  });
});

describe("the progress bar", () => {
  const stream = (isTTY: boolean) => {
    const writes: string[] = [];
    return { isTTY, columns: 60, writes, write: (s: string) => writes.push(s) };
  };

  it("redraws one line in place on a terminal, and ends it", () => {
    const tty = stream(true);
    const bar = progressBar("comments", { total: 400, stream: tty });
    bar.update(200, "200 created");
    bar.update(400, "200 created");
    bar.finish();
    expect(tty.writes).toHaveLength(3);
    expect(tty.writes[0]).toMatch(/^\rcomments  \[█{12}░{12}\] 200\/400  200 created\x1b\[K$/);
    expect(tty.writes[1]).toMatch(/^\rcomments  \[█{24}\] 400\/400/);
    expect(tty.writes[2]).toBe("\n");
    for (const w of tty.writes.slice(0, 2)) expect(w.replace("\x1b[K", "").length - 1).toBeLessThan(60);
  });

  it("writes a plain line per batch when the output is not a terminal", () => {
    const log = stream(false);
    const bar = progressBar("posts", { total: 30, stream: log });
    bar.update(25, "25 created");
    bar.update(30, "5 created");
    bar.finish();
    expect(log.writes).toEqual(["posts: 25/30  25 created\n", "posts: 30/30  5 created\n"]);
  });

  it("counts without a bar when the total is not known", () => {
    const tty = stream(true);
    const bar = progressBar("posts", { stream: tty });
    bar.update(50);
    expect(tty.writes[0]).toBe("\rposts     50\x1b[K");
  });
});
