/**
 * /admin/posts: every post in the desk, newest first, with search, a status
 * filter and pages; unpublish, trash and delete for good each ask on a
 * confirm page (its GET changes nothing; only its POST acts); restore acts at
 * once. Each POST needs the session and its CSRF token, and answers with a
 * redirect back to the list and a notice.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import type { AppEnv } from "../config";
import { pageParam } from "../http/respond";
import { postRecord, publishPost, recordToInput, type PostRecord } from "../posts/store";
import { POST_STATUSES, commentCountOf, deletePostForGood, deskStatusOf, restorableUntil, restorePost, trashPost, type DeskPostStatus } from "./post-trash";
import { formatDate } from "../views/i18n";
import { csrfToken, sessionFrom } from "./auth";
import { checkedSession, noticeOf, page, readForm, refused, slugOf, withNotice } from "./desk";
import { ConfirmPostPage, PostsPage, actionEffect, type DeskPost, type PostAction } from "./posts-page";

export const postsDesk = new Hono<AppEnv>();

/** Posts a page of the list shows. */
export const DESK_POSTS_PER_PAGE = 30;

const back = (c: Context<AppEnv>, text: string, ok = true) => c.redirect(withNotice("/admin/posts", text, ok), 303);

// Which posts each status filter shows (?2: now).
const STATUS_WHERE: Record<DeskPostStatus | "", string> = {
  "": "true",
  published: "p.trashed_at IS NULL AND p.status = 'published' AND p.published_at <= ?2",
  scheduled: "p.trashed_at IS NULL AND p.status = 'published' AND p.published_at > ?2",
  draft: "p.trashed_at IS NULL AND p.status = 'draft'",
  trashed: "p.trashed_at IS NOT NULL",
};


