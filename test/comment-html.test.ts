/**
 * Comment threads rendered when their chunk is rebuilt (views.tsx
 * renderThreads): a page shows exactly what it would have rendered itself,
 * and the templates' version changes whenever their markup does.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { chunkHtmlKey, chunkKey, decodeChunkHtml, encodeChunkHtml, type CommentChunk } from "../src/comments/pages";
import { postKey } from "../src/posts/store";
import type { StoredPost } from "../src/posts/model";
import { COMMENT_HTML_VERSION, PAGE_PATH_MARK, renderThreads, threadsHtmlKey } from "../src/comments/views";
import type { PublicComment } from "../src/comments/model";
import { forgetAll } from "../src/posts/kv-memo";
import { sha256Hex } from "../src/crypto";
import { BASE } from "./helpers";
import { issueFormToken } from "../src/comments/form-token";

const PATH = `/${encodeURIComponent(HEBREW_DEMO_SLUG)}`;
const commentList = (html: string) => /<ol class="comment-list">[\s\S]*?<\/ol>(?=<nav|<p class="meta">)/.exec(html)![0];
const view = async () => {
  forgetAll();
  return (await exports.default.fetch(new Request(BASE + PATH))).text();
};

/** The markup each version of the templates gives for one small thread (a head, a reply, a link, two scripts). */
const MARKUP_OF_VERSION: Record<number, string> = {
  1: "e1033f19cc9180e73cec3a41e4b752c6c67e6d004d5405ed20a072b1674b678d",
  // Version 2's hash was of the Hebrew rendering alone (one input, "he"); since, of both languages.
  2: "ea44fa7d0d41e46fa920fddc75f8097a64e55f57d126cc79b40afeecb2a01369",
};

beforeAll(async () => {
  await seedDemo(env);
});

