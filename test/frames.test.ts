/**
 * Pages joined from templates with slots (views/frame.ts, issue 11): the
 * post page around its comments, rendered when the post's key is written
 * and stored in it, and the comments section, rendered once per isolate. An
 * anonymous view joins them, and gives exactly the page it renders without
 * them (English and Hebrew, a post without comments, every comment page of
 * a long conversation, oldest and newest first); a frame made for other
 * settings or templates is not used; the post frame's version changes
 * whenever its markup does.
 */
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import { loadConfig, type Config, type Env } from "../src/config";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { publishPost, postKey } from "../src/posts/store";
import type { StoredPost } from "../src/posts/model";
import { POST_FRAME_SETTINGS, POST_FRAME_VERSION, postFrameKey, renderPostFrame } from "../src/posts/pages";
import { rebuildCommentSnapshots } from "../src/comments/snapshot";
import { forgetAll } from "../src/posts/kv-memo";
import { sha256Hex } from "../src/crypto";
import type { Frame } from "../src/views/frame";
import { BASE } from "./helpers";

const app = buildBlog();
const LONG = "frames-long-talk";
const QUIET = "frames-no-comments-yet";
const T0 = Date.parse("2026-02-01T00:00:00Z");
const HOUR = 3_600_000;

/**
 * What each version of the post page's frame gives for two posts (Hebrew with a cover, English without) under fixed
 * settings, on an English and a Hebrew blog. A new version is a new line; a line is never edited (stored frames carry it).
 */
const POST_MARKUP_OF_VERSION: Record<number, string> = {
  1: "b86412ffb3d6df4384871660a7c89e949b1829446024093aaad47ba5431c67be",
  // The stylesheet and icon links moved into the head links' slot (filled per view); three frames hashed since (a Hebrew blog's too).
  2: "2e9fbd9d94c02a21b94881d1e3f0870b767b6d9102119b66af0db28c68f9b10c",
};

const view = async (path: string, testEnv: Env = env) => {
  forgetAll();
  const res = await app.fetch(new Request(BASE + path), testEnv, createExecutionContext());
  expect(res.status, path).toBe(200);
  return res.text();
};
/** The page without its form token (a new one each view). */
const untokened = (html: string) => html.replace(/name="token" value="[^"]*"/, 'name="token" value=""');

/** Runs `during` with a post's frame taken out of its key (and a new version, so no page is served from memory): the page is rendered. */
async function withoutFrame<T>(slug: string, during: () => Promise<T>): Promise<T> {
  const post = (await env.POSTS.get(postKey(slug), "text"))!;
  const { frame, ...bare } = JSON.parse(post) as StoredPost;
  expect(frame, slug).toBeDefined();
  await env.POSTS.put(postKey(slug), JSON.stringify({ ...bare, version: `${bare.version}-bare` }));
  try {
    return await during();
  } finally {
    await env.POSTS.put(postKey(slug), post);
  }
}

async function insertApproved(slug: string, parent: number | null, created: number, body: string): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO comments (post_slug, parent_id, author_name, author_url, body, status, spam_score, spam_reasons, decided_by, decided_at, created_at)
     VALUES (?1, ?2, 'Reader & <friend>', 'https://example.com/?a=1&b="2"', ?3, 'approved', 0, '[]', 'author', ?4, ?4) RETURNING id`,
  )
    .bind(slug, parent, body, created)
    .first<{ id: number }>();
  return row!.id;
}

beforeAll(async () => {
  await seedDemo(env);
  await publishPost(env, { slug: LONG, title: `Talk "long" & <loud>`, lang: "en", html: "<p>Talk.</p>", tags: ["a & b"], status: "published", publishedAt: T0 });
  await publishPost(env, { slug: QUIET, title: "שקט", lang: "he", html: "<p>עדיין אין תגובות.</p>", tags: [], status: "published", publishedAt: T0 + HOUR });
  // 110 threads, 50 a page: pages of 50, 50 and 10; every fifth with a reply.
  for (let i = 0; i < 110; i++) {
    const head = await insertApproved(LONG, null, T0 + i * HOUR, `thread ${i} <b>not bold</b> https://example.org/${i}`);
    if (i % 5 === 0) await insertApproved(LONG, head, T0 + i * HOUR + 60_000, `שלום ${i} and hello`);
  }
  await rebuildCommentSnapshots(env, [LONG]);
});

