/**
 * The author's posts in the desk (issue 13): /admin/posts (every post with its
 * status, search, filter, pages), the confirm steps of unpublish, trash and
 * delete for good, the trash itself (off the blog, comments kept, restored as
 * it was), its purge by the cron after TRASH_DAYS, and the API's answers.
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { publishPost } from "../src/posts/store";
import { jobs } from "../src/scheduled";
import { PURGE_PER_RUN, TRASH_DAYS } from "../src/admin/post-trash";
import { DESK_POSTS_PER_PAGE } from "../src/admin/posts-routes";
import { exportPosts } from "../src/admin/transfer";
import { exportWxr } from "../src/admin/wxr/export";
import { parseWxr } from "../src/admin/wxr/parse";
import type { ExportInput } from "../src/admin/wxr/model";
import { admin, BASE, formToken, get, postComment, signInToDesk } from "./helpers";

const DAY = 86_400_000;


const put = (slug: string, json: Record<string, unknown>) => admin(`/api/admin/posts/${encodeURIComponent(slug)}`, { method: "PUT", json: { markdown: "Body text.", ...json } });

/** A comment through the reader's form, approved by the author when asked. */
async function comment(slug: string, text: string, approve = true): Promise<number> {
  const id = await postComment(slug, text);
  if (approve) expect((await admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "approve" } })).status).toBe(200);
  return id;
}

const signIn = signInToDesk;
const commentsInD1 = async (slug: string) => (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE post_slug = ?1").bind(slug).first<{ n: number }>())!.n;
const postRow = (slug: string) => env.DB.prepare("SELECT * FROM posts WHERE slug = ?1").bind(slug).first<{ status: string; trashed_at: number | null }>();
const text = async (path: string) => (await get(path)).text();


let session: { cookie: string; csrf: string };
const desk = (path: string) => get(path, { headers: { Cookie: session.cookie } });
const deskText = async (path: string) => (await desk(path)).text();
const form = (path: string, fields: [string, string][], cookie = session.cookie) =>
  exports.default.fetch(new Request(BASE + path, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: new URLSearchParams(fields).toString() }));
const act = (slug: string, what: string) => form(`/admin/posts/${encodeURIComponent(slug)}/${what}`, [["csrf", session.csrf]]);
const notice = (res: Response) => decodeURIComponent(new URL(res.headers.get("location")!, BASE).searchParams.get("done") ?? new URL(res.headers.get("location")!, BASE).searchParams.get("failed") ?? "");
/** The list item of one post on a desk page. */
const itemOf = (html: string, slug: string) => new RegExp(`<li class="queue-item[^"]*" id="p-${slug}">([\\s\\S]*?)</li>`).exec(html)?.[1];

beforeAll(async () => {
  await seedDemo(env);
  session = await signIn();
});

