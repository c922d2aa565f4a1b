/** The author's desk through the real Worker: admin auth, posts, moderation, the /admin page and signed links. */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { signActionLink } from "../src/admin/links";
import type { CommentRow } from "../src/comments/model";
import type { ModerationAction } from "../src/comments/moderate";
import { admin, BASE, elementsOf, formToken, get, postComment } from "./helpers";

const TOKEN = env.ADMIN_TOKEN!;



const comment = postComment;
const row = (id: number) => env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(id).first<CommentRow>();

/** A digest link for the comment as it stands now (links carry the state they were made in). */
async function linkFor(id: number, action: ModerationAction, now = Date.now()): Promise<string> {
  const current = (await row(id))!;
  return signActionLink(env.APP_SECRET!, BASE, { id, status: current.status, decidedAt: current.decided_at }, action, now);
}

beforeAll(async () => {
  await seedDemo(env);
});

describe("admin auth", () => {
  const routes: [string, string][] = [
    ["GET", "/api/admin/posts"],
    ["PUT", "/api/admin/posts/x"],
    ["DELETE", "/api/admin/posts/x"],
    ["POST", "/api/admin/posts/x/unpublish"],
    ["POST", "/api/admin/posts/x/restore"],
    ["GET", "/api/admin/comments"],
    ["POST", "/api/admin/comments/moderate"],
    ["PATCH", "/api/admin/comments/1"],
    ["POST", "/api/admin/comments/1/reply"],
    ["POST", "/api/admin/import/posts"],
    ["POST", "/api/admin/import/comments"],
    ["POST", "/api/admin/import/finish"],
    ["GET", "/api/admin/export/posts"],
    ["GET", "/api/admin/export/comments"],
    ["GET", "/api/admin/export/site"],
    ["POST", "/api/admin/spam/train"],
    ["GET", "/api/admin/digest/preview"],
  ];

  it.each(routes)("%s %s: 401 with WWW-Authenticate without a token or with a wrong one", async (method, path) => {
    for (const token of [null, "wrong-token-wrong-token", TOKEN + "x", ""]) {
      const res = await admin(path, { method, json: method === "GET" ? undefined : {} }, token);
      expect(res.status, `${token}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
    }
  });

  it("lets the right token in", async () => {
    expect((await admin("/api/admin/posts")).status).toBe(200);
  });
});

describe("publishing", () => {
  it("creates a post from Markdown, sanitized, and readers see it in the index, feed and page", async () => {
    const res = await admin("/api/admin/posts/" + encodeURIComponent("ספר-חדש"), {
      method: "PUT",
      json: { title: "ספר חדש", lang: "he", tags: ["ספרים"], date: "2026-11-20T08:00:00Z", markdown: "# כותרת\n\nפסקה עם **הדגשה** ו[קישור](https://example.com).\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>" },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { post: { url: string; status: string } };
    expect(body.post.status).toBe("published");
    const page = await (await get("/" + encodeURIComponent("ספר-חדש"))).text();
    expect(page).toContain("<strong>הדגשה</strong>");
    expect(page).toContain(`<a href="https://example.com">קישור</a>`);
    const elements = await elementsOf(page);
    // Nothing the Markdown said runs: the only script element is the post's JSON-LD data block.
    expect(elements.filter((e) => e.tag === "script").map((e) => Object.fromEntries(e.attrs))).toEqual([{ type: "application/ld+json" }]);
    expect(elements.flatMap((e) => e.attrs).some(([name]) => name.startsWith("on"))).toBe(false);
    expect(await (await get("/")).text()).toContain("ספר חדש");
    expect(await (await get("/feed.xml")).text()).toContain("ספר חדש");
  });

  it("updates in place (200), keeping the date unless a new one is given", async () => {
    const res = await admin("/api/admin/posts/" + encodeURIComponent("ספר-חדש"), { method: "PUT", json: { title: "ספר חדש (מעודכן)", lang: "he", html: "<p>גוף חדש</p>" } });
    expect(res.status).toBe(200);
    const post = (await (await get("/api/posts/" + encodeURIComponent("ספר-חדש"))).json()) as { title: string; published: string; tags: string[] };
    expect(post.title).toBe("ספר חדש (מעודכן)");
    expect(post.published).toBe("2026-11-20T08:00:00.000Z");
    expect(post.tags).toEqual(["ספרים"]);
  });

  it("keeps drafts and future posts from readers but lists them for the author", async () => {
    await admin("/api/admin/posts/draft-one", { method: "PUT", json: { title: "Draft one", markdown: "wip", draft: true } });
    await admin("/api/admin/posts/later-one", { method: "PUT", json: { title: "Later one", markdown: "soon", date: new Date(Date.now() + 86_400_000).toISOString() } });
    for (const path of ["/draft-one", "/later-one", "/api/posts/draft-one", "/api/posts/later-one"]) expect((await get(path)).status, path).toBe(404);
    const index = await (await get("/")).text();
    expect(index).not.toContain("Draft one");
    expect(index).not.toContain("Later one");
    expect(await (await get("/sitemap.xml")).text()).not.toContain("later-one");
    const list = (await (await admin("/api/admin/posts")).json()) as { posts: { slug: string; status: string }[] };
    expect(list.posts.find((p) => p.slug === "draft-one")?.status).toBe("draft");
    expect(list.posts.find((p) => p.slug === "later-one")?.status).toBe("scheduled");
  });

  it("answers bad input with 422/400/415 and a message", async () => {
    const cases: [string, RequestInit & { json?: unknown }, number][] = [
      ["/api/admin/posts/bad%20slug", { method: "PUT", json: { title: "x", markdown: "x" } }, 422],
      ["/api/admin/posts/admin", { method: "PUT", json: { title: "x", markdown: "x" } }, 422],
      ["/api/admin/posts/ok", { method: "PUT", json: { markdown: "x" } }, 422],
      ["/api/admin/posts/ok", { method: "PUT", json: { title: "x", markdown: "x", html: "<p>x</p>" } }, 422],
      ["/api/admin/posts/ok", { method: "PUT", json: { title: "x", markdown: "x", date: "yesterday" } }, 422],
      ["/api/admin/posts/ok", { method: "PUT", body: "{nope", headers: { "Content-Type": "application/json" } }, 400],
      ["/api/admin/posts/ok", { method: "PUT", body: "title=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }, 415],
      ["/api/admin/posts/missing-post", { method: "DELETE" }, 404],
    ];
    for (const [path, init, status] of cases) {
      const res = await admin(path, init);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message.length, path).toBeGreaterThan(5);
    }
  });

  it("unpublishes (kept as a draft) and deletes (to the trash, then for good: post and comments gone)", async () => {
    await admin("/api/admin/posts/short-lived", { method: "PUT", json: { title: "Short lived", markdown: "bye" } });
    const id = await comment("short-lived", "a comment on a short-lived post");
    expect((await admin("/api/admin/posts/short-lived/unpublish", { method: "POST" })).status).toBe(200);
    expect((await get("/short-lived")).status).toBe(404);
    expect(await row(id)).not.toBeNull();
    expect((await admin("/api/admin/posts/short-lived", { method: "DELETE" })).status).toBe(200);
    expect(await row(id)).not.toBeNull();
    expect((await admin("/api/admin/posts/short-lived?permanently=1", { method: "DELETE" })).status).toBe(200);
    expect(await row(id)).toBeNull();
    expect((await admin("/api/admin/posts/short-lived", { method: "DELETE" })).status).toBe(404);
  });
});

describe("moderation through the API", () => {
  it("approves, and the reader sees it; spam and trash hide it; restore makes it pending; each records who and when", async () => {
    const id = await comment("hello-from-the-edge", "Moderate me, please.");
    const act = (action: string) => admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action } });
    expect(((await (await act("approve")).json()) as { changed: number[] }).changed).toEqual([id]);
    expect(await (await get("/hello-from-the-edge")).text()).toContain("Moderate me, please.");
    const approved = (await row(id))!;
    expect(approved.decided_by).toBe("author");
    expect(approved.decided_at).toBeGreaterThan(Date.now() - 60_000);
    const list = (await (await get("/api/posts")).json()) as { posts: { slug: string; comments: number }[] };
    expect(list.posts.find((p) => p.slug === "hello-from-the-edge")!.comments).toBe(3);

    await act("spam");
    expect(await (await get("/hello-from-the-edge")).text()).not.toContain("Moderate me, please.");
    await act("trash");
    expect((await row(id))!.status).toBe("trash");
    await act("restore");
    expect((await row(id))!.status).toBe("pending");
    const again = (await (await act("restore")).json()) as { unchanged: number[] };
    expect(again.unchanged).toEqual([id]);
  });

  it("teaches the learner, and a changed decision moves the counts instead of adding", async () => {
    const totals = async () => (await env.DB.prepare("SELECT spam_docs, ham_docs FROM spam_totals WHERE id = 1").first<{ spam_docs: number; ham_docs: number }>()) ?? { spam_docs: 0, ham_docs: 0 };
    const before = await totals();
    const id = await comment("hello-from-the-edge", "Cheap pills at https://pills.example.com buy now");
    await admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "approve" } });
    expect(await totals()).toEqual({ spam_docs: before.spam_docs, ham_docs: before.ham_docs + 1 });
    await admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "spam" } });
    expect(await totals()).toEqual({ spam_docs: before.spam_docs + 1, ham_docs: before.ham_docs });
    expect((await row(id))!.trained_as).toBe("spam");
    const host = await env.DB.prepare("SELECT spam, ham FROM spam_tokens WHERE token = 'host:pills.example.com'").first<{ spam: number; ham: number }>();
    expect(host).toEqual({ spam: 1, ham: 0 });
  });

  it("lists by status and post, newest first, with the email for the author", async () => {
    const a = await comment("reading-on-small-screens", "first in the list test");
    const b = await comment("reading-on-small-screens", "second in the list test");
    const res = await admin("/api/admin/comments?status=pending&post=reading-on-small-screens");
    const list = (await res.json()) as { total: number; comments: { id: number; authorEmail: string; status: string }[] };
    expect(list.comments.map((c) => c.id)).toEqual([b, a]);
    expect(list.comments[0]!.authorEmail).toBe("reader@example.com");
    expect((await admin("/api/admin/comments?status=bogus")).status).toBe(400);
  });

  it("edits a comment's text and replies as the author", async () => {
    const id = await comment("reading-on-small-screens", "Typo: teh");
    await admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "approve" } });
    const edited = await admin(`/api/admin/comments/${id}`, { method: "PATCH", json: { body: "Typo: the" } });
    expect(edited.status).toBe(200);
    const reply = await admin(`/api/admin/comments/${id}/reply`, { method: "POST", json: { body: "Thanks for reading! 🙏" } });
    expect(reply.status).toBe(201);
    const replyId = ((await reply.json()) as { comment: { id: number; status: string; isAuthor: boolean } }).comment;
    expect(replyId).toMatchObject({ status: "approved", isAuthor: true });
    const page = await (await get("/reading-on-small-screens")).text();
    expect(page).toContain("Typo: the");
    expect(page).not.toContain("Typo: teh");
    expect(page).toMatch(new RegExp(`id="comment-${replyId.id}" class="comment depth-2"[\\s\\S]*?<span class="badge">Author</span>[\\s\\S]*?Thanks for reading! 🙏`));
    expect((await admin(`/api/admin/comments/999999/reply`, { method: "POST", json: { body: "x" } })).status).toBe(404);
  });
});

describe("training from labeled examples", () => {
  it("counts each example under its label, in bounded requests", async () => {
    const totals = async () => (await env.DB.prepare("SELECT spam_docs, ham_docs FROM spam_totals WHERE id = 1").first<{ spam_docs: number; ham_docs: number }>()) ?? { spam_docs: 0, ham_docs: 0 };
    const before = await totals();
    const res = await admin("/api/admin/spam/train", { method: "POST", json: { examples: [{ label: "spam", text: "casino bonus http://casino.example" }, { label: "ham", text: "תודה על הפוסט" }] } });
    expect(res.status).toBe(200);
    expect(await totals()).toEqual({ spam_docs: before.spam_docs + 1, ham_docs: before.ham_docs + 1 });
    const tooMany = await admin("/api/admin/spam/train", { method: "POST", json: { examples: Array.from({ length: 101 }, () => ({ label: "ham", text: "x" })) } });
    expect(tooMany.status).toBe(422);
    const badLabel = await admin("/api/admin/spam/train", { method: "POST", json: { examples: [{ label: "maybe", text: "x" }] } });
    expect(badLabel.status).toBe(422);
  });
});

describe("the /admin page", () => {
  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const res = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(TOKEN)}` }));
    expect(res.status).toBe(303);
    const set = res.headers.get("set-cookie")!;
    expect(set).toMatch(/ep_admin=.+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict/);
    const cookie = set.split(";")[0]!;
    const queue = await (await get("/admin", { headers: { Cookie: cookie } })).text();
    return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(queue)![1]! };
  }

  const post = (path: string, cookie: string, fields: [string, string][]) =>
    exports.default.fetch(new Request(BASE + path, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: new URLSearchParams(fields).toString() }));

  it("asks for the token, refuses a wrong one, and shows the queue pending first once signed in", async () => {
    expect(await (await get("/admin")).text()).toContain(`name="token" type="password"`);
    const wrong = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "token=nope" }));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("That token is not valid.");
    const pendingId = await comment("hello-from-the-edge", "waiting in the queue");
    const { cookie } = await signIn();
    const queue = await (await get("/admin", { headers: { Cookie: cookie } })).text();
    const firstItem = /<li class="queue-item status-(\w+)" id="q-(\d+)"/.exec(queue)!;
    expect(firstItem[1]).toBe("pending");
    expect(queue).toContain(`id="q-${pendingId}"`);
    expect(queue).toContain(`href="/hello-from-the-edge/comments/${pendingId}"`);
    expect(queue).toContain("reader@example.com");
  });

  it("acts on one comment or many with the CSRF token, and refuses without it", async () => {
    const [a, b, c] = [await comment("hello-from-the-edge", "bulk a"), await comment("hello-from-the-edge", "bulk b"), await comment("hello-from-the-edge", "one click c")];
    const { cookie, csrf } = await signIn();
    const forged = await post("/admin/moderate", cookie, [["one", `${c}:approve`]]);
    expect(forged.status).toBe(403);
    expect((await row(c))!.status).toBe("pending");
    const noSession = await post("/admin/moderate", "", [["csrf", csrf], ["one", `${c}:approve`]]);
    expect(noSession.status).toBe(403);

    const one = await post("/admin/moderate", cookie, [["csrf", csrf], ["back", "/admin?status=pending"], ["one", `${c}:approve`]]);
    expect(one.status).toBe(303);
    expect(one.headers.get("location")).toMatch(/^\/admin\?status=pending&done=approve/);
    expect((await row(c))!.status).toBe("approved");
    const bulk = await post("/admin/moderate", cookie, [["csrf", csrf], ["ids", String(a)], ["ids", String(b)], ["action", "spam"]]);
    expect(bulk.status).toBe(303);
    expect([(await row(a))!.status, (await row(b))!.status]).toEqual(["spam", "spam"]);
    const held = await (await get("/admin?status=spam", { headers: { Cookie: cookie } })).text();
    expect(held).toContain(`name="one" value="${a}:approve"`); // rescue in one click
  });

  it("takes the live one of two session cookies (one left from when the cookie's path was /admin), and clears that one at sign-in", async () => {
    // Sign-ins from a client of their own: the file's others share the per-client limit.
    const login = () => exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": "192.0.2.77" }, body: `token=${encodeURIComponent(TOKEN)}` }));
    const first = await login();
    const dead = first.headers.get("set-cookie")!.split(";")[0]!;
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await get("/admin", { headers: { Cookie: dead } })).text())![1]!;
    await post("/admin/logout", dead, [["csrf", csrf]]);
    const second = await login();
    const live = second.headers.get("set-cookie")!.split(";")[0]!;
    expect(await (await get("/admin", { headers: { Cookie: `${dead}; ${live}` } })).text()).toContain("Sign out everywhere");
    const cleared = (second.headers as Headers & { getSetCookie(): string[] }).getSetCookie().filter((c: string) => /^ep_admin=;/.test(c));
    expect(cleared.map((c: string) => /Path=([^;]+)/.exec(c)![1])).toEqual(["/admin"]);
  });

  it("signs out", async () => {
    const { cookie, csrf } = await signIn();
    const res = await post("/admin/logout", cookie, [["csrf", csrf]]);
    expect(res.status).toBe(303);
    // Both the cookie (Path=/) and one from before it moved there (Path=/admin) are cleared.
    const cleared = (res.headers as Headers & { getSetCookie(): string[] }).getSetCookie().filter((c) => /^ep_admin=;/.test(c));
    expect(cleared.map((c: string) => /Path=([^;]+)/.exec(c)![1]).sort()).toEqual(["/", "/admin"]);
  });
});

