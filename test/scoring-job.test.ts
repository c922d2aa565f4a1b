/** The frequent cron through the real scheduled handler and real D1: policy, budget, crash safety, learning, Akismet. */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../src/config";
import { seedDemo } from "../src/demo/seed";
import type { CommentRow } from "../src/comments/model";
import { moderate } from "../src/comments/moderate";
import { learner } from "../src/spam/learn";
import { loadConfig } from "../src/config";
import { runScheduled } from "../src/scheduled";
import { scoreNewComments } from "../src/spam/job";
import { BASE, formToken, get, watchedDb } from "./helpers";

let ip = 0;
async function post(slug: string, fields: { author?: string; email?: string; url?: string; comment: string }, formAgeMs = 20_000): Promise<number> {
  const token = await formToken(slug, formAgeMs);
  const res = await exports.default.fetch(
    new Request(`${BASE}/${encodeURIComponent(slug)}/comments`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": `192.0.2.${++ip % 250}.${ip}` },
      body: new URLSearchParams({ author: "Reader", email: `reader${ip}@example.com`, url: "", token, ...fields }).toString(),
    }),
  );
  expect(res.status).toBe(303);
  return Number(/#comment-(\d+)/.exec(res.headers.get("location")!)![1]);
}

const row = async (id: number) => (await env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(id).first<CommentRow>())!;
const unscored = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE spam_score IS NULL").first<{ n: number }>())!.n;

/** Counts every D1 query (a batch counts each of its statements), and can fail the batch that writes scores. */
function countingDb(db: D1Database, options: { failWrites?: boolean } = {}) {
  const counter = { queries: 0 };
  const watched = watchedDb(db, (sql) => {
    counter.queries++;
    if (options.failWrites && /UPDATE comments SET\s+spam_score/.test(sql)) throw new Error("D1 went away mid-run");
  });
  return { db: watched, counter };
}

beforeAll(async () => {
  await seedDemo(env);
});