describe("pages joined from frames", () => {
  it("keep the post's in its key, made for the blog's settings", async () => {
    const config = loadConfig(env);
    for (const slug of [HEBREW_DEMO_SLUG, LONG, QUIET]) {
      const post = (await env.POSTS.get<StoredPost>(postKey(slug), "json"))!;
      expect(post.frame?.for, slug).toBe(await postFrameKey(config));
      expect(post.frame!.slots).toEqual(expect.arrayContaining(["path", "links", "count", "body", "nav", "comments"]));
      // The body is kept once, in the post: the frame has a slot for it.
      expect(post.frame!.parts.join("")).not.toContain(post.html);
      expect(post.frame!.parts.join("")).toContain(`<h1 dir="auto">`);
    }
  });

  it("give exactly the page the view renders without them", async () => {
    const pages: [string, string][] = [
      [HEBREW_DEMO_SLUG, `/${encodeURIComponent(HEBREW_DEMO_SLUG)}`],
      [QUIET, `/${encodeURIComponent(QUIET)}`],
      [LONG, `/${LONG}`],
      [LONG, `/${LONG}/comment-page-2/`],
      [LONG, `/${LONG}/comment-page-3/`],
    ];
    for (const [slug, path] of pages) {
      const framed = await view(path);
      const rendered = await withoutFrame(slug, () => view(path));
      expect(untokened(framed), path).toBe(untokened(rendered));
      expect(framed).toMatch(/name="token" value="[^"]{20,}"/);
    }
    // What the test compares: the Hebrew post's page has its comments, the long one its pager, the quiet one neither.
    const he = await view(`/${encodeURIComponent(HEBREW_DEMO_SLUG)}`);
    expect(he).toContain('<ol class="comment-list">');
    expect(await view(`/${LONG}/comment-page-2/`)).toContain('<nav class="comment-pager"');
  });

  it("are what the view shows (not rendered again)", async () => {
    const post = (await env.POSTS.get(postKey(LONG), "text"))!;
    const marked = JSON.parse(post) as StoredPost & { frame: Frame };
    marked.frame.parts[marked.frame.parts.length - 1] = marked.frame.parts.at(-1)!.replace("</body>", "<!-- from the post's frame --></body>");
    try {
      await env.POSTS.put(postKey(LONG), JSON.stringify({ ...marked, version: "marked" }));
      expect(await view(`/${LONG}`)).toContain("<!-- from the post's frame --></body>");
    } finally {
      await env.POSTS.put(postKey(LONG), post);
    }
  });

  it("are not used when made for other settings or other templates", async () => {
    const path = `/${encodeURIComponent(HEBREW_DEMO_SLUG)}`;
    const expected = untokened(await withoutFrame(HEBREW_DEMO_SLUG, () => view(path)));
    const post = (await env.POSTS.get(postKey(HEBREW_DEMO_SLUG), "text"))!;
    const p = JSON.parse(post) as StoredPost & { frame: Frame };
    try {
      for (const forKey of [`${POST_FRAME_VERSION - 1}|${p.frame.for.split("|")[1]}`, `${POST_FRAME_VERSION}|0123456789abcdef`]) {
        const stale = { ...p.frame, for: forKey, parts: p.frame.parts.map((part, i) => (i === 0 ? `<!-- stale -->${part}` : part)) };
        await env.POSTS.put(postKey(HEBREW_DEMO_SLUG), JSON.stringify({ ...p, frame: stale, version: `stale-${forKey}` }));
        const html = await view(path);
        expect(html, forKey).not.toContain("<!-- stale -->");
        expect(untokened(html)).toBe(expected);
      }
      // Another setting (the author's name) is another frame.
      const renamed = { ...env, AUTHOR_NAME: "Someone Else" } as Env;
      await env.POSTS.put(postKey(HEBREW_DEMO_SLUG), JSON.stringify({ ...p, version: "renamed" }));
      expect(await postFrameKey(loadConfig(renamed))).not.toBe(p.frame.for);
      expect(await view(path, renamed)).toContain("<bdi>Someone Else</bdi>");
    } finally {
      await env.POSTS.put(postKey(HEBREW_DEMO_SLUG), post);
    }
  });

  it("newest first too, once the post and its comments were written with that setting", async () => {
    const newest = { ...env, COMMENTS_ORDER: "newest" } as Env;
    const record = (await env.POSTS.get<StoredPost>(postKey(LONG), "json"))!;
    try {
      await publishPost(newest, { slug: LONG, title: record.title, lang: "en", html: "<p>Talk.</p>", tags: record.tags, status: "published", publishedAt: T0 });
      await rebuildCommentSnapshots(newest, [LONG]);
      expect((await env.POSTS.get<StoredPost>(postKey(LONG), "json"))!.frame?.for).toBe(await postFrameKey(loadConfig(newest)));
      for (const path of [`/${LONG}`, `/${LONG}/comment-page-2/`, `/${LONG}/comment-page-3/`]) {
        const framed = await view(path, newest);
        const rendered = await withoutFrame(LONG, () => view(path, newest));
        expect(untokened(framed), path).toBe(untokened(rendered));
        // Threads that move between pages carry the page they are on now.
        expect(framed).not.toContain("\u0001");
      }
    } finally {
      await publishPost(env, { slug: LONG, title: record.title, lang: "en", html: "<p>Talk.</p>", tags: record.tags, status: "published", publishedAt: T0 });
      await rebuildCommentSnapshots(env, [LONG]);
    }
  });
});

