/** The daily digest through the scheduled handler with injected time, real D1, and every message parsed back. */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import PostalMime from "postal-mime";
import { beforeEach, describe, expect, it } from "vitest";
import { publishPost } from "../src/posts/store";
import { jobs, runScheduled } from "../src/scheduled";
import { sendDailyDigest } from "../src/digest/job";
import type { MailTransport, OutgoingMail } from "../src/digest/transport";
import { BASE } from "./helpers";

const HOUR = 3_600_000;
const sevenLocalTime = () => Date.parse("2026-11-26T05:00:00Z");

class Outbox implements MailTransport {
  sent: OutgoingMail[] = [];
  failNext = 0;
  async send(mail: OutgoingMail) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error("Email Routing refused the message (test)");
    }
    this.sent.push(mail);
  }
}

async function cron(at: number, outbox: Outbox) {
  await runScheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: at }), env, createExecutionContext(), {
    ...jobs,
    sendDigest: async (e, now) => void (await sendDailyDigest(e, now, outbox)),
  });
}

async function addComment(slug: string, at: number, fields: Partial<{ author: string; body: string; status: string; score: number; reasons: string[]; parent: number }> = {}) {
  const row = await env.DB.prepare(
    `INSERT INTO comments (post_slug, parent_id, author_name, body, status, spam_score, spam_reasons, decided_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id`,
  )
    .bind(slug, fields.parent ?? null, fields.author ?? "Reader", fields.body ?? "A comment.", fields.status ?? "pending", fields.score ?? null, fields.reasons ? JSON.stringify(fields.reasons) : null, fields.status && fields.status !== "pending" ? "auto" : null, at)
    .first<{ id: number }>();
  return row!.id;
}

async function parse(mail: OutgoingMail) {
  for (const line of mail.raw.split("\r\n")) expect(new TextEncoder().encode(line).byteLength).toBeLessThanOrEqual(998);
  expect(/[^\x00-\x7f]/.test(mail.raw)).toBe(false);
  return PostalMime.parse(mail.raw);
}

const log = () => env.DB.prepare("SELECT * FROM digest_log ORDER BY period").all<{ period: string; state: string; comment_count: number; attempts: number }>();

beforeEach(async () => {
  await env.DB.exec("DELETE FROM comments");
  await env.DB.exec("DELETE FROM digest_log");
  await publishPost(env, { slug: "hebrew-post", title: "פוסט בעברית 🌿", lang: "he", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.parse("2026-01-01T00:00:00Z") });
  await publishPost(env, { slug: "english-post", title: "An English post", lang: "en", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.parse("2026-01-01T00:00:00Z") });
});

