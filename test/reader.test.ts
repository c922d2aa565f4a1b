import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { attr, get } from "./helpers";

beforeAll(async () => {
  await seedDemo(env);
});

describe("home page", () => {
  it("lists the demo posts newest first, as UTF-8 HTML with security headers", async () => {
    const res = await get("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=UTF-8");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    const html = await res.text();
    expect(attr(html, "html", "lang")).toBe("en");
    expect(attr(html, "html", "dir")).toBe("ltr");
    const shak = html.indexOf("Shakshuka");
    const hebrew = html.indexOf("למה לכתוב בלוג");
    const hello = html.indexOf("Hello from the edge");
    expect(shak).toBeGreaterThan(0);
    expect(shak).toBeLessThan(hebrew);
    expect(hebrew).toBeLessThan(hello);
    expect(html).toMatch(/<article class="entry" lang="he" dir="rtl">/);
  });
});
