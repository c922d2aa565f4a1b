/**
 * What is rendered when a key is written rather than in each new isolate
 * (issue 11): list entries (views/parts.tsx renderPostEntry) and a post's
 * dates. A page shows exactly what it would have rendered itself, what was
 * made for another time zone is not used, the entries' markup version
 * changes whenever the markup does, and a blog made before gets them from
 * the cron (migration 0011). Comment threads: comment-html.test.ts.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { BLOG_LIST, headKey, listName, tagKey } from "../src/posts/lists";
import type { ListHead, PostSummary } from "../src/posts/model";
import { formatDate } from "../src/views/i18n";
import { DATE_TEXT_VERSION, POST_ENTRY_VERSION, dateTextKey, postEntryKey, renderPostEntry } from "../src/views/parts";
import { postKey } from "../src/posts/store";
import type { StoredPost } from "../src/posts/model";
import { forgetAll } from "../src/posts/kv-memo";
import { sha256Hex } from "../src/crypto";
import { BASE } from "./helpers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { runScheduled } from "../src/scheduled";
import { applyMigrations } from "../src/schema";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { chunkHtmlKey, chunkKey } from "../src/comments/pages";

/** The markup each version of PostEntry gives for one entry (Hebrew title, tags, excerpt, comments). */
const MARKUP_OF_VERSION: Record<number, string> = {
  1: "53051b0233b3289e3aa470f75aae549831bbad35a4711458f33136d2b1125421",
};

/** What each version of formatDate shows for 20 October 2026, 22:30 UTC (the 21st in Jerusalem), in four languages. */
const DATES_OF_VERSION: Record<number, string[]> = {
  1: ["October 21, 2026", "21 באוקטובר 2026", "21 أكتوبر 2026", "21. Oktober 2026"],
};

const entries = (html: string) => [...html.matchAll(/<article class="entry"[\s\S]*?<\/article>/g)].map((m) => m[0]);
const view = async (path: string) => {
  forgetAll();
  const res = await exports.default.fetch(new Request(BASE + path));
  expect(res.status, path).toBe(200);
  return res.text();
};

beforeAll(async () => {
  await seedDemo(env);
});

describe("list entries rendered ahead of time", () => {
  it("are stored with each post of a list, for the blog's time zone", async () => {
    const head = (await env.POSTS.get<ListHead>(headKey(await listName(BLOG_LIST)), "json"))!;
    expect(head.posts.length).toBeGreaterThan(1);
    for (const post of head.posts) {
      expect(post.entry?.for).toBe(postEntryKey(env.TIME_ZONE!));
      expect(post.entry?.html).toMatch(/^<article class="entry" lang="[^"]+" dir="(ltr|rtl)">/);
    }
  });

  it("give the index and a tag page exactly the entries they render themselves", async () => {
    const tag = (await env.POSTS.get<ListHead>(headKey(await listName(BLOG_LIST)), "json"))!.posts.find((p) => p.lang === "he")!.tags[0]!;
    for (const [list, path] of [
      [BLOG_LIST, "/"],
      [tagKey(tag), `/tag/${encodeURIComponent(tag)}`],
    ] as const) {
      const key = headKey(await listName(list));
      const head = (await env.POSTS.get<ListHead>(key, "json"))!;
      const ahead = await view(path);
      try {
        const without = (entry: (post: PostSummary) => PostSummary["entry"]) => ({ ...head, builtAt: head.builtAt + 1, posts: head.posts.map((post) => ({ ...post, entry: entry(post) })) });
        // Without the markup (a new version, so the page is not served from memory): rendered as viewed.
        await env.POSTS.put(key, JSON.stringify(without(() => undefined)));
        const live = await view(path);
        expect(entries(live), path).toEqual(entries(ahead));
        expect(entries(live).length, path).toBeGreaterThan(0);
        // Markup made for another time zone is not used.
        await env.POSTS.put(key, JSON.stringify({ ...without((post) => ({ for: postEntryKey("UTC"), html: `<p>stale ${post.slug}</p>` })), builtAt: head.builtAt + 2 }));
        const other = await view(path);
        expect(other, path).not.toContain("stale");
        expect(entries(other), path).toEqual(entries(ahead));
      } finally {
        await env.POSTS.put(key, JSON.stringify(head));
        forgetAll();
      }
    }
  });

  it("change version with their markup (bump POST_ENTRY_VERSION when this fails)", async () => {
    const post: PostSummary = {
      slug: "שקשוקה-של-שבת",
      title: "שקשוקה של שבת <3",
      lang: "he",
      dir: "rtl",
      excerpt: "עגבניות, ביצים & a little harissa",
      tags: ["מתכונים", "Breakfast"],
      published: Date.UTC(2026, 9, 20, 7, 12),
      updated: Date.UTC(2026, 9, 21, 8, 0),
      comments: 3,
    };
    // In both languages the demo has: their message tables (the comment count, "Tags") are markup too.
    const english = { ...post, slug: "saturday-shakshuka", title: "Saturday shakshuka <3", lang: "en", dir: "ltr" as const, tags: ["Breakfast"], comments: 1 };
    const hash = await sha256Hex(`${renderPostEntry(post, "Asia/Jerusalem")}\n${renderPostEntry(english, "Asia/Jerusalem")}`);
    expect({ version: POST_ENTRY_VERSION, hash }).toEqual({ version: POST_ENTRY_VERSION, hash: MARKUP_OF_VERSION[POST_ENTRY_VERSION] });
  });
});

