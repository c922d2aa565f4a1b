/** Comments through the real Worker and real D1/KV: the section, the form POST and every answer. */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import type { Env } from "../src/config";
import { decryptText } from "../src/crypto";
import { seedDemo } from "../src/demo/seed";
import { HEBREW_DEMO_SLUG } from "../src/demo/posts";
import { publishPost } from "../src/posts/store";
import { slugPath } from "../src/posts/slug";
import { rebuildCommentSnapshots } from "../src/comments/snapshot";
import type { CommentRow } from "../src/comments/model";
import { BASE, elementsOf, formToken, get } from "./helpers";

const HEBREW = slugPath(HEBREW_DEMO_SLUG);
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter % 250}:${ipCounter}`;

const oldToken = formToken;

interface PostOptions {
  ip?: string;
  cookie?: string;
  contentType?: string;
  raw?: string | Uint8Array;
}

async function postForm(slug: string, fields: Record<string, string>, options: PostOptions = {}): Promise<Response> {
  const body = options.raw ?? new URLSearchParams({ token: await oldToken(slug), ...fields }).toString();
  return exports.default.fetch(
    new Request(`${BASE}${slugPath(slug)}/comments`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": options.contentType ?? "application/x-www-form-urlencoded",
        "CF-Connecting-IP": options.ip ?? freshIp(),
        ...(options.cookie ? { Cookie: options.cookie } : {}),
      },
      body,
    }),
  );
}

const valid = { author: "Dana", email: "dana@example.com", url: "", comment: "A thoughtful comment." };

function cookiesFrom(res: Response): string {
  return res.headers
    .getAll("Set-Cookie")
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function row(id: number): Promise<CommentRow> {
  return (await env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(id).first<CommentRow>())!;
}

const idFrom = (res: Response) => Number(/#comment-(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);

async function approve(ids: number[], slug: string) {
  await env.DB.prepare("UPDATE comments SET status = 'approved', decided_by = 'author', decided_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(ids), Date.now()).run();
  await rebuildCommentSnapshots(env, [slug]);
}

beforeAll(async () => {
  await seedDemo(env);
  await publishPost(env, { slug: "closed-post", title: "Closed", lang: "en", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.parse("2026-01-01T00:00:00Z"), commentsOpen: false });
  for (const slug of ["open-a", "open-b", "open-c"]) {
    await publishPost(env, { slug, title: slug, lang: "en", html: "<p>x</p>", tags: [], status: "published", publishedAt: Date.parse("2026-02-01T00:00:00Z") });
  }
});

describe("the comments section", () => {
  it("shows the Hebrew post's approved comments threaded, counted in Hebrew, each in its own direction", async () => {
    const html = await (await get(HEBREW)).text();
    expect(html).toContain(`<h2 id="comments-title">10 תגובות</h2>`);
    // Replies sit inside their parent's <ol class="children">, oldest first.
    const first = html.indexOf(`id="comment-1"`);
    const reply = html.indexOf(`id="comment-2" class="comment depth-2"`);
    const replyToReply = html.indexOf(`id="comment-3" class="comment depth-3"`);
    expect(first).toBeGreaterThan(0);
    expect(reply).toBeGreaterThan(first);
    expect(replyToReply).toBeGreaterThan(reply);
    expect(html).toContain(`<div class="comment-body" dir="auto">`);
    expect(html).toMatch(/<span class="avatar av-\d+" aria-hidden="true">י<\/span>/);
    expect(html).toContain(`<a href="https://david.example.org/" rel="nofollow ugc noopener" class="url"><bdi>David Mizrahi</bdi></a>`);
    expect(html).toContain(`<span class="badge">הכותבת</span>`);
    expect(html).toContain(`href="${HEBREW}?replytocom=1#respond"`);
    expect(html).toContain("כתיבת תגובה");
    expect(html).toContain("כתובת האימייל שלך לא תפורסם.");
  });

  it("autolinks URLs in comment text with nofollow ugc and keeps paragraphs", async () => {
    const html = await (await get(HEBREW)).text();
    expect(html).toContain(`<a href="https://example.com/path" rel="nofollow ugc noopener">https://example.com/path</a>`);
    expect(html).toMatch(/never miss a post\.<\/span><\/p><p dir="auto"><span class="line" dir="auto">Do you publish a full-text feed\?<\/span><\/p>/);
  });

  it("gives each line of a comment its own direction, so English after Hebrew keeps its order", async () => {
    const html = await (await get(HEBREW)).text();
    // Comment 7 ("אותו דבר אצלי…") is one line; the demo's two-line comments are English: check the markup shape on a mixed one.
    expect(html).toContain(`<span class="line" dir="auto">אותו דבר אצלי עם מספרי גרסאות, למשל 4.86.0 שמתהפך ל־0.86.4 😅</span>`);
  });

  it("turns ?replytocom into 'Leave a reply to X' with Cancel reply and the parent id", async () => {
    const html = await (await get(`${HEBREW}?replytocom=4`)).text();
    // Hebrew's one-letter preposition joins a Hebrew name, and takes a maqaf before a Latin one.
    expect(html).toContain(`תגובה ל־<bdi>David Mizrahi</bdi>`);
    expect(await (await get(`${HEBREW}?replytocom=6`)).text()).toContain(`תגובה ל<bdi>רון</bdi>`);
    expect(html).toContain(`<a rel="nofollow" id="cancel-comment-reply-link" href="${HEBREW}#respond">ביטול תגובה</a>`);
    expect(html).toContain(`<input type="hidden" name="comment_parent" value="4"/>`);
    expect(html).toContain(`content="noindex"`);
    // An unknown or unapproved id gives the ordinary form.
    const plain = await (await get(`${HEBREW}?replytocom=99999`)).text();
    expect(plain).toContain(`<input type="hidden" name="comment_parent" value=""/>`);
  });

  it("makes a fresh form token on every view, and the ETag ignores it", async () => {
    const a = await get("/open-a");
    const b = await get("/open-a");
    const token = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1];
    const [ta, tb] = [token(await a.text()), token(await b.text())];
    expect(ta).toBeTruthy();
    expect(ta).not.toBe(tb);
    expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
    expect((await get("/open-a", { headers: { "If-None-Match": a.headers.get("etag")! } })).status).toBe(304);
  });

  it("limits depth: replies past the limit stand at the last level, 'in reply to' their parent", async () => {
    let parent: number | null = null;
    const ids: number[] = [];
    for (let depth = 1; depth <= 7; depth++) {
      const res = await postForm("open-b", { ...valid, comment: `Level ${depth}`, comment_parent: parent === null ? "" : String(parent) });
      expect(res.status).toBe(303);
      parent = idFrom(res);
      ids.push(parent);
      await approve([parent], "open-b");
    }
    const html = await (await get("/open-b")).text();
    expect(html).toContain(`id="comment-${ids[4]}" class="comment depth-5"`);
    expect(html).toContain(`id="comment-${ids[5]}" class="comment depth-5"`);
    expect(html).toContain(`id="comment-${ids[6]}" class="comment depth-5"`);
    expect(html).not.toContain("depth-6");
    expect(html).toMatch(new RegExp(`id="comment-${ids[6]}"[\\s\\S]*?in reply to <a href="#comment-${ids[5]}"><bdi>Dana</bdi></a>`));
    // The index carries the count, rebuilt with the snapshot.
    const list = (await (await get("/api/posts")).json()) as { posts: { slug: string; comments: number }[] };
    expect(list.posts.find((p) => p.slug === "open-b")!.comments).toBe(7);
  });
});

