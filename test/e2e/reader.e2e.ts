/**
 * The blog in a real browser (Debian's Chromium): a reader of the Hebrew demo
 * post sees it right to left with replies indented on the right side; with
 * JavaScript off they reply through the plain form, see their reply held for
 * moderation where it belongs (and nobody else sees it); a mistyped email
 * comes back with everything kept and the reason beside the field; the author
 * signs in at /admin and approves a reply with one click, and a visitor then
 * sees it published.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { ADMIN_TOKEN, artifact, launchChromium, sleep, startE2EBlog, type E2EBlog } from "./support.js";

const SLUG = "למה-לכתוב-בלוג";
/** The form token is refused younger than this (MIN_FORM_AGE_MS): a person reads before writing. */
const FORM_MIN_AGE_MS = 3_000;

let blog: E2EBlog;
let browser: Browser;

beforeAll(async () => {
  [blog, browser] = await Promise.all([startE2EBlog(), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await blog?.stop();
});

const postUrl = () => `${blog.url}/${encodeURIComponent(SLUG)}`;

/** A visitor with their own cookies; JavaScript off unless asked. */
async function visitor(options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? false, locale: "he-IL" });
  return context.newPage();
}

/** The id of the demo comment written by `name` on the open post page. */
async function commentIdBy(page: Page, name: string): Promise<number> {
  const li = page.locator("li.comment", { has: page.locator(":scope > article .comment-author", { hasText: name }) }).first();
  const id = await li.getAttribute("id");
  expect(id).toMatch(/^comment-\d+$/);
  return Number(id!.slice("comment-".length));
}

