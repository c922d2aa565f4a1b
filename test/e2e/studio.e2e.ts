/**
 * The post editor in the author's desk, in a real browser (Debian's Chromium).
 *
 * With JavaScript off, the author writes a Hebrew post through the plain
 * form: an image chosen with the file input goes up with "Upload and insert"
 * and comes back in the text as Markdown, everything typed kept, and becomes
 * the cover; the preview opens in a new tab with the readers' templates and
 * saves nothing; a future date schedules the post (readers get 404 and no
 * index entry, the author sees it at its address under a "Scheduled." banner);
 * a past date publishes it (readers find it on the index, right to left, its
 * image loaded); an edit reaches readers; an edit made on a copy the command
 * line changed meanwhile comes back with both versions and saves only when
 * asked again; a draft is the author's alone.
 *
 * With JavaScript on, editor.js suggests the address from the title (Hebrew
 * kept), uploads an image pasted into the text at the cursor, and saves on
 * Ctrl+S.
 *
 * The steps build on each other (one post through its life), in order.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Browser, BrowserContext, Page, Response } from "playwright-core";
import { toLocalInput } from "../../src/admin/local-time";
import { makePng } from "../media/png";
import { ADMIN_TOKEN, artifact, launchChromium, startE2EBlog, type E2EBlog } from "./support.js";

/** wrangler.toml's TIME_ZONE: the editor's dates are wall-clock times there. */
const TIME_ZONE = "Asia/Jerusalem";
const DAY_MS = 86_400_000;

const TITLE = "מהשטח: תמונה אחת";
/** The address the server makes from TITLE (slugify: punctuation out, spaces to "-", Hebrew kept). */
const SLUG = "מהשטח-תמונה-אחת";
const BODY = "## פתיחה\n\nיצאתי הבוקר עם **מצלמה אחת** ושלוש שאלות:\n\n- מה רואים?\n- מה שומעים?\n- מה נשאר?\n";
const ALT = "שדה חיטה בשקיעה";

let blog: E2EBlog;
let browser: Browser;
/** The author with JavaScript off, signed in, and the page they work in. */
let author: Page;
/** The image uploaded in the first step: its library key. */
let imageKey = "";

beforeAll(async () => {
  [blog, browser] = await Promise.all([startE2EBlog(), launchChromium()]);
  author = await signedInAuthor({ javaScript: false });
});
afterAll(async () => {
  await browser?.close();
  await blog?.stop();
});

const at = (path: string) => `${blog.url}${path}`;
const postAddress = (slug: string) => at(`/${encodeURIComponent(slug)}`);
const editAddress = (slug: string) => at(`/admin/posts/${encodeURIComponent(slug)}/edit`);

/** A fresh context (own cookies, own HTTP cache), JavaScript off unless asked. */
async function newPage(options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? false, locale: "he-IL" });
  return context.newPage();
}

/** Someone who never signed in, with an empty cache. */
const anonymous = () => newPage();

/** Signs in at /admin with the admin token; the session cookie covers the whole site (Path=/), so drafts show at their addresses. */
async function signedInAuthor(options: { javaScript: boolean }): Promise<Page> {
  const page = await newPage(options);
  await page.goto(at("/admin"));
  await page.locator("#token").fill(ADMIN_TOKEN);
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/admin/login")), page.locator('button[type="submit"]').click()]);
  expect(response.status()).toBe(303);
  await page.locator("h1", { hasText: "Comments" }).waitFor();
  expect(await page.context().cookies()).toEqual([expect.objectContaining({ name: "ep_admin", path: "/", httpOnly: true, sameSite: "Strict" })]);
  return page;
}

/** One of the editor's buttons, by its intent (not the hidden default-action one). */
const button = (page: Page, intent: "save" | "publish" | "upload" | "preview") => page.locator(`#editor button[name="intent"][value="${intent}"]:not(.default-action)`);

/**
 * Presses an editor button (or runs `act`) and waits for the page that comes
 * back: the POST's own answer (an upload, a refusal) or the page it
 * redirects to (a save). Returns the POST's response.
 */
async function submit(page: Page, act: () => Promise<unknown>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/admin/posts/")),
    page.waitForEvent("load"),
    act(),
  ]);
  return response;
}
const press = (page: Page, intent: "save" | "publish" | "upload") => submit(page, () => button(page, intent).click());

/** The notice at the top of the editor after a save. */
const notice = (page: Page) => page.locator("p.notice").innerText();

