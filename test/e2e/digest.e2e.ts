/**
 * The daily digest, end to end: a reader comments in the browser, the hourly
 * Cron Trigger runs at a time when the author's digest is due, the
 * send_email binding writes the message (kept as test-results/e2e/digest.eml),
 * and its "Approve" link, followed in the browser, shows a confirm page that
 * changes nothing until its button is pressed; then the comment is published.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import PostalMime from "postal-mime";
import { artifact, launchChromium, keepArtifact, sleep, startE2EBlog, type E2EBlog } from "./support.js";

const SLUG = "למה-לכתוב-בלוג";
const FORM_MIN_AGE_MS = 3_000;
// Pinned here, whatever wrangler.toml says, because the cron time below is chosen from them.
const TIME_ZONE = "Asia/Jerusalem";
const DIGEST_HOUR = 7;
const DIGEST_CRON = "0 * * * *";

let blog: E2EBlog;
let browser: Browser;

beforeAll(async () => {
  [blog, browser] = await Promise.all([
    startE2EBlog({ captureEmail: true, bindings: { TIME_ZONE, DIGEST_HOUR: String(DIGEST_HOUR), DIGEST_CRON } }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await blog?.stop();
});

const postUrl = () => `${blog.url}/${encodeURIComponent(SLUG)}`;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "he-IL" });
  return context.newPage();
}

const localHour = (ms: number) => Number(new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", hourCycle: "h23" }).format(ms));

/**
 * The first moment from `after` on when the day's digest may start (local
 * hour ≥ DIGEST_HOUR): at most 7 hours later, so a comment made now is still
 * inside the first digest's 24-hour look-back.
 */
function digestDueFrom(after: number): number {
  let t = after;
  while (localHour(t) < DIGEST_HOUR) t += 5 * 60_000;
  return t;
}

const status = (id: number) => blog.DB.prepare("SELECT status, decided_by FROM comments WHERE id = ?1").bind(id).first<{ status: string; decided_by: string | null }>();

it("sends the digest with the new comment, and its approve link asks before it acts", async () => {
  // A reader comments (JavaScript on, as most readers have it).
  const reader = await newPage();
  await reader.goto(postUrl());
  const shownAt = Date.now();
  const postTitle = await reader.locator("h1").first().innerText();
  const text = "ניסיתי את הפיד ב־Feedly וזה עובד מצוין 👍\nR&D note: the Atom feed validates.";
  await reader.locator("#author").fill("Dana 🌿");
  await reader.locator("#email").fill("dana@example.net");
  await reader.locator("#comment").fill(text);
  await sleep(Math.max(0, FORM_MIN_AGE_MS + 300 - (Date.now() - shownAt)));
  await Promise.all([reader.waitForURL(/#comment-\d+$/), reader.locator('#commentform button[type="submit"]').click()]);
  const id = Number(new URL(reader.url()).hash.slice("#comment-".length));
  expect(await reader.locator(`#comment-${id}.pending`).count()).toBe(1);

  // The hourly cron, at a time the day's digest is due.
  const cronTime = digestDueFrom(Date.now() + 1_000);
  expect(await blog.runCron(DIGEST_CRON, cronTime)).toEqual({ outcome: "ok" });
  const [sent] = await blog.sentEmails(1);
  keepArtifact(sent!.file, "digest.eml");
  const log = await blog.DB.prepare("SELECT state, comment_count FROM digest_log").all();
  expect(log.results).toEqual([{ state: "sent", comment_count: 1 }]);

  const email = await PostalMime.parse(sent!.raw);
  expect(email.from?.address).toBe("digest@example.com");
  expect(email.to?.map((to) => to.address)).toEqual(["author@example.com"]);
  expect(email.subject).toMatch(/\b1 new comment, 1 awaiting you$/);
  expect(email.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-generated");

  // Plain text: English interface, the Hebrew post title and the comment as written.
  const plain = email.text ?? "";
  expect(plain).toContain("New comments");
  expect(plain).toContain(postTitle);
  expect(plain).toContain("Dana 🌿");
  expect(plain).toContain("Awaiting you (not scored yet)");
  for (const line of text.split("\n")) expect(plain).toContain(line);
  const lines = plain.split(/\r?\n/);
  const approve = lines[lines.indexOf("Approve:") + 1]!;
  expect(approve).toMatch(new RegExp(`^${blog.url}/admin/act\\?c=${id}&a=approve&f=pending&v=0&e=\\d+&s=[A-Za-z0-9_-]+$`));

  // HTML: an English page, the Hebrew title and the comment each in their own direction, escaped.
  const html = email.html ?? "";
  expect(html).toMatch(/<html lang="en" dir="ltr">/);
  // The Hebrew post's title is a right-aligned block in the English digest, as its comments are.
  expect(html).toMatch(new RegExp(`<h2 lang="he" dir="auto" style="[^"]*text-align:right;[^"]*"><a [^>]*>${postTitle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</a></h2>`));
  expect(html).toContain("ניסיתי את הפיד ב־Feedly וזה עובד מצוין 👍");
  expect(html).toContain("R&amp;D note: the Atom feed validates.");
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
  expect(hrefs).toContain(approve);
  // How the author's mail client would show it (no network: every style is inline).
  const mail = await newPage();
  await mail.setContent(html);
  await mail.screenshot({ path: artifact("digest-html.png"), fullPage: true });

  // Following the link (as a mail scanner would, twice) only shows the confirm page.
  const author = await newPage();
  for (let i = 0; i < 2; i++) {
    const res = await author.goto(approve);
    expect(res?.status()).toBe(200);
    expect(await author.locator("h1").innerText()).toBe("Approve this comment?");
    expect(await author.locator("main").innerText()).toContain("R&D note: the Atom feed validates.");
  }
  expect(await status(id)).toEqual({ status: "pending", decided_by: null });
  const visitor = await newPage();
  await visitor.goto(postUrl());
  expect(await visitor.locator(`#comment-${id}`).count()).toBe(0);

  // The button on that page (a POST) approves it.
  const [posted] = await Promise.all([
    author.waitForResponse((r) => r.request().method() === "POST" && r.url() === `${blog.url}/admin/act`),
    // The result page's address has no query: this waits for it, not the confirm page.
    author.waitForURL(`${blog.url}/admin/act`),
    author.locator('main form button[type="submit"]').click(),
  ]);
  expect(posted.status()).toBe(200);
  expect(await author.locator("h1").innerText()).toBe("Comment approved");
  expect(await status(id)).toEqual({ status: "approved", decided_by: "author" });

  // Published: in its place for a visitor with no cookies.
  await visitor.reload();
  const published = visitor.locator(`li#comment-${id}`);
  expect(await published.count()).toBe(1);
  expect(await published.getAttribute("class")).not.toContain("pending");
  expect(await published.locator(".comment-body").innerText()).toBe(text);
  await Promise.all([author.waitForURL(/#comment-\d+$/), author.getByRole("link", { name: "See it in place" }).click()]);
  expect(new URL(author.url()).hash).toBe(`#comment-${id}`);
  expect(await author.locator(`li#comment-${id} .comment-body`).innerText()).toBe(text);
});
