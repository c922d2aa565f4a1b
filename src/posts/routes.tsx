/**
 * The reader's routes for lists of posts: index, tag pages, feed, sitemap,
 * robots.txt and the stylesheet. Every handler reads KV only and renders;
 * none touches D1. The post page itself is assembled in src/pages/.
 */
import { Hono, type Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { POSTS_PER_PAGE, type AppEnv } from "../config";
import { isVisible } from "./model";
import { readIndex, tagKey } from "./store";
import { slugPath } from "./slug";
import { blogFeed, robotsTxt, sitemap } from "./feeds";
import { ListPage } from "./pages";
import { CACHE_IMMUTABLE, CACHE_LIST, pageParam, paginate } from "../http/respond";
import { STYLESHEET, STYLESHEET_VERSION } from "../views/style";
import { HTML_TYPE, renderHtml } from "../views/render";
import { ifNoneMatch, sendWithEtag } from "../http/etag";
import { cachedPage } from "../views/page-cache";
import type { JSX } from "hono/jsx/jsx-runtime";

export const readerRoutes = new Hono<AppEnv>();

async function visiblePosts(c: Context<AppEnv>) {
  const now = Date.now();
  const index = await readIndex(c.env.POSTS);
  const posts = index.posts.filter((post) => isVisible(post, now));
  // What a list page shows changes only with the index or when a scheduled post comes due.
  return Object.assign(posts, { version: `${index.builtAt}:${posts.length}` });
}

/** A list page (index or tag), rendered once per index version and page, then served from memory. */
async function sendListPage(c: Context<AppEnv>, key: string, render: () => JSX.Element) {
  const page = await cachedPage(c.var.config, key, () => renderHtml(render()));
  if (ifNoneMatch(c, page.etag)) return c.body(null, 304, { ETag: page.etag, "Cache-Control": CACHE_LIST });
  return c.body(page.html, 200, { "Content-Type": HTML_TYPE, "Cache-Control": CACHE_LIST, ETag: page.etag });
}

readerRoutes.get("/", async (c) => {
  const page = pageParam(c);
  const posts = await visiblePosts(c);
  const slice = paginate(posts, page, POSTS_PER_PAGE);
  return sendListPage(c, `index\n${posts.version}\n${page}`, () => <ListPage config={c.var.config} posts={slice.items} page={slice.page} pages={slice.pages} />);
});

readerRoutes.get("/tag/:tag", async (c) => {
  const tag = c.req.param("tag").normalize("NFC");
  if (tag.trim() === "") throw new HTTPException(404, { message: "No such tag." });
  const wanted = tagKey(tag);
  const posts = await visiblePosts(c);
  const tagged = posts.filter((post) => post.tags.some((t) => tagKey(t) === wanted));
  if (tagged.length === 0) throw new HTTPException(404, { message: `No posts are tagged “${tag}”.` });
  const page = pageParam(c);
  const slice = paginate(tagged, page, POSTS_PER_PAGE);
  // Show the tag as its posts spell it, whatever case the address used.
  const spelled = tagged[0]!.tags.find((t) => tagKey(t) === wanted) ?? tag;
  return sendListPage(c, `tag\n${posts.version}\n${wanted}\n${page}`, () => <ListPage config={c.var.config} posts={slice.items} page={slice.page} pages={slice.pages} tag={spelled} />);
});

readerRoutes.get("/feed.xml", async (c) => {
  const body = blogFeed(c.var.config, await visiblePosts(c));
  return sendWithEtag(c, body, { "Content-Type": "application/atom+xml; charset=UTF-8", "Cache-Control": CACHE_LIST });
});

readerRoutes.get("/sitemap.xml", async (c) => {
  const body = sitemap(c.var.config, await visiblePosts(c));
  return sendWithEtag(c, body, { "Content-Type": "application/xml; charset=UTF-8", "Cache-Control": CACHE_LIST });
});

readerRoutes.get("/robots.txt", (c) => c.body(robotsTxt(c.var.config), 200, { "Content-Type": "text/plain; charset=UTF-8", "Cache-Control": CACHE_LIST }));

readerRoutes.get("/style.css", (c) => {
  const cache = c.req.query("v") === STYLESHEET_VERSION ? CACHE_IMMUTABLE : CACHE_LIST;
  return c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=UTF-8", "Cache-Control": cache });
});