describe("/admin/posts", () => {
  it("needs a session, and is in the desk's nav", async () => {
    const anonymous = await get("/admin/posts");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/admin");
    const queue = await deskText("/admin");
    expect(queue).toContain(`<a href="/admin/posts">Posts</a>`);
  });

  it("lists every post newest first with its status, date, comment counts, edit and view links", async () => {
    expect((await put("desk-published", { title: "Desk published", date: "2026-10-01T09:00:00Z", tags: ["desk"] })).status).toBe(201);
    expect((await put("desk-scheduled", { title: "Desk scheduled", date: new Date(Date.now() + 5 * DAY).toISOString() })).status).toBe(201);
    expect((await put("desk-draft", { title: "Desk draft", draft: true, date: "2026-09-01T09:00:00Z" })).status).toBe(201);
    expect((await put("desk-trashed", { title: "Desk trashed", date: "2026-08-01T09:00:00Z" })).status).toBe(201);
    await comment("desk-published", "approved one");
    await comment("desk-published", "approved two");
    await comment("desk-published", "waiting", false);
    expect((await admin("/api/admin/posts/desk-trashed", { method: "DELETE" })).status).toBe(200);

    const html = await deskText("/admin/posts");
    const order = ["desk-scheduled", "desk-published", "desk-draft", "desk-trashed"].map((slug) => html.indexOf(`id="p-${slug}"`));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    const published = itemOf(html, "desk-published")!;
    expect(published).toContain("Published");
    expect(published).toContain("October 1, 2026");
    expect(published).toContain("2 approved / 1 pending comments");
    expect(published).toContain(`href="/admin/posts/desk-published/edit"`);
    expect(published).toContain(`href="/desk-published">View</a>`);
    expect(published).toContain(`href="/admin/posts/desk-published/unpublish"`);
    expect(published).toContain(`href="/admin/posts/desk-published/trash"`);

    const scheduled = itemOf(html, "desk-scheduled")!;
    expect(scheduled).toContain("Scheduled");
    // Its own address shows it to the signed-in author alone.
    expect(scheduled).toContain(`href="/desk-scheduled">View (only you)</a>`);
    expect(scheduled).toContain(`href="/admin/posts/desk-scheduled/unpublish"`);

    const draft = itemOf(html, "desk-draft")!;
    expect(draft).toContain("Draft");
    expect(draft).not.toContain("unpublish");
    expect(draft).toContain(`href="/admin/posts/desk-draft/edit"`);

    const trashed = itemOf(html, "desk-trashed")!;
    expect(trashed).toMatch(/In the trash until \w+ \d+, \d{4}/);
    expect(trashed).toContain(`action="/admin/posts/desk-trashed/restore"`);
    expect(trashed).toContain(`href="/admin/posts/desk-trashed/delete"`);
    expect(trashed).not.toContain("/trash\"");

    // The status filter.
    const drafts = await deskText("/admin/posts?status=draft");
    expect(drafts).toContain(`id="p-desk-draft"`);
    expect(drafts).not.toContain(`id="p-desk-published"`);
    const inTrash = await deskText("/admin/posts?status=trashed");
    expect(inTrash).toContain(`id="p-desk-trashed"`);
    expect(inTrash).not.toContain(`id="p-desk-draft"`);
    expect(await deskText("/admin/posts?status=scheduled")).toContain(`id="p-desk-scheduled"`);
  });

  it("finds posts by title, case-insensitively, in any script, with LIKE's wildcards taken literally", async () => {
    expect((await put("חלה-לשבת", { title: "מתכון לחלה של שבת", lang: "he" })).status).toBe(201);
    expect((await put("percent-post", { title: "Growth of 100% in a year" })).status).toBe(201);
    const hebrew = await deskText(`/admin/posts?q=${encodeURIComponent("חלה")}`);
    expect(hebrew).toContain("מתכון לחלה של שבת");
    expect(hebrew).toContain("1 posts");
    const upper = await deskText("/admin/posts?q=GROWTH");
    expect(upper).toContain("Growth of 100% in a year");
    expect(upper).not.toContain("Desk published");
    const percent = await deskText(`/admin/posts?q=${encodeURIComponent("100%")}`);
    expect(percent).toContain("Growth of 100% in a year");
    const wildcard = await deskText(`/admin/posts?q=${encodeURIComponent("%")}`);
    expect(wildcard).toContain("1 posts");
    expect(await deskText(`/admin/posts?q=${encodeURIComponent("_")}`)).toContain("No post matches.");
  });

  it("shows 30 posts a page, with older and newer links that keep the search", async () => {
    const n = DESK_POSTS_PER_PAGE + 5;
    for (let i = 0; i < n; i++) {
      await publishPost(env, { slug: `pager-${i}`, title: `Pager post ${i}`, lang: "en", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.UTC(2025, 0, 1) + i * DAY });
    }
    const first = await deskText("/admin/posts?q=pager");
    expect(first).toContain("Page 1 of 2 · 35 posts");
    expect(first.match(/id="p-pager-/g)!.length).toBe(DESK_POSTS_PER_PAGE);
    expect(first).toContain(`id="p-pager-34"`);
    expect(first).not.toContain(`id="p-pager-0"`);
    expect(first).toContain(`href="/admin/posts?q=pager&amp;page=2">Older</a>`);
    const second = await deskText("/admin/posts?q=pager&page=2");
    expect(second.match(/id="p-pager-/g)!.length).toBe(5);
    expect(second).toContain(`id="p-pager-0"`);
    expect(second).toContain(`href="/admin/posts?q=pager">Newer</a>`);
  });
});

describe("the confirm steps", () => {
  it("unpublish: the GET asks and changes nothing; the POST acts and goes back with a notice", async () => {
    expect((await put("to-unpublish", { title: "To unpublish" })).status).toBe(201);
    const ask = await desk("/admin/posts/to-unpublish/unpublish");
    expect(ask.status).toBe(200);
    const page = await ask.text();
    expect(page).toContain("Unpublish this post?");
    expect(page).toContain("becomes a draft");
    expect(page).toContain(`action="/admin/posts/to-unpublish/unpublish"`);
    expect((await get("/to-unpublish")).status).toBe(200);

    const forged = await form("/admin/posts/to-unpublish/unpublish", []);
    expect(forged.status).toBe(403);
    expect((await get("/to-unpublish")).status).toBe(200);

    const done = await act("to-unpublish", "unpublish");
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toMatch(/^\/admin\/posts\?done=/);
    expect(notice(done)).toContain("is a draft now");
    expect((await get("/to-unpublish")).status).toBe(404);
    expect((await postRow("to-unpublish"))!.status).toBe("draft");
  });

  it("trash, restore and delete for good: each confirm page says what will happen; only the POST acts", async () => {
    expect((await put("to-delete", { title: "To delete" })).status).toBe(201);
    await comment("to-delete", "first");
    await comment("to-delete", "second", false);

    const ask = await deskText("/admin/posts/to-delete/trash");
    expect(ask).toMatch(/The post “To delete” and its 2 comments go to the trash and leave the blog; you can restore them until \w+ \d+, \d{4}/);
    expect((await postRow("to-delete"))!.trashed_at).toBeNull();
    expect((await get("/to-delete")).status).toBe(200);
    // Delete for good is only for a post in the trash.
    const early = await desk("/admin/posts/to-delete/delete");
    expect(early.status).toBe(303);
    expect(notice(early)).toContain("is not in the trash");
    expect((await act("to-delete", "delete")).status).toBe(303);
    expect(await postRow("to-delete")).not.toBeNull();

    const trashed = await act("to-delete", "trash");
    expect(notice(trashed)).toMatch(/“To delete” and its 2 comments are in the trash; you can restore them until/);
    expect((await postRow("to-delete"))!.trashed_at).not.toBeNull();
    expect((await get("/to-delete")).status).toBe(404);

    const restored = await act("to-delete", "restore");
    expect(notice(restored)).toContain("Restored “To delete” as published");
    expect((await get("/to-delete")).status).toBe(200);

    await act("to-delete", "trash");
    const confirm = await deskText("/admin/posts/to-delete/delete");
    expect(confirm).toContain("The post “To delete” and its 2 comments are deleted for good. This cannot be undone.");
    expect(await postRow("to-delete")).not.toBeNull();
    const gone = await act("to-delete", "delete");
    expect(notice(gone)).toContain("Deleted “To delete” and its 2 comments for good.");
    expect(await postRow("to-delete")).toBeNull();
    expect(await commentsInD1("to-delete")).toBe(0);
  });
});

describe("the trash", () => {
  it("takes a post off every reader path, keeps its comments, and restore brings all back", async () => {
    const slug = "trash-me";
    expect((await put(slug, { title: "Trash me please", tags: ["trashtag"], date: "2026-11-01T09:00:00Z" })).status).toBe(201);
    const id = await comment(slug, "A comment that must survive the trash.");
    await comment(slug, "Another one", false);
    const visible = ["/", "/tag/trashtag", "/feed.xml", "/sitemap.xml", "/api/posts"];
    for (const path of visible) expect(await text(path), path).toContain(path === "/sitemap.xml" ? `/${slug}` : "Trash me please");
    expect(await text(`/${slug}`)).toContain("A comment that must survive the trash.");

    const res = await admin(`/api/admin/posts/${slug}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { trashed: string; comments: number; restorableUntil: string; message: string };
    expect(answer.trashed).toBe(slug);
    expect(answer.comments).toBe(2);
    expect(Date.parse(answer.restorableUntil) - Date.now()).toBeGreaterThan((TRASH_DAYS - 1) * DAY);
    expect(answer.message).toContain("restore them until");

    for (const path of [`/${slug}`, `/api/posts/${slug}`, `/api/posts/${slug}/comments`, `/${slug}/comments.xml`, `/${slug}/comments/${id}`, `/${slug}/comment-page-2/`, `/api/posts/${slug}/form-token`]) {
      expect((await get(path)).status, path).toBe(404);
    }
    for (const path of visible) expect(await text(path), path).not.toContain(path === "/sitemap.xml" ? `/${slug}<` : "Trash me please");
    expect((await get("/tag/trashtag")).status).toBe(404);
    expect(await commentsInD1(slug)).toBe(2);
    expect(await env.POSTS.get(`post:${slug}`)).toBeNull();
    const listed = (await (await admin("/api/admin/posts")).json()) as { posts: { slug: string; status: string; restorableUntil?: string }[] };
    expect(listed.posts.find((p) => p.slug === slug)).toMatchObject({ status: "trashed", restorableUntil: answer.restorableUntil });

    // Nothing puts it back by accident: a publish of its slug, an unpublish, a second trash.
    const refused = await put(slug, { title: "Overwrite" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("in the trash");
    expect((await admin(`/api/admin/posts/${slug}/unpublish`, { method: "POST" })).status).toBe(409);
    const again = (await (await admin(`/api/admin/posts/${slug}`, { method: "DELETE" })).json()) as { alreadyInTrash: boolean; restorableUntil: string };
    expect(again).toMatchObject({ alreadyInTrash: true, restorableUntil: answer.restorableUntil });
    expect((await get(`/${slug}`)).status).toBe(404);

    const back = await admin(`/api/admin/posts/${slug}/restore`, { method: "POST" });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { post: { status: string } }).post.status).toBe("published");
    expect((await admin(`/api/admin/posts/${slug}/restore`, { method: "POST" })).status).toBe(409);
    const page = await text(`/${slug}`);
    expect(page).toContain("Trash me please");
    expect(page).toContain("A comment that must survive the trash.");
    for (const path of visible) expect(await text(path), path).toContain(path === "/sitemap.xml" ? `/${slug}` : "Trash me please");
    expect(await text(`/${slug}/comments.xml`)).toContain("A comment that must survive the trash.");
    expect((await postRow(slug))!.trashed_at).toBeNull();
  });

  it("restores a scheduled post as scheduled and a draft as a draft", async () => {
    const later = new Date(Date.now() + 3 * DAY).toISOString();
    expect((await put("trash-later", { title: "Trash later", date: later })).status).toBe(201);
    expect((await put("trash-draft", { title: "Trash draft", draft: true })).status).toBe(201);
    for (const slug of ["trash-later", "trash-draft"]) expect((await admin(`/api/admin/posts/${slug}`, { method: "DELETE" })).status).toBe(200);
    expect(await env.DB.prepare("SELECT 1 FROM scheduled_posts WHERE slug = 'trash-later'").first()).toBeNull();
    const later1 = (await (await admin("/api/admin/posts/trash-later/restore", { method: "POST" })).json()) as { post: { status: string } };
    expect(later1.post.status).toBe("scheduled");
    const draft = (await (await admin("/api/admin/posts/trash-draft/restore", { method: "POST" })).json()) as { post: { status: string } };
    expect(draft.post.status).toBe("draft");
    expect(await env.DB.prepare("SELECT due_at FROM scheduled_posts WHERE slug = 'trash-later'").first<{ due_at: number }>()).toEqual({ due_at: Date.parse(later) });
    for (const slug of ["trash-later", "trash-draft"]) expect((await get(`/${slug}`)).status).toBe(404);
    const listed = (await (await admin("/api/admin/posts")).json()) as { posts: { slug: string; status: string }[] };
    expect(listed.posts.find((p) => p.slug === "trash-later")?.status).toBe("scheduled");
    expect(listed.posts.find((p) => p.slug === "trash-draft")?.status).toBe("draft");
  });

  it("refuses to delete for good a post not in the trash, and to restore or delete one that does not exist", async () => {
    expect((await put("not-trashed", { title: "Not trashed" })).status).toBe(201);
    const res = await admin("/api/admin/posts/not-trashed?permanently=1", { method: "DELETE" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("not in the trash");
    expect((await get("/not-trashed")).status).toBe(200);
    expect((await admin("/api/admin/posts/no-such-post/restore", { method: "POST" })).status).toBe(404);
    expect((await admin("/api/admin/posts/no-such-post?permanently=1", { method: "DELETE" })).status).toBe(404);
  });

  it("stays in the trash in a WordPress export: status trash, which import-wordpress skips", async () => {
    expect((await put("exported-trash", { title: "Exported from the trash" })).status).toBe(201);
    expect((await admin("/api/admin/posts/exported-trash", { method: "DELETE" })).status).toBe(200);
    const posts = (await exportPosts(env.DB, "https://blog.example.com", 1)).filter((p) => p.slug === "exported-trash");
    expect(posts).toHaveLength(1);
    expect(posts[0]!.trashedAt).toBeGreaterThan(0);
    const site: ExportInput["site"] = { title: "Blog", link: "https://blog.example.com/", description: "", language: "en", timeZone: "UTC", author: { login: "a", email: "a@example.com", displayName: "A" } };
    const xml = exportWxr({ site, posts, comments: [] }, Date.now());
    expect(xml).toContain("<wp:status><![CDATA[trash]]></wp:status>");
    const bundle = parseWxr(xml, { now: Date.now() });
    expect(bundle.posts).toHaveLength(0);
    expect(bundle.skipped.map((s) => s.reason)).toContain("it is in WordPress's trash");
    expect((await admin("/api/admin/posts/exported-trash?permanently=1", { method: "DELETE" })).status).toBe(200);
  });

  it("is purged by the cron after TRASH_DAYS with the comments, not before, a bounded number a run", async () => {
    const slug = "purge-me";
    expect((await put(slug, { title: "Purge me" })).status).toBe(201);
    await comment(slug, "to be purged");
    expect((await admin(`/api/admin/posts/${slug}`, { method: "DELETE" })).status).toBe(200);
    const extra = PURGE_PER_RUN + 2;
    for (let i = 0; i < extra; i++) {
      await publishPost(env, { slug: `purge-bulk-${i}`, title: `Bulk ${i}`, lang: "en", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.UTC(2024, 0, 1) }, Date.now());
      expect((await admin(`/api/admin/posts/purge-bulk-${i}`, { method: "DELETE" })).status).toBe(200);
    }
    const trashed = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM posts WHERE trashed_at IS NOT NULL").first<{ n: number }>())!.n;
    const before = await trashed();
    expect(before).toBeGreaterThanOrEqual(extra + 1);

    await jobs.scoreComments(env, Date.now() + (TRASH_DAYS - 1) * DAY, createExecutionContext());
    expect(await trashed()).toBe(before);
    expect(await postRow(slug)).not.toBeNull();

    const later = Date.now() + (TRASH_DAYS + 1) * DAY;
    await jobs.scoreComments(env, later, createExecutionContext());
    expect(await trashed()).toBe(before - PURGE_PER_RUN);
    for (let run = 0; run < 5 && (await trashed()) > 0; run++) await jobs.scoreComments(env, later, createExecutionContext());
    expect(await trashed()).toBe(0);
    expect(await postRow(slug)).toBeNull();
    expect(await commentsInD1(slug)).toBe(0);
    expect(await env.POSTS.get(`comments:${slug}:summary`)).toBeNull();
    expect((await get(`/${slug}`)).status).toBe(404);
  });
});
