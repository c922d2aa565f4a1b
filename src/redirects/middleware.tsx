/**
 * A moved WordPress blog's addresses (issue 14): the reader app's first
 * middleware, which looks only at what nothing else answered.
 *
 * - A request the app answered with anything but 404 passes untouched: the
 *   normal pages pay one status check. The one exception is the home page
 *   with a query, where WordPress's `/?p=123` lives: the query is checked
 *   first (a string search; a KV read only for `?p=`, `?page_id=`,
 *   `?attachment_id=`, `?cat=`).
 * - On a 404 (GET or HEAD, outside /api/ and /media/), WordPress's own
 *   addresses that need no data are redirected at once (`/feed/`,
 *   `/comments/feed/`, `/page/2/`, `/author/x/`, date archives: to the
 *   year's or month's archive page); any other
 *   path costs one KV read, `old:<key>` (paths.ts), which the import wrote:
 *   a post's old permalink, a tag or category, a page, an attachment page,
 *   or an item that is gone (410). What that misses falls back to the
 *   generic shapes (`/tag/x/`, `/<slug>/feed/`, `/<slug>/amp/`), else stays 404.
 *
 * A target is always a path on this blog (isLocalTarget), built from a
 * stored slug or tag, never from the request as typed.
 */
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { MessagePage } from "../views/error-page";
import { GONE, isLocalTarget, oldKey, pathSegments, queryKey, segmentsKey } from "./paths";

/** Redirects of old addresses are for good; a day keeps caches from asking again and again. */
export const CACHE_OLD_ADDRESS = "public, max-age=86400";

/** What followed the old item's address: its feed, a page of its list or comments, or WordPress's extra views of a post. */
type Suffix = { kind: "none" } | { kind: "feed" } | { kind: "page"; n: number } | { kind: "comment-page"; n: number } | { kind: "same" };

export const oldAddresses: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method;
  const readable = method === "GET" || method === "HEAD";
  const url = c.req.url;
  const q = url.indexOf("?");
  if (readable && q !== -1) {
    const answer = await homeQuery(c, new URL(url));
    if (answer) return answer;
  }
  await next();
  if (!readable || c.res.status !== 404) return;
  const pathname = new URL(url).pathname;
  if (/^\/(?:api|media)\//.test(pathname)) return;
  const answer = await oldPath(c, pathname);
  if (answer) {
    // Replace the 404 outright: assigning over it would copy its headers (Cache-Control: no-store) onto ours.
    c.res = undefined;
    c.res = answer;
  }
};

function moved(target: string): Response {
  return new Response(null, { status: 301, headers: { Location: target, "Cache-Control": CACHE_OLD_ADDRESS } });
}

async function gone(c: Context<AppEnv>): Promise<Response> {
  const page = <MessagePage config={c.var.config} title="Gone" message="This page was on the blog's old site and was not kept. Everything that was kept is on the home page." />;
  return c.html(page, 410, { "Cache-Control": CACHE_OLD_ADDRESS });
}

/** The target KV holds for a key: a local path, GONE, or null (none, or not a local path). */
async function lookup(c: Context<AppEnv>, key: string): Promise<string | null> {
  const value = await c.env.POSTS.get(oldKey(key));
  if (value === null) return null;
  return value === GONE || isLocalTarget(value) ? value : null;
}

/**
 * WordPress's query addresses on the home page (or /index.php): an item by
 * id (`?p=`, `?page_id=`, `?attachment_id=`; unknown ids are 404, not the
 * home page), a category by id (`?cat=`), a tag or category by slug, the
 * feeds, an author or a month. Anything else (`?page=2`) is the home page's own.
 */
async function homeQuery(c: Context<AppEnv>, url: URL): Promise<Response | null> {
  const segments = pathSegments(url.pathname);
  if (segments === null || segments.length > 0 || url.search.length < 3) return null;
  const params = url.searchParams;
  const item = queryKey(url.search);
  if (item !== null) {
    const target = await lookup(c, item);
    if (target === GONE) return gone(c);
    if (target === null) throw new HTTPException(404, { message: "No such page." });
    return moved(withSuffix(target, params.has("feed") ? { kind: "feed" } : { kind: "none" }));
  }
  const feed = params.get("feed");
  const cat = params.get("cat")?.trim();
  if (cat && /^[1-9][0-9]{0,15}$/.test(cat)) {
    const target = await lookup(c, `?cat=${Number(cat)}`);
    if (target === null || target === GONE) throw new HTTPException(404, { message: "No such page." });
    return moved(withSuffix(target, feed !== null ? { kind: "feed" } : { kind: "none" }));
  }
  for (const [name, base] of [["tag", "tag"], ["category_name", "category"]] as const) {
    const value = params.get(name)?.trim();
    if (value) return (await oldPath(c, `/${base}/${encodeURIComponent(value)}${feed !== null ? "/feed" : ""}`)) ?? null;
  }
  if (feed !== null) return moved("/feed.xml");
  // WordPress's search, `/?s=word`: this blog's /search.
  const words = params.get("s");
  if (words !== null) return moved(`/search?q=${encodeURIComponent(words)}`);
  const m = params.get("m")?.trim();
  if (m !== undefined) {
    // WordPress's `?m=2026`, `?m=202610`, `?m=20261021`: the year's or the month's page.
    const date = /^(\d{4})(\d{2})?(\d{2})?$/.exec(m);
    return moved((date && dateArchivePath(date[1]!, date[2], date[3])) ?? "/");
  }
  if (params.has("author")) return moved("/");
  return null;
}

