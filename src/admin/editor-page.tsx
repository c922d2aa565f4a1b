/**
 * The post editor's page: one plain form (multipart, so images can come
 * along) for a new post or an existing one. Every field keeps what the author
 * typed when the form comes back (an error, an upload, a stale copy), with
 * the reason beside the field; a save made on a stale copy shows the saved
 * version beside the author's. Works without JavaScript; editor.js adds
 * comfort.
 */
import type { Config } from "../config";
import type { MediaRecord } from "../media/store";
import { AdminLayout, Notice } from "./pages";
import { deskPostPath } from "./posts-page";
import { slugPath } from "../posts/slug";
import { dirOf, formatDate, formatTime } from "../views/i18n";
import { EDITOR_FIELDS, type EditorErrors, type EditorField, type EditorValues } from "./post-form";
import type { DeskPostStatus } from "./post-trash";
import { EDITOR_SCRIPT_PATH } from "./editor-script";

export interface EditorPageProps {
  config: Config;
  csrf: string;
  /** The post being edited and its status now; absent for a new post. */
  post?: { slug: string; status: DeskPostStatus; renamable: boolean };
  values: EditorValues;
  errors: EditorErrors;
  notice?: { ok: boolean; text: string };
  /** The saved version, when the author's copy was stale. */
  conflict?: { values: EditorValues; updated: number };
  /** Images the cover may be: those in the text, the cover, the ones just uploaded. */
  images: MediaRecord[];
  /** The form came back from a POST (an upload, a refusal): what it holds is not saved yet. */
  unsaved?: boolean;
}

const LABELS: Record<EditorField, string> = { title: "Title", slug: "Address", body: "Text", tags: "Tags", lang: "Language", date: "Publish date", excerpt: "Excerpt", cover: "Cover image" };
const LANGUAGES = ["en", "he", "ar", "fa", "yi", "de", "fr", "es", "ru", "pt-BR"];

export const editorPath = (slug?: string) => (slug === undefined ? "/admin/posts/new" : deskPostPath(slug, "edit"));