describe("the scoring cron", () => {
  it("clears a backlog of 200 pending comments over runs, each run within 50 D1 queries", async () => {
    for (let i = 0; i < 200; i++) await post("hello-from-the-edge", { comment: `Backlog comment number ${i}, about bread and trails.` });
    expect(await unscored()).toBeGreaterThanOrEqual(200);
    const perRun: number[] = [];
    for (let run = 0; run < 20 && (await unscored()) > 0; run++) {
      const { db, counter } = countingDb(env.DB);
      await runScheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: Date.now() }), { ...env, DB: db } as Env, createExecutionContext());
      perRun.push(counter.queries);
    }
    expect(await unscored()).toBe(0);
    expect(perRun.length).toBe(10); // 200 (+ the demo's none) at SPAM_BATCH_SIZE 20
    expect(Math.max(...perRun)).toBeLessThanOrEqual(50);
  });

  it("files link spam as spam with readable reasons, and leaves a first-time reader's comment for the author", async () => {
    const spam = await post("hello-from-the-edge", { author: "Best Casino http://casino.example", comment: "[url=http://casino.example]WIN[/url] http://a.example http://b.example http://c.example <a href=\"http://d.example\">click</a> FREE MONEY!!!!!!" }, 3_100);
    const ham = await post("hello-from-the-edge", { author: "דנה", comment: "תודה על הפוסט! ניסיתי את המתכון והלחם יצא מעולה 🍞" });
    await scoreNewComments(env);
    const s = await row(spam);
    expect(s.status).toBe("spam");
    expect(s.decided_by).toBe("auto");
    const reasons = JSON.parse(s.spam_reasons!) as string[];
    expect(reasons.join(" | ")).toMatch(/links?/i);
    expect(reasons.join(" | ")).toMatch(/name/i);
    const h = await row(ham);
    expect(h.status).toBe("pending");
    expect(h.spam_score).not.toBeNull();
  });

  it("auto-approves low scores for returning commenters, or for everyone when AUTO_APPROVE is on, and readers see them", async () => {
    // Teach the model a little ham so plain comments score below the approve threshold.
    const hamIds: number[] = [];
    for (let i = 0; i < 4; i++) hamIds.push(await post("hello-from-the-edge", { email: "regular@example.com", comment: `Lovely post about the trail and the bread, thank you (${i})` }));
    const spamIds: number[] = [];
    for (let i = 0; i < 4; i++) spamIds.push(await post("hello-from-the-edge", { comment: `cheap viagra pills online pharmacy discount ${i} http://pills${i}.example` }));
    await scoreNewComments(env);
    await moderate(env, hamIds, "approve", "author", learner(loadConfig(env)));
    await moderate(env, spamIds, "spam", "author", learner(loadConfig(env)));

    const returning = await post("hello-from-the-edge", { email: "regular@example.com", comment: "Lovely post about the trail and the bread, thank you again" });
    const firstTime = await post("hello-from-the-edge", { email: "new@example.com", comment: "Lovely post about the trail and the bread, thank you so much" });
    await scoreNewComments(env);
    expect((await row(returning)).status).toBe("approved");
    expect((await row(firstTime)).status).toBe("pending");
    expect(await (await get("/hello-from-the-edge")).text()).toContain("thank you again");

    const another = await post("hello-from-the-edge", { email: "another@example.com", comment: "Lovely post about the trail and the bread, many thanks" });
    await scoreNewComments({ ...env, AUTO_APPROVE: "true" } as Env);
    expect((await row(another)).status).toBe("approved");
  });

  it("never overrides the author: a comment they decided keeps its status, with its score recorded", async () => {
    const id = await post("hello-from-the-edge", { comment: "casino casino http://x.example http://y.example http://z.example http://w.example" });
    await moderate(env, [id], "approve", "author");
    await scoreNewComments(env);
    const r = await row(id);
    expect(r.status).toBe("approved");
    expect(r.decided_by).toBe("author");
    expect(r.spam_score).not.toBeNull();
  });

  it("leaves every comment untouched when a run dies part-way, and the next run finishes them once", async () => {
    for (let i = 0; i < 5; i++) await post("hello-from-the-edge", { comment: `crash test ${i}` });
    const before = await unscored();
    const failing = countingDb(env.DB, { failWrites: true });
    await expect(scoreNewComments({ ...env, DB: failing.db } as Env)).rejects.toThrow("D1 went away");
    expect(await unscored()).toBe(before);
    const run = await scoreNewComments(env);
    expect(run.scored).toBe(before);
    expect(await unscored()).toBe(0);
    expect((await scoreNewComments(env)).scored).toBe(0);
  });

  it("applies the author's disallowed and moderation words, case-insensitively and in Hebrew", async () => {
    const bad = await post("hello-from-the-edge", { comment: "Visit our CASINO tonight" });
    const hebrew = await post("hello-from-the-edge", { email: "regular@example.com", comment: "יש פה הלוואה בלי ריבית" });
    await scoreNewComments({ ...env, DISALLOWED_WORDS: "casino, הלוואה" } as Env);
    expect((await row(bad)).status).toBe("spam");
    expect((await row(bad)).spam_reasons).toMatch(/casino/i);
    expect((await row(hebrew)).status).toBe("spam");
    const held = await post("hello-from-the-edge", { email: "regular@example.com", comment: "Lovely post about the trail and the bread, and my politics" });
    await scoreNewComments({ ...env, MODERATION_WORDS: "politics" } as Env);
    expect((await row(held)).status).toBe("pending");
  });

  it("an author's clicks measurably change later scores", async () => {
    const probe = "zorblax quantum offer zorblax";
    const before = await post("hello-from-the-edge", { comment: probe });
    await scoreNewComments(env);
    const scoreBefore = (await row(before)).spam_score!;
    const taught: number[] = [];
    for (let i = 0; i < 5; i++) taught.push(await post("hello-from-the-edge", { comment: `zorblax quantum offer number ${i}` }));
    await scoreNewComments(env);
    await moderate(env, taught, "spam", "author", learner(loadConfig(env)));
    const after = await post("hello-from-the-edge", { comment: probe + " now" });
    await scoreNewComments(env);
    expect((await row(after)).spam_score!).toBeGreaterThan(scoreBefore + 1);
  });
});