/** The slug of the post the editor shows, from its address (/admin/posts/<slug>/edit?done=…). */
function editedSlug(page: Page): string {
  const m = /^\/admin\/posts\/([^/]+)\/edit$/.exec(new URL(page.url()).pathname);
  expect(m, page.url()).not.toBeNull();
  return decodeURIComponent(m![1]!);
}

/** The post's row in D1, as the editor saved it. */
const stored = (slug: string) => blog.DB.prepare("SELECT status, published_at, source, lang, cover, title FROM posts WHERE slug = ?1").bind(slug).first<{ status: string; published_at: number; source: string | null; lang: string; cover: string | null; title: string }>();

/** Every post the author has, drafts and scheduled ones too, as the CLI lists them. */
async function apiSlugs(): Promise<string[]> {
  const res = await fetch(at("/api/admin/posts"), { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { posts: { slug: string }[] }).posts.map((p) => p.slug);
}

/**
 * The images of a post page, once loaded (a broken one never gets a natural
 * width). page.evaluate runs even with the page's own JavaScript off.
 */
async function loadedImages(page: Page, selector: string): Promise<{ src: string; width: number }[]> {
  const script = `[...document.querySelectorAll(${JSON.stringify(selector)})].map((img) => ({ src: img.currentSrc, width: img.complete ? img.naturalWidth : -1 }))`;
  await expect.poll(async () => (await page.evaluate<{ width: number }[]>(script)).every((i) => i.width !== -1), { timeout: 15_000 }).toBe(true);
  return page.evaluate<{ src: string; width: number }[]>(script);
}

/** What a reader who never signed in gets at the post's address and on the index. */
async function asReader(slug: string): Promise<{ status: number | undefined; page: Page; onIndex: boolean }> {
  const page = await anonymous();
  await page.goto(at("/"));
  const onIndex = (await page.locator("body").innerText()).includes(TITLE);
  const res = await page.goto(postAddress(slug));
  return { status: res?.status(), page, onIndex };
}

it("with JavaScript off: uploads an image into the Hebrew post, everything typed kept, and makes it the cover", async () => {
  await author.goto(at("/admin/posts/new"));
  expect(await author.locator("h1").innerText()).toBe("New post");
  await author.locator("#title").fill(TITLE);
  await author.locator("#body").fill(BODY);
  await author.locator("#tags").fill("צילום, שטח");
  await author.locator("#lang").fill("he");
  const png = await makePng(1200, 800, 3);
  await author.locator("#file").setInputFiles({ name: "wheat.png", mimeType: "image/png", buffer: Buffer.from(png) });
  await author.locator("#alt").fill(ALT);
  expect(await button(author, "upload").innerText()).toBe("Upload and insert");

  const response = await press(author, "upload");
  expect(response.status()).toBe(200);
  expect(await notice(author)).toContain("1 image added to the text");
  // Everything typed came back, the image's Markdown after the text (no cursor without JavaScript).
  const body = await author.locator("#body").inputValue();
  const m = /!\[([^\]]*)\]\(\/media\/([0-9a-f]{32}\.png)\)/.exec(body);
  expect(m, body).not.toBeNull();
  imageKey = m![2]!;
  expect(body).toBe(`${BODY}\n![${ALT}](/media/${imageKey})\n`);
  expect(await author.locator("#title").inputValue()).toBe(TITLE);
  expect(await author.locator("#slug").inputValue()).toBe("");
  expect(await author.locator("#tags").inputValue()).toBe("צילום, שטח");
  expect(await author.locator("#lang").inputValue()).toBe("he");
  expect(await author.locator('input[name="comments"]').isChecked()).toBe(true);
  // The text now runs right to left, as its language does.
  expect(await author.locator("#body").getAttribute("dir")).toBe("rtl");
  // The image is in the library, and nothing else was saved.
  expect(await blog.DB.prepare("SELECT alt FROM media WHERE key = ?1").bind(imageKey).first()).toEqual({ alt: ALT });
  expect(await apiSlugs()).not.toContain(SLUG);

  await author.locator("#cover").selectOption(imageKey);
  expect(await author.locator("#cover option:checked").innerText()).toContain(ALT);
  await author.screenshot({ path: artifact("studio-editor-no-js.png"), fullPage: true });
});