export function EditorPage(props: EditorPageProps) {
  const { config, values, errors, post } = props;
  const invalid = (field: EditorField) => (errors[field] ? { "aria-invalid": "true", "aria-describedby": `${field}-error` } : {});
  const error = (field: EditorField) =>
    errors[field] ? (
      <span id={`${field}-error`} class="field-error">
        {errors[field]}
      </span>
    ) : null;
  const wrong = EDITOR_FIELDS.filter((f) => errors[f]);
  const live = post && post.status !== "draft";
  const dir = dirOf(values.lang);
  return (
    <AdminLayout config={config} title={post ? `Edit “${values.title || post.slug}”` : "New post"} signedIn={{ csrf: props.csrf }} script={EDITOR_SCRIPT_PATH}>
      <h1>{post ? "Edit post" : "New post"}</h1>
      {post ? (
        <p class="meta">
          {post.status === "published" ? "Published" : post.status === "scheduled" ? "Scheduled" : "Draft"} ·{" "}
          <a href={slugPath(post.slug)}>{post.status === "published" ? "View" : "View (only you can see it)"}</a> · <a href="/admin/posts">All posts</a>
        </p>
      ) : (
        <p class="meta">
          <a href="/admin/posts">All posts</a>
        </p>
      )}
      <Notice notice={props.notice} />
      {wrong.length > 0 ? (
        <div class="notice err" role="alert">
          <p>Nothing was saved: {wrong.length === 1 ? "one field needs" : `${wrong.length} fields need`} your attention.</p>
          <ul>
            {wrong.map((f) => (
              <li>
                <a href={`#${f}`}>{LABELS[f]}</a>: {errors[f]}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.conflict ? <Conflict config={config} saved={props.conflict.values} updated={props.conflict.updated} /> : null}
      <form id="editor" method="post" action={editorPath(post?.slug)} enctype="multipart/form-data" class="comment-form editor" data-unsaved={props.unsaved ? "1" : undefined}>
        {/* Enter in a one-line field saves (the first submit button is the form's default). */}
        <button type="submit" name="intent" value="save" class="default-action" tabindex={-1} aria-hidden="true">
          Save
        </button>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="base" value={values.base} />
        <input type="hidden" name="format" value={values.format} />
        <input type="hidden" name="cursor" value="" />
        <p class="field">
          <label for="title">Title</label>
          <input id="title" name="title" type="text" value={values.title} dir="auto" maxlength={300} {...invalid("title")} />
          {error("title")}
        </p>
        <p class="field">
          <label for="slug">Address</label>
          {post && !post.renamable ? (
            <>
              <input id="slug" type="text" value={post.slug} readonly dir="auto" />
              <span class="field-note">{config.BASE_URL + slugPath(post.slug)}: a post keeps its address, so links to it stay good.</span>
            </>
          ) : (
            <>
              <input id="slug" name="slug" type="text" value={values.slug} dir="auto" placeholder="made from the title" maxlength={200} {...invalid("slug")} />
              <span class="field-note">
                The end of the post's address ({config.BASE_URL}/…). {post ? "It can change until the post is published." : "Empty: made from the title (Hebrew and other scripts kept)."}
              </span>
            </>
          )}
          {error("slug")}
        </p>
        <p class="field">
          <label for="body">Text ({values.format === "html" ? "HTML" : "Markdown"})</label>
          <textarea id="body" name="body" rows={22} dir={dir} lang={values.lang} {...invalid("body")}>
            {/* A textarea drops one newline right after its start tag: this one, so the text keeps its own. */}
            {"\n" + values.body}
          </textarea>
          {error("body")}
        </p>
        <fieldset class="field images">
          <legend>Images</legend>
          <label for="file">Add images to the text</label>
          <input id="file" name="file" type="file" multiple accept="image/jpeg,image/png,image/gif,image/webp,image/avif" />
          <label for="alt">Their alt text (what the image shows, for readers who cannot see it)</label>
          <input id="alt" name="alt" type="text" value="" dir="auto" maxlength={1000} />
          <label>
            <input type="checkbox" name="as_cover" value="1" /> Make the first one the cover image (shown above the post, not in the text)
          </label>
          <span class="field-note">JPEG, PNG, GIF, WebP or AVIF, up to 20 MiB each. They go to the media library and into the text as Markdown, at the end (at the cursor, or pasted or dropped into the text, with JavaScript).</span>
          <span>
            <button type="submit" name="intent" value="upload" class="secondary">
              Upload and insert
            </button>
          </span>
        </fieldset>
        <p class="field">
          <label for="tags">Tags</label>
          <input id="tags" name="tags" type="text" value={values.tags} dir="auto" {...invalid("tags")} />
          <span class="field-note">Separated by commas.</span>
          {error("tags")}
        </p>
        <p class="field">
          <label for="lang">Language</label>
          <input id="lang" name="lang" type="text" value={values.lang} list="languages" size={8} {...invalid("lang")} />
          <datalist id="languages">
            {LANGUAGES.map((l) => (
              <option value={l} />
            ))}
          </datalist>
          <span class="field-note" id="direction">
            Direction follows the language: {dir === "rtl" ? "right to left" : "left to right"}.
          </span>
          {error("lang")}
        </p>
        <p class="field">
          <label for="date">Publish date</label>
          <input id="date" name="date" type="datetime-local" step={60} value={values.date} {...invalid("date")} />
          <span class="field-note">Time in {config.TIME_ZONE}. A future date schedules the post; empty: {post && post.status !== "draft" ? "the date it has" : "when you publish"}.</span>
          {error("date")}
        </p>
        <p class="field check">
          <label>
            <input type="checkbox" name="comments" value="1" checked={values.commentsOpen} /> Readers may comment
          </label>
        </p>
        <p class="field">
          <label for="excerpt">Excerpt</label>
          <textarea id="excerpt" name="excerpt" rows={3} dir={dir} {...invalid("excerpt")}>
            {"\n" + values.excerpt}
          </textarea>
          <span class="field-note">Shown on the index, tag pages and feeds. Empty: the first words of the text.</span>
          {error("excerpt")}
        </p>
        <p class="field">
          <label for="cover">Cover image</label>
          <select id="cover" name="cover" {...invalid("cover")}>
            <option value="" selected={!values.cover}>
              None
            </option>
            {props.images.map((m) => (
              <option value={m.key} selected={m.key === values.cover}>
                {`${m.name || m.key} (${m.width}×${m.height})${m.alt ? ` · ${m.alt}` : ""}`}
              </option>
            ))}
          </select>
          <span class="field-note">Shown above the post and in link previews: an image of the text (it then shows twice: take it out of the text if you want it only above), or one uploaded above as the cover.</span>
          {error("cover")}
        </p>
        <p class="actions">
          <button type="submit" name="intent" value="save">
            {live ? "Update" : "Save draft"}
          </button>{" "}
          {!live ? (
            <button type="submit" name="intent" value="publish">
              Publish (or schedule)
            </button>
          ) : null}{" "}
          <button type="submit" name="intent" value="preview" formtarget="_blank" class="secondary">
            Preview
          </button>
          {live ? (
            <>
              {" "}
              <a href={deskPostPath(post!.slug, "unpublish")}>Unpublish…</a>
            </>
          ) : null}
        </p>
      </form>
    </AdminLayout>
  );
}

/** The version saved meanwhile, read-only, beside the author's in the form. */
function Conflict(props: { config: Config; saved: EditorValues; updated: number }) {
  const { saved, config } = props;
  return (
    <section class="conflict" aria-labelledby="conflict-title">
      <div class="notice err" role="alert">
        <h2 id="conflict-title">This post changed since you opened it</h2>
        <p>
          It was saved on {formatDate(props.updated, "en", config.TIME_ZONE)} at {formatTime(props.updated, config.TIME_ZONE)} from somewhere else (the command line, another tab). Nothing of
          yours was saved, and nothing is lost: your version is in the form, the saved one below. Copy what you need from it; saving again replaces it with yours.
        </p>
      </div>
      <details open>
        <summary>The saved version</summary>
        <dl class="saved">
          <dt>Title</dt>
          <dd dir="auto">{saved.title}</dd>
          <dt>Tags</dt>
          <dd dir="auto">{saved.tags || "none"}</dd>
          <dt>Language</dt>
          <dd>{saved.lang}</dd>
          <dt>Publish date</dt>
          <dd>{saved.date.replace("T", " ")}</dd>
        </dl>
        <label for="saved-body">Its text</label>
        <textarea id="saved-body" readonly rows={12} dir={dirOf(saved.lang)}>
          {"\n" + saved.body}
        </textarea>
        {saved.excerpt ? (
          <>
            <label for="saved-excerpt">Its excerpt</label>
            <textarea id="saved-excerpt" readonly rows={3} dir={dirOf(saved.lang)}>
              {"\n" + saved.excerpt}
            </textarea>
          </>
        ) : null}
      </details>
    </section>
  );
}