describe("signed action links", () => {
  it("GET shows a confirm page and changes nothing; the POST acts; a second use is harmless", async () => {
    const id = await comment("hello-from-the-edge", "approve me from the digest");
    const link = await linkFor(id, "approve");
    const confirm = await exports.default.fetch(new Request(link));
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain("Approve this comment?");
    expect(html).toContain("approve me from the digest");
    expect((await row(id))!.status).toBe("pending");
    const params = new URL(link).searchParams.toString();
    const act = () => exports.default.fetch(new Request(`${BASE}/admin/act`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: params }));
    const first = await act();
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Comment approved");
    expect((await row(id))!.status).toBe("approved");
    // The link was made for a pending comment; it is approved now, so a second use only says so.
    const second = await act();
    expect(second.status).toBe(409);
    expect(await second.text()).toMatch(/was approved by you on .*This link no longer acts, so nothing changed/s);
  });

  it("answers expired and tampered links with a clear 403", async () => {
    const id = await comment("hello-from-the-edge", "link tests");
    const expired = await linkFor(id, "spam", Date.now() - 8 * 86_400_000);
    const res = await exports.default.fetch(new Request(expired));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("This link has expired");
    const good = await linkFor(id, "approve");
    for (const bad of [good.replace("a=approve", "a=spam"), good.replace(`c=${id}`, `c=${id + 1}`), good.replace(/e=\d+/, `e=${Date.now() + 365 * 86_400_000}`), good.replace(/s=.{4}/, "s=AAAA"), `${BASE}/admin/act?c=${id}`]) {
      const r = await exports.default.fetch(new Request(bad));
      expect(r.status, bad).toBe(403);
      expect(await r.text()).toContain("This link is not valid");
      const p = await exports.default.fetch(new Request(`${BASE}/admin/act`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URL(bad).searchParams.toString() }));
      expect(p.status).toBe(403);
    }
    expect((await row(id))!.status).toBe("pending");
  });
});