it("previews the post in a new tab with the readers' templates, saving nothing", async () => {
  const [preview] = await Promise.all([author.context().waitForEvent("page"), button(author, "preview").click()]);
  await preview.waitForLoadState("load");
  expect(await preview.locator(".notice.author-view strong").innerText()).toBe("Preview, not saved.");
  expect(await preview.locator("html").getAttribute("dir")).toBe("rtl");
  expect(await preview.locator("html").getAttribute("lang")).toBe("he");
  expect(await preview.locator("article.post h1").innerText()).toBe(TITLE);
  expect(await preview.locator("article.post .post-body h2").innerText()).toBe("פתיחה");
  expect(await preview.locator("article.post .post-body strong").innerText()).toBe("מצלמה אחת");
  // The cover and the image in the text, both loaded.
  const images = await loadedImages(preview, "article.post figure.cover img, article.post .post-body img");
  expect(images).toHaveLength(2);
  for (const image of images) {
    expect(image.src).toContain(`/media/${imageKey.replace(/\.png$/, "")}`);
    expect(image.width).toBeGreaterThan(0);
  }
  expect(await preview.locator(".post-body img").getAttribute("alt")).toBe(ALT);
  await preview.screenshot({ path: artifact("studio-preview.png"), fullPage: true });
  await preview.close();

  // Nothing stored: not in the author's list, not in D1, not for readers.
  expect(await apiSlugs()).not.toContain(SLUG);
  expect(await stored(SLUG)).toBeNull();
  const list = await newPageSharing(author);
  await list.goto(at("/admin/posts"));
  expect(await list.locator("main").innerText()).not.toContain(TITLE);
  await list.close();
  // The editor still holds the form as it was.
  expect(await author.locator("#title").inputValue()).toBe(TITLE);
  expect(await author.locator("#cover").inputValue()).toBe(imageKey);
});

/** Another tab of the same author (same cookies). */
const newPageSharing = (page: Page) => page.context().newPage();

it("schedules the post for a future date: readers get 404 and no index entry, the author sees it with a banner", async () => {
  const future = toLocalInput(Date.now() + 3 * DAY_MS, TIME_ZONE);
  await author.locator("#date").fill(future);
  expect(await button(author, "publish").innerText()).toBe("Publish (or schedule)");
  const response = await press(author, "publish");
  expect(response.status()).toBe(303);
  expect(editedSlug(author)).toBe(SLUG);
  expect(await notice(author)).toContain("Scheduled: readers see it from");
  const row = (await stored(SLUG))!;
  expect(row).toMatchObject({ status: "published", lang: "he", cover: imageKey, source: `${BODY}\n![${ALT}](/media/${imageKey})\n` });
  expect(row.published_at).toBeGreaterThan(Date.now() + 2 * DAY_MS);
  // The form for the scheduled post: its date kept, "Update" now, no publish button.
  expect(await author.locator("#date").inputValue()).toBe(future);
  expect(await button(author, "save").innerText()).toBe("Update");
  expect(await button(author, "publish").count()).toBe(0);

  const reader = await asReader(SLUG);
  expect(reader.status).toBe(404);
  expect(reader.onIndex).toBe(false);

  const view = await newPageSharing(author);
  const res = await view.goto(postAddress(SLUG));
  expect(res?.status()).toBe(200);
  expect(await view.locator(".notice.author-view strong").innerText()).toBe("Scheduled.");
  expect(await view.locator(".notice.author-view").innerText()).toContain("Only you can see this page until");
  expect(await view.locator("article.post h1").innerText()).toBe(TITLE);
  expect(await view.locator("html").getAttribute("dir")).toBe("rtl");
  await view.close();
});

/** The reader who read the published post: their tab stays open for the edit that follows. */
let reader: Page;

