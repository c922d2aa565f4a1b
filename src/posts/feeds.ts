/** The blog's Atom feed, sitemap and robots.txt, each built from one or two small list keys (lists.ts). */
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

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const SITEMAPS_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

/** A urlset of these posts ([slug, last modified]), with the home page first when `home` is given. */
export function sitemap(config: Config, urls: [string, number][], home: { lastmod?: number } | null): string {
  const url = (path: string, lastmod?: number) => `<url><loc>${escapeXml(config.BASE_URL + path)}</loc>${lastmod === undefined ? "" : `<lastmod>${isoDate(lastmod)}</lastmod>`}</url>`;
  const lines = urls.map(([slug, lastmod]) => url(slugPath(slug), lastmod));
  if (home) lines.unshift(url("/", home.lastmod));
  return [XML_HEAD, `<urlset xmlns="${SITEMAPS_NS}">`, ...lines, "</urlset>"].join("\n");
}

/** A sitemap index of /sitemap-1.xml … /sitemap-<files>.xml. */
export function sitemapIndex(config: Config, files: number): string {
  const lines = Array.from({ length: files }, (_, i) => `<sitemap><loc>${escapeXml(`${config.BASE_URL}/sitemap-${i + 1}.xml`)}</loc></sitemap>`);
  return [XML_HEAD, `<sitemapindex xmlns="${SITEMAPS_NS}">`, ...lines, "</sitemapindex>"].join("\n");
}

export function robotsTxt(config: Config): string {
  return ["User-agent: *", "Disallow: /admin", "Disallow: /api/admin/", "", `Sitemap: ${config.BASE_URL}/sitemap.xml`, ""].join("\n");
}
