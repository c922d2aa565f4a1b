/** Faults: a D1 that fails a share of its calls, KV that lost a post or cannot be read, a cron that dies part-way. */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import type { Env } from "../src/config";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { postKey } from "../src/posts/store";
import { publishPost } from "../src/posts/store";
import { slugPath } from "../src/posts/slug";
import { forgetAll } from "../src/posts/kv-memo";
import { scoreNewComments } from "../src/spam/job";
import { BASE, flakyDb, formToken } from "./helpers";

const app = buildBlog();
const HEBREW = slugPath(HEBREW_DEMO_SLUG);
const failingDb = () => flakyDb(env.DB, 1);

function fetchWith(envOverride: Partial<Env>, path: string, init?: RequestInit) {
  return app.fetch(new Request(BASE + path, { redirect: "manual", ...init }), { ...env, ...envOverride } as Env, createExecutionContext());
}

async function commentForm(slug: string, text: string, ip: string) {
  const token = await formToken(slug);
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip },
    body: new URLSearchParams({ author: "Dana", email: "dana@example.com", comment: text, token }).toString(),
  };
}

const rowsWith = async (text: string) => (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE body = ?1").bind(text).first<{ n: number }>())!.n;

beforeAll(async () => {
  await seedDemo(env);
});

describe("when D1 fails", () => {
  it("post pages still render from KV for every reader; a reader with pending comments sees 'comments are unavailable'", async () => {
    // A reader who has a pending comment (so their page view would read D1).
    const posted = await exports.default.fetch(new Request(BASE + HEBREW + "/comments", { ...(await commentForm(HEBREW_DEMO_SLUG, "my pending words", "192.0.2.10")), redirect: "manual" }));
    const cookie = posted.headers.get("set-cookie")!.split(";")[0]!;
    for (const headers of [{}, { Cookie: cookie }] as Record<string, string>[]) {
      const res = await fetchWith({ DB: failingDb() }, HEBREW, { headers });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain("למה לכתוב בלוג ב־2026");
      expect(html).toContain("10 תגובות"); // approved comments come from the KV snapshot
      if ("Cookie" in headers) expect(html).toContain("התגובות אינן זמינות כרגע");
    }
    // With a D1 that fails one call in three, fifty page views: never a 5xx.
    const flaky = flakyDb(env.DB, 3);
    for (let i = 0; i < 50; i++) {
      const res = await fetchWith({ DB: flaky }, i % 2 ? HEBREW : "/", { headers: i % 3 ? {} : { Cookie: cookie } });
      expect(res.status, `view ${i}`).toBe(200);
    }
  });

  it("a comment POST answers 503 with Retry-After, the reader's text kept, and nothing written", async () => {
    const text = "נשמר גם כש־D1 לא עונה 🌿";
    const res = await fetchWith({ DB: failingDb() }, HEBREW + "/comments", await commentForm(HEBREW_DEMO_SLUG, text, "192.0.2.11"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    const html = await res.text();
    expect(html).toContain(text);
    expect(html).toContain("לא הצלחנו לשמור את התגובה כרגע");
    expect(await rowsWith(text)).toBe(0);
  });

  it("with a D1 failing a share of calls, every POST is either one stored row (303) or none (503)", async () => {
    // Every third query fails: a POST makes two (the insert, then where the comment lands), so failures fall on both.
    const flaky = flakyDb(env.DB, 3);
    const outcomes: { text: string; status: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const text = `flaky submission ${i}`;
      const res = await fetchWith({ DB: flaky }, "/hello-from-the-edge/comments", await commentForm("hello-from-the-edge", text, `198.51.100.${i}`));
      outcomes.push({ text, status: res.status });
    }
    expect(outcomes.some((o) => o.status === 503)).toBe(true);
    expect(outcomes.some((o) => o.status === 303)).toBe(true);
    for (const { text, status } of outcomes) {
      expect([303, 503]).toContain(status);
      expect(await rowsWith(text), text).toBe(status === 303 ? 1 : 0);
    }
  });

  it("a scoring run on a failing D1 is followed by runs that score the rest, nothing twice, nothing skipped", async () => {
    const before = (await env.DB.prepare("SELECT id FROM comments WHERE spam_score IS NULL").all<{ id: number }>()).results.map((r) => r.id);
    expect(before.length).toBeGreaterThan(0);
    const flaky = flakyDb(env.DB, 3);
    let failures = 0;
    for (let run = 0; run < 30; run++) {
      try {
        await scoreNewComments({ ...env, DB: flaky } as Env);
      } catch {
        failures++;
      }
    }
    for (let run = 0; run < 10 && (await scoreNewComments(env)).scored > 0; run++);
    expect(failures).toBeGreaterThan(0);
    const { results } = await env.DB.prepare("SELECT id, spam_score, decided_at FROM comments WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(before)).all<{ id: number; spam_score: number | null }>();
    expect(results.every((r) => r.spam_score !== null)).toBe(true);
    expect(await scoreNewComments(env)).toMatchObject({ scored: 0 });
  });
});

describe("when KV is missing or failing", () => {
  it("a post the index lists but KV lost is a 404; the index still renders", async () => {
    await publishPost(env, { slug: "vanishing", title: "Vanishing post", lang: "en", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.parse("2026-11-01T00:00:00Z") });
    await env.POSTS.delete(postKey("vanishing"));
    forgetAll();
    expect((await fetchWith({}, "/vanishing")).status).toBe(404);
    const index = await fetchWith({}, "/");
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("Vanishing post");
  });

  it("a post whose comment snapshot cannot be read renders with 'comments are unavailable'", async () => {
    const kv = new Proxy(env.POSTS, {
      get(target, prop) {
        if (prop === "get") {
          return (key: string, ...rest: unknown[]) => {
            if (key.startsWith("comments:")) return Promise.reject(new Error("KV unavailable (injected)"));
            return (target.get as (...a: unknown[]) => unknown).call(target, key, ...rest);
          };
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    forgetAll();
    const res = await fetchWith({ POSTS: kv }, "/reading-on-small-screens");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Notes on reading long posts");
    expect(html).toContain("Comments are unavailable right now.");
  });
});

describe("what readers see always catches up with D1", () => {
  it("a moderation whose KV write failed is healed by the next cron run", async () => {
    const posted = await exports.default.fetch(new Request(BASE + "/hello-from-the-edge/comments", { ...(await commentForm("hello-from-the-edge", "heal me please", "192.0.2.99")), redirect: "manual" }));
    const id = Number(/#comment-(\d+)/.exec(posted.headers.get("location")!)![1]);
    const brokenKv = new Proxy(env.POSTS, {
      get(target, prop) {
        if (prop === "put") return () => Promise.reject(new Error("KV write failed (injected)"));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const { moderate } = await import("../src/comments/moderate");
    await expect(moderate({ DB: env.DB, POSTS: brokenKv }, [id], "approve", "author")).rejects.toThrow("KV write failed");
    forgetAll();
    expect(await (await fetchWith({}, "/hello-from-the-edge")).text()).not.toContain("heal me please");
    await scoreNewComments(env);
    forgetAll();
    expect(await (await fetchWith({}, "/hello-from-the-edge")).text()).toContain("heal me please");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM snapshot_dirty").first<{ n: number }>())!.n).toBe(0);
  });

  it("an edit whose rendered threads failed to be written (its chunk was) is healed by the next cron run", async () => {
    const { editComment } = await import("../src/comments/moderate");
    const id = (await env.DB.prepare("SELECT id FROM comments WHERE post_slug = ?1 AND status = 'approved' ORDER BY id LIMIT 1").bind(HEBREW_DEMO_SLUG).first<{ id: number }>())!.id;
    // KV takes the chunk's data and refuses its markup: the two disagree until the cron.
    const halfKv = new Proxy(env.POSTS, {
      get(target, prop) {
        if (prop === "put") return (key: string, value: string) => (key.includes(":html:") ? Promise.reject(new Error("KV write failed (injected)")) : target.put(key, value));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    await expect(editComment({ ...env, POSTS: halfKv }, id, "corrected, then healed")).rejects.toThrow("KV write failed");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM snapshot_dirty WHERE slug = ?1").bind(HEBREW_DEMO_SLUG).first<{ n: number }>())!.n).toBe(1);
    await scoreNewComments(env);
    forgetAll();
    expect(await (await fetchWith({}, HEBREW)).text()).toContain("corrected, then healed");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM snapshot_dirty").first<{ n: number }>())!.n).toBe(0);
  });
});