it("publishes it with a past date: readers find it on the index, right to left, its image loaded", async () => {
  await author.locator("#date").fill(toLocalInput(Date.now() - DAY_MS, TIME_ZONE));
  const response = await press(author, "save");
  expect(response.status()).toBe(303);
  expect(await notice(author)).toBe("Published: readers see it now.");
  expect((await stored(SLUG))!.published_at).toBeLessThan(Date.now());

  reader = await anonymous();
  await reader.goto(at("/"));
  await Promise.all([reader.waitForURL(postAddress(SLUG)), reader.getByRole("link", { name: TITLE, exact: true }).first().click()]);
  expect(await reader.locator(".notice.author-view").count()).toBe(0);
  expect(await reader.locator("html").getAttribute("lang")).toBe("he");
  expect(await reader.evaluate<string>("getComputedStyle(document.documentElement).direction")).toBe("rtl");
  expect(await reader.locator("article.post h1").innerText()).toBe(TITLE);
  const [cover] = await loadedImages(reader, "article.post figure.cover img");
  expect(cover!.width).toBeGreaterThan(0);
  const [inText] = await loadedImages(reader, "article.post .post-body img");
  expect(inText!.width).toBeGreaterThan(0);
  expect(await reader.locator(".post-body img").getAttribute("alt")).toBe(ALT);
  // Right to left: the heading's words start at the right edge of its box, far from the left one.
  const [fromRight, fromLeft] = await reader.evaluate<[number, number]>(
    `(() => { const h = document.querySelector(".post-body h2"); const r = document.createRange(); r.selectNodeContents(h); const t = r.getBoundingClientRect(), box = h.getBoundingClientRect(); return [box.right - t.right, t.left - box.left]; })()`,
  );
  expect(fromRight).toBeLessThan(1);
  expect(fromLeft).toBeGreaterThan(100);
  await reader.screenshot({ path: artifact("studio-hebrew-post.png"), fullPage: true });
});

it("saves an edit that readers see at once", async () => {
  const added = "\nעדכון: בערב חזרתי לאותו שדה.\n";
  const body = (await author.locator("#body").inputValue()) + added;
  await author.locator("#body").fill(body);
  const response = await press(author, "save");
  expect(response.status()).toBe(303);
  expect(await notice(author)).toBe("Updated: readers see the change now.");
  expect((await stored(SLUG))!.source).toBe(body);

  // The reader's open tab, reloaded (the page is revalidated, not served from their cache).
  await reader.reload();
  expect(await reader.locator(".post-body").innerText()).toContain("עדכון: בערב חזרתי לאותו שדה.");
});

it("refuses an edit made on a copy the command line changed meanwhile, showing both versions, and saves it when asked again", async () => {
  await author.goto(editAddress(SLUG));
  // Meanwhile, as `edgepress` on the command line would:
  const cliText = "גרסה מהשורה הפקודה: טקסט אחר לגמרי.";
  const put = await fetch(at(`/api/admin/posts/${encodeURIComponent(SLUG)}`), {
    method: "PUT",
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: TITLE, markdown: cliText }),
  });
  expect(put.status).toBe(200);

  const mine = "הגרסה שלי מהדפדפן, עם **הדגשה**.\n\nופסקה שנייה.";
  await author.locator("#body").fill(mine);
  const stale = await press(author, "save");
  expect(stale.status()).toBe(409);
  expect(await author.locator("#conflict-title").innerText()).toBe("This post changed since you opened it");
  expect(await author.locator("#body").inputValue()).toBe(mine);
  expect(await author.locator("#saved-body").inputValue()).toBe(cliText);
  expect(await author.locator("#saved-body").getAttribute("readonly")).not.toBeNull();
  expect((await stored(SLUG))!.source).toBe(cliText);
  await author.screenshot({ path: artifact("studio-conflict.png"), fullPage: true });

  const again = await press(author, "save");
  expect(again.status()).toBe(303);
  expect(await notice(author)).toBe("Updated: readers see the change now.");
  expect(await author.locator("#conflict-title").count()).toBe(0);
  expect((await stored(SLUG))!.source).toBe(mine);
  const { status, page } = await asReader(SLUG);
  expect(status).toBe(200);
  const text = await page.locator(".post-body").innerText();
  expect(text).toContain("הגרסה שלי מהדפדפן");
  expect(text).not.toContain("גרסה מהשורה הפקודה");
});

it("keeps a draft to its author: readers get 404 and no index entry, the author sees it with a banner", async () => {
  const title = "טיוטה: עוד לא לקוראים";
  await author.goto(at("/admin/posts/new"));
  await author.locator("#title").fill(title);
  await author.locator("#lang").fill("he");
  await author.locator("#body").fill("רק אני רואה את זה.");
  expect(await button(author, "save").innerText()).toBe("Save draft");
  const response = await press(author, "save");
  expect(response.status()).toBe(303);
  expect(await notice(author)).toBe("Draft saved: only you can see it.");
  const slug = editedSlug(author);
  expect(slug).toBe("טיוטה-עוד-לא-לקוראים");
  expect((await stored(slug))!.status).toBe("draft");

  const reader = await anonymous();
  expect((await reader.goto(postAddress(slug)))?.status()).toBe(404);
  expect(await reader.locator("body").innerText()).not.toContain("רק אני רואה");
  await reader.goto(at("/"));
  expect(await reader.locator("body").innerText()).not.toContain(title);

  // The author follows the editor's own link to it.
  const link = author.getByRole("link", { name: "View (only you can see it)" });
  await Promise.all([author.waitForURL(postAddress(slug)), link.click()]);
  expect(await author.locator(".notice.author-view strong").innerText()).toBe("Draft.");
  expect(await author.locator("article.post h1").innerText()).toBe(title);
  expect(await author.locator(".post-body").innerText()).toContain("רק אני רואה את זה.");
});

