/**
 * What link previews and search engines read from a page's head: OpenGraph
 * and Twitter card tags (a large card when the post has a cover image), and
 * for a post a JSON-LD BlogPosting with its author, dates and language.
 */
import { raw } from "hono/html";
import type { Config } from "../config";

/** What a post page adds to the site-wide tags. */
export interface ArticleMeta {
  published: number;
  modified: number;
  tags: string[];
  /** The cover image: a path on this blog, with its size and alt text. */
  image?: { src: string; width: number; height: number; alt: string };
}

export interface SocialProps {
  config: Config;
  lang: string;
  title: string;
  description?: string;
  canonical?: string;
  article?: ArticleMeta;
}

/** JSON in a <script> data block: "<" escaped, so no text can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

export function SocialMeta(props: SocialProps) {
  const { config, article } = props;
  const image = article?.image ? { ...article.image, url: config.BASE_URL + article.image.src } : undefined;
  const iso = (ms: number) => new Date(ms).toISOString();
  return (
    <>
      <meta property="og:site_name" content={config.BLOG_TITLE} />
      <meta property="og:type" content={article ? "article" : "website"} />
      <meta property="og:title" content={props.title} />
      {props.description ? <meta property="og:description" content={props.description} /> : null}
      {props.canonical ? <meta property="og:url" content={props.canonical} /> : null}
      <meta property="og:locale" content={props.lang.replace("-", "_")} />
      {image ? (
        <>
          <meta property="og:image" content={image.url} />
          <meta property="og:image:width" content={String(image.width)} />
          <meta property="og:image:height" content={String(image.height)} />
          {image.alt ? <meta property="og:image:alt" content={image.alt} /> : null}
        </>
      ) : null}
      {article ? (
        <>
          <meta property="article:published_time" content={iso(article.published)} />
          <meta property="article:modified_time" content={iso(Math.max(article.modified, article.published))} />
          {article.tags.map((tag) => (
            <meta property="article:tag" content={tag} />
          ))}
        </>
      ) : null}
      <meta name="twitter:card" content={image ? "summary_large_image" : "summary"} />
      {article ? (
        <script type="application/ld+json">
          {raw(
            scriptJson({
              "@context": "https://schema.org",
              "@type": "BlogPosting",
              headline: props.title,
              ...(props.description ? { description: props.description } : {}),
              inLanguage: props.lang,
              datePublished: iso(article.published),
              dateModified: iso(Math.max(article.modified, article.published)),
              author: { "@type": "Person", name: config.AUTHOR_NAME, url: `${config.BASE_URL}/` },
              publisher: { "@type": "Organization", name: config.BLOG_TITLE, url: `${config.BASE_URL}/` },
              ...(props.canonical ? { url: props.canonical, mainEntityOfPage: props.canonical } : {}),
              ...(image ? { image: [image.url] } : {}),
              ...(article.tags.length ? { keywords: article.tags.join(", ") } : {}),
            }),
          )}
        </script>
      ) : null}
    </>
  );
}