describe("moving the blog out and back in", () => {
  it("re-importing this blog's own export changes nothing", async () => {
    const countPosts = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM posts").first<{ n: number }>())!.n;
    const countComments = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first<{ n: number }>())!.n;
    const [postsBefore, commentsBefore] = [await countPosts(), await countComments()];
    const { posts } = (await (await admin("/api/admin/export/posts?page=1")).json()) as { posts: Record<string, unknown>[] };
    const exported: Record<string, unknown>[] = [];
    let after = 0;
    for (;;) {
      const page = (await (await admin(`/api/admin/export/comments?after=${after}`)).json()) as { comments: Record<string, unknown>[]; more: boolean; next: number };
      exported.push(...page.comments);
      if (!page.more) break;
      after = page.next;
    }
    // Each item goes back under the source the export names (this blog's own: BASE and its export id).
    type Source = { site: string; id: number };
    const sourceOf = new Map(exported.map((c) => [c.id, c.source as Source]));
    const imported = await admin("/api/admin/import/posts", {
      method: "POST",
      json: { site: BASE, posts: posts.slice(0, 25).map((p) => ({ wpSite: (p.source as Source).site, wpId: (p.source as Source).id, slug: p.slug, title: p.title, lang: p.lang, html: p.html, excerpt: p.excerpt, tags: p.tags, status: p.status, publishedAt: p.publishedAt, updatedAt: p.updatedAt, commentsOpen: p.commentsOpen })) },
    });
    expect(((await imported.json()) as { created: unknown[] }).created).toEqual([]);
    const postSources = new Map(posts.map((p) => [p.id, p.source as Source]));
    const again = await admin("/api/admin/import/comments", {
      method: "POST",
      json: {
        site: BASE,
        comments: exported.slice(0, 200).map((c) => ({
          wpSite: (c.source as Source).site,
          wpId: (c.source as Source).id,
          postWpSite: postSources.get(c.postId)!.site,
          postWpId: postSources.get(c.postId)!.id,
          parentWpSite: c.parentId === null ? null : sourceOf.get(c.parentId)!.site,
          parentWpId: c.parentId === null ? null : sourceOf.get(c.parentId)!.id,
          authorName: c.authorName,
          authorEmail: c.authorEmail ?? "",
          authorUrl: c.authorUrl ?? "",
          authorIp: "",
          body: c.body,
          status: c.status,
          createdAt: c.createdAt,
          isAuthor: c.isAuthor,
        })),
      },
    });
    expect(((await again.json()) as { created: number }).created).toBe(0);
    expect([await countPosts(), await countComments()]).toEqual([postsBefore, commentsBefore]);
  });
});

