/**
 * The reader's pages for posts: the index, a tag page and the post page.
 * They take ready data (no storage calls here) and return JSX.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { IMAGE_SIZES } from "../media/render";
import type { Config } from "../config";
import type { PostSummary, StoredPost } from "./model";
import { slugPath } from "./slug";
import { Layout, describePage } from "../views/layout";
import { DATE_TEXT_VERSION, DateTime, Pager, PostEntry, TagList, dateTextKey, postEntryKey, tagPath } from "../views/parts";
import { messagesFor } from "../views/i18n";
import type { PostNav } from "./archive";
import { PostNeighbours } from "./archive-pages";
import { renderFrame, settingsHash, type Frame } from "../views/frame";

export interface ListPageProps {
  config: Config;
  posts: PostSummary[];
  page: number;
  pages: number;
  /** Set on a tag page. */
  tag?: string;
  /** Set on another list's page (a month's): its heading and title, and its address. */
  heading?: string;
  base?: string;
}

export function ListPage(props: ListPageProps) {
  const { config, tag } = props;
  const lang = config.BLOG_LANG;
  const t = messagesFor(lang);
  const base = props.base ?? (tag === undefined ? "/" : tagPath(tag));
  const title = props.heading ?? (tag === undefined ? config.BLOG_TITLE : `${t.postsTagged} “${tag}”`);
  const canonical = config.BASE_URL + base + (props.page > 1 ? `?page=${props.page}` : "");
  // Entries rendered when their list key was written, for this time zone, are shown as they are.
  const entryKey = postEntryKey(config.TIME_ZONE);
  return (
    <Layout config={config} lang={lang} title={title} description={tag === undefined && props.heading === undefined ? config.BLOG_DESCRIPTION : describePage(config, title)} canonical={canonical}>
      {props.heading !== undefined ? (
        <h1>{props.heading}</h1>
      ) : tag === undefined ? (
        <>
          {/* The page's heading, for screen readers and outlines: the header already shows the title. */}
          <h1 class="sr-only" dir="auto">
            {config.BLOG_TITLE}
          </h1>
          {config.BLOG_DESCRIPTION ? <p class="meta">{config.BLOG_DESCRIPTION}</p> : null}
        </>
      ) : (
        <h1>
          {t.postsTagged} <bdi>{tag}</bdi>
        </h1>
      )}
      {props.posts.length === 0 ? <p>{t.noPosts}</p> : props.posts.map((post) => (post.entry?.for === entryKey ? raw(post.entry.html) : <PostEntry post={post} timeZone={config.TIME_ZONE} />))}
      <Pager page={props.page} pages={props.pages} base={base} lang={lang} />
    </Layout>
  );
}

export interface PostPageProps {
  config: Config;
  post: StoredPost;
  commentCount: number;
  feeds?: { title: string; href: string }[];
  noindex?: boolean;
  /** Path of this page when it is not the post's own (a comment page), and its neighbours in the series. */
  path?: string;
  prev?: string;
  next?: string;
  banner?: Child;
  /** The older and newer post (`nav:<slug>`); null or absent: no links. */
  nav?: PostNav | null;
  /** The comments section, rendered by the comments feature. */
  children?: Child;
  /** Rendering a frame (renderPostFrame): the marks of the slots a view fills. */
  slots?: Record<Exclude<PostSlot, "path" | "comments">, string>;
}

