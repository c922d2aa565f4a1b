/**
 * Gathers what a comment page's section shows, for one reader: the page's
 * threads from KV, the reader's own pending comments that belong on this page
 * (D1, only when they hold the signed cookie, through the bookmark of their
 * write), reply-to, the form's values (theirs, kept, or from "Save my name…")
 * and a fresh form token.
 */
import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import type { AppEnv, Config } from "../config";
import type { StoredPost } from "../posts/model";
import { slugPath } from "../posts/slug";
import { commentPagePath, layoutOf, readCommentPage, type CommentPage } from "./pages";
import { approvedCommentOf, pendingComments, type OwnPendingComment } from "./store";
import { buildThread, type ThreadComment } from "./thread";
import type { PublicComment } from "./model";
import { COMMENTER_COOKIE, PENDING_COOKIE, openCommenter, openPending, readerCookieOptions, sealPending } from "./cookies";
import { issueFormToken } from "./form-token";
import { EMPTY_VALUES, type Field, type FormValues } from "./form";
import { onPage, threadsHtmlKey, withoutReplyLinks, type CommentsSectionProps } from "./views";

const DAY_MS = 86_400_000;

/** The threadsHtmlKey a post's pages look for: threads rendered for its language and the blog's settings. */
export const storedThreadsKey = (post: Pick<StoredPost, "lang">, config: Config) =>
  threadsHtmlKey({ lang: post.lang, timeZone: config.TIME_ZONE, maxDepth: config.COMMENT_MAX_DEPTH, order: config.COMMENTS_ORDER });

export function commentsOpen(post: StoredPost, config: Config, now: number): boolean {
  if (!post.commentsOpen) return false;
  return config.COMMENTS_CLOSE_AFTER_DAYS === 0 || now < post.published + config.COMMENTS_CLOSE_AFTER_DAYS * DAY_MS;
}

export const commentsAction = (slug: string) => `${slugPath(slug)}/comments`;
export const commentsFeedPath = (slug: string) => `${slugPath(slug)}/comments.xml`;

/** What a rejected submission brings back into the form. */
export interface FormState {
  values: FormValues;
  errors: Partial<Record<Field, string>>;
  notice?: string;
  /** The form's own token, when it is still good (refused only as too fast). */
  token?: string;
}

export interface SectionOptions {
  form?: FormState;
  /** Shown read-only when comments are closed, so a reader's text is not lost. */
  keptText?: string;
  now?: number;
  /** Render this in place of a form token (the page cache fills in a fresh one per view). */
  tokenPlaceholder?: string;
  /** The comment page (1: the post page), read already by the caller, or null when it could not be read. */
  commentPage?: CommentPage | null;
}

/** Page 1 of a post's comments when the caller did not read one; null when KV cannot be read. */
const firstPage = (c: Context<AppEnv>, slug: string) => readPage(c, slug, 1);

/** A comment page's threads (their data); null when KV cannot give them. */
async function readPage(c: Context<AppEnv>, slug: string, page: number): Promise<CommentPage | null> {
  try {
    return await readCommentPage(c.env.POSTS, slug, page, c.var.config.COMMENTS_ORDER);
  } catch (err) {
    console.error("comment page unavailable", err);
    return null;
  }
}

