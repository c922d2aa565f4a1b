/** The harness the node-side tests stand on: the built Worker serves the demo blog on 127.0.0.1. */
import { afterAll, beforeAll, expect, it } from "vitest";
// @ts-expect-error: plain JS module shared with the scripts
import { startBlog } from "../../scripts/lib/harness.js";

let blog: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  blog = await startBlog();
});
afterAll(async () => {
  await blog?.stop();
});

it("serves the seeded demo blog from the built worker", async () => {
  const res = await fetch(blog.url + "/");
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("למה לכתוב בלוג");
});
