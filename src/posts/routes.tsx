/**
 * The reader's routes for lists of posts: index, tag pages, feed, sitemap,
 * robots.txt and the stylesheet. Every handler reads a few small KV keys
 * (lists.ts: a list's head and at most two chunks, or one sitemap file) and
 * renders; none touches D1, and none reads more as the blog grows. The post
 * page itself is assembled in src/pages/.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { BLOG_LIST, SITEMAP_URLS, monthList, readHead, readListPage, readSitemapFile, tagKey, type PageOfList } from "./lists";
import { monthName, readArchive } from "./archive";
import { ArchivePage, YearPage, monthPath } from "./archive-pages";
import { messagesFor } from "../views/i18n";
import { blogFeed, robotsTxt, sitemap, sitemapIndex } from "./feeds";
import { ListPage } from "./pages";
import { CACHE_IMMUTABLE, CACHE_LIST, pageParam } from "../http/respond";
import { STYLESHEET, STYLESHEET_VERSION } from "../views/style";
import { HTML_TYPE, renderHtml } from "../views/render";
import { sendCached, sendWithEtag } from "../http/etag";
import { cachedPage } from "../views/page-cache";
import type { JSX } from "hono/jsx/jsx-runtime";

export const readerRoutes = new Hono<AppEnv>();

/** The `?page=N` of a list, newest first; a page past the last is a 404 (page 1 of an empty list is not). */
export async function listPage(c: Context<AppEnv>, list: string): Promise<PageOfList & { page: number }> {
  const page = pageParam(c);
  const slice = await readListPage(c.env.POSTS, list, page);
  if (page > slice.pages) throw new HTTPException(404, { message: `There is no page ${page}; the last page is ${slice.pages}.` });
  return { ...slice, page };
}

/** A list page (index or tag), rendered once per version of the keys it read, then served from memory. */
async function sendListPage(c: Context<AppEnv>, key: string, render: () => JSX.Element) {
  const page = await cachedPage(c.var.config, key, () => renderHtml(render()));
  return sendCached(c, page, { "Content-Type": HTML_TYPE, "Cache-Control": CACHE_LIST });
}

readerRoutes.get("/", async (c) => {
  const slice = await listPage(c, BLOG_LIST);
  return sendListPage(c, `index\n${slice.version}\n${slice.page}`, () => <ListPage config={c.var.config} posts={slice.posts} page={slice.page} pages={slice.pages} />);
});

readerRoutes.get("/tag/:tag", async (c) => {
  const tag = c.req.param("tag").normalize("NFC");
  if (tag.trim() === "") throw new HTTPException(404, { message: "No such tag." });
  const wanted = tagKey(tag);
  const slice = await listPage(c, wanted);
  if (slice.total === 0) throw new HTTPException(404, { message: `No posts are tagged “${tag}”.` });
  // Show the tag as its posts spell it, whatever case the address used.
  const spelled = slice.posts[0]?.tags.find((t) => tagKey(t) === wanted) ?? tag;
  return sendListPage(c, `tag\n${wanted}\n${slice.version}\n${slice.page}`, () => <ListPage config={c.var.config} posts={slice.posts} page={slice.page} pages={slice.pages} tag={spelled} />);
});

// The archive (issue 14): every month with its count, from one small key; a year's months; a month's posts, a list like a tag's.
/** The archive's pages' one address ends in a slash (as WordPress's did); the router takes both spellings, so the other redirects. */
function slashed(c: Context<AppEnv>): Response | null {
  const url = new URL(c.req.url);
  return url.pathname.endsWith("/") ? null : c.redirect(`${url.pathname}/${url.search}`, 301);
}

readerRoutes.get("/archive/", async (c) => {
  const moved = slashed(c);
  if (moved) return moved;
  const archive = await readArchive(c.env.POSTS);
  return sendListPage(c, `archive\n${archive?.builtAt ?? 0}`, () => <ArchivePage config={c.var.config} months={archive?.months ?? []} />);
});

