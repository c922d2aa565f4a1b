/**
 * Comment pages (issue 11): WordPress's /<slug>/comment-page-N/ with whole
 * threads per page, what a view reads from KV, what a moderation writes, the
 * page every link lands on, and a form token that stays fresh enough when a
 * browser revalidates.
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import type { Env } from "../src/config";
import { publishPost } from "../src/posts/store";
import { forgetAll } from "../src/posts/kv-memo";
import { moderate, editComment } from "../src/comments/moderate";
import { rebuildCommentSnapshots } from "../src/comments/snapshot";
import { BASE, formToken, get } from "./helpers";

const SLUG = "long-conversation";
const app = buildBlog();
const HOUR = 3_600_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
/** Thread heads, oldest first: 120 of them, 50 a page: pages of 50, 50 and 20. */
const heads: number[] = [];
let lateReply = 0;

async function insertApproved(parent: number | null, created: number, body: string): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO comments (post_slug, parent_id, author_name, body, status, spam_score, spam_reasons, decided_by, decided_at, created_at)
     VALUES (?1, ?2, 'Reader', ?3, 'approved', 0, '[]', 'author', ?4, ?4) RETURNING id`,
  )
    .bind(SLUG, parent, body, created)
    .first<{ id: number }>();
  return row!.id;
}

/** A KV that records what is read and written through it. */
function recordingKv(kv: KVNamespace) {
  // roundTrips: reads begun while no other was out (reads side by side wait once).
  const log = { gets: [] as string[], roundTrips: 0, bytes: 0, puts: [] as string[], deletes: [] as string[] };
  let out = 0;
  const proxy = new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return async (key: string | string[], ...rest: unknown[]) => {
          if (out++ === 0) log.roundTrips++;
          try {
            if (Array.isArray(key)) {
              // A bulk read: one round trip for several keys.
              log.gets.push(...key);
              const raw = await target.get(key, "text");
              for (const text of raw.values()) log.bytes += text?.length ?? 0;
              return await (target.get as (...a: unknown[]) => Promise<unknown>)(key, ...rest);
            }
            log.gets.push(key);
            const raw = await target.get(key, "text");
            log.bytes += raw?.length ?? 0;
            return await (target.get as (...a: unknown[]) => Promise<unknown>)(key, ...rest);
          } finally {
            out--;
          }
        };
      }
      if (prop === "put") return (key: string, ...rest: unknown[]) => (log.puts.push(key), (target.put as (...a: unknown[]) => unknown)(key, ...rest));
      if (prop === "delete") return (key: string) => (log.deletes.push(key), target.delete(key));
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { kv: proxy as KVNamespace, log };
}

const view = (path: string, testEnv: Env = env, headers: Record<string, string> = {}) => app.fetch(new Request(BASE + path, { headers, redirect: "manual" }), testEnv, createExecutionContext());
const idsOn = (html: string) => [...html.matchAll(/<li id="comment-(\d+)"/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  await publishPost(env, { slug: SLUG, title: "A long conversation", lang: "en", html: "<p>Talk.</p>", tags: [], status: "published", publishedAt: T0 });
  for (let i = 0; i < 120; i++) heads.push(await insertApproved(null, T0 + i * HOUR, `thread ${i}`));
  // Replies stay with their thread, however late they come: thread 49 (page 1) gets one a year later.
  lateReply = await insertApproved(heads[49]!, T0 + 9000 * HOUR, "a late reply to thread 49");
  await insertApproved(lateReply, T0 + 9001 * HOUR, "and a reply to that");
  await rebuildCommentSnapshots(env, [SLUG]);
});

describe("comment pages", () => {
  it("shows 50 threads a page, oldest first, each with its replies, with prev/next links", async () => {
    const first = await (await view(`/${SLUG}`)).text();
    const onFirst = idsOn(first);
    expect(onFirst.filter((id) => heads.includes(id))).toEqual(heads.slice(0, 50));
    expect(onFirst).toContain(lateReply);
    expect(first).toContain(`<link rel="next" href="${env.BASE_URL}/${SLUG}/comment-page-2/"/>`);
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain("120 comments".replace("120", "122"));

    const second = await (await view(`/${SLUG}/comment-page-2/`)).text();
    expect(idsOn(second)).toEqual(heads.slice(50, 100));
    expect(second).toContain(`<link rel="canonical" href="${env.BASE_URL}/${SLUG}/comment-page-2/"/>`);
    expect(second).toContain(`<link rel="prev" href="${env.BASE_URL}/${SLUG}"/>`);
    expect(second).toContain(`<link rel="next" href="${env.BASE_URL}/${SLUG}/comment-page-3/"/>`);
    // Reply links stay on the page they are on.
    expect(second).toContain(`href="/${SLUG}/comment-page-2/?replytocom=${heads[60]}#respond"`);

    const third = await (await view(`/${SLUG}/comment-page-3/`)).text();
    expect(idsOn(third)).toEqual(heads.slice(100));
    expect(third).not.toContain('rel="next"');
  });

  it("answers other spellings with one address, and a page that does not exist with 404", async () => {
    const one = await view(`/${SLUG}/comment-page-1/`);
    expect([one.status, one.headers.get("location")]).toEqual([301, `/${SLUG}`]);
    const bare = await view(`/${SLUG}/comment-page-2`);
    expect([bare.status, bare.headers.get("location")]).toEqual([301, `/${SLUG}/comment-page-2/`]);
    for (const path of [`/${SLUG}/comment-page-4/`, `/${SLUG}/comment-page-0/`, `/${SLUG}/comment-page-02/`, `/no-such-post/comment-page-2/`]) {
      expect((await view(path)).status, path).toBe(404);
    }
  });

  it("reads the post, its neighbours, the summary and one chunk: the same whatever the size of the conversation", async () => {
    for (const path of [`/${SLUG}`, `/${SLUG}/comment-page-2/`, `/${SLUG}/comment-page-3/`]) {
      forgetAll();
      const { kv, log } = recordingKv(env.POSTS);
      expect((await view(path, { ...env, POSTS: kv } as Env)).status).toBe(200);
      // The chunk's threads as rendered (text), not its data: a view joins them as they are.
      expect(log.gets.sort(), path).toEqual([`comments:${SLUG}:html:${path.endsWith("3/") ? 2 : path.endsWith("2/") ? 1 : 0}`, `comments:${SLUG}:summary`, `nav:${SLUG}`, `post:${SLUG}`]);
      // In one round trip: a first view waits for KV once.
      expect(log.roundTrips, path).toBe(1);
      expect(log.bytes).toBeLessThan(60_000);
    }
    // A reply asked for needs the comments themselves (to name the one replied to): the chunk's data.
    forgetAll();
    const { kv, log } = recordingKv(env.POSTS);
    const html = await (await view(`/${SLUG}/comment-page-2/?replytocom=${heads[75]}`, { ...env, POSTS: kv } as Env)).text();
    expect(html).toContain("Leave a reply to");
    expect(log.gets.filter((k) => /:(chunk|html):/.test(k))).toEqual([`comments:${SLUG}:chunk:1`]);
  });

  it("with COMMENTS_ORDER=newest, page 1 holds the newest threads first (two chunks at most)", async () => {
    const newestEnv = { ...env, COMMENTS_ORDER: "newest" } as Env;
    // Set after the chunks were rendered (for oldest first): the pages render from the chunks' data meanwhile.
    forgetAll();
    const before = await (await view(`/${SLUG}`, newestEnv)).text();
    expect(idsOn(before)).toEqual(heads.slice(70).reverse());
    expect(before).toContain(`href="/${SLUG}?replytocom=${heads[119]}#respond"`);
    // Rebuilt for newest first, each chunk's markup serves whichever page it falls on.
    await rebuildCommentSnapshots(newestEnv, [SLUG]);
    try {
      forgetAll();
      const { kv, log } = recordingKv(env.POSTS);
      const newest = { ...newestEnv, POSTS: kv } as Env;
      const first = await (await view(`/${SLUG}`, newest)).text();
      expect(idsOn(first)).toEqual(heads.slice(70).reverse());
      expect(log.gets.filter((k) => /:(chunk|html):/.test(k)).sort()).toEqual([`comments:${SLUG}:html:1`, `comments:${SLUG}:html:2`]);
      expect(first).toContain(`href="/${SLUG}?replytocom=${heads[119]}#respond"`);
      const third = await (await view(`/${SLUG}/comment-page-3/`, newest)).text();
      expect(idsOn(third).filter((id) => heads.includes(id))).toEqual(heads.slice(0, 20).reverse());
      expect(third).toContain(`href="/${SLUG}/comment-page-3/?replytocom=${heads[0]}#respond"`);
    } finally {
      await rebuildCommentSnapshots(env, [SLUG]);
      forgetAll();
    }
  });

  it("sends every link to a comment to the page that holds it", async () => {
    // The permalink the digest and the desk use.
    const link = await view(`/${SLUG}/comments/${heads[75]}`);
    expect([link.status, link.headers.get("location")]).toEqual([302, `/${SLUG}/comment-page-2/#comment-${heads[75]}`]);
    const reply = await view(`/${SLUG}/comments/${lateReply}`);
    expect(reply.headers.get("location")).toBe(`/${SLUG}/comment-page-1/#comment-${lateReply}`.replace("/comment-page-1/", ""));
    expect((await view(`/${SLUG}/comments/999999`)).status).toBe(404);
    // "Reply" to a comment of page 2 asked for on the post page: to page 2, with the form ready.
    const moved = await view(`/${SLUG}?replytocom=${heads[75]}`);
    expect([moved.status, moved.headers.get("location")]).toEqual([302, `/${SLUG}/comment-page-2/?replytocom=${heads[75]}#respond`]);
    expect(await (await view(`/${SLUG}/comment-page-2/?replytocom=${heads[75]}`)).text()).toContain("Leave a reply to");
    // The comment feed links each entry to its page.
    const feed = await (await view(`/${SLUG}/comments.xml`)).text();
    expect(feed).toContain(`href="${env.BASE_URL}/${SLUG}/comment-page-3/#comment-${heads[119]}"`);
    expect(feed).toContain(`href="${env.BASE_URL}/${SLUG}#comment-${lateReply}"`);
    // The JSON API pages the same way.
    const api = (await (await view(`/api/posts/${SLUG}/comments?page=2`)).json()) as { page: number; pages: number; total: number; comments: { id: number; url: string }[] };
    expect([api.page, api.pages, api.total]).toEqual([2, 3, 122]);
    expect(api.comments.map((c) => c.id)).toEqual(heads.slice(50, 100));
    expect(api.comments[0]!.url).toBe(`${env.BASE_URL}/${SLUG}/comment-page-2/#comment-${heads[50]}`);
  });

  it("after posting, the reader lands on the page where the comment will appear, and sees it there", async () => {
    const post = (fields: Record<string, string>, cookie = "") =>
      exports.default.fetch(
        new Request(`${BASE}/${SLUG}/comments`, {
          method: "POST",
          redirect: "manual",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": `203.0.113.${Math.floor(Math.random() * 250)}`, Cookie: cookie },
          body: new URLSearchParams({ author: "Pat", email: "pat@example.com", ...fields }).toString(),
        }),
      );
    const reply = await post({ comment: "a reply on page two", comment_parent: String(heads[60]), token: await formToken(SLUG) });
    expect(reply.status).toBe(303);
    const location = reply.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^/${SLUG}/comment-page-2/#comment-\\d+$`));
    const cookie = reply.headers.getAll("Set-Cookie").map((c) => c.split(";")[0]).join("; ");
    const id = Number(location.split("-").pop());
    const page2 = await (await get(`/${SLUG}/comment-page-2/`, { headers: { Cookie: cookie } })).text();
    expect(page2).toMatch(new RegExp(`<li id="comment-${id}" class="comment depth-2 pending"`));
    expect(await (await get(`/${SLUG}`, { headers: { Cookie: cookie } })).text()).not.toContain(`comment-${id}"`);

    // A new thread goes on the last page (oldest first): it is shown there to its writer.
    const fresh = await post({ comment: "a new thread", token: await formToken(SLUG) }, cookie);
    expect(fresh.headers.get("location")).toMatch(new RegExp(`^/${SLUG}/comment-page-3/#comment-\\d+$`));
    const newId = Number(fresh.headers.get("location")!.split("-").pop());
    const cookie2 = fresh.headers.getAll("Set-Cookie").map((c) => c.split(";")[0]).join("; ");
    expect(await (await get(`/${SLUG}/comment-page-3/`, { headers: { Cookie: cookie2 } })).text()).toContain(`<li id="comment-${newId}"`);
  });

  it("a moderation rewrites only the keys that change", async () => {
    const pending = async (parent: number | null, body: string) => {
      const row = await env.DB.prepare("INSERT INTO comments (post_slug, parent_id, author_name, body, status, created_at) VALUES (?1, ?2, 'Late', ?3, 'pending', ?4) RETURNING id")
        .bind(SLUG, parent, body, Date.now())
        .first<{ id: number }>();
      return row!.id;
    };
    const approve = async (id: number) => {
      const { kv, log } = recordingKv(env.POSTS);
      await moderate({ ...env, POSTS: kv }, [id], "approve", "author");
      return log.puts.filter((k) => k.startsWith("comments:")).sort();
    };
    // A reply in a thread of page 2: that chunk, the summary (the count) and the feed (it is the newest).
    expect(await approve(await pending(heads[70]!, "approved reply on page 2"))).toEqual([`comments:${SLUG}:chunk:1`, `comments:${SLUG}:feed`, `comments:${SLUG}:html:1`, `comments:${SLUG}:summary`]);
    // A new thread: only the newest chunk, with the summary and the feed.
    expect(await approve(await pending(null, "approved new thread"))).toEqual([`comments:${SLUG}:chunk:2`, `comments:${SLUG}:feed`, `comments:${SLUG}:html:2`, `comments:${SLUG}:summary`]);
    // An edit of an old comment's text: only its chunk.
    const { kv, log } = recordingKv(env.POSTS);
    await editComment({ ...env, POSTS: kv }, heads[10]!, "thread 10, corrected");
    expect(log.puts.filter((k) => k.startsWith("comments:")).sort()).toEqual([`comments:${SLUG}:chunk:0`, `comments:${SLUG}:html:0`]);
    forgetAll();
    expect(await (await view(`/${SLUG}`)).text()).toContain("thread 10, corrected");
  });
});