describe("posting a comment", () => {
  it("stores it pending, hashes the address, seals the email, and shows it only to its writer", async () => {
    const ip = "203.0.113.77";
    const res = await postForm("open-a", { ...valid, comment: "First!\r\nSecond line" }, { ip });
    expect(res.status).toBe(303);
    const id = idFrom(res);
    expect(res.headers.get("location")).toBe(`/open-a#comment-${id}`);
    const stored = await row(id);
    expect(stored.status).toBe("pending");
    expect(stored.body).toBe("First!\nSecond line");
    expect(stored.ip_hash).toBeTruthy();
    expect(stored.ip_hash).not.toContain("203.0.113");
    expect(stored.author_email).not.toContain("dana@");
    expect(await decryptText(env.APP_SECRET!, stored.author_email!)).toBe("dana@example.com");
    expect(stored.form_age_ms).toBeGreaterThanOrEqual(3000);

    const mine = await (await get("/open-a", { headers: { Cookie: cookiesFrom(res) } })).text();
    expect(mine).toContain(`id="comment-${id}" class="comment depth-1 pending"`);
    expect(mine).toContain("Your comment is awaiting moderation.");
    const someoneElse = await (await get("/open-a")).text();
    expect(someoneElse).not.toContain(`id="comment-${id}"`);
    // The email is never rendered, not even to its writer.
    expect(mine).not.toContain("dana@example.com");
  });

  it("a forged pending cookie shows nothing", async () => {
    const res = await postForm("open-a", { ...valid, comment: "cookie test" });
    const id = idFrom(res);
    const forged = cookiesFrom(res).replace(/ep_pending=([^.]+)\.[^;]+/, "ep_pending=$1.AAAA");
    const html = await (await get("/open-a", { headers: { Cookie: forged } })).text();
    expect(html).not.toContain(`id="comment-${id}"`);
  });

  it("saves name, email and website in a cookie only when asked, and fills the form from it", async () => {
    const without = await postForm("open-a", { ...valid, comment: "no remember" });
    expect(without.headers.getAll("Set-Cookie").some((c: string) => c.startsWith("ep_commenter="))).toBe(false);
    const withIt = await postForm("open-a", { ...valid, url: "dana.example.net", comment: "remember me", remember: "1" });
    const cookie = cookiesFrom(withIt);
    expect(cookie).toContain("ep_commenter=");
    const html = await (await get("/open-a", { headers: { Cookie: cookie } })).text();
    expect(html).toContain(`name="author" type="text" value="Dana"`);
    expect(html).toContain(`value="dana@example.com"`);
    expect(html).toContain(`value="https://dana.example.net"`);
    expect(html).toMatch(/name="remember" type="checkbox" value="1" checked/);
  });

  it("answers the same text from the same client within 10 minutes with the first comment", async () => {
    const ip = "192.0.2.55";
    const first = await postForm("open-c", { ...valid, comment: "Only once, please." }, { ip });
    const again = await postForm("open-c", { ...valid, comment: "Only once, please." }, { ip });
    expect(idFrom(again)).toBe(idFrom(first));
    const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE body = 'Only once, please.'").first<{ n: number }>())!;
    expect(n).toBe(1);
    const otherClient = await postForm("open-c", { ...valid, comment: "Only once, please." }, { ip: "192.0.2.56" });
    expect(idFrom(otherClient)).not.toBe(idFrom(first));
    // Two people behind one address (a family, an office) are two commenters.
    const sameAddressOtherPerson = await postForm("open-c", { ...valid, email: "someone.else@example.com", comment: "Only once, please." }, { ip });
    expect(idFrom(sameAddressOtherPerson)).not.toBe(idFrom(first));
  });

  it("normalizes text to NFC and removes control and bidi override characters", async () => {
    const res = await postForm("open-c", { ...valid, author: "Jose\u0301\u202E", comment: "cafe\u0301\u0007 \u202Egnp.exe\u202C ok\u200D👍" });
    const stored = await row(idFrom(res));
    expect(stored.author_name).toBe("Jos\u00e9");
    expect(stored.body).toBe("caf\u00e9 gnp.exe ok\u200D👍");
  });
});