describe("a post's dates formatted ahead of time", () => {
  it("change version with formatDate's output (bump DATE_TEXT_VERSION when this fails)", () => {
    const at = Date.UTC(2026, 9, 20, 22, 30);
    const shown = ["en", "he", "ar", "de"].map((lang) => formatDate(at, lang, "Asia/Jerusalem"));
    expect({ version: DATE_TEXT_VERSION, shown }).toEqual({ version: DATE_TEXT_VERSION, shown: DATES_OF_VERSION[DATE_TEXT_VERSION] });
  });

  it("are stored with the post for its language and the blog's time zone, and shown as the page would format them", async () => {
    const key = postKey(HEBREW_DEMO_SLUG);
    const post = (await env.POSTS.get<StoredPost>(key, "json"))!;
    expect(post.dates?.for).toBe(dateTextKey("he", env.TIME_ZONE!));
    const path = `/${encodeURIComponent(HEBREW_DEMO_SLUG)}`;
    const meta = (html: string) => /<p class="meta">[\s\S]*?<\/p>/.exec(html)![0];
    const ahead = meta(await view(path));
    expect(ahead).toContain(`>${post.dates!.published}</time>`);
    try {
      await env.POSTS.put(key, JSON.stringify({ ...post, dates: undefined, version: "live-1" }));
      expect(meta(await view(path))).toBe(ahead);
      await env.POSTS.put(key, JSON.stringify({ ...post, dates: { for: dateTextKey("he", "UTC"), published: "stale", updated: "stale" }, version: "live-2" }));
      expect(meta(await view(path))).toBe(ahead);
    } finally {
      await env.POSTS.put(key, JSON.stringify(post));
      forgetAll();
    }
  });
});

describe("a blog made before pages were rendered ahead (migration 0011)", () => {
  it("gets its threads' markup and its entries from the cron, and renders as before meanwhile", async () => {
    const listKey = headKey(await listName(BLOG_LIST));
    const head = (await env.POSTS.get<ListHead>(listKey, "json"))!;
    const before = await view(`/${encodeURIComponent(HEBREW_DEMO_SLUG)}`);
    const home = entries(await view("/"));
    // The keys as the previous version wrote them: no markup beside the chunks, no entries in the lists.
    await env.POSTS.delete(chunkHtmlKey(HEBREW_DEMO_SLUG, 0));
    await env.POSTS.put(listKey, JSON.stringify({ ...head, builtAt: head.builtAt + 1, posts: head.posts.map(({ entry: _, ...post }) => post) }));
    await env.DB.prepare("DELETE FROM d1_migrations WHERE name = '0011_rendered_ahead.sql'").run();
    expect(await applyMigrations(env.DB, env.MIGRATIONS)).toEqual(["0011_rendered_ahead.sql"]);
    expect((await env.DB.prepare("SELECT ids FROM snapshot_dirty WHERE slug = ?1").bind(HEBREW_DEMO_SLUG).first<{ ids: string | null }>())?.ids).toBeNull();
    // Meanwhile the pages render themselves, the same.
    expect(entries(await view("/"))).toEqual(home);
    await env.POSTS.put(chunkKey(HEBREW_DEMO_SLUG, 0), JSON.stringify({ ...(await env.POSTS.get<{ builtAt: number }>(chunkKey(HEBREW_DEMO_SLUG, 0), "json"))!, builtAt: 1 }));
    const meanwhile = await view(`/${encodeURIComponent(HEBREW_DEMO_SLUG)}`);
    expect(meanwhile.replace(/name="token" value="[^"]*"/, "")).toBe(before.replace(/name="token" value="[^"]*"/, ""));
    // The cron rewrites them.
    await runScheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), env, createExecutionContext());
    expect(await env.POSTS.get(chunkHtmlKey(HEBREW_DEMO_SLUG, 0))).not.toBeNull();
    const rebuilt = (await env.POSTS.get<ListHead>(listKey, "json"))!;
    expect(rebuilt.posts.every((post) => post.entry?.for === postEntryKey(env.TIME_ZONE!))).toBe(true);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM snapshot_dirty").first<{ n: number }>())!.n).toBe(0);
  });
});
