/**
 * The author's list of posts at /admin/posts: every post (published,
 * scheduled, draft, in the trash), newest first, with its comments, and the
 * confirm pages of unpublish, trash and delete for good. Plain forms; no
 * JavaScript.
 */
import type { Config } from "../config";
import { AdminLayout, Notice } from "./pages";
import { slugPath } from "../posts/slug";
import { formatDate } from "../views/i18n";
import { POST_STATUSES, TRASH_DAYS, type DeskPostStatus } from "./post-trash";

export interface DeskPost {
  slug: string;
  title: string;
  lang: string;
  status: DeskPostStatus;
  published: number;
  /** For a post in the trash: until when it can be restored. */
  restorableUntil: number | null;
  approved: number;
  pending: number;
}

export interface PostsPageProps {
  config: Config;
  csrf: string;
  posts: DeskPost[];
  page: number;
  pages: number;
  total: number;
  q: string;
  status: DeskPostStatus | "";
  notice?: { ok: boolean; text: string };
}

/** A post's desk address for an action: /admin/posts/<slug>/<what>. */
export const deskPostPath = (slug: string, what: string) => `/admin/posts/${encodeURIComponent(slug)}/${what}`;

const STATUS_LABEL: Record<DeskPostStatus, string> = { published: "Published", scheduled: "Scheduled", draft: "Draft", trashed: "In the trash" };

function statusText(post: DeskPost, config: Config): string {
  if (post.status === "trashed") return `In the trash until ${formatDate(post.restorableUntil!, "en", config.TIME_ZONE)}`;
  return STATUS_LABEL[post.status];
}

export function PostsPage(props: PostsPageProps) {
  const { config } = props;
  const query = (over: { page?: number; status?: string }) => {
    const params = new URLSearchParams();
    if (props.q) params.set("q", props.q);
    const status = over.status ?? props.status;
    if (status) params.set("status", status);
    if (over.page && over.page > 1) params.set("page", String(over.page));
    const s = params.toString();
    return `/admin/posts${s ? `?${s}` : ""}`;
  };
  return (
    <AdminLayout config={config} title="Posts" signedIn={{ csrf: props.csrf }}>
      <h1>Posts</h1>
      <p>
        <a href="/admin/posts/new" class="button-link">
          New post
        </a>
      </p>
      <Notice notice={props.notice} />
      <nav class="filters" aria-label="Status">
        {props.status === "" ? <strong>All</strong> : <a href={query({ status: "" })}>All</a>}
        {POST_STATUSES.map((s) => (
          <>
            {" · "}
            {props.status === s ? <strong>{STATUS_LABEL[s]}</strong> : <a href={query({ status: s })}>{STATUS_LABEL[s]}</a>}
          </>
        ))}
      </nav>
      <form method="get" action="/admin/posts" role="search">
        {props.status ? <input type="hidden" name="status" value={props.status} /> : null}
        <label for="q">Find by title</label> <input id="q" name="q" type="search" value={props.q} dir="auto" maxlength={200} /> <button type="submit" class="secondary">Find</button>
      </form>
      {props.posts.length === 0 ? (
        <p>{props.q ? "No post matches." : "No posts here."}</p>
      ) : (
        <ol class="queue post-list">
          {props.posts.map((p) => (
            <li class={`queue-item post-${p.status}`} id={`p-${p.slug}`}>
              <p>
                <strong dir="auto" lang={p.lang}>
                  {p.title}
                </strong>{" "}
                <span class="meta">
                  <bdi>{p.slug}</bdi>
                </span>
              </p>
              <p class="meta">
                <span class="post-status">{statusText(p, config)}</span> · {formatDate(p.published, "en", config.TIME_ZONE)} · {p.approved} approved / {p.pending} pending comments
              </p>
              <p class="meta">
                <a href={deskPostPath(p.slug, "edit")}>Edit</a>
                {p.status !== "trashed" ? (
                  <>
                    {" · "}
                    {/* A draft or a scheduled post shows at its own address to the signed-in author alone. */}
                    <a href={slugPath(p.slug)}>{p.status === "published" ? "View" : "View (only you)"}</a>
                  </>
                ) : null}
                {p.status === "published" || p.status === "scheduled" ? (
                  <>
                    {" · "}
                    <a href={deskPostPath(p.slug, "unpublish")}>Unpublish…</a>
                  </>
                ) : null}
                {p.status !== "trashed" ? (
                  <>
                    {" · "}
                    <a href={deskPostPath(p.slug, "trash")}>Move to trash…</a>
                  </>
                ) : (
                  <>
                    {" · "}
                    <a href={deskPostPath(p.slug, "delete")}>Delete permanently…</a>
                  </>
                )}
              </p>
              {p.status === "trashed" ? (
                <form method="post" action={deskPostPath(p.slug, "restore")} class="inline">
                  <input type="hidden" name="csrf" value={props.csrf} />
                  <button type="submit" class="secondary">
                    Restore
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label="Pages">
        {props.page > 1 ? <a href={query({ page: props.page - 1 })}>Newer</a> : <span />}
        <span class="meta">
          Page {props.page} of {props.pages} · {props.total} posts
        </span>
        {props.page < props.pages ? <a href={query({ page: props.page + 1 })}>Older</a> : <span />}
      </nav>
    </AdminLayout>
  );
}

export type PostAction = "unpublish" | "trash" | "delete";

const ACTION_TITLE: Record<PostAction, string> = { unpublish: "Unpublish this post?", trash: "Move this post to the trash?", delete: "Delete this post for good?" };
const ACTION_BUTTON: Record<PostAction, string> = { unpublish: "Unpublish it", trash: "Move it to the trash", delete: "Delete it for good" };

/** What an action will do, in words, for its confirm page. */
export function actionEffect(action: PostAction, post: { title: string; comments: number; restorableUntil: number | null }, config: Config): string {
  const comments = post.comments === 1 ? "its 1 comment" : `its ${post.comments} comments`;
  if (action === "unpublish") return `“${post.title}” leaves the blog (its page, the lists, the feeds and the sitemap) and becomes a draft; ${comments} are kept. You can publish it again at any time.`;
  if (action === "trash") return `The post “${post.title}” and ${comments} go to the trash and leave the blog; you can restore them until ${formatDate(post.restorableUntil!, "en", config.TIME_ZONE)} (${TRASH_DAYS} days), after which they are deleted for good.`;
  return `The post “${post.title}” and ${comments} are deleted for good. This cannot be undone.`;
}

/** Unpublish, trash and delete for good ask first; only the POST of this page acts. */
export function ConfirmPostPage(props: { config: Config; csrf: string; action: PostAction; slug: string; effect: string }) {
  return (
    <AdminLayout config={props.config} title={ACTION_TITLE[props.action]} signedIn={{ csrf: props.csrf }}>
      <h1>{ACTION_TITLE[props.action]}</h1>
      <p dir="auto">{props.effect}</p>
      <form method="post" action={deskPostPath(props.slug, props.action)}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <button type="submit">{ACTION_BUTTON[props.action]}</button> <a href="/admin/posts">Cancel</a>
      </form>
    </AdminLayout>
  );
}