it("with JavaScript on: suggests the address from the title, uploads a pasted image at the cursor, saves on Ctrl+S", async () => {
  const page = await signedInAuthor({ javaScript: true });
  const scriptLoaded = page.waitForResponse((r) => new URL(r.url()).pathname === "/admin/editor.js");
  await page.goto(at("/admin/posts/new"));
  expect((await scriptLoaded).status()).toBe(200);

  const title = "שלום מהדפדפן!";
  await page.locator("#title").pressSequentially(title);
  expect(await page.locator("#slug").inputValue()).toBe("שלום-מהדפדפן");
  await page.locator("#lang").fill("he");
  expect(await page.locator("#body").getAttribute("dir")).toBe("rtl");
  expect(await page.locator("#direction").innerText()).toBe("Direction follows the language: right to left.");
  const first = "שורה ראשונה.";
  const rest = "\nשורה שנייה.";
  await page.locator("#body").fill(first + rest);

  // A screenshot pasted after the first line: an image made in the page, in the clipboard's files.
  const pasted = await submit(page, () =>
    page.evaluate(`(async () => {
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 200;
      const g = canvas.getContext("2d");
      g.fillStyle = "#c33"; g.fillRect(0, 0, 320, 200);
      g.fillStyle = "#fff"; g.fillRect(40, 40, 240, 120);
      const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
      const data = new DataTransfer();
      data.items.add(new File([blob], "image.png", { type: "image/png" }));
      const body = document.getElementById("body");
      body.focus();
      body.setSelectionRange(${first.length}, ${first.length});
      const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
      body.dispatchEvent(event);
      if (!event.defaultPrevented) throw new Error("the editor did not take the pasted image");
    })()`),
  );
  expect(pasted.status()).toBe(200);
  expect(await notice(page)).toContain("1 image added to the text");
  const body = await page.locator("#body").inputValue();
  const key = /\/media\/([0-9a-f]{32}\.png)/.exec(body)?.[1];
  expect(key, body).toBeDefined();
  // At the cursor, a paragraph of its own; the rest of the text after it.
  expect(body).toBe(`${first}\n\n![](/media/${key})\n${rest}`);
  expect(await page.locator("#title").inputValue()).toBe(title);
  expect(await page.locator("#slug").inputValue()).toBe("שלום-מהדפדפן");
  expect(await blog.DB.prepare("SELECT width, height FROM media WHERE key = ?1").bind(key).first()).toEqual({ width: 320, height: 200 });
  expect(await stored("שלום-מהדפדפן")).toBeNull();

  await page.locator("#body").focus();
  const saved = await submit(page, () => page.keyboard.press("Control+s"));
  expect(saved.status()).toBe(303);
  expect(editedSlug(page)).toBe("שלום-מהדפדפן");
  expect(await notice(page)).toBe("Draft saved: only you can see it.");
  expect(await stored("שלום-מהדפדפן")).toMatchObject({ status: "draft", title: "שלום מהדפדפן!", lang: "he", source: body });
});

/** D1 refuses LIKE patterns over 50 bytes: the free address is found without one (editor-routes.tsx, freeSlug). */
it("saves a new post with a long Hebrew title and no address typed", async () => {
  const title = "מהשטח: תמונה אחת ומילים ספורות";
  await author.goto(at("/admin/posts/new"));
  await author.locator("#title").fill(title);
  await author.locator("#lang").fill("he");
  await author.locator("#body").fill("טקסט קצר.");
  const response = await press(author, "save");
  expect(response.status()).toBe(303);
  expect(editedSlug(author)).toBe("מהשטח-תמונה-אחת-ומילים-ספורות");
  expect(await stored("מהשטח-תמונה-אחת-ומילים-ספורות")).toMatchObject({ status: "draft", title });
});
