/**
 * What link previews and search engines read: OpenGraph and Twitter card
 * tags, a post's JSON-LD BlogPosting, and the blog's icon.
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import type { Env } from "../src/config";
import { buildBlog } from "./worker";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { slugPath } from "../src/posts/slug";
import { BASE, get } from "./helpers";
import { makePng } from "./media/png";

const TOKEN = env.ADMIN_TOKEN!;
const meta = (html: string, property: string) => [...html.matchAll(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`, "g"))].map((m) => m[1]!);
const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;
const api = (path: string, init: RequestInit) => exports.default.fetch(new Request(BASE + path, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, ...(init.headers ?? {}) } }));

beforeAll(async () => {
  await seedDemo(env);
});

describe("link previews", () => {
  it("describes a Hebrew post as an article with a BlogPosting in its language", async () => {
    const html = await (await get(slugPath(HEBREW_DEMO_SLUG))).text();
    expect(meta(html, "og:type")).toEqual(["article"]);
    expect(meta(html, "og:locale")).toEqual(["he"]);
    expect(meta(html, "og:url")[0]).toBe(`${env.BASE_URL}${slugPath(HEBREW_DEMO_SLUG)}`);
    expect(meta(html, "twitter:card")).toEqual(["summary"]);
    expect(meta(html, "article:published_time")[0]).toMatch(/^\d{4}-\d\d-\d\dT/);
    const ld = jsonLd(html);
    expect(ld["@type"]).toBe("BlogPosting");
    expect(ld.inLanguage).toBe("he");
    expect((ld.author as { name: string }).name).toBe(env.AUTHOR_NAME);
    expect(ld.headline).toBe(meta(html, "og:title")[0]!.replace(/&quot;/g, '"'));
  });

  it("gives a post with a cover a large card with the image's absolute address and size", async () => {
    const form = new FormData();
    form.append("file", new File([await makePng(1200, 630, 3)], "cover.png"));
    form.append("alt", "A wide test card");
    const key = ((await (await api("/api/admin/media", { method: "POST", body: form })).json()) as { media: { key: string }[] }).media[0]!.key;
    const put = await api("/api/admin/posts/with-cover", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title: 'Cover </script><script>alert(1)</script> "quoted"', markdown: "Text.", cover: key, tags: ["one", "two"] }) });
    expect(put.status).toBe(201);
    const html = await (await get("/with-cover")).text();
    expect(meta(html, "twitter:card")).toEqual(["summary_large_image"]);
    expect(meta(html, "og:image")).toEqual([`${env.BASE_URL}/media/${key}`]);
    expect(meta(html, "og:image:width")).toEqual(["1200"]);
    expect(meta(html, "og:image:alt")).toEqual(["A wide test card"]);
    expect(meta(html, "article:tag")).toEqual(["one", "two"]);
    // The title cannot close the JSON-LD block.
    expect(html.match(/<\/script>/g)!.length).toBe(1);
    const ld = jsonLd(html);
    expect(ld.headline).toBe('Cover </script><script>alert(1)</script> "quoted"');
    expect(ld.image).toEqual([`${env.BASE_URL}/media/${key}`]);
    expect(ld.keywords).toBe("one, two");
  });

  it("describes the index as a website, with no JSON-LD", async () => {
    const html = await (await get("/")).text();
    expect(meta(html, "og:type")).toEqual(["website"]);
    expect(meta(html, "og:site_name")).toEqual([env.BLOG_TITLE!]);
    expect(html).not.toContain("application/ld+json");
  });
});

describe("the icon", () => {
  it("links a default icon that is served, and /favicon.ico redirects to it", async () => {
    const html = await (await get("/")).text();
    const href = /<link rel="icon" href="([^"]+)"/.exec(html)![1]!;
    expect(href).toMatch(/^\/favicon\.svg\?v=/);
    const icon = await get(href);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(await icon.text()).toMatch(/^<svg /);
    const ico = await get("/favicon.ico");
    expect(ico.status).toBe(301);
    expect(ico.headers.get("location")).toBe(href);
  });

  it("uses the author's own icon from the media library when SITE_ICON names one", async () => {
    const key = "0123456789abcdef0123456789abcdef.png";
    const blog = buildBlog();
    const res = await blog.fetch(new Request(BASE + "/favicon.ico", { redirect: "manual" }), { ...env, SITE_ICON: key } as Env, createExecutionContext());
    expect(res.headers.get("location")).toBe(`/media/${key}`);
    expect(await (await blog.fetch(new Request(BASE + "/hello-from-the-edge"), { ...env, SITE_ICON: key } as Env, createExecutionContext())).text()).toContain(`<link rel="icon" href="/media/${key}"`);
    const bad = await blog.fetch(new Request(BASE + "/"), { ...env, SITE_ICON: "../../etc/passwd" } as Env, createExecutionContext());
    expect(bad.status).toBe(500);
    expect(await bad.text()).toContain("SITE_ICON");
  });
});