export async function commentsSectionFor(c: Context<AppEnv>, post: StoredPost, options: SectionOptions = {}): Promise<{ props: CommentsSectionProps; token: string | null }> {
  const config = c.var.config;
  const now = options.now ?? Date.now();
  let [page, pending] = await Promise.all([options.commentPage !== undefined ? options.commentPage : firstPage(c, post.slug), ownPendingComments(c, post.slug, now)]);
  const replyId = Number(options.form ? options.form.values.parent : c.req.query("replytocom"));
  const replying = Number.isSafeInteger(replyId) && replyId > 0;
  // Only the markup was read (the usual view); this one needs the threads themselves: the reader's pending comments go among them, or a reply names its comment.
  const htmlKey = storedThreadsKey(post, config);
  if (page?.threads === null && ((pending?.length ?? 0) > 0 || replying || page.html?.key !== htmlKey)) page = await readPage(c, post.slug, page.page);
  // The post still renders when its comments cannot be read; the section says so.
  const unavailable = page === null || pending === null;
  const approved = page?.threads?.flat() ?? [];
  const layout = layoutOf(config);
  const pageNo = page?.page ?? 1;
  const pages = page?.pages ?? 1;
  const comments: ThreadComment[] = [...approved, ...onThisPage(approved, pending ?? [], pageNo === (layout.order === "oldest" ? pages : 1)).map((comment) => ({ ...comment, pending: true }))];
  const open = commentsOpen(post, config, now);
  // A form refused as too fast keeps its own token: pressing again once it is old enough works.
  const token = open ? (options.tokenPlaceholder ?? options.form?.token ?? (await issueFormToken(config.APP_SECRET, post.slug, now))) : null;

  let values = options.form?.values;
  if (!values) {
    const saved = await openCommenter(config.APP_SECRET, getCookie(c, COMMENTER_COOKIE));
    values = saved ? { ...EMPTY_VALUES, author: saved.name, email: saved.email, url: saved.url, remember: true } : EMPTY_VALUES;
  }
  let replyTo: { id: number; authorName: string } | undefined = replying ? approved.find((comment) => comment.id === replyId) : undefined;
  // A form that came back answers a comment that may be on another page: keep it (its route reads D1 anyway).
  if (!replyTo && options.form && replying) replyTo = (await approvedCommentOf(c.env.DB, replyId, post.slug)) ?? undefined;

  const postPath = slugPath(post.slug);
  const pagePath = commentPagePath(post.slug, pageNo);
  // The threads as rendered when their chunk was built, when that is exactly what this view shows: no pending
  // comment of the reader's among them, the same language, time zone and depth; without their reply links when the form is closed.
  const ahead = comments.length === approved.length && page?.html?.key === htmlKey ? page.html.body : undefined;
  const shown = ahead !== undefined && token === null ? withoutReplyLinks(ahead) : ahead;
  // Threads that move between pages (newest first) were rendered with a mark where their page's address goes.
  const prerendered = shown === undefined ? undefined : onPage(shown, pagePath);
  return {
    token,
    props: {
      lang: post.lang,
      timeZone: config.TIME_ZONE,
      count: page?.count ?? 0,
      unavailable,
      thread: prerendered === undefined ? buildThread(comments, config.COMMENT_MAX_DEPTH, layout.order) : [],
      ...(prerendered === undefined ? {} : { threadsHtml: prerendered }),
      postPath,
      pagePath,
      pager: { page: pageNo, pages, pathOf: (n: number) => commentPagePath(post.slug, n), newestFirst: layout.order === "newest" },
      feedHref: commentsFeedPath(post.slug),
      keptText: options.keptText,
      form: token
        ? {
            // A refused form (400/403/422/429) comes back as this page: the fragment opens it at the form and its reasons, not at the top.
            action: `${commentsAction(post.slug)}#respond`,
            token,
            values,
            errors: options.form?.errors ?? {},
            notice: options.form?.notice,
            replyTo: replyTo ? { id: replyTo.id, name: replyTo.authorName } : undefined,
            postPath: pagePath,
          }
        : null,
    },
  };
}

/**
 * The reader's pending comments that belong on this page: replies to a
 * comment shown here (or to another of their own shown here), and new
 * threads on the page where new threads appear.
 */
function onThisPage(shown: PublicComment[], pending: OwnPendingComment[], newThreadsPage: boolean): PublicComment[] {
  const here = new Set(shown.map((c) => c.id));
  const mine = new Set(pending.map((c) => c.id));
  const kept: PublicComment[] = [];
  // Oldest first, so a reply to one's own pending reply follows it in.
  for (const c of [...pending].sort((a, b) => a.created - b.created || a.id - b.id)) {
    // A reply to a comment readers see goes on that comment's page; anything else starts a thread.
    const newThread = c.parentId === null || (!c.parentApproved && !mine.has(c.parentId));
    if (newThread ? newThreadsPage : here.has(c.parentId!)) {
      kept.push(c);
      here.add(c.id);
    }
  }
  return kept;
}

/**
 * The reader's own comments awaiting moderation on this post, or null when
 * D1 cannot answer. Only readers with a valid `ep_pending` cookie reach D1
 * here; ids no longer pending (approved, spam, trash) leave the cookie.
 */
async function ownPendingComments(c: Context<AppEnv>, slug: string, now: number): Promise<OwnPendingComment[] | null> {
  const secret = c.var.config.APP_SECRET;
  const cookie = await openPending(secret, getCookie(c, PENDING_COOKIE), now);
  if (!cookie || cookie.ids.length === 0) return [];
  try {
    // The bookmark makes this read see the reader's own write, even on a replica.
    const session = c.env.DB.withSession(cookie.bookmark ?? "first-primary");
    const mine = await pendingComments(session, slug, cookie.ids);
    const still = await stillPending(session, cookie.ids);
    if (still.length !== cookie.ids.length) {
      if (still.length === 0) deleteCookie(c, PENDING_COOKIE, { path: "/" });
      else setCookie(c, PENDING_COOKIE, await sealPending(secret, { ...cookie, ids: still }), readerCookieOptions(c, cookie.expires, now));
    }
    return mine;
  } catch (err) {
    // The page still renders from KV; the reader sees their comment once D1 answers again.
    console.error("pending comments unavailable", err);
    return null;
  }
}

async function stillPending(db: D1DatabaseSession, ids: number[]): Promise<number[]> {
  const { results } = await db
    .prepare("SELECT id FROM comments WHERE status = 'pending' AND id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(ids))
    .all<{ id: number }>();
  const pending = new Set(results.map((row) => row.id));
  return ids.filter((id) => pending.has(id));
}