describe("the daily digest", () => {
  // 2026-11-26 07:00 in Jerusalem (UTC+2 in winter) is 05:00 UTC.
  const sevenLocal = Date.parse("2026-11-26T05:00:00Z");

  it("an ordinary day: one message, grouped by post, Hebrew and emoji intact in both parts, links signed", async () => {
    const outbox = new Outbox();
    await cron(sevenLocal - 20 * HOUR, outbox); // yesterday's digest covers nothing new: sets the starting point
    const a = await addComment("hebrew-post", sevenLocal - 10 * HOUR, { author: "יעל", body: "תגובה בעברית עם אמוג'י 🍞😍 ו־English words" });
    await addComment("hebrew-post", sevenLocal - 9 * HOUR, { author: "Dan", body: "Reply in English", parent: a });
    await addComment("english-post", sevenLocal - 8 * HOUR, { author: "Spammer", body: "cheap pills http://x.example", status: "spam", score: 7.5, reasons: ["matches disallowed word 'pills' (+10)", "3 links (+2)"] });
    await addComment("english-post", sevenLocal - 7 * HOUR, { author: "Ok", body: "Nice one", status: "approved", score: -1, reasons: ["commenter approved before (-1)"] });
    await cron(sevenLocal, outbox);
    expect(outbox.sent).toHaveLength(1);
    const mail = outbox.sent[0]!;
    expect(mail.to).toBe("author@example.com");
    expect(mail.from).toBe("digest@example.com");
    const parsed = await parse(mail);
    expect(parsed.from?.address).toBe("digest@example.com");
    expect(parsed.subject).toContain("edgepress demo");
    expect(parsed.subject).toMatch(/4 new comments/);
    expect(parsed.messageId).toMatch(/^<.+@example\.com>$/);
    for (const part of [parsed.text!, parsed.html!.replace(/&#39;|&#x27;|&apos;/g, "'")]) {
      expect(part).toContain("תגובה בעברית עם אמוג'י 🍞😍 ו־English words");
      expect(part).toContain("פוסט בעברית 🌿");
      expect(part).toContain("An English post");
      expect(part).toContain("/admin/act?c=");
    }
    expect(parsed.html).toContain(`dir="auto"`);
    expect(parsed.html).not.toMatch(/<style|<script/i);
    expect(parsed.text!.indexOf("Spammer")).toBeGreaterThan(parsed.text!.indexOf("Nice one")); // held spam last
    expect(parsed.text).toContain("matches disallowed word");
    // The approve link of the first comment moderates it (confirm page, then POST).
    const approve = /https?:\/\/[^\s"<>]*\/admin\/act\?c=(\d+)&(?:amp;)?a=approve[^\s"<>]*/.exec(parsed.text!)![0];
    const url = new URL(approve.replace(/&amp;/g, "&"));
    const confirm = await exports.default.fetch(new Request(BASE + url.pathname + url.search));
    expect(confirm.status).toBe(200);
    const act = await exports.default.fetch(new Request(`${BASE}/admin/act`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: url.searchParams.toString() }));
    expect(act.status).toBe(200);
    const id = Number(url.searchParams.get("c"));
    expect((await env.DB.prepare("SELECT status FROM comments WHERE id = ?1").bind(id).first<{ status: string }>())!.status).toBe("approved");
  });

  it("an empty day sends nothing, and the next digest starts from there", async () => {
    const outbox = new Outbox();
    await cron(sevenLocal, outbox);
    expect(outbox.sent).toHaveLength(0);
    expect((await log()).results).toMatchObject([{ period: "2026-11-26", state: "empty" }]);
    await addComment("english-post", sevenLocal + 2 * HOUR, { body: "after the empty digest" });
    await cron(sevenLocal + 24 * HOUR, outbox);
    expect(outbox.sent).toHaveLength(1);
    expect((await parse(outbox.sent[0]!)).text).toContain("after the empty digest");
  });

  it("two runs in the same period (and the other hours of the day) send once", async () => {
    const outbox = new Outbox();
    await addComment("english-post", sevenLocal - HOUR, { body: "once only" });
    await Promise.all([cron(sevenLocal, outbox), cron(sevenLocal, outbox)]);
    await cron(sevenLocal, outbox);
    for (let h = 1; h < 24; h++) await cron(sevenLocal + h * HOUR, outbox);
    expect(outbox.sent).toHaveLength(1);
    expect((await log()).results).toMatchObject([{ period: "2026-11-26", state: "sent", comment_count: 1 }]);
  });

  it("a failed send is recorded, and the next run sends what was missed, nothing skipped or repeated", async () => {
    const outbox = new Outbox();
    await addComment("english-post", sevenLocal - 2 * HOUR, { body: "before the failure" });
    outbox.failNext = 1;
    await cron(sevenLocal, outbox);
    expect(outbox.sent).toHaveLength(0);
    expect((await log()).results).toMatchObject([{ period: "2026-11-26", state: "failed", attempts: 1 }]);
    await addComment("english-post", sevenLocal + 30 * 60_000, { body: "during the outage" });
    await cron(sevenLocal + HOUR, outbox);
    expect(outbox.sent).toHaveLength(1);
    const text = (await parse(outbox.sent[0]!)).text!;
    expect(text).toContain("before the failure");
    expect(text).toContain("during the outage");
    expect((await log()).results).toMatchObject([{ period: "2026-11-26", state: "sent", attempts: 2, comment_count: 2 }]);
    await addComment("english-post", sevenLocal + 2 * HOUR, { body: "tomorrow's news" });
    await cron(sevenLocal + 24 * HOUR, outbox);
    const next = (await parse(outbox.sent[1]!)).text!;
    expect(next).toContain("tomorrow's news");
    expect(next).not.toContain("during the outage");
  });

  it.each([
    // 07:00 in Jerusalem is 04:00 UTC in summer time (UTC+3) and 05:00 UTC in winter time (UTC+2).
    ["autumn (Oct 25, clocks back)", "2026-10-23T00:00:00Z", ["2026-10-23T04:00:00.000Z", "2026-10-24T04:00:00.000Z", "2026-10-25T05:00:00.000Z", "2026-10-26T05:00:00.000Z"]],
    ["spring (Mar 27, clocks forward)", "2026-03-25T00:00:00Z", ["2026-03-25T05:00:00.000Z", "2026-03-26T05:00:00.000Z", "2026-03-27T04:00:00.000Z", "2026-03-28T04:00:00.000Z"]],
  ])("sends at 07:00 Jerusalem time across the %s daylight-saving change", async (_label, startIso, expected) => {
    const outbox = new Outbox();
    const start = Date.parse(startIso);
    const sentAt: string[] = [];
    for (let h = 0; h < 4 * 24; h++) {
      const at = start + h * HOUR;
      await addComment("english-post", at - 60_000, { body: `hour ${h}` });
      const before = outbox.sent.length;
      await cron(at, outbox);
      if (outbox.sent.length > before) sentAt.push(new Date(at).toISOString());
    }
    expect(sentAt).toEqual(expected);
  });

  it("1,000 comments in one period: one message under the size limit, 200 in full, the rest counted", async () => {
    const outbox = new Outbox();
    const statements = [];
    for (let i = 0; i < 1000; i++) {
      statements.push(
        env.DB.prepare("INSERT INTO comments (post_slug, author_name, body, status, created_at) VALUES (?1, ?2, ?3, 'pending', ?4)").bind(i % 2 ? "hebrew-post" : "english-post", `קורא ${i}`, `תגובה מספר ${i} 🌿 ${"מילים ".repeat(i % 50)}`, sevenLocal - HOUR - i * 1000),
      );
    }
    for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
    await cron(sevenLocal, outbox);
    expect(outbox.sent).toHaveLength(1);
    const raw = outbox.sent[0]!.raw;
    expect(raw.length).toBeLessThan(5 * 1024 * 1024);
    const parsed = await parse(outbox.sent[0]!);
    expect(parsed.subject).toContain("1,000");
    expect((parsed.text!.match(/\/admin\/act\?c=\d+&a=approve/g) ?? []).length).toBe(200);
    expect(parsed.text).toMatch(/800 more/);
  });
});

describe("very busy periods", () => {
  it("reads at most 5,000 comments; the rest open the next digest, none skipped", async () => {
    const outbox = new Outbox();
    const start = Date.parse("2026-11-25T06:00:00Z");
    for (let b = 0; b < 51; b++) {
      await env.DB.batch(
        Array.from({ length: 100 }, (_, i) => {
          const n = b * 100 + i;
          return env.DB.prepare("INSERT INTO comments (post_slug, author_name, body, status, created_at) VALUES ('english-post', 'Busy', ?1, 'pending', ?2)").bind(`busy ${n}`, start + n * 1000);
        }),
      );
    }
    await cron(Date.parse("2026-11-26T05:00:00Z"), outbox);
    const first = (await log()).results[0]!;
    expect(first.comment_count).toBe(4999); // the 5,000th shares its millisecond with what comes next: it moves on
    await cron(Date.parse("2026-11-27T05:00:00Z"), outbox);
    const second = (await log()).results[1]!;
    expect(second.comment_count).toBe(5100 - 4999);
    expect(outbox.sent).toHaveLength(2);
    expect((await parse(outbox.sent[1]!)).text).toContain("busy 5099");
  });

  it("keeps names with $ patterns as written in the HTML", async () => {
    const outbox = new Outbox();
    const parent = await addComment("english-post", sevenLocalTime() - 3 * HOUR, { author: "Joe $` x $' $&" });
    await addComment("english-post", sevenLocalTime() - 2 * HOUR, { author: "Ann", parent });
    await cron(sevenLocalTime(), outbox);
    expect((await parse(outbox.sent[0]!)).html).toContain("in reply to <span dir=\"auto\">Joe $` x $&#39; $&amp;</span>");
  });
});

describe("the preview", () => {
  it("shows the next digest to the signed-in author, and as JSON to the CLI", async () => {
    await addComment("hebrew-post", Date.now() - HOUR, { author: "מאיה", body: "תצוגה מקדימה 🌿" });
    expect((await exports.default.fetch(new Request(`${BASE}/admin/digest/preview`, { redirect: "manual" }))).status).toBe(303);
    const login = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `token=${env.ADMIN_TOKEN}` }));
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const page = await exports.default.fetch(new Request(`${BASE}/admin/digest/preview`, { headers: { Cookie: cookie } }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("תצוגה מקדימה 🌿");
    const api = await exports.default.fetch(new Request(`${BASE}/api/admin/digest/preview`, { headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}` } }));
    const json = (await api.json()) as { subject: string; text: string; wouldSend: boolean };
    expect(json.wouldSend).toBe(true);
    expect(json.text).toContain("תצוגה מקדימה 🌿");
    expect((await log()).results).toEqual([]); // a preview sends and records nothing
  });
});

describe("the real send_email binding", () => {
  it("accepts the digest through Cloudflare's binding (locally: written to a file)", async () => {
    await addComment("english-post", Date.parse("2026-11-26T04:00:00Z"), { body: "through the binding" });
    const outcome = await sendDailyDigest(env, Date.parse("2026-11-26T05:00:00Z"));
    expect(outcome.result).toBe("sent");
    expect((await log()).results).toMatchObject([{ state: "sent" }]);
  });
});