describe("a form token fresh enough after revalidation", () => {
  it("keeps a copy revalidated within the hour (304) and sends a fresh token after it (200)", async () => {
    const first = await view(`/${SLUG}`);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{40}-[0-9a-z]+"$/);
    expect((await view(`/${SLUG}`, env, { "If-None-Match": etag })).status).toBe(304);
    // The same page whose copy holds a token from an earlier hour: sent again, with a new token.
    const bucket = parseInt(etag.slice(42, -1), 36);
    const older = `${etag.slice(0, 42)}${(bucket - 1).toString(36)}"`;
    const again = await view(`/${SLUG}`, env, { "If-None-Match": older });
    expect(again.status).toBe(200);
    const token = /name="token" value="([^"]+)"/.exec(await again.text())![1]!;
    expect(Date.now() - parseInt(token.split(".")[0]!, 36)).toBeLessThan(60_000);
    // The same rule for a reader's own page (with their saved-details cookie).
    const mine = await view(`/${SLUG}`, env, { Cookie: "ep_commenter=x" });
    const mineTag = mine.headers.get("etag")!;
    expect((await view(`/${SLUG}`, env, { Cookie: "ep_commenter=x", "If-None-Match": mineTag })).status).toBe(304);
    expect((await view(`/${SLUG}`, env, { Cookie: "ep_commenter=x", "If-None-Match": `${mineTag.slice(0, 42)}0"` })).status).toBe(200);
  });
});
