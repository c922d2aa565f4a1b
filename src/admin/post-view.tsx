/**
 * The author's own look at a post readers cannot see (yet): the editor's
 * preview of an unsaved form, and a draft or scheduled post at its own
 * address. Rendered with the readers' templates (posts/pages.tsx), its
 * images sized as publishing sizes them, under a banner that says who can see
 * the page; never cached for anyone, never indexed.
 */
import type { Context } from "hono";
import type { AppEnv } from "../config";
import type { StoredPost } from "../posts/model";
import { PostPage } from "../posts/pages";
import { normalizeTags } from "../posts/store";
import { excerptFromHtml } from "../posts/excerpt";
import { showImages } from "../media/render";
import { dirOf, messagesFor } from "../views/i18n";
import { renderHtml, HTML_TYPE } from "../views/render";

/** A post as the author has it: its body as written, its cover a media key (showImages makes them what readers get). */
export type ViewedPost = Omit<StoredPost, "dir" | "cover" | "version"> & { cover: string | null };

export const AUTHOR_VIEW_HEADERS = { "Content-Type": HTML_TYPE, "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex" };

export async function sendAuthorView(c: Context<AppEnv>, viewed: ViewedPost, banner: { title: string; text: string; editHref?: string }, comments: number, status: 200 | 409 | 422 = 200) {
  const shown = await showImages(c.env.DB, viewed.html, { cover: viewed.cover });
  const { cover: _key, ...fields } = viewed;
  const post: StoredPost = {
    ...fields,
    tags: normalizeTags(viewed.tags),
    dir: dirOf(viewed.lang),
    html: shown.html,
    excerpt: viewed.excerpt.trim() || excerptFromHtml(viewed.html),
    ...(shown.cover ? { cover: shown.cover } : {}),
  };
  const t = messagesFor(post.lang);
  const html = await renderHtml(
    <PostPage
      config={c.var.config}
      post={post}
      commentCount={comments}
      noindex
      banner={
        // The desk speaks English; the post may be Hebrew: the banner keeps its own language and direction.
        <div class="notice author-view" role="status" lang="en" dir="ltr">
          <strong>{banner.title}</strong> {banner.text} {banner.editHref ? <a href={banner.editHref}>Edit this post</a> : null}
        </div>
      }
    >
      <h2 id="comments-title">{t.commentCount(comments)}</h2>
      <p class="meta" lang="en" dir="ltr">
        {post.commentsOpen ? "Readers' comments and the comment form appear here once the post is published." : "Comments are closed on this post."}
      </p>
    </PostPage>,
  );
  return c.body(html, status, AUTHOR_VIEW_HEADERS);
}
