/**
 * The holes a hostile tester found (issue 10), each as the attack that once
 * worked, through the Worker's HTTP surface with real KV, D1 and rate
 * limiters. Every test here failed before its fix. The import findings
 * (over-long fields, reply loops, a second site's ids) are in
 * test/wxr/import-api.test.ts and test/node/cli-wordpress.test.ts; stored
 * XSS on every surface in xss.test.ts.
 */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { buildBlog } from "../worker";
import { ConfigError, loadConfig, type Env } from "../../src/config";
import { seedDemo } from "../../src/demo/seed";
import type { CommentRow } from "../../src/comments/model";
import { moderate } from "../../src/comments/moderate";
import { learner } from "../../src/spam/learn";
import { scoreNewComments } from "../../src/spam/job";
import { previewDigest } from "../../src/digest/job";
import { admin, BASE, formToken, get } from "../helpers";

const SLUG = "hello-from-the-edge";
const app = buildBlog();
let client = 0;
/** A client address of its own for each request that should not share a rate limit. */
const freshIp = () => `2001:db8::${(++client).toString(16)}`;

const row = async (id: number) => (await env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(id).first<CommentRow>())!;
const count = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first<{ n: number }>())!.n;

function postComment(fields: Record<string, string>, options: { ip?: string; slug?: string; cookie?: string; base?: string } = {}): Promise<Response> {
  return exports.default.fetch(
    new Request(`${options.base ?? BASE}/${options.slug ?? SLUG}/comments`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": options.ip ?? freshIp(), ...(options.cookie ? { Cookie: options.cookie } : {}) },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

async function comment(fields: { author?: string; email?: string; comment: string }): Promise<number> {
  const res = await postComment({ author: "Reader", email: `reader${client}@example.com`, url: "", token: await formToken(SLUG), ...fields });
  expect(res.status).toBe(303);
  return Number(/#comment-(\d+)/.exec(res.headers.get("location")!)![1]);
}


function signInRequest(token: string, ip: string): Request {
  return new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip }, body: `token=${encodeURIComponent(token)}` });
}

/** Signs in from its own address; returns the session cookie and the CSRF token of the queue page. */
async function signIn(fetcher: (r: Request) => Response | Promise<Response> = (r) => exports.default.fetch(r)): Promise<{ cookie: string; csrf: string }> {
  const res = await fetcher(signInRequest(env.ADMIN_TOKEN!, freshIp()));
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const queue = await (await fetcher(new Request(`${BASE}/admin`, { headers: { Cookie: cookie } }))).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(queue)![1]! };
}

type Fetcher = (r: Request) => Response | Promise<Response>;

const signedIn = async (cookie: string, fetcher: Fetcher = (r) => exports.default.fetch(r)) =>
  !(await (await fetcher(new Request(`${BASE}/admin`, { headers: { Cookie: cookie } }))).text()).includes('name="token" type="password"');

const adminForm = (path: string, cookie: string, fields: [string, string][]) =>
  exports.default.fetch(new Request(BASE + path, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie }, body: new URLSearchParams(fields).toString() }));

beforeAll(async () => {
  await seedDemo(env);
});

