/** The blog's Atom feed, sitemap and robots.txt, built from the index key alone. */
import type { Config } from "../config";
import type { PostSummary } from "./model";
import { slugPath } from "./slug";
import { renderAtom } from "../views/atom";
import { escapeXml, isoDate } from "../views/xml";

/** How many of the newest posts the feed carries. */
export const FEED_ENTRIES = 20;

export function blogFeed(config: Config, posts: PostSummary[]): string {
  const entries = posts.slice(0, FEED_ENTRIES);
  return renderAtom({
    id: `${config.BASE_URL}/`,
    title: config.BLOG_TITLE,
    subtitle: config.BLOG_DESCRIPTION || undefined,
    lang: config.BLOG_LANG,
    selfUrl: `${config.BASE_URL}/feed.xml`,
    siteUrl: `${config.BASE_URL}/`,
    authorName: config.AUTHOR_NAME,
    updated: Math.max(0, ...entries.map((p) => p.updated)),
    entries: entries.map((post) => ({
      id: config.BASE_URL + slugPath(post.slug),
      url: config.BASE_URL + slugPath(post.slug),
      title: post.title,
      lang: post.lang,
      published: post.published,
      updated: Math.max(post.updated, post.published),
      summary: post.excerpt,
      categories: post.tags,
    })),
  });
}

export function sitemap(config: Config, posts: PostSummary[]): string {
  const urls = [
    `<url><loc>${escapeXml(config.BASE_URL + "/")}</loc>${posts[0] ? `<lastmod>${isoDate(posts[0].updated)}</lastmod>` : ""}</url>`,
    ...posts.map((post) => `<url><loc>${escapeXml(config.BASE_URL + slugPath(post.slug))}</loc><lastmod>${isoDate(Math.max(post.updated, post.published))}</lastmod></url>`),
  ];
  return ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', ...urls, "</urlset>"].join("\n");
}

export function robotsTxt(config: Config): string {
  return ["User-agent: *", "Disallow: /admin", "Disallow: /api/admin/", "", `Sitemap: ${config.BASE_URL}/sitemap.xml`, ""].join("\n");
}
