/**
 * The page shell every HTML page shares: <html lang dir>, the stylesheet,
 * the site header with feed link, and the footer. No inline script or style,
 * so the Content-Security-Policy can forbid both.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { escapeXml } from "./xml";
import type { Config } from "../config";
import { dirOf, messagesFor } from "./i18n";
import { STYLESHEET_VERSION } from "./style";
import { SocialMeta, type ArticleMeta } from "./social";
import { iconHref } from "./icon";

export interface LayoutProps {
  config: Config;
  /** The page's language: the post's on a post page, the blog's elsewhere. */
  lang: string;
  title: string;
  description?: string;
  /** Absolute canonical URL of this page. */
  canonical?: string;
  /** Extra <link rel=alternate> feeds, e.g. a post's comment feed. */
  feeds?: { title: string; href: string }[];
  /** The page before and after this one in a paged series (rel=prev/next). */
  prev?: string;
  next?: string;
  noindex?: boolean;
  /** A post page's dates, tags and cover, for link previews and search engines. */
  article?: ArticleMeta;
  /** A page rendered ahead of time (views/frame.ts): the slot's mark where headLinks() goes. */
  linksSlot?: string;
  /** Shown above the content: the author's own views of a draft or a preview say who can see them. */
  banner?: Child;
  children: Child;
}

/** A page's meta description when it has none of its own: what it is, on which blog (search results and link previews show it). */
export const describePage = (config: Config, what: string) => `${what} · ${config.BLOG_TITLE}${config.BLOG_DESCRIPTION ? ` — ${config.BLOG_DESCRIPTION}` : ""}`;

/**
 * A <link> written out as markup. hono's JSX <link> is a component that
 * files itself to be moved into <head>, and moving it rewrites the whole
 * page once per link when rendering ends: on a 60 KiB post page, a few
 * megabytes of copies and a garbage collection on every first render.
 * These are in <head> already.
 */
export function linkTag(attributes: Record<string, string>) {
  return raw(linkMarkup(attributes));
}

const linkMarkup = (attributes: Record<string, string>) => `<link${Object.entries(attributes).map(([name, value]) => ` ${name}="${escapeXml(value)}"`).join("")}/>`;

/** What decides a page's head links (LayoutProps' of the same names). */
export type HeadLinks = Pick<LayoutProps, "canonical" | "prev" | "next" | "feeds">;

/**
 * The head's links: those that depend on the page's address (canonical, the
 * pages before and after it), the feeds (the blog's first: a feed reader
 * takes the first it finds), and those that change with a deploy or a
 * setting (the stylesheet's version, the icon). Markup, so that a page
 * rendered ahead of time (views/frame.ts) writes them per view exactly as
 * the layout does, and a new stylesheet never makes its frames stale.
 */
export function headLinks(config: Config, links: HeadLinks): string {
  let html = "";
  if (links.canonical) html += linkMarkup({ rel: "canonical", href: links.canonical });
  if (links.prev) html += linkMarkup({ rel: "prev", href: links.prev });
  if (links.next) html += linkMarkup({ rel: "next", href: links.next });
  html += linkMarkup({ rel: "alternate", type: "application/atom+xml", title: config.BLOG_TITLE, href: `${config.BASE_URL}/feed.xml` });
  for (const feed of links.feeds ?? []) html += linkMarkup({ rel: "alternate", type: "application/atom+xml", title: feed.title, href: feed.href });
  html += linkMarkup({ rel: "stylesheet", href: `/style.css?v=${STYLESHEET_VERSION}` });
  html += linkMarkup({ rel: "icon", href: iconHref(config) });
  return html;
}

export function Layout(props: LayoutProps) {
  const { config, lang } = props;
  const t = messagesFor(lang);
  const pageTitle = props.title === config.BLOG_TITLE ? props.title : `${props.title} · ${config.BLOG_TITLE}`;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang={lang} dir={dirOf(lang)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{pageTitle}</title>
          {props.description ? <meta name="description" content={props.description} /> : null}
          {props.noindex ? <meta name="robots" content="noindex" /> : null}
          {raw(props.linksSlot ?? headLinks(config, props))}
          <SocialMeta config={config} lang={lang} title={props.title} description={props.description} canonical={props.canonical} article={props.article} />
        </head>
        <body>
          <a class="skip" href="#main">
            {t.skipToContent}
          </a>
          <header class="site" lang={config.BLOG_LANG} dir={dirOf(config.BLOG_LANG)}>
            <a class="site-title" href="/" dir="auto">
              {config.BLOG_TITLE}
            </a>
            <nav aria-label={messagesFor(config.BLOG_LANG).siteNav}>
              <a href="/search">{messagesFor(config.BLOG_LANG).search}</a> <a href="/feed.xml">{messagesFor(config.BLOG_LANG).feed}</a>
            </nav>
          </header>
          <main id="main" class="page">
            {props.banner}
            {props.children}
          </main>
          <footer class="site-footer" lang={config.BLOG_LANG} dir={dirOf(config.BLOG_LANG)}>
            © <bdi>{config.AUTHOR_NAME}</bdi> · <a href="/feed.xml">Atom</a>
          </footer>
        </body>
      </html>
    </>
  );
}