describe("1. a form comment cannot pass as a known commenter or as the author", () => {
  beforeAll(async () => {
    // Teach the learner enough that plain, friendly comments score below the approve threshold.
    const ham: number[] = [];
    for (let i = 0; i < 4; i++) ham.push(await comment({ author: "Dana", email: "dana@example.com", comment: `Lovely post about the trail and the bread, thank you (${i})` }));
    const spam: number[] = [];
    for (let i = 0; i < 4; i++) spam.push(await comment({ comment: `cheap viagra pills online pharmacy discount ${i} http://pills${i}.example` }));
    await scoreNewComments(env);
    await moderate(env, ham, "approve", "author", learner(loadConfig(env)));
    await moderate(env, spam, "spam", "author", learner(loadConfig(env)));
  });

  it("approves a returning commenter only with the same email AND the same name", async () => {
    const sameBoth = await comment({ author: "Dana", email: "dana@example.com", comment: "Lovely post about the trail and the bread, thank you again" });
    const sameBothOtherCase = await comment({ author: "  dana ", email: "DANA@example.com", comment: "Lovely post about the trail and the bread, thank you once more" });
    const emailOnly = await comment({ author: "Mallory", email: "dana@example.com", comment: "Lovely post about the trail and the bread, thank you so much" });
    await scoreNewComments(env);
    expect((await row(sameBoth)).status).toBe("approved");
    expect((await row(sameBothOtherCase)).status).toBe("approved");
    expect((await row(emailOnly)).status).toBe("pending");
  });

  it("holds a form comment with the author's email or name, whatever its score and AUTO_APPROVE, and says why", async () => {
    // The author's own reply from the desk: approved, is_author, with the author's email.
    const parent = await comment({ author: "Dana", email: "dana@example.com", comment: "Lovely post about the trail and the bread, a question" });
    const reply = await admin(`/api/admin/comments/${parent}/reply`, { method: "POST", json: { body: "Thanks, Dana!" } });
    expect(reply.status).toBe(201);

    const config = loadConfig(env);
    const byEmail = await comment({ author: "A Friend", email: config.AUTHOR_EMAIL.toUpperCase(), comment: "Lovely post about the trail and the bread, thank you" });
    const byName = await comment({ author: config.AUTHOR_NAME, email: "someone@example.com", comment: "Lovely post about the trail and the bread, thank you" });
    // Full-width letters, extra spaces and a zero-width space are still the author's name.
    const lookalike = await comment({ author: "ＮＯＡ  LEVI\u200b", email: "other@example.com", comment: "Lovely post about the trail and the bread, thanks" });
    const both = await comment({ author: config.AUTHOR_NAME, email: config.AUTHOR_EMAIL, comment: "Lovely post about the trail and the bread, thank you" });
    await scoreNewComments({ ...env, AUTO_APPROVE: "true" } as Env);
    for (const [id, which] of [[byEmail, "email"], [byName, "name"], [lookalike, "name"], [both, "name and email"]] as const) {
      const r = await row(id);
      expect(r.status, `${id}`).toBe("pending");
      expect(r.is_author).toBe(0);
      expect(JSON.parse(r.spam_reasons!)[0]).toBe(`uses the author's name/email (${which})`);
    }

    const { cookie } = await signIn();
    const queue = await (await get("/admin?status=pending", { headers: { Cookie: cookie } })).text();
    expect(queue).toMatch(/uses the author(&#39;|')s name\/email \(email\)/);
    const digest = await previewDigest(env);
    expect(digest.text).toContain("uses the author's name/email (name and email)");
    expect(digest.html).toMatch(/uses the author(&#39;|&#x27;|')s name\/email/);
  });
});

describe("2. guessing the admin token", () => {
  it("refuses the 11th sign-in within a minute from one client with 429, Retry-After and when to try again, even with the right token", async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) expect((await exports.default.fetch(signInRequest(`wrong-guess-${i}`, ip))).status).toBe(401);
    for (const token of ["wrong-guess-11", env.ADMIN_TOKEN!]) {
      const res = await exports.default.fetch(signInRequest(token, ip));
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("60");
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toMatch(/Too many sign-in attempts\. Try again in 60 seconds \(after \d\d:\d\d\)/);
    }
    // Another client is not locked out by this one.
    expect((await exports.default.fetch(signInRequest(env.ADMIN_TOKEN!, freshIp()))).status).toBe(303);
  });

  it("limits sign-in attempts of all clients together", async () => {
    // A limiter of its own (same settings as SIGN_IN_LIMITER_ALL), so other test files' sign-ins are not locked out.
    const testEnv = { ...env, SIGN_IN_LIMITER_ALL: env.TEST_SIGN_IN_LIMITER_ALL } as Env;
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await app.fetch(signInRequest(`spread-guess-${i}`, freshIp()), testEnv, createExecutionContext())).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it("limits the admin API per client before looking at the token", async () => {
    // The real binding with a small limit of its own (wrangler.toml allows 600 a minute).
    const testEnv = { ...env, ADMIN_API_LIMITER: env.TEST_ADMIN_API_LIMITER } as Env;
    const ip = freshIp();
    const call = async (token: string) => app.fetch(new Request(`${BASE}/api/admin/export/site`, { headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": ip } }), testEnv, createExecutionContext());
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(`wrong-token-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const limited = await call(env.ADMIN_TOKEN!);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(((await limited.json()) as { error: { message: string } }).error.message).toContain("try again in 60 seconds");
  });

  it("requires an ADMIN_TOKEN of at least 32 characters, naming it without showing it", async () => {
    const short = "short-token-of-31-characters-xx";
    expect(short).toHaveLength(31);
    expect(() => loadConfig({ ...env, ADMIN_TOKEN: short } as Env)).toThrow(ConfigError);
    const res = await app.fetch(new Request(`${BASE}/admin`), { ...env, ADMIN_TOKEN: short } as Env, createExecutionContext());
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("ADMIN_TOKEN must be at least 32 characters (generate one with: openssl rand -base64 32)");
    expect(text).not.toContain(short);
  });
});

describe("3. sessions end on the server", () => {
  it("signing out ends that session: the saved cookie no longer works", async () => {
    const { cookie, csrf } = await signIn();
    const other = await signIn();
    expect(await signedIn(cookie)).toBe(true);
    expect((await adminForm("/admin/logout", cookie, [["csrf", csrf]])).status).toBe(303);
    expect(await signedIn(cookie)).toBe(false);
    const id = await comment({ comment: "moderate me with a dead session" });
    expect((await adminForm("/admin/moderate", cookie, [["csrf", csrf], ["one", `${id}:approve`]])).status).toBe(403);
    expect((await row(id)).status).toBe("pending");
    // Another device's session is not touched.
    expect(await signedIn(other.cookie)).toBe(true);
  });

  it("“sign out everywhere” ends every session", async () => {
    const [a, b, c] = [await signIn(), await signIn(), await signIn()];
    expect(await (await get("/admin", { headers: { Cookie: a.cookie } })).text()).toContain("Sign out everywhere");
    expect((await adminForm("/admin/logout", a.cookie, [["csrf", a.csrf], ["everywhere", "1"]])).status).toBe(303);
    for (const s of [a, b, c]) expect(await signedIn(s.cookie)).toBe(false);
  });

  it("changing ADMIN_TOKEN ends every session; a made-up cookie signs nobody in", async () => {
    const { cookie } = await signIn();
    const rotated = { ...env, ADMIN_TOKEN: "a-new-admin-token-after-rotation-0123456789" } as Env;
    const withRotated = (r: Request) => app.fetch(r, rotated, createExecutionContext());
    expect(await signedIn(cookie, withRotated)).toBe(false);
    expect(await signedIn(`ep_admin=${"A".repeat(43)}.${"B".repeat(43)}`)).toBe(false);
  });
});

describe("4. digest links act only on the comment as it was", () => {
  /** The digest's own link for a comment (as the email has it), with &amp; undone. */
  async function digestLink(id: number, action: "approve" | "spam" | "trash"): Promise<string> {
    const { html } = await previewDigest(env);
    const m = new RegExp(`href="([^"]*/admin/act\\?c=${id}&amp;a=${action}[^"]*)"`).exec(html);
    expect(m, `no ${action} link for ${id}`).not.toBeNull();
    return m![1]!.replace(/&amp;/g, "&");
  }
  const use = (link: string) => exports.default.fetch(new Request(`${BASE}/admin/act`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URL(link).searchParams.toString() }));

  it("a “spam” link used after the author approved the comment changes nothing and says who decided and when", async () => {
    const id = await comment({ comment: "a fine comment the author will approve" });
    const spam = await digestLink(id, "spam");
    expect((await admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "approve" } })).status).toBe(200);
    for (const res of [await exports.default.fetch(new Request(spam)), await use(spam)]) {
      expect(res.status).toBe(409);
      const text = await res.text();
      expect(text).toMatch(/was approved by you on [^<]+\d\d:\d\d\. This link no longer acts, so nothing changed/);
      expect(text).not.toContain('type="submit"');
    }
    expect((await row(id)).status).toBe("approved");
  });

  it("a link used once cannot be replayed, even after the comment is put back to the state it had", async () => {
    const id = await comment({ comment: "spam me, then restore me" });
    const spam = await digestLink(id, "spam");
    expect((await use(spam)).status).toBe(200);
    expect((await row(id)).status).toBe("spam");
    expect((await admin("/api/admin/comments/moderate", { method: "POST", json: { ids: [id], action: "restore" } })).status).toBe(200);
    expect((await row(id)).status).toBe("pending"); // pending again, but decided since the link was made
    const replay = await use(spam);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain("was put back to pending by you");
    expect((await row(id)).status).toBe("pending");
  });
});

describe("5. no valid token, nothing written (honeypot or not)", () => {
  it.each([
    ["no token", null, 403],
    ["a forged token", "lzz.AAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 403],
    ["an expired token", "expired", 400],
  ] as const)("a filled honeypot with %s is refused and stores nothing", async (_, token, status) => {
    const before = await count();
    const value = token === "expired" ? await formToken(SLUG, 25 * 3600_000) : token;
    const res = await postComment({ author: "Bot", email: "bot@example.com", comment: "buy now", homepage: "http://spam.example", ...(value ? { token: value } : {}) });
    expect(res.status).toBe(status);
    expect(await count()).toBe(before);
  });

  it("a filled honeypot with a valid token is kept as spam, silently", async () => {
    const res = await postComment({ author: "Bot", email: "bot@example.com", comment: "honeypot with a real token", homepage: "http://spam.example", token: await formToken(SLUG) });
    expect(res.status).toBe(303);
    const stored = await env.DB.prepare("SELECT status FROM comments WHERE body = 'honeypot with a real token'").first<{ status: string }>();
    expect(stored?.status).toBe("spam");
  });
});

describe("6. one form token, one comment", () => {
  it("the same token with the same text is the same comment (a double click)", async () => {
    const token = await formToken(SLUG);
    const fields = { author: "Clicker", email: "clicker@example.com", comment: "double click, one comment", token };
    const [a, b] = [await postComment(fields), await postComment(fields, { ip: freshIp() })];
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get("location")).toBe(b.headers.get("location"));
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE body = 'double click, one comment'").first<{ n: number }>())!.n).toBe(1);
  });

  it("the same token with other text is refused with 409, the text kept and a fresh token given", async () => {
    const token = await formToken(SLUG);
    expect((await postComment({ author: "Reuser", email: "reuser@example.com", comment: "first comment with this token", token })).status).toBe(303);
    const before = await count();
    const res = await postComment({ author: "Reuser", email: "reuser@example.com", comment: "second comment, same token", token });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("This form was already used to post a comment");
    expect(html).toContain("second comment, same token</textarea>");
    const fresh = /name="token" value="([^"]+)"/.exec(html)![1]!;
    expect(fresh).not.toBe(token);
    expect(await count()).toBe(before);
    const json = await exports.default.fetch(
      new Request(`${BASE}/${SLUG}/comments`, { method: "POST", headers: { "Content-Type": "application/json", "CF-Connecting-IP": freshIp() }, body: JSON.stringify({ author: "Reuser", email: "reuser@example.com", comment: "third, by JSON", token }) }),
    );
    expect(json.status).toBe(409);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("token_used");
  });
});

describe("7. invalid UTF-8, raw or percent-encoded, gets the same 400", () => {
  it("answers both with 400 and the explanation, and stores nothing", async () => {
    const before = await count();
    const head = new TextEncoder().encode(`author=Dana&email=dana%40example.com&token=${await formToken(SLUG)}&comment=caf`);
    const raw = new Uint8Array([...head, 0xff, 0xfe, 0x20, 0x6f, 0x6b]);
    const encoded = new TextEncoder().encode(`author=Dana&email=dana%40example.com&token=${await formToken(SLUG)}&comment=caf%FF%FE+ok`);
    const answers: string[] = [];
    for (const body of [raw, encoded]) {
      const res = await exports.default.fetch(new Request(`${BASE}/${SLUG}/comments`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshIp() }, body }));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain("was not valid text and was replaced with �");
      answers.push(/<p class="notice[^"]*"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? "");
    }
    expect(answers[0]).toBe(answers[1]);
    expect(await count()).toBe(before);
  });
});

describe("8. a body over the limit is 413 whatever its framing", () => {
  /** A body of `size` bytes in 64 KiB chunks, with no length: HTTP/1.1 chunked. */
  function chunked(size: number): ReadableStream<Uint8Array> {
    let sent = 0;
    return new ReadableStream({
      pull(controller) {
        if (sent >= size) return controller.close();
        const n = Math.min(65_536, size - sent);
        controller.enqueue(new TextEncoder().encode((sent === 0 ? "comment=" : "").padEnd(n, "a")));
        sent += n;
      },
    });
  }

  it.each([
    ["chunked, just over 1 MiB", () => ({ body: chunked(1024 * 1024 + 1) })],
    ["chunked, 8 MiB", () => ({ body: chunked(8 * 1024 * 1024) })],
    ["with a length, 2 MiB", () => ({ body: new TextEncoder().encode("comment=".padEnd(2 * 1024 * 1024, "a")) })],
  ] as const)("%s: 413 and the reason, nothing stored", async (_, make) => {
    const before = await count();
    const res = await exports.default.fetch(new Request(`${BASE}/${SLUG}/comments`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshIp() }, ...make() }));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("This comment is too large to send (the limit is 64 KiB)");
    expect(await count()).toBe(before);
  });
});

describe("12. the smaller ones", () => {
  it("seals the saved-details cookie: the email cannot be read from it, yet the form is filled from it", async () => {
    const res = await postComment({ author: "Saver", email: "saver@example.com", url: "", comment: "save my details", remember: "1", token: await formToken(SLUG) });
    expect(res.status).toBe(303);
    const set = res.headers.getAll("Set-Cookie").find((c) => c.startsWith("ep_commenter="))!;
    const value = set.split(";")[0]!.slice("ep_commenter=".length);
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(value.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(value.length / 4) * 4, "=")), (ch) => ch.charCodeAt(0)));
    for (const text of [value, decodeURIComponent(value), decoded]) expect(text).not.toContain("saver");
    const page = await (await get(`/${SLUG}`, { headers: { Cookie: `ep_commenter=${value}` } })).text();
    expect(page).toContain('value="saver@example.com"');
    // A cookie that is not ours (or an older, unsealed one) fills nothing.
    const forged = btoa(JSON.stringify(["Saver", "saver@example.com", ""]));
    expect(await (await get(`/${SLUG}`, { headers: { Cookie: `ep_commenter=${forged}` } })).text()).not.toContain("saver@example.com");
  });

  it("marks the reader's cookies Secure when the blog's address or the request is https", async () => {
    const secureOf = async (base: string, testEnv: Env = env) => {
      const request = new Request(`${base}/${SLUG}/comments`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": freshIp() },
        body: new URLSearchParams({ author: "Sec", email: "sec@example.com", comment: `secure? ${base} ${testEnv.BASE_URL}`, remember: "1", token: await formToken(SLUG) }).toString(),
      });
      const res = await app.fetch(request, testEnv, createExecutionContext());
      expect(res.status).toBe(303);
      const cookies = res.headers.getAll("Set-Cookie").filter((c) => /^ep_(pending|commenter)=/.test(c));
      expect(cookies).toHaveLength(2);
      return cookies.map((c) => /;\s*Secure/i.test(c));
    };
    expect(await secureOf("http://127.0.0.1:8787")).toEqual([false, false]);
    expect(await secureOf("https://127.0.0.1:8787")).toEqual([true, true]);
    expect(await secureOf("http://127.0.0.1:8787", { ...env, BASE_URL: "https://blog.example.com" } as Env)).toEqual([true, true]);
  });

  it.each([["zero-width characters", "\u200b\u200c\u200d\u2060\ufeff"], ["a Hangul filler", "\u3164"], ["LRM and spaces", " \u200e \u200f "]])("treats a name of only %s as no name: 422", async (_, name) => {
    const before = await count();
    const res = await postComment({ author: name, email: "invisible@example.com", comment: "who am I?", token: await formToken(SLUG) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Please enter your name.");
    expect(await count()).toBe(before);
  });
});