export function PostPage(props: PostPageProps) {
  const { config, post } = props;
  const t = messagesFor(post.lang);
  const canonical = config.BASE_URL + (props.path ?? slugPath(post.slug));
  const abs = (path?: string) => (path === undefined ? undefined : config.BASE_URL + path);
  const dates = post.dates?.for === dateTextKey(post.lang, config.TIME_ZONE) ? post.dates : undefined;
  const { slots } = props;
  return (
    <Layout config={config} lang={post.lang} title={post.title} description={post.excerpt} canonical={canonical} feeds={props.feeds} prev={abs(props.prev)} next={abs(props.next)} linksSlot={slots?.links} noindex={props.noindex} banner={props.banner} article={{ published: post.published, modified: post.updated, tags: post.tags, image: post.cover }}>
      <article class="post" id="post">
        <header>
          <h1 dir="auto">{post.title}</h1>
          <p class="meta">
            <span>
              {t.by} <bdi>{config.AUTHOR_NAME}</bdi>
            </span>
            <DateTime ms={post.published} lang={post.lang} timeZone={config.TIME_ZONE} text={dates?.published} />
            {post.readingMinutes ? <span>{t.readingTime(post.readingMinutes)}</span> : null}
            {post.updated > post.published + 86_400_000 ? (
              <span>
                {t.updated} <DateTime ms={post.updated} lang={post.lang} timeZone={config.TIME_ZONE} text={dates?.updated} />
              </span>
            ) : null}
            <a href="#comments">{slots ? raw(slots.count) : t.commentCount(props.commentCount)}</a>
          </p>
          <TagList tags={post.tags} label={t.tags} />
        </header>
        {post.cover ? (
          <figure class="cover">
            {/* The first thing a reader sees: fetched at once, never lazily. */}
            <img src={post.cover.src} width={post.cover.width} height={post.cover.height} alt={post.cover.alt} srcset={post.cover.srcset} sizes={post.cover.srcset ? IMAGE_SIZES : undefined} decoding="async" fetchpriority="high" />
          </figure>
        ) : null}
        {/* The body was sanitized when it was published (admin API, importer): render as is. */}
        <div class="post-body">{raw(slots ? slots.body : post.html)}</div>
        <aside class="author-box" aria-label={t.aboutAuthor}>
          <h2>
            {t.aboutAuthor}: <bdi>{config.AUTHOR_NAME}</bdi>
          </h2>
          {config.AUTHOR_BIO ? <p dir="auto">{config.AUTHOR_BIO}</p> : null}
        </aside>
        {slots ? raw(slots.nav) : <PostNeighbours nav={props.nav} lang={post.lang} />}
      </article>
      <section class="comments" id="comments" aria-label={t.commentsTitle}>
        {props.children}
      </section>
    </Layout>
  );
}

/**
 * The slots of a post page rendered ahead of time: the page's address (its
 * canonical URL, in the head's tags), the head links (headLinks), the
 * comment count, the body (kept once, in the post), the neighbours and the
 * comments section.
 */
export type PostSlot = "path" | "links" | "count" | "body" | "nav" | "comments";
const POST_SLOTS: readonly PostSlot[] = ["path", "links", "count", "body", "nav", "comments"];

/**
 * What a post page's frame was rendered for: the version of its templates
 * (Layout, SocialMeta, PostPage, PostNeighbours' place; the dates' text,
 * formatted when the post was written) and the settings it shows. Bump
 * POST_FRAME_VERSION whenever their markup changes (test/frames.test.ts
 * fails until it is); until the posts are written again their pages are
 * rendered as they are viewed.
 */
export const POST_FRAME_VERSION = 2;
/** The settings a post's frame shows (test/frames.test.ts renders it under every other one changed, and fails if it differs). */
export const POST_FRAME_SETTINGS = ["BLOG_TITLE", "BASE_URL", "BLOG_LANG", "AUTHOR_NAME", "AUTHOR_BIO", "TIME_ZONE"] as const satisfies readonly (keyof Config)[];
export const postFrameKey = async (config: Config) => `${POST_FRAME_VERSION}.${DATE_TEXT_VERSION}|${await settingsHash(config, POST_FRAME_SETTINGS)}`;

/** The post page around its comments, as an anonymous reader sees it, with its slots: made when the post's key is written. */
export async function renderPostFrame(config: Config, post: StoredPost): Promise<Frame<PostSlot>> {
  return renderFrame(await postFrameKey(config), POST_SLOTS, async (marks) =>
    String(
      await (
        <PostPage config={config} post={post} commentCount={0} path={marks.path} slots={marks}>
          {raw(marks.comments)}
        </PostPage>
      ).toString(),
    ),
  );
}
