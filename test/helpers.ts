/** Shared by tests: requests through the real Worker, and parsing what comes back. */
import { env, exports } from "cloudflare:workers";
import { issueFormToken } from "../src/comments/form-token";

export const BASE = "http://127.0.0.1:8787";

export function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(BASE + path, { redirect: "manual", ...init }));
}

/** The value of an attribute on the first element matching a tag name with that attribute. */
export function attr(html: string, tag: string, name: string): string | undefined {
  const m = new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`, "i").exec(html);
  return m?.[1];
}

/** Every element and attribute in a page, as a browser's parser sees them (HTMLRewriter). */
export async function elementsOf(html: string): Promise<{ tag: string; attrs: [string, string][] }[]> {
  const found: { tag: string; attrs: [string, string][] }[] = [];
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        found.push({ tag: el.tagName, attrs: [...el.attributes] as [string, string][] });
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}

/**
 * A D1Database (or session) that calls `before(sql, count)` ahead of every
 * query it runs: to count queries, or to make some of them fail the way a
 * D1 outage does. A batch calls it once per statement, then runs the real
 * statements in one real batch.
 */
export function watchedDb<T extends D1Database | D1DatabaseSession>(db: T, before: (sql: string) => void): T {
  const real = new WeakMap<object, { statement: D1PreparedStatement; sql: string }>();
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...args: unknown[]) => wrap(target.bind(...args), sql);
        const value = Reflect.get(target, prop);
        if (prop === "first" || prop === "all" || prop === "run" || prop === "raw") {
          return (...args: unknown[]) => {
            before(sql);
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    real.set(proxy, { statement, sql });
    return proxy;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql), sql);
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const unwrapped = statements.map((s) => real.get(s) ?? { statement: s, sql: "" });
          for (const s of unwrapped) before(s.sql);
          return target.batch(unwrapped.map((s) => s.statement));
        };
      }
      if (prop === "withSession") return (bookmark?: string) => watchedDb((target as D1Database).withSession(bookmark), before);
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as T;
}

/** A D1 that fails every `everyNth` query (deterministic, so failures land on reads and writes alike). */
export function flakyDb(db: D1Database, everyNth: number): D1Database {
  let n = 0;
  return watchedDb(db, () => {
    if (++n % everyNth === 0) throw new Error("D1_ERROR: Network connection lost (injected)");
  });
}

/** A valid form token for `slug`, issued `ageMs` ago (a token is good for one comment: mint one for each). */
export function formToken(slug: string, ageMs = 5_000): Promise<string> {
  return issueFormToken(env.APP_SECRET!, slug, Date.now() - ageMs);
}

/** A comment through the reader's form (a fresh token, a random documentation address), its id from the 303. */
export async function postComment(slug: string, text: string, ip = `203.0.113.${Math.floor(Math.random() * 250)}`): Promise<number> {
  const res = await exports.default.fetch(
    new Request(`${BASE}/${encodeURIComponent(slug)}/comments`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": ip },
      body: new URLSearchParams({ author: "Reader", email: "reader@example.com", comment: text, token: await formToken(slug) }).toString(),
    }),
  );
  if (res.status !== 303) throw new Error(`the comment form answered ${res.status}: ${await res.text()}`);
  return Number(/#comment-(\d+)/.exec(res.headers.get("location")!)![1]);
}

/** Signs in at /admin with the test ADMIN_TOKEN: the session cookie and the page's CSRF token. */
export async function signInToDesk(): Promise<{ cookie: string; csrf: string }> {
  const res = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(env.ADMIN_TOKEN!)}` }));
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const queue = await (await get("/admin", { headers: { Cookie: cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(queue)![1]! };
}

/** A request to the admin API with the admin token (or another, or none: `token` null), a `json` body sent as JSON. */
export function admin(path: string, init: RequestInit & { json?: unknown } = {}, token: string | null = env.ADMIN_TOKEN!): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  if (init.json !== undefined) headers.set("Content-Type", "application/json");
  return exports.default.fetch(new Request(BASE + path, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body, redirect: "manual" }));
}
