/**
 * The blog under `wrangler dev` itself (what `npm start` runs), not only the
 * built Worker: its proxy answered 503 ("worker restarted mid-request") when
 * a chunked body over 1 MiB was cut off, and the reader's text was lost.
 * Also proves that wrangler's own `d1 migrations apply` takes our migrations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devServer, type DevServer } from "../fixtures/cli/dev-server.js";

let blog: DevServer;

beforeAll(async () => {
  blog = await devServer();
});

afterAll(async () => {
  await blog?.stop();
});

describe("wrangler dev", () => {
  it("applies the migrations with wrangler's own command, and serves the blog", async () => {
    expect(blog.migrationsOutput).toMatch(/0001_initial\.sql[\s\S]*0002_security\.sql/);
    const res = await fetch(`${blog.url}/${blog.slug}`);
    expect(res.status).toBe(200);
  });

  it.each([
    ["chunked, 2 MiB", 2 * 1024 * 1024, true],
    ["chunked, 2 MiB again", 2 * 1024 * 1024, true],
    ["chunked, 8 MiB", 8 * 1024 * 1024, true],
    ["with a length, 2 MiB", 2 * 1024 * 1024, false],
  ] as const)("answers a form body over the limit with 413, never 503 (%s)", async (_, size, chunked) => {
    const answer = await blog.postRaw(`/${blog.slug}/comments`, size, chunked);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("This comment is too large to send");
  });
});
