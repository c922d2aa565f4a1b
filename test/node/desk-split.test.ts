/**
 * The blog as two built Workers, as deployed: the reader answers readers and
 * passes /admin, /api/admin and its Cron Triggers to the desk through the
 * service binding DESK; the desk's config is made from wrangler.toml.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
// @ts-expect-error: plain JS modules shared with the scripts
import { startBlog } from "../../scripts/lib/harness.js";
// @ts-expect-error: plain JS modules shared with the scripts
import { ROOT, readDevVars } from "../../scripts/lib/local.js";
import { deskConfigFrom } from "../../scripts/lib/desk-config.js";

const TOKEN = readDevVars(readFileSync(join(ROOT, ".dev.vars.example"), "utf8")).ADMIN_TOKEN as string;

interface Blog {
  url: string;
  DB: D1Like;
  mf: { getWorker(name?: string): Promise<{ scheduled(o: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }> }> };
  formToken(slug: string): Promise<string>;
  stop(): Promise<void>;
}
interface D1Like {
  prepare(sql: string): { bind(...v: unknown[]): { first<T>(): Promise<T | null> }; first<T>(): Promise<T | null> };
}

let blog: Blog;
beforeAll(async () => {
  blog = await startBlog();
});
afterAll(async () => {
  await blog?.stop();
});

it("the desk's config is wrangler.toml's, with its own name and entry, no triggers and no address", () => {
  const reader = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const desk = deskConfigFrom(reader);
  expect(desk).toMatch(/^name = "edgepress-desk"$/m);
  expect(desk).toMatch(/^main = "src\/desk\.ts"$/m);
  expect(desk).toMatch(/^workers_dev = false$/m);
  expect(desk).not.toMatch(/^\[triggers\]/m);
  expect(desk).not.toMatch(/^\[\[services\]\]/m);
  // Every var and binding line of the reader's config is in the desk's.
  const settings = (text: string) => text.split("\n").filter((l) => /^\w+\s*=/.test(l) && !/^(name|main|workers_dev|crons)\s*=/.test(l) && !/^(binding = "DESK"|service = "edgepress-desk")$/.test(l));
  expect(settings(desk)).toEqual(settings(reader));
  expect(settings(desk)).toContain('BASE_URL = "http://127.0.0.1:8787"');
});

it("the reader serves readers and passes the author's pages and API to the desk", async () => {
  expect((await fetch(`${blog.url}/`)).status).toBe(200);
  const signIn = await fetch(`${blog.url}/admin`);
  expect(signIn.status).toBe(200);
  expect(await signIn.text()).toContain("Admin token");
  const posts = await fetch(`${blog.url}/api/admin/posts`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(posts.status).toBe(200);
  expect(((await posts.json()) as { posts: unknown[] }).posts.length).toBeGreaterThan(0);
  expect((await fetch(`${blog.url}/api/admin/posts`)).status).toBe(401);
  // The desk's cron route is not reachable from outside.
  expect((await fetch(`${blog.url}/__desk/cron`, { method: "POST", body: "{}" })).status).toBe(404);
});

it("the reader's Cron Trigger runs the job on the desk", async () => {
  const slug = "למה-לכתוב-בלוג";
  const form = new URLSearchParams({ author: "Cron Reader", email: "cron@example.com", comment: "Scored on the desk, please.", token: await blog.formToken(slug) });
  const posted = await fetch(`${blog.url}/${encodeURIComponent(slug)}/comments`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
  expect(posted.status).toBe(303);
  const before = await blog.DB.prepare("SELECT spam_score FROM comments WHERE author_name = 'Cron Reader'").first<{ spam_score: number | null }>();
  expect(before!.spam_score).toBeNull();
  const reader = await blog.mf.getWorker();
  const result = await reader.scheduled({ cron: "*/5 * * * *", scheduledTime: new Date() });
  expect(result.outcome).toBe("ok");
  const after = await blog.DB.prepare("SELECT spam_score FROM comments WHERE author_name = 'Cron Reader'").first<{ spam_score: number | null }>();
  expect(after!.spam_score).not.toBeNull();
});

it("the author sees their own change at once: a desk write drops the reader's few seconds of KV memory", async () => {
  const path = `${blog.url}/api/posts/fresh-from-the-desk`;
  expect((await fetch(path)).status).toBe(404);
  const put = await fetch(`${blog.url}/api/admin/posts/fresh-from-the-desk`, { method: "PUT", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: JSON.stringify({ title: "Fresh", markdown: "Just now." }) });
  expect(put.status).toBe(201);
  // The internal header stays between the Workers.
  expect(put.headers.get("x-edgepress-kv-written")).toBeNull();
  expect((await fetch(path)).status).toBe(200);
});