describe("threads rendered ahead of time", () => {
  it("are stored beside the chunk as text, for the post's language, the time zone and the depth limit", async () => {
    const chunk = (await env.POSTS.get<CommentChunk>(chunkKey(HEBREW_DEMO_SLUG, 0), "json"))!;
    const html = decodeChunkHtml(await env.POSTS.get(chunkHtmlKey(HEBREW_DEMO_SLUG, 0), "text"))!;
    expect(html.key).toBe(threadsHtmlKey({ lang: "he", timeZone: env.TIME_ZONE!, maxDepth: Number(env.COMMENT_MAX_DEPTH ?? 5), order: "oldest" }));
    // Oldest first, a chunk stays on its page: its reply links carry the page's address already.
    expect(html.body).toContain(`href="${PATH}?replytocom=`);
    expect(html.builtAt).toBe(chunk.builtAt);
    expect(html.lengths).toHaveLength(chunk.threads.length);
    expect(html.body).toMatch(/^<li id="comment-\d+" class="comment depth-1">/);
    expect(chunk).not.toHaveProperty("html");
  });

  it("give the page exactly the list it renders itself from the threads", async () => {
    const ahead = await view();
    const key = chunkKey(HEBREW_DEMO_SLUG, 0);
    const htmlKey = chunkHtmlKey(HEBREW_DEMO_SLUG, 0);
    const chunk = (await env.POSTS.get<CommentChunk>(key, "json"))!;
    const stored = (await env.POSTS.get(htmlKey, "text"))!;
    const html = decodeChunkHtml(stored)!;
    try {
      // The same threads without their markup (a new version, so the page is not served from memory).
      await env.POSTS.delete(htmlKey);
      await env.POSTS.put(key, JSON.stringify({ ...chunk, builtAt: chunk.builtAt + 1 }));
      const live = await view();
      expect(commentList(live)).toBe(commentList(ahead));
      expect(commentList(live)).toContain(`href="${PATH}?replytocom=`);
      // Markup made for another time zone, or cut short, is not used: the page renders its own.
      const stale = html.lengths.map(() => "<li>stale</li>");
      await env.POSTS.put(htmlKey, encodeChunkHtml(chunk.builtAt + 2, threadsHtmlKey({ lang: "he", timeZone: "UTC", maxDepth: 5, order: "oldest" }), stale));
      await env.POSTS.put(key, JSON.stringify({ ...chunk, builtAt: chunk.builtAt + 2 }));
      expect(commentList(await view())).toBe(commentList(ahead));
      await env.POSTS.put(htmlKey, stored.slice(0, -10));
      await env.POSTS.put(key, JSON.stringify({ ...chunk, builtAt: chunk.builtAt + 3 }));
      expect(commentList(await view())).toBe(commentList(ahead));
    } finally {
      await env.POSTS.put(key, JSON.stringify(chunk));
      await env.POSTS.put(htmlKey, stored);
    }
  });

  it("give a post whose comments are closed its list without reply links, as it renders it itself", async () => {
    const key = postKey(HEBREW_DEMO_SLUG);
    const htmlKey = chunkHtmlKey(HEBREW_DEMO_SLUG, 0);
    const post = (await env.POSTS.get<StoredPost>(key, "json"))!;
    const stored = (await env.POSTS.get(htmlKey, "text"))!;
    try {
      await env.POSTS.put(key, JSON.stringify({ ...post, commentsOpen: false, version: "closed-1" }));
      const ahead = await view();
      expect(ahead).not.toContain('name="comment"');
      expect(commentList(ahead)).toContain('class="comment-card"');
      expect(commentList(ahead)).not.toContain("replytocom");
      await env.POSTS.delete(htmlKey);
      await env.POSTS.put(key, JSON.stringify({ ...post, commentsOpen: false, version: "closed-2" }));
      expect(commentList(await view())).toBe(commentList(ahead));
    } finally {
      await env.POSTS.put(key, JSON.stringify(post));
      await env.POSTS.put(htmlKey, stored);
      forgetAll();
    }
  });

  it("give a refused comment's page (the answer to a POST to …/comments) reply links to the post's own address", async () => {
    const form = new URLSearchParams({ author: "Dana", email: "dana@example.com", comment: "Too quick", token: await issueFormToken(env.APP_SECRET!, HEBREW_DEMO_SLUG, Date.now() - 500) });
    const res = await exports.default.fetch(new Request(`${BASE}${PATH}/comments`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: form.toString() }));
    expect(res.status).toBe(400);
    const html = await res.text();
    const links = [...html.matchAll(/href="([^"]*replytocom=[^"]*)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.startsWith(`${PATH}?replytocom=`), link).toBe(true);
  });

  it("change version with their markup (bump COMMENT_HTML_VERSION when this fails)", async () => {
    const at = Date.UTC(2026, 9, 20, 7, 12);
    const head: PublicComment = { id: 1, parentId: null, authorName: "יעל", authorUrl: "https://example.com/", body: "שלום, see https://example.org/x\n\nשורה שנייה", created: at, isAuthor: false, avatar: 3 } as PublicComment;
    const reply: PublicComment = { ...head, id: 2, parentId: 1, authorName: "Noa", authorUrl: null, body: "Thanks!", created: at + 60_000, isAuthor: true } as PublicComment;
    // In both languages the demo has: their message tables (Reply, In reply to, the author's badge) are markup too.
    const [he] = await renderThreads([[head, reply]], { lang: "he", timeZone: "Asia/Jerusalem", maxDepth: 5, order: "oldest", pagePath: PAGE_PATH_MARK });
    const [en] = await renderThreads([[head, reply]], { lang: "en", timeZone: "Asia/Jerusalem", maxDepth: 5, order: "oldest", pagePath: PAGE_PATH_MARK });
    const hash = await sha256Hex(`${he}\n${en}`);
    expect({ version: COMMENT_HTML_VERSION, hash }).toEqual({ version: COMMENT_HTML_VERSION, hash: MARKUP_OF_VERSION[COMMENT_HTML_VERSION] });
  });
});
