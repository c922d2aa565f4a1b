/**
 * Small pieces shared by pages: tag lists, dates, pager, post entries.
 * Every user-written string (titles, tags, names) is isolated with <bdi> or
 * dir="auto" so Hebrew inside English, or English inside Hebrew, keeps its order.
 */
import type { PostSummary } from "../posts/model";
import { slugPath } from "../posts/slug";
import { formatDate, messagesFor } from "./i18n";

export const tagPath = (tag: string) => `/tag/${encodeURIComponent(tag)}`;

export function TagList(props: { tags: string[]; label: string }) {
  if (props.tags.length === 0) return null;
  // A list is named by the words before it (aria-label on a <ul> is not announced everywhere).
  return (
    <>
      <span class="sr-only">{props.label}:</span>
      <ul class="tags">
        {props.tags.map((tag) => (
          <li>
            <a href={tagPath(tag)} rel="tag" dir="auto">
              {tag}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** `text`: the date already formatted for this language and time zone (formatted when stored). */
export function DateTime(props: { ms: number; lang: string; timeZone: string; text?: string }) {
  return <time datetime={new Date(props.ms).toISOString()}>{props.text ?? formatDate(props.ms, props.lang, props.timeZone)}</time>;
}

/**
 * What a date formatted ahead of time was formatted for: formatDate's
 * version, the language and the time zone. Bump DATE_TEXT_VERSION whenever
 * formatDate's output changes (test/rendered-ahead.test.ts fails until it
 * is), and mark the posts to be written again (a migration like 0011).
 */
export const DATE_TEXT_VERSION = 1;
export const dateTextKey = (lang: string, timeZone: string) => `${DATE_TEXT_VERSION}|${lang}|${timeZone}`;

/** One post on the index or a tag page, in its own language and direction. */
export function PostEntry(props: { post: PostSummary; timeZone: string }) {
  const { post } = props;
  const t = messagesFor(post.lang);
  return (
    <article class="entry" lang={post.lang} dir={post.dir}>
      <h2>
        <a href={slugPath(post.slug)}>
          <bdi>{post.title}</bdi>
        </a>
      </h2>
      <p class="meta">
        <DateTime ms={post.published} lang={post.lang} timeZone={props.timeZone} />
        <a href={`${slugPath(post.slug)}#comments`}>{t.commentCount(post.comments)}</a>
      </p>
      {post.excerpt ? <p>{post.excerpt}</p> : null}
      <TagList tags={post.tags} label={t.tags} />
    </article>
  );
}

/**
 * What a list entry rendered ahead of time was rendered for: PostEntry's
 * markup version and the blog's time zone (its date). Bump
 * POST_ENTRY_VERSION whenever PostEntry's markup changes
 * (test/rendered-ahead.test.ts fails until it is), and have the lists
 * rewritten (a migration setting the reindex mark, like 0011): until then
 * list pages render their entries as they are viewed.
 */
export const POST_ENTRY_VERSION = 1;
export const postEntryKey = (timeZone: string) => `${POST_ENTRY_VERSION}|${timeZone}`;

/** A list entry's markup, made when its list key is written (PostEntry has no async parts, so this is a string). */
export function renderPostEntry(post: PostSummary, timeZone: string): string {
  const html: unknown = (<PostEntry post={post} timeZone={timeZone} />).toString();
  if (typeof html !== "string" && !(html instanceof String)) throw new Error("PostEntry rendered asynchronously");
  return String(html);
}

export function Pager(props: { page: number; pages: number; base: string; lang: string }) {
  const t = messagesFor(props.lang);
  if (props.pages <= 1) return null;
  const href = (page: number) => (page === 1 ? props.base : `${props.base}?page=${page}`);
  return (
    <nav class="pager" aria-label={t.pageOf(props.page, props.pages)}>
      {props.page > 1 ? (
        <a href={href(props.page - 1)} rel="prev">
          {t.newerPosts}
        </a>
      ) : (
        <span />
      )}
      <span class="meta">{t.pageOf(props.page, props.pages)}</span>
      {props.page < props.pages ? (
        <a href={href(props.page + 1)} rel="next">
          {t.olderPosts}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