describe("every bad submission gets its answer, and the words are kept", () => {
  const kept = "Words I do not want to lose: שלום 🍞";

  it("404 for an unknown post", async () => {
    const res = await exports.default.fetch(new Request(`${BASE}/no-such-post/comments`, { method: "POST", body: "comment=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }));
    expect(res.status).toBe(404);
  });

  it("403 when comments are closed, with the text shown read-only", async () => {
    const res = await postForm("closed-post", { ...valid, comment: kept });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Comments are closed.");
    expect(html).toContain(kept);
    expect(html).not.toContain(`<form method="post"`);
  });

  it("403 when comments closed themselves after COMMENTS_CLOSE_AFTER_DAYS", async () => {
    const app = buildBlog();
    const body = new URLSearchParams({ token: await oldToken("open-a"), ...valid, comment: kept }).toString();
    const res = await app.fetch(
      new Request(`${BASE}/open-a/comments`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshIp() } }),
      { ...env, COMMENTS_CLOSE_AFTER_DAYS: "30" } as Env,
      createExecutionContext(),
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain(kept);
  });

  it("413 for a body over 64 KiB, the form filled in", async () => {
    const long = kept + " " + "מילה ".repeat(9_000);
    const res = await postForm("open-a", { ...valid, comment: long });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain("too large to send");
    expect(html).toContain(long.trim().slice(0, 200));
  });

  it("400 for malformed or non-UTF-8 forms, with what could be read", async () => {
    const token = await oldToken("open-a");
    const malformed = await postForm("open-a", {}, { raw: `author=Dana&email=dana%40example.com&comment=half%ZZ&token=${token}` });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain("half%ZZ");
    const latin1 = await postForm("open-a", {}, { raw: `author=Dana&email=dana%40example.com&comment=caf%E9+au+lait&token=${token}` });
    expect(latin1.status).toBe(400);
    const html = await latin1.text();
    expect(html).toContain("not valid text");
    expect(html).toContain("caf\uFFFD au lait");
  });

  it("415 for a body that is neither a form nor JSON", async () => {
    const res = await postForm("open-a", {}, { raw: "comment=x", contentType: "text/plain" });
    expect(res.status).toBe(415);
  });

  it.each([
    ["no name", { author: "" }, "author", "Please enter your name."],
    ["a 101-character name", { author: "x".repeat(101) }, "author", "at most 100 characters"],
    ["no email", { email: "" }, "email", "Please enter your email address."],
    ["a bad email", { email: "not-an-email" }, "email", "does not look like an email"],
    ["a 262-character email", { email: `${"a".repeat(250)}@example.com` }, "email", "at most 254"],
    ["a javascript: URL", { url: "javascript:alert(1)" }, "url", "http:// or https://"],
    ["a 220-character URL", { url: `https://example.com/${"a".repeat(200)}` }, "url", "at most 200"],
    ["a blank comment", { comment: "   \n  " }, "comment", "Please write a comment."],
    ["a 10,001-character comment", { comment: "a".repeat(10_001) }, "comment", "at most 10,000 characters; this one has 10,001"],
  ] as [string, Record<string, string>, string, string][])("422 for %s, the reason beside the field", async (_label, change, field, message) => {
    const res = await postForm("open-a", { ...valid, comment: change.comment ?? kept, ...change });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`id="${field}-error" class="field-error" role="alert">`);
    expect(html).toContain(message);
    expect(html).toContain(`aria-invalid="true"`);
    if (change.comment === undefined) expect(html).toContain(kept);
    expect(html).toContain("Your comment was not posted.");
  });

  it("accepts exactly 10,000 characters of Hebrew with emoji", async () => {
    const text = ("שלום 🍞 ".repeat(1_250)).slice(0, 9_998) + "סוף";
    const res = await postForm("open-a", { ...valid, comment: text });
    expect(res.status === 303 || res.status === 413).toBe(true); // 413 only if the encoded form passes 64 KiB
  });

  it("422 when the parent is not an approved comment of this post", async () => {
    const otherPost = await postForm("open-c", { ...valid, comment: "parent elsewhere" });
    await approve([idFrom(otherPost)], "open-c");
    const pendingParent = idFrom(await postForm("open-a", { ...valid, comment: "a pending parent" }));
    for (const parent of [String(idFrom(otherPost)), String(pendingParent), "999999", "abc"]) {
      const res = await postForm("open-a", { ...valid, comment: kept, comment_parent: parent });
      expect(res.status, parent).toBe(422);
      const html = await res.text();
      expect(html).toContain(kept);
      expect(html).toContain(`id="comment_parent-error"`);
    }
  });

  it("accepts a filled honeypot silently, storing it as spam that nobody sees", async () => {
    const res = await postForm("open-a", { ...valid, comment: "buy now", homepage: "http://spam.example" });
    expect(res.status).toBe(303);
    const stored = await env.DB.prepare("SELECT status, spam_reasons FROM comments WHERE body = 'buy now'").first<{ status: string; spam_reasons: string }>();
    expect(stored!.status).toBe("spam");
    expect(JSON.parse(stored!.spam_reasons)).toEqual(["filled in the hidden honeypot field"]);
    expect(res.headers.getAll("Set-Cookie").some((c: string) => c.startsWith("ep_pending="))).toBe(false);
  });

  it("400 for a too-fresh token: says how long to wait, keeps the form's own token, and pressing again then works", async () => {
    const token = await oldToken("open-a", 2_600);
    const res = await postForm("open-a", { ...valid, comment: "patient words", token });
    expect(res.status).toBe(400);
    expect(res.headers.get("retry-after")).toBe("1");
    const html = await res.text();
    expect(html).toContain("Wait a second, then press “Post comment” again");
    expect(html).toContain('action="/open-a/comments#respond"');
    const kept = /name="token" value="([^"]+)"/.exec(html)![1]!;
    expect(kept).toBe(token);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = await postForm("open-a", { ...valid, comment: "patient words", token: kept });
    expect(again.status).toBe(303);
  });

  it("403 for a forged token, 400 for an expired or too-fresh one, each with a usable token and the text", async () => {
    const cases: [string, number, string][] = [
      ["not-a-token", 403, "could not be verified"],
      [(await oldToken("open-b")), 403, "could not be verified"], // signed for another post
      [(await oldToken("open-a")).replace(/.$/, (ch) => (ch === "A" ? "B" : "A")), 403, "could not be verified"], // also a non-canonical spelling of the same bytes
      [(await oldToken("open-a")).replace(/^(.*\.)(.)/, (_, head: string, ch: string) => head + (ch === "A" ? "B" : "A")), 403, "could not be verified"],
      [await oldToken("open-a", 25 * 3600 * 1000), 400, "The form had expired"],
      [await oldToken("open-a", 500), 400, "quicker than anyone types. Wait 3 seconds"],
    ];
    for (const [token, status, message] of cases) {
      const res = await postForm("open-a", { ...valid, comment: kept, token });
      expect(res.status, token).toBe(status);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain(kept);
      const fresh = /name="token" value="([^"]+)"/.exec(html)![1];
      // A fresh token, except for a form that was only too fast: its own comes back, good in a moment.
      if (message.startsWith("quicker")) expect(fresh).toBe(token);
      else expect(fresh).not.toBe(token);
    }
  });

  it("429 with Retry-After past the per-client rate limit", async () => {
    const ip = "198.51.100.200";
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await postForm("open-c", { ...valid, comment: `rate ${i}` }, { ip });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([303, 303, 303, 303, 303]);
    expect(statuses[6]).toBe(429);
    expect(last!.headers.get("retry-after")).toBe("60");
    expect(await last!.text()).toContain("rate 6");
  });
});