// Without the slash, `/2026` may be a post's own address (a slug of digits): passed on; if not a post, the 404 redirects here (redirects/).
readerRoutes.get("/:year{[0-9]{4}}/", async (c, next) => {
  if (!c.req.path.endsWith("/")) return next();
  const year = c.req.param("year");
  const archive = await readArchive(c.env.POSTS);
  const months = (archive?.months ?? []).filter(([month]) => month.startsWith(`${year}-`));
  // No posts that year: perhaps a post's address with a slash (the post page redirects it), else a 404.
  if (months.length === 0) return next();
  return sendListPage(c, `year\n${year}\n${archive!.builtAt}`, () => <YearPage config={c.var.config} year={year} months={months} />);
});

readerRoutes.get("/:year{[0-9]{4}}/:month{[0-9]{2}}/", async (c, next) => {
  if (!c.req.path.endsWith("/")) return next();
  const [year, mm] = [c.req.param("year"), c.req.param("month")];
  const n = Number(mm);
  if (n < 1 || n > 12) throw new HTTPException(404, { message: "There is no such month." });
  const month = `${year}-${mm}`;
  const slice = await listPage(c, monthList(month));
  if (slice.total === 0) throw new HTTPException(404, { message: `There are no posts from ${month}.` });
  const config = c.var.config;
  const heading = messagesFor(config.BLOG_LANG).postsFromMonth(monthName(n, config.BLOG_LANG), year);
  return sendListPage(c, `month\n${month}\n${slice.version}\n${slice.page}`, () => <ListPage config={config} posts={slice.posts} page={slice.page} pages={slice.pages} heading={heading} base={monthPath(month)} />);
});

readerRoutes.get("/feed.xml", async (c) => {
  const head = await readHead(c.env.POSTS, BLOG_LIST);
  // Rendered once per version of the head, like the list pages.
  const feed = await cachedPage(c.var.config, `feed\n${head?.builtAt ?? 0}`, () => blogFeed(c.var.config, head?.posts ?? []));
  return sendCached(c, feed, { "Content-Type": "application/atom+xml; charset=UTF-8", "Cache-Control": CACHE_LIST });
});

const XML = { "Content-Type": "application/xml; charset=UTF-8", "Cache-Control": CACHE_LIST };

/** One file of URLs while the blog fits in one (SITEMAP_URLS); past that, an index of /sitemap-N.xml files. */
readerRoutes.get("/sitemap.xml", async (c) => {
  const head = await readHead(c.env.POSTS, BLOG_LIST);
  const files = Math.ceil((head?.total ?? 0) / SITEMAP_URLS);
  if (files > 1) return sendWithEtag(c, sitemapIndex(c.var.config, files), XML);
  const newest = head?.posts[0];
  const urls = files === 1 ? ((await readSitemapFile(c.env.POSTS, 1))?.urls ?? []) : [];
  return sendWithEtag(c, sitemap(c.var.config, urls, { lastmod: newest && Math.max(newest.updated, newest.published) }), XML);
});

readerRoutes.get("/:file{sitemap-[1-9][0-9]*\\.xml}", async (c) => {
  const n = Number(/[0-9]+/.exec(c.req.param("file"))![0]);
  const file = await readSitemapFile(c.env.POSTS, n);
  if (!file) throw new HTTPException(404, { message: `There is no sitemap file ${n}.` });
  // The home page goes in the first file; its date is the head's, which this one key does not have.
  return sendWithEtag(c, sitemap(c.var.config, file.urls, n === 1 ? {} : null), XML);
});

readerRoutes.get("/robots.txt", (c) => c.body(robotsTxt(c.var.config), 200, { "Content-Type": "text/plain; charset=UTF-8", "Cache-Control": CACHE_LIST }));

readerRoutes.get("/style.css", (c) => {
  const cache = c.req.query("v") === STYLESHEET_VERSION ? CACHE_IMMUTABLE : CACHE_LIST;
  return c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=UTF-8", "Cache-Control": cache });
});