describe("the post frame's templates", () => {
  const config = () => ({
    ...loadConfig(env),
    BLOG_TITLE: "A blog",
    BLOG_DESCRIPTION: "About things",
    BASE_URL: "https://blog.example",
    BLOG_LANG: "en",
    AUTHOR_NAME: "Noa",
    AUTHOR_BIO: "Writes.",
    TIME_ZONE: "Asia/Jerusalem",
    SITE_ICON: "",
  });
  const post: StoredPost = {
    slug: "שלום-עולם",
    title: "שלום & <עולם>",
    lang: "he",
    dir: "rtl",
    html: "<p>גוף</p>",
    excerpt: "תקציר",
    tags: ["א", "b"],
    status: "published",
    published: Date.UTC(2026, 9, 20, 22, 30),
    updated: Date.UTC(2026, 9, 25),
    commentsOpen: true,
    readingMinutes: 2,
    cover: { src: "/media/0123456789abcdef0123456789abcdef.png", width: 800, height: 600, alt: "תמונה" },
  };

  it("change version whenever their markup changes (bump POST_FRAME_VERSION)", async () => {
    // Every message the frame shows, in both languages (the post's, and the blog's in its header): a change to any is a change of markup.
    const english: StoredPost = { ...post, slug: "hello", title: "Hello <world>", lang: "en", dir: "ltr", tags: ["x", "y & z"], cover: undefined };
    const hebrewBlog = { ...config(), BLOG_LANG: "he", BLOG_TITLE: "בלוג" };
    const frames = [await renderPostFrame(config(), post), await renderPostFrame(config(), english), await renderPostFrame(hebrewBlog, english)];
    const digest = await sha256Hex(JSON.stringify(frames.map((frame) => [frame.parts, frame.slots])));
    expect(digest, `POST_FRAME_VERSION ${POST_FRAME_VERSION}`).toBe(POST_MARKUP_OF_VERSION[POST_FRAME_VERSION]);
  });

  it("show no setting but those their key is made of (POST_FRAME_SETTINGS)", async () => {
    const base = config();
    const shown = new Set<string>(POST_FRAME_SETTINGS);
    const parts = async (c: Config) => JSON.stringify((await renderPostFrame(c, post)).parts);
    const expected = await parts(base);
    const changed = (value: unknown): unknown =>
      typeof value === "string" ? `${value}-changed` : typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : Array.isArray(value) ? [...value, typeof value[0] === "number" ? 999 : "changed"] : "changed";
    const others = Object.keys(base).filter((name) => !shown.has(name));
    expect(others.length).toBeGreaterThan(20);
    for (const name of others) {
      expect(await parts({ ...base, [name]: changed(base[name as keyof Config]) } as Config), name).toBe(expected);
    }
    // And each one named does show.
    for (const name of POST_FRAME_SETTINGS) {
      const other = name === "BLOG_LANG" ? "he" : name === "TIME_ZONE" ? "America/New_York" : name === "BASE_URL" ? "https://other.example" : changed(base[name]);
      expect(await parts({ ...base, [name]: other } as Config), name).not.toBe(expected);
    }
  });
});