/** The archive page of a date: a year's (`/2026/`), or a month's for a month or a day (`/2026/10/`); null when there is no such date. */
function dateArchivePath(year: string, month?: string, day?: string): string | null {
  if (month === undefined) return `/${year}/`;
  const [m, d] = [Number(month), day === undefined ? 1 : Number(day)];
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `/${year}/${String(m).padStart(2, "0")}/`;
}

/** The answer for a path nothing else answered, or null to leave the 404. */
async function oldPath(c: Context<AppEnv>, pathname: string): Promise<Response | null> {
  const all = pathSegments(pathname);
  if (all === null || all.length === 0) return null;
  const { base, suffix } = splitSuffix(all);
  const lower = base.map((s) => s.toLowerCase());

  // WordPress's own addresses, the same on every blog: no data needed.
  if (base.length === 0) return moved(suffix.kind === "feed" ? "/feed.xml" : suffix.kind === "page" ? pageOf("/", suffix.n) : "/");
  if (lower.length === 1 && lower[0] === "comments" && suffix.kind === "feed") return moved("/feed.xml");
  if (lower[0] === "author" && lower.length === 2) return moved(suffix.kind === "feed" ? "/feed.xml" : "/");
  if (lower.length <= 3 && /^\d{4}$/.test(lower[0]!) && lower.slice(1).every((s) => /^\d{1,2}$/.test(s))) {
    // Date archives: a day goes to its month's page, `/2026/10` to `/2026/10/`; an impossible date, or the page itself, stays 404.
    if (suffix.kind === "feed") return moved("/feed.xml");
    const target = dateArchivePath(lower[0]!, lower[1], lower[2]);
    const to = target === null ? null : suffix.kind === "page" ? pageOf(target, suffix.n) : target;
    return to === null || to === pathname ? null : moved(to);
  }

  // What the import recorded: one KV read.
  const key = segmentsKey(base);
  const target = key === null ? null : await lookup(c, key);
  if (target === GONE) return gone(c);
  if (target !== null) {
    const to = withSuffix(target, suffix);
    // A post's old address may be its address here: if that 404'd, the post is not on the blog (a draft, the
    // trash): the 404 stays, so the desk can still show the author their draft.
    return samePath(to, all) ? null : moved(to);
  }

  // Generic shapes, when the import recorded nothing.
  let to: string | null = null;
  if ((lower[0] === "tag" && base.length === 2) || (lower[0] === "category" && base.length >= 2)) to = withSuffix(`/tag/${encodeURIComponent(base.at(-1)!)}`, suffix);
  else if (base.length === 1 && (suffix.kind === "feed" || suffix.kind === "same")) to = withSuffix(`/${encodeURIComponent(base[0]!)}`, suffix);
  // Only the very same spelling would loop: `/tag/x/` → `/tag/x` is one step, and `/tag/x` itself stays 404.
  return to !== null && to !== pathname && isLocalTarget(to) ? moved(to) : null;
}

/** `…/feed/`, `…/feed/rss2/`, `…/page/2/`, `…/comment-page-3/`, `…/amp/`, `…/trackback/`, `…/embed/` off the end of a path. */
function splitSuffix(segments: string[]): { base: string[]; suffix: Suffix } {
  const s = segments.map((x) => x.toLowerCase());
  const n = s.length;
  if (n >= 2 && s[n - 2] === "feed" && /^(?:rss|rss2|atom|rdf)$/.test(s[n - 1]!)) return { base: segments.slice(0, -2), suffix: { kind: "feed" } };
  if (n >= 1 && /^(?:feed|rss|rss2|atom|rdf)$/.test(s[n - 1]!) && (s[n - 1] === "feed" || n === 1)) return { base: segments.slice(0, -1), suffix: { kind: "feed" } };
  if (n >= 2 && s[n - 2] === "page" && /^[1-9][0-9]{0,5}$/.test(s[n - 1]!)) return { base: segments.slice(0, -2), suffix: { kind: "page", n: Number(s[n - 1]) } };
  const comments = /^comment-page-([1-9][0-9]{0,5})$/.exec(s[n - 1] ?? "");
  if (n >= 2 && comments) return { base: segments.slice(0, -1), suffix: { kind: "comment-page", n: Number(comments[1]) } };
  if (n >= 2 && /^(?:amp|trackback|embed)$/.test(s[n - 1]!)) return { base: segments.slice(0, -1), suffix: { kind: "same" } };
  return { base: segments, suffix: { kind: "none" } };
}

const pageOf = (path: string, n: number) => (n <= 1 ? path : `${path}?page=${n}`);

/** Where a suffix of an old address goes, on a target of each kind: the home page, a tag, or a post. */
function withSuffix(target: string, suffix: Suffix): string {
  if (target === "/") return suffix.kind === "feed" ? "/feed.xml" : suffix.kind === "page" ? pageOf("/", suffix.n) : "/";
  if (target.startsWith("/tag/")) return suffix.kind === "page" ? pageOf(target, suffix.n) : target; // a tag has no feed of its own: its page
  if (suffix.kind === "feed") return `${target}/comments.xml`;
  if (suffix.kind === "comment-page") return suffix.n <= 1 ? target : `${target}/comment-page-${suffix.n}/`;
  return target;
}

/** Whether a target is the very path asked for (in any spelling, suffix included): redirecting there would loop. */
function samePath(target: string, segments: string[]): boolean {
  const asked = pathSegments(target);
  return asked !== null && asked.join("/") === segments.join("/");
}