describe("the same endpoint speaks JSON", () => {
  const postJson = async (slug: string, body: unknown) =>
    exports.default.fetch(new Request(`${BASE}${slugPath(slug)}/comments`, { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() }, body: typeof body === "string" ? body : JSON.stringify(body) }));

  it("201 with the comment, 422 with field errors, 400 for bad JSON, 404 as JSON", async () => {
    const token = await oldToken("open-a");
    const ok = await postJson("open-a", { ...valid, comment: "via JSON 🎉", token });
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { comment: { id: number; status: string; body: string; url: string } };
    expect(created.comment).toMatchObject({ status: "pending", body: "via JSON 🎉" });
    expect(ok.headers.get("location")).toBe(created.comment.url);
    expect(JSON.stringify(created)).not.toContain("dana@example.com");

    const bad = await postJson("open-a", { ...valid, email: "nope", comment: "x", token });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields.email).toContain("email");

    const broken = await postJson("open-a", "{not json");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe("bad_request");

    const missing = await postJson("no-such-post", { ...valid, token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/json");
  });

  it("gives scripts a form token", async () => {
    const res = await get("/api/posts/open-a/form-token");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { token: string; open: boolean };
    expect(body.open).toBe(true);
    expect(body.token).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/);
  });
});

describe("nothing a commenter writes can inject markup", () => {
  const vectors = [
    `<script>alert(1)</script>`,
    `"><img src=x onerror=alert(1)>`,
    `<a href="javascript:alert(1)">x</a>`,
    `javascript:alert(1)`,
    `<svg onload=alert(1)>`,
    `</textarea><script>alert(1)</script>`,
    `<<SCRIPT>alert("XSS");//<</SCRIPT>`,
    `' onmouseover='alert(1)`,
    `[url=javascript:alert(1)]x[/url]`,
    `\u202Etxt.exe`,
  ];

  it("escapes every vector in every field, on the page, in the feed and in JSON", async () => {
    const ids: number[] = [];
    for (const vector of vectors) {
      const res = await postForm("open-c", { author: `n ${vector}`.slice(0, 100), email: "x@example.com", url: "https://ok.example/?q=\"><script>", comment: `c ${vector} https://example.com/"onmouseover="alert(1)` });
      expect(res.status, vector).toBe(303);
      ids.push(idFrom(res));
    }
    await approve(ids, "open-c");
    const page = await (await get("/open-c")).text();
    const feed = await (await get("/open-c/comments.xml")).text();
    const api = await (await get("/api/posts/open-c/comments")).text();
    // What a browser would parse: no script, no injected element, no event handler, no javascript: link.
    const elements = await elementsOf(page);
    // The post's own JSON-LD is data, not script, and carries no comment text.
    const jsonLd = (e: { tag: string; attrs: [string, string][] }) => e.tag === "script" && e.attrs.some(([n, v]) => n === "type" && v === "application/ld+json");
    expect(elements.filter((e) => ["script", "img", "svg", "iframe"].includes(e.tag) && !jsonLd(e))).toEqual([]);
    for (const { tag, attrs } of elements) {
      for (const [name, value] of attrs) {
        expect(name, `${tag} ${name}`).not.toMatch(/^on/i);
        if (name === "href") expect(value, `${tag} href`).toMatch(/^(https?:\/\/|\/|#)/);
      }
    }
    for (const body of [page.replace(/<script type="application\/ld\+json">[^<]*<\/script>/, ""), api]) {
      expect(body).not.toMatch(/<script/i);
      expect(body).not.toContain("\u202E");
    }
    expect(XMLValidator.validate(feed)).toBe(true);
    expect(feed).not.toMatch(/<script/i);
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // A URL stops at the quote: the rest is text, not an attribute.
    expect(page).toContain(`<a href="https://example.com/" rel="nofollow ugc noopener">https://example.com/</a>&quot;onmouseover=&quot;alert(1)`);
  });
});

describe("reading comments", () => {
  it("serves a post's approved comments as JSON, paged, with parent ids and no private data", async () => {
    const res = await get("/api/posts/" + encodeURIComponent(HEBREW_DEMO_SLUG) + "/comments");
    const body = (await res.json()) as { total: number; comments: { id: number; parentId: number | null; body: string }[] };
    expect(body.total).toBe(10);
    expect(body.comments.find((c) => c.id === 2)!.parentId).toBe(1);
    const text = JSON.stringify(body);
    for (const secret of ["email", "ip_hash", "user_agent"]) expect(text).not.toContain(secret);
  });

  it("serves a comment feed per post as valid Atom", async () => {
    const body = await (await get(HEBREW + "/comments.xml")).text();
    expect(XMLValidator.validate(body)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(body).feed;
    expect(feed.entry).toHaveLength(10);
    expect(feed["@xml:lang"]).toBe("he");
    expect(body).toContain("תגובה מאת יעל כהן");
  });

  it("renders a post page from KV alone for a reader without the pending cookie", async () => {
    const dead = new Proxy({} as D1Database, {
      get() {
        throw new Error("D1 must not be touched on a plain page view");
      },
    });
    const res = await buildBlog().fetch(new Request(BASE + HEBREW), { ...env, DB: dead } as Env, createExecutionContext());
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("10 תגובות");
  });
});

describe("concurrency", () => {
  it("200 parallel POSTs across 3 posts: every 303 is exactly one stored row", async () => {
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first<{ n: number }>())!.n;
    const slugs = ["open-a", "open-b", "open-c"];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => postForm(slugs[i % 3]!, { ...valid, comment: `parallel comment ${i} ✓` }, { ip: `10.0.${Math.floor(i / 250)}.${i % 250}` })),
    );
    expect(responses.map((r) => r.status).every((s) => s === 303)).toBe(true);
    const ids = responses.map(idFrom);
    expect(new Set(ids).size).toBe(200);
    const { results } = await env.DB.prepare("SELECT id, post_slug, body FROM comments WHERE body LIKE 'parallel comment %'").all<{ id: number; post_slug: string; body: string }>();
    expect(results).toHaveLength(200);
    for (let i = 0; i < 200; i++) {
      const stored = results.find((r) => r.id === ids[i]);
      expect(stored?.body).toBe(`parallel comment ${i} ✓`);
      expect(stored?.post_slug).toBe(slugs[i % 3]);
    }
    const after = (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first<{ n: number }>())!.n;
    expect(after - before).toBe(200);
  });
});