describe("optional Akismet", () => {
  const akismetEnv = { ...env, AKISMET_KEY: "abc123def456" } as Env;

  it("asks Akismet with its documented fields, files its spam, and retries a failed call next run", async () => {
    const calls: { url: string; body: URLSearchParams }[] = [];
    const id = await post("hello-from-the-edge", { comment: "A perfectly normal sentence about bread." });
    const failing: typeof fetch = async () => {
      throw new Error("network down");
    };
    const run1 = await scoreNewComments(akismetEnv, Date.now(), failing);
    expect(run1.deferred).toBeGreaterThan(0);
    expect((await row(id)).spam_score).toBeNull();
    const saying: typeof fetch = async (input, init) => {
      calls.push({ url: String(input), body: new URLSearchParams(String(init?.body)) });
      return new Response("true");
    };
    await scoreNewComments(akismetEnv, Date.now(), saying);
    const r = await row(id);
    expect(r.status).toBe("spam");
    expect(r.spam_reasons).toContain("Akismet says spam");
    const call = calls.find((c) => c.body.get("comment_content") === "A perfectly normal sentence about bread.")!;
    expect(call.url).toBe("https://rest.akismet.com/1.1/comment-check");
    for (const field of ["api_key", "blog", "user_ip", "user_agent", "permalink", "comment_type", "comment_author", "comment_author_email", "comment_content"]) expect(call.body.has(field), field).toBe(true);
  });

  it("reports the author's decisions back, and is never called when off", async () => {
    const id = await post("hello-from-the-edge", { comment: "report me" });
    const calls: string[] = [];
    const recording: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response("Thanks for making the web a better place.");
    };
    await moderate(akismetEnv, [id], "spam", "author", learner(loadConfig(akismetEnv), recording));
    expect(calls).toEqual(["https://rest.akismet.com/1.1/submit-spam"]);
    await moderate(akismetEnv, [id], "approve", "author", learner(loadConfig(akismetEnv), recording));
    expect(calls.at(-1)).toBe("https://rest.akismet.com/1.1/submit-ham");
    const off: string[] = [];
    const other = await post("hello-from-the-edge", { comment: "no akismet here" });
    await scoreNewComments(env, Date.now(), async (input) => {
      off.push(String(input));
      return new Response("true");
    });
    await moderate(env, [other], "spam", "author", learner(loadConfig(env), async (input) => {
      off.push(String(input));
      return new Response("");
    }));
    expect(off).toEqual([]);
    expect((await row(other)).ip_sealed).toBeNull();
  });
});

describe("Akismet that keeps failing", () => {
  it("never holds the queue: fresh comments go first, and after 3 tries a comment is scored locally", async () => {
    const akismetEnv = { ...env, AKISMET_KEY: "abc123def456" } as Env;
    await scoreNewComments(env); // clear what earlier tests left
    const stuck = await post("hello-from-the-edge", { comment: "Akismet never answers for me" });
    const down: typeof fetch = async () => {
      throw new Error("Akismet down");
    };
    for (let i = 0; i < 3; i++) expect((await scoreNewComments(akismetEnv, Date.now(), down)).deferred).toBe(1);
    expect((await row(stuck)).akismet_tries).toBe(3);
    const fresh = await post("hello-from-the-edge", { comment: "A fresh one while Akismet is down" });
    await scoreNewComments({ ...akismetEnv, SPAM_BATCH_SIZE: "1" } as Env, Date.now(), down);
    expect((await row(fresh)).akismet_tries).toBe(1); // the fresh comment was tried before the stuck one
    await scoreNewComments(akismetEnv, Date.now(), down);
    const scored = await row(stuck);
    expect(scored.spam_score).not.toBeNull();
    expect(scored.spam_reasons).toContain("Akismet did not answer after 3 tries");
  });
});