describe("inputs that once broke things", () => {
  it("refuses a language tag Intl cannot use, so pages keep rendering", async () => {
    const res = await admin("/api/admin/posts/bad-lang", { method: "PUT", json: { title: "x", markdown: "x", lang: "en-12" } });
    expect(res.status).toBe(422);
    expect((await get("/")).status).toBe(200);
  });

  it("answers a percent-encoded admin path about the post it names, not another", async () => {
    const res = await admin("/api/%61dmin/posts/abcdef", { method: "PUT", json: { title: "Encoded path", markdown: "x" } });
    expect([201, 404]).toContain(res.status);
    expect((await get("/s")).status).toBe(404);
  });

  it("takes form fields named like Object.prototype members as plain fields", async () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const res = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `${name}=1&token=nope` }));
      expect(res.status, name).toBe(401);
    }
  });

  it("a double click on the same decision teaches the learner once", async () => {
    const totals = async () => (await env.DB.prepare("SELECT spam_docs FROM spam_totals WHERE id = 1").first<{ spam_docs: number }>())?.spam_docs ?? 0;
    const id = await comment("hello-from-the-edge", "double click spam http://double.example");
    const before = await totals();
    await Promise.all([1, 2].map(() => admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "spam" } })));
    expect(await totals()).toBe(before + 1);
  });
});