/** The comment id a submission landed on: the post's address with #comment-<id>. */
function landedOn(page: Page): number {
  const url = new URL(page.url());
  expect(decodeURIComponent(url.pathname)).toBe(`/${SLUG}`);
  expect(url.hash).toMatch(/^#comment-\d+$/);
  return Number(url.hash.slice("#comment-".length));
}

/**
 * From the post page: "השב" on `parentName`'s comment, then the real form
 * filled in and sent (after the token's minimum age). Returns the new id.
 */
async function replyWithoutJavaScript(page: Page, parentName: string, reply: { name: string; email: string; text: string }): Promise<{ id: number; parentId: number }> {
  await page.goto(postUrl());
  const parentId = await commentIdBy(page, parentName);
  const replyLink = page.locator(`#comment-${parentId} > article .reply a`);
  expect(await replyLink.innerText()).toBe("השב");
  await Promise.all([page.waitForURL(/[?&]replytocom=\d+#respond$/), replyLink.click()]);
  const shownAt = Date.now();
  expect(new URL(page.url()).searchParams.get("replytocom")).toBe(String(parentId));
  await expect.poll(() => page.locator("#reply-title").innerText()).toContain(`תגובה ל${/^[\u05D0-\u05EA]/.test(parentName) ? "" : "־"}${parentName}`);
  expect(await page.locator("#cancel-comment-reply-link").innerText()).toBe("ביטול תגובה");
  expect(await page.locator('#commentform input[name="comment_parent"]').inputValue()).toBe(String(parentId));

  await page.locator("#author").fill(reply.name);
  await page.locator("#email").fill(reply.email);
  await page.locator("#comment").fill(reply.text);
  await sleep(Math.max(0, FORM_MIN_AGE_MS + 300 - (Date.now() - shownAt)));
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/comments")),
    page.waitForURL(/#comment-\d+$/),
    page.locator('#commentform button[type="submit"]').click(),
  ]);
  expect(response.status()).toBe(303);
  return { id: landedOn(page), parentId };
}

it("shows the Hebrew post right to left, replies indented from the right", async () => {
  const page = await visitor({ javaScript: true });
  const res = await page.goto(postUrl());
  expect(res?.status()).toBe(200);
  // As the browser computed it (a string: the project's types have no DOM).
  expect(await page.evaluate<string>("getComputedStyle(document.documentElement).direction")).toBe("rtl");
  expect(await page.locator("html").getAttribute("lang")).toBe("he");

  // Every reply at depth 2 against the comment it answers (depth 1): the whole
  // <li> (what a reader sees as the thread) and the comment's own card.
  const replies = await page.locator("li.comment.depth-2").all();
  expect(replies.length).toBeGreaterThanOrEqual(3);
  for (const reply of replies) {
    const id = await reply.getAttribute("id");
    const parent = page.locator(`li.comment:has(> ol.children > li#${id})`);
    expect(await parent.getAttribute("class")).toContain("depth-1");
    for (const [child, of] of [
      [reply, parent],
      [reply.locator(":scope > article"), parent.locator(":scope > article")],
    ] as const) {
      const c = (await child.boundingBox())!;
      const p = (await of.boundingBox())!;
      // RTL: the reply starts further from the right edge; both end at the same left edge.
      expect(c.x + c.width).toBeLessThan(p.x + p.width - 10);
      expect(Math.abs(c.x - p.x)).toBeLessThan(1);
    }
  }

  await page.screenshot({ path: artifact("hebrew-post-rtl.png"), fullPage: true });
});

it("takes a reply through the plain form with JavaScript off, shown only to its writer until approved", async () => {
  const reader = await visitor();
  const text = "גם אצלי המשפט הזה תלוי מעל השולחן 📌\nBlogs still matter in 2026 🙂 — ונכון.";
  const { id, parentId } = await replyWithoutJavaScript(reader, "תמר", { name: "אורי 🚲", email: "ori@example.org", text });

  // Back on the post, at the reply, nested under the comment it answers, marked as awaiting moderation.
  const mine = reader.locator(`#comment-${parentId} > ol.children > li#comment-${id}`);
  await expect.poll(() => mine.count()).toBe(1);
  expect(await mine.getAttribute("class")).toMatch(/\bdepth-2\b.*\bpending\b/);
  expect(await mine.locator(".notice.awaiting").innerText()).toBe("התגובה שלך ממתינה לאישור.");
  expect(await mine.locator(".comment-author").innerText()).toBe("אורי 🚲");
  expect(await mine.locator(".comment-body").innerText()).toBe(text);
  // Each line in its own direction: the English line after a Hebrew one is laid out left to right.
  const lineDirections = `[...document.querySelectorAll("#comment-${id} .comment-body .line")].map((l) => getComputedStyle(l).direction)`;
  expect(await reader.evaluate<string[]>(lineDirections)).toEqual(["rtl", "ltr"]);
  // The form is fresh again, with no reply-to left over.
  expect(await reader.locator("#reply-title").innerText()).toBe("כתיבת תגובה");

  // Stored as written, pending.
  const row = await blog.DB.prepare("SELECT status, parent_id, author_name, body FROM comments WHERE id = ?1").bind(id).first();
  expect(row).toEqual({ status: "pending", parent_id: parentId, author_name: "אורי 🚲", body: text });

  // Another visitor (no cookies) does not see it.
  const other = await visitor();
  await other.goto(postUrl());
  expect(await other.locator(`#comment-${parentId}`).count()).toBe(1);
  expect(await other.locator(`#comment-${id}`).count()).toBe(0);
  expect(await other.locator("body").innerText()).not.toContain("אורי");
});

it("gives a form with a bad email back with the text kept and the reason beside the field", async () => {
  const page = await visitor();
  await page.goto(postUrl());
  const text = "שאלה קטנה על RSS: האם יש גם פיד לתגובות? 🤔\n\nThanks!";
  await page.locator("#author").fill("נטע");
  await page.locator("#email").fill("neta-at-example.org");
  await page.locator("#url").fill("https://neta.example.org/");
  await page.locator("#comment").fill(text);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/comments")),
    page.locator('#commentform button[type="submit"]').click(),
  ]);
  expect(response.status()).toBe(422);
  // The page that came back (only it has the notice), not the one typed into.
  await page.locator("#form-notice").waitFor();
  // It opens at the form (the action's #respond), the reason in view, not at the top of the post.
  expect(new URL(page.url()).hash).toBe("#respond");
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBeGreaterThan(0);
  const notice = await page.locator("#form-notice").boundingBox();
  const viewport = page.viewportSize()!;
  expect(notice!.y).toBeGreaterThanOrEqual(0);
  expect(notice!.y + notice!.height).toBeLessThanOrEqual(viewport.height);

  expect(await page.locator("#comment").inputValue()).toBe(text);
  expect(await page.locator("#author").inputValue()).toBe("נטע");
  expect(await page.locator("#email").inputValue()).toBe("neta-at-example.org");
  expect(await page.locator("#url").inputValue()).toBe("https://neta.example.org/");
  expect(await page.locator("#email").getAttribute("aria-invalid")).toBe("true");
  expect((await page.locator("#email").getAttribute("aria-describedby"))?.split(" ")).toContain("email-error");
  // The reason sits in the email field's own paragraph, and nowhere else is marked.
  const besideEmail = page.locator("p.field:has(#email) > #email-error");
  expect(await besideEmail.innerText()).toBe("זו לא נראית כמו כתובת אימייל.");
  expect(await besideEmail.isVisible()).toBe(true);
  expect(await page.locator("[aria-invalid]").count()).toBe(1);
  expect(await page.locator("#form-notice").innerText()).toContain("התגובה לא פורסמה.");
  const stored = await blog.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE author_name = 'נטע'").first<{ n: number }>();
  expect(stored?.n).toBe(0);
});

/** Signs in at /admin with the admin token; the queue shows. */
async function signIn(author: Page): Promise<void> {
  await author.goto(`${blog.url}/admin`);
  await author.locator("#token").fill(ADMIN_TOKEN);
  const [response] = await Promise.all([author.waitForResponse((r) => r.url().endsWith("/admin/login")), author.locator('button[type="submit"]').click()]);
  expect(response.status()).toBe(303);
  await author.locator("h1", { hasText: "Comments" }).waitFor();
}

const commentCount = async (page: Page) => Number(/\d+/.exec(await page.locator("#comments-title").innerText())?.[0]);

it("lets the author sign in at /admin and approve a reply in one click; then every visitor sees it", async () => {
  const [reader, author, visitorPage] = await Promise.all([visitor(), visitor(), visitor()]);
  const text = "Agreed, and the translation bar never broke the layout for me either. תודה! 🇮🇪";
  // The author signs in while the reader writes.
  const [{ id, parentId }] = await Promise.all([replyWithoutJavaScript(reader, "Sam O'Neill", { name: "Ciara", email: "ciara@example.ie", text }), signIn(author)]);
  expect(await reader.locator(`#comment-${id}.pending`).count()).toBe(1);

  await visitorPage.goto(postUrl());
  expect(await visitorPage.locator(`#comment-${id}`).count()).toBe(0);
  const countBefore = await commentCount(visitorPage);

  // The session cookie is Secure, SameSite=Strict and HttpOnly, on http://127.0.0.1:
  // Chromium counts 127.0.0.1 as a secure origin, keeps it and sends it back.
  expect(await author.context().cookies()).toEqual([expect.objectContaining({ name: "ep_admin", domain: "127.0.0.1", path: "/", secure: true, httpOnly: true, sameSite: "Strict" })]);
  await author.goto(`${blog.url}/admin`);
  expect(await author.locator("h1").innerText()).toBe("Comments");
  expect(await author.locator("#token").count()).toBe(0);

  const row = author.locator(`#q-${id}`);
  expect(await row.locator(".badge.status").innerText()).toBe("Pending");
  expect(await row.innerText()).toContain(text);
  await Promise.all([author.waitForURL(/\/admin\?.*done=/), row.locator(`button[name="one"][value="${id}:approve"]`).click()]);
  expect(await author.locator(".notice.ok").innerText()).toBe("approve: 1 changed");
  expect(await author.locator(`#q-${id} .badge.status`).innerText()).toBe("Approved");

  // The visitor (no cookies) reloads: the reply is published in its place, no longer marked.
  await visitorPage.reload();
  const published = visitorPage.locator(`#comment-${parentId} > ol.children > li#comment-${id}`);
  expect(await published.count()).toBe(1);
  expect(await published.getAttribute("class")).not.toContain("pending");
  expect(await published.locator(".notice.awaiting").count()).toBe(0);
  expect(await published.locator(".comment-body").innerText()).toBe(text);
  expect(await commentCount(visitorPage)).toBe(countBefore + 1);
  // And its writer sees it published too (their pending cookie no longer lists it).
  await reader.goto(postUrl());
  expect(await reader.locator(`#comment-${id}`).getAttribute("class")).not.toContain("pending");
});