export async function listDeskPosts(db: D1Database, options: { q: string; status: DeskPostStatus | ""; page: number; now: number }): Promise<{ posts: DeskPost[]; total: number }> {
  // instr, not LIKE: D1 refuses LIKE patterns over 50 bytes (25 Hebrew letters); lower() folds ASCII as LIKE did.
  const q = options.q;
  // `?2 IS NOT NULL`: D1 refuses a bound parameter the SQL does not name, and not every filter needs the time.
  const where = `(${STATUS_WHERE[options.status]}) AND ?2 IS NOT NULL AND (?1 = '' OR instr(lower(p.title), lower(?1)) > 0)`;
  const [rows, count] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT p.slug, p.title, p.lang, p.status, p.published_at, p.trashed_at,
           (SELECT COUNT(*) FROM comments c WHERE c.post_slug = p.slug AND c.status = 'approved') AS approved,
           (SELECT COUNT(*) FROM comments c WHERE c.post_slug = p.slug AND c.status = 'pending') AS pending
         FROM posts p WHERE ${where} ORDER BY p.published_at DESC, p.slug DESC LIMIT ?3 OFFSET ?4`,
      )
      .bind(q, options.now, DESK_POSTS_PER_PAGE, (options.page - 1) * DESK_POSTS_PER_PAGE),
    db.prepare(`SELECT COUNT(*) AS n FROM posts p WHERE ${where}`).bind(q, options.now),
  ]);
  const posts = (rows!.results as { slug: string; title: string; lang: string; status: string; published_at: number; trashed_at: number | null; approved: number; pending: number }[]).map((p) => ({
    slug: p.slug,
    title: p.title,
    lang: p.lang,
    status: deskStatusOf(p, options.now),
    published: p.published_at,
    restorableUntil: p.trashed_at === null ? null : restorableUntil(p.trashed_at),
    approved: p.approved,
    pending: p.pending,
  }));
  return { posts, total: Number((count!.results[0] as { n: number }).n) };
}

postsDesk.get("/", async (c) => {
  const session = await sessionFrom(c);
  if (!session) return c.redirect("/admin", 303);
  const q = (c.req.query("q") ?? "").normalize("NFC").trim().slice(0, 200);
  const raw = c.req.query("status") ?? "";
  const status = (POST_STATUSES as readonly string[]).includes(raw) ? (raw as DeskPostStatus) : "";
  const pageNo = pageParam(c);
  const { posts, total } = await listDeskPosts(c.env.DB, { q, status, page: pageNo, now: Date.now() });
  const notice = noticeOf(c);
  const pages = Math.max(1, Math.ceil(total / DESK_POSTS_PER_PAGE));
  return page(c, <PostsPage config={c.var.config} csrf={await csrfToken(c.var.config, session)} posts={posts} page={pageNo} pages={pages} total={total} q={q} status={status} notice={notice} />);
});


/** Why an action cannot be done to this post as it is now, or null. */
function notApplicable(action: PostAction, record: PostRecord): string | null {
  if (action === "delete" && record.trashed_at === null) return `“${record.title}” is not in the trash: move it there first; only a post in the trash can be deleted for good.`;
  if (action !== "delete" && record.trashed_at !== null) return `“${record.title}” is in the trash: restore it first.`;
  if (action === "unpublish" && record.status === "draft") return `“${record.title}” is already a draft.`;
  return null;
}

for (const action of ["unpublish", "trash", "delete"] as const) {
  // The confirm page: says what will happen; changes nothing.
  postsDesk.get(`/:slug/${action}`, async (c) => {
    const session = await sessionFrom(c);
    if (!session) return c.redirect("/admin", 303);
    const slug = slugOf(c);
    const record = slug ? await postRecord(c.env.DB, slug) : null;
    if (!slug || !record) return back(c, "That post no longer exists.", false);
    const why = notApplicable(action, record);
    if (why) return back(c, why, false);
    const comments = await commentCountOf(c.env.DB, slug);
    const effect = actionEffect(action, { title: record.title, comments, restorableUntil: restorableUntil(Date.now()) }, c.var.config);
    return page(c, <ConfirmPostPage config={c.var.config} csrf={await csrfToken(c.var.config, session)} action={action} slug={slug} effect={effect} />);
  });

  postsDesk.post(`/:slug/${action}`, async (c) => {
    const form = await readForm(c);
    if (!(await checkedSession(c, form))) return refused(c);
    const slug = slugOf(c);
    const record = slug ? await postRecord(c.env.DB, slug) : null;
    if (!slug || !record) return back(c, "That post no longer exists.", false);
    const why = notApplicable(action, record);
    if (why) return back(c, why, false);
    const now = Date.now();
    if (action === "unpublish") {
      await publishPost(c.env, { ...recordToInput(record), status: "draft", updatedAt: now });
      return back(c, `Unpublished “${record.title}”: it is a draft now.`);
    }
    const comments = await commentCountOf(c.env.DB, slug);
    if (action === "trash") {
      await trashPost(c.env, slug, now);
      return back(c, `“${record.title}” and its ${comments} comments are in the trash; you can restore them until ${formatDate(restorableUntil(now), "en", c.var.config.TIME_ZONE)}.`);
    }
    await deletePostForGood(c.env, slug, now);
    return back(c, `Deleted “${record.title}” and its ${comments} comments for good.`);
  });
}

postsDesk.post("/:slug/restore", async (c) => {
  const form = await readForm(c);
  if (!(await checkedSession(c, form))) return refused(c);
  const slug = slugOf(c);
  const record = slug ? await postRecord(c.env.DB, slug) : null;
  if (!slug || !record) return back(c, "That post no longer exists (a post in the trash is deleted for good after its time there).", false);
  if (record.trashed_at === null) return back(c, `“${record.title}” is not in the trash.`, false);
  const now = Date.now();
  await restorePost(c.env, slug, now);
  return back(c, `Restored “${record.title}” as ${deskStatusOf({ ...record, trashed_at: null }, now)}, with its comments.`);
});
