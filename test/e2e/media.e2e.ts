/**
 * A post with ten photos on a phone (Debian's Chromium, 390×844 CSS px at
 * device scale 3, as an iPhone 12–15): what the reader downloads with the
 * responsive widths made at upload, and with the originals alone (a blog
 * with MEDIA_WIDTHS empty). Prints the numbers for the README and checks
 * what they must show: each image is fetched once, at a width that fits
 * the screen, and the page with widths costs far less than the originals.
 * Also: the page has no layout shift while images load (width/height set).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import sharp from "sharp";
import type { Browser } from "playwright-core";
import { ADMIN_TOKEN, artifact, launchChromium, startE2EBlog, type E2EBlog } from "./support.js";

const PHOTOS = 10;
const ORIGINAL_WIDTH = 2400;
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

let browser: Browser;
const blogs: E2EBlog[] = [];

/** A photo-like JPEG: smooth colour fields with grain, 2400×1600, as a camera export would be. */
async function photo(n: number): Promise<Buffer> {
  const width = ORIGINAL_WIDTH;
  const height = 1600;
  const raw = Buffer.alloc(width * height * 3);
  let s = n * 7919 + 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const grain = (s >>> 27) - 16;
      const i = (y * width + x) * 3;
      raw[i] = Math.max(0, Math.min(255, 120 + 80 * Math.sin((x + n * 300) / 260) + grain));
      raw[i + 1] = Math.max(0, Math.min(255, 110 + 70 * Math.cos((y + n * 170) / 210) + grain));
      raw[i + 2] = Math.max(0, Math.min(255, 100 + 60 * Math.sin((x + y) / 330 + n) + grain));
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
}

async function blogWithPhotos(widths: string | undefined, photos: Buffer[]): Promise<E2EBlog> {
  const blog = await startE2EBlog(widths === undefined ? {} : { bindings: { MEDIA_WIDTHS: widths } });
  blogs.push(blog);
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const paths: string[] = [];
  for (const [i, bytes] of photos.entries()) {
    const form = new FormData();
    form.append("file", new Blob([bytes]), `photo-${i + 1}.jpg`);
    form.append("alt", `Photo ${i + 1}`);
    const res = await fetch(`${blog.url}/api/admin/media`, { method: "POST", headers: auth, body: form });
    expect(res.status).toBe(201);
    paths.push(((await res.json()) as { media: { path: string }[] }).media[0]!.path);
  }
  const markdown = paths.map((p, i) => `Paragraph ${i + 1} of a walk along the coast.\n\n![](${p})\n`).join("\n");
  const put = await fetch(`${blog.url}/api/admin/posts/ten-photos`, { method: "PUT", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ title: "Ten photos", markdown }) });
  expect(put.status).toBe(201);
  return blog;
}

interface Visit {
  total: number;
  images: { url: string; bytes: number; width: number }[];
  shift: number;
}

/** Opens the post on a phone, scrolls to its end so every lazy image loads, and counts the bytes. */
async function visit(blog: E2EBlog, name: string): Promise<Visit> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const bytes = new Map<string, number>();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  cdp.on("Network.responseReceived", (e) => urls.set(e.requestId, e.response.url));
  cdp.on("Network.loadingFinished", (e) => bytes.set(urls.get(e.requestId) ?? e.requestId, (bytes.get(urls.get(e.requestId) ?? e.requestId) ?? 0) + e.encodedDataLength));
  await page.goto(`${blog.url}/ten-photos`, { waitUntil: "load" });
  // Page scripts as text: the project's types are the Workers', not the DOM's.
  await page.evaluate(`window.shift = 0; new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.shift += entry.value; }).observe({ type: "layout-shift", buffered: true });`);
  for (let y = 0; y < 40; y++) {
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(60);
  }
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: artifact(`media-${name}.png`) });
  const shift = (await page.evaluate("window.shift")) as number;
  const widths = (await page.evaluate(`[...document.querySelectorAll(".post-body img")].map((img) => ({ url: img.currentSrc }))`)) as { url: string }[];
  await context.close();
  // The width of the file the browser chose, from its name (naturalWidth is corrected for the chosen density).
  const images = widths.map((w) => ({ url: w.url, width: Number(/-(\d+)\.webp$/.exec(w.url)?.[1] ?? ORIGINAL_WIDTH), bytes: bytes.get(w.url) ?? 0 }));
  return { total: [...bytes.values()].reduce((a, b) => a + b, 0), images, shift };
}

beforeAll(async () => {
  const photos = await Promise.all(Array.from({ length: PHOTOS }, (_, i) => photo(i + 1)));
  browser = await launchChromium();
  await blogWithPhotos(undefined, photos);
  await blogWithPhotos("", photos);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const blog of blogs) await blog.stop();
});

it("a phone downloads each photo once, at a width that fits it, for far fewer bytes than the originals", async () => {
  const withWidths = await visit(blogs[0]!, "with-widths");
  const originals = await visit(blogs[1]!, "originals");
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const largest = (v: Visit) => Math.max(...v.images.map((i) => i.bytes));
  console.log(
    [
      `\nA post with ${PHOTOS} photos (2400×1600 JPEG), phone 390×844 @3x, Debian Chromium (npx vitest run --config vitest.e2e.config.ts test/e2e/media.e2e.ts):`,
      `| | page total | images | largest image | image width fetched |`,
      `| --- | ---: | ---: | ---: | --- |`,
      `| responsive widths (480/960/1600 WebP) | ${kib(withWidths.total)} | ${kib(withWidths.images.reduce((a, i) => a + i.bytes, 0))} | ${kib(largest(withWidths))} | ${[...new Set(withWidths.images.map((i) => i.width))].join(", ")} px |`,
      `| originals only (MEDIA_WIDTHS="") | ${kib(originals.total)} | ${kib(originals.images.reduce((a, i) => a + i.bytes, 0))} | ${kib(largest(originals))} | ${[...new Set(originals.images.map((i) => i.width))].join(", ")} px |`,
      `layout shift: ${withWidths.shift.toFixed(3)} and ${originals.shift.toFixed(3)}`,
    ].join("\n"),
  );
  // Every photo was loaded (lazy ones too), each once.
  expect(withWidths.images).toHaveLength(PHOTOS);
  for (const v of [withWidths, originals]) for (const image of v.images) expect(image.bytes, image.url).toBeGreaterThan(0);
  // 390 CSS px less padding at 3x is 1050 device px: the 1600 px copy, never the 2400 px original.
  expect(withWidths.images.every((i) => i.width === 1600 && i.url.endsWith("-1600.webp"))).toBe(true);
  expect(originals.images.every((i) => i.width === 2400 && i.url.endsWith(".jpg"))).toBe(true);
  expect(withWidths.total).toBeLessThan(originals.total * 0.7);
  // width and height on every image: nothing moves as they arrive.
  expect(withWidths.shift).toBeLessThan(0.01);
  expect(originals.shift).toBeLessThan(0.01);
});
