/**
 * The author's view of the media library at /admin/media: every file with
 * a thumbnail, its size, where it is used, its alt text (editable), an
 * upload form and delete (refused, naming the posts, while a post uses it).
 * Plain forms; no JavaScript.
 */
import type { Config } from "../config";
import { AdminLayout, Notice } from "./pages";
import { mediaPath, widthKey, type MediaRecord } from "../media/store";
import { MAX_ALT_LENGTH, MAX_UPLOAD_BYTES } from "../media/upload";
import { slugPath } from "../posts/slug";
import { formatDate } from "../views/i18n";

export interface MediaPageProps {
  config: Config;
  csrf: string;
  media: (MediaRecord & { uses: string[] })[];
  page: number;
  pages: number;
  total: number;
  q: string;
  notice?: { ok: boolean; text: string };
}

const kib = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

/** The smallest copy for a thumbnail: the narrowest width, or the original. */
const thumbOf = (m: MediaRecord) => mediaPath(m.widths.length ? widthKey(m.key, m.widths[0]!.width) : m.key);

export function MediaPage(props: MediaPageProps) {
  const { config } = props;
  const query = (page: number) => `/admin/media?${props.q ? `q=${encodeURIComponent(props.q)}&` : ""}page=${page}`;
  return (
    <AdminLayout config={config} title="Media" signedIn={{ csrf: props.csrf }}>
      <h1>Media</h1>
      <Notice notice={props.notice} />
      <form method="post" action="/admin/media/upload" enctype="multipart/form-data" class="comment-form">
        <input type="hidden" name="csrf" value={props.csrf} />
        <p class="field">
          <label for="file">Upload images</label>
          <input id="file" name="file" type="file" multiple accept="image/jpeg,image/png,image/gif,image/webp,image/avif" required />
          <span class="field-note">JPEG, PNG, GIF, WebP or AVIF, at most {MAX_UPLOAD_BYTES / 1024 / 1024} MiB each. SVG is not taken (it can carry scripts).</span>
        </p>
        <p class="field">
          <label for="alt">Alt text (optional)</label>
          <input id="alt" name="alt" type="text" maxlength={MAX_ALT_LENGTH} dir="auto" />
        </p>
        <p>
          <button type="submit">Upload</button>
        </p>
      </form>
      <form method="get" action="/admin/media" role="search">
        <label for="q">Find by name or alt text</label> <input id="q" name="q" type="search" value={props.q} dir="auto" /> <button type="submit" class="secondary">Find</button>
      </form>
      {props.media.length === 0 ? (
        <p>{props.q ? "No file matches." : "No files yet."}</p>
      ) : (
        <ol class="queue media-list">
          {props.media.map((m) => (
            <li class="queue-item" id={`m-${m.key}`}>
              <div class="media-row">
                <a href={mediaPath(m.key)}>
                  <img src={thumbOf(m)} width={120} height={Math.max(1, Math.round((m.height * 120) / m.width))} alt={m.alt} loading="lazy" decoding="async" />
                </a>
                <div>
                  <p>
                    <strong dir="auto">{m.name || m.key}</strong>
                  </p>
                  <p class="meta">
                    {m.contentType.replace("image/", "").toUpperCase()} · {m.width} × {m.height} · {kib(m.bytes)}
                    {m.widths.length ? ` · widths ${m.widths.map((w) => w.width).join(", ")}` : ""} · {formatDate(m.created, "en", config.TIME_ZONE)}
                  </p>
                  <p class="meta">
                    <code dir="ltr">{mediaPath(m.key)}</code>
                  </p>
                  <p class="meta">
                    {m.uses.length === 0 ? (
                      "Not used by any post."
                    ) : (
                      <>
                        Used by:{" "}
                        {m.uses.map((slug, i) => (
                          <>
                            {i > 0 ? ", " : ""}
                            <a href={slugPath(slug)}>
                              <bdi>{slug}</bdi>
                            </a>
                          </>
                        ))}
                      </>
                    )}
                  </p>
                  <form method="post" action={`/admin/media/${m.key}/alt`} class="inline">
                    <input type="hidden" name="csrf" value={props.csrf} />
                    <label for={`alt-${m.key}`}>Alt text</label> <input id={`alt-${m.key}`} name="alt" type="text" value={m.alt} maxlength={MAX_ALT_LENGTH} dir="auto" />{" "}
                    <button type="submit" class="secondary">
                      Save
                    </button>
                  </form>{" "}
                  <form method="post" action={`/admin/media/${m.key}/delete`} class="inline">
                    <input type="hidden" name="csrf" value={props.csrf} />
                    <button type="submit" class="secondary" disabled={m.uses.length > 0} title={m.uses.length > 0 ? "Used by a post: remove it there first" : undefined}>
                      Delete…
                    </button>
                  </form>
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label="Pages">
        {props.page > 1 ? <a href={query(props.page - 1)}>Newer</a> : <span />}
        <span class="meta">
          Page {props.page} of {props.pages} · {props.total} files
        </span>
        {props.page < props.pages ? <a href={query(props.page + 1)}>Older</a> : <span />}
      </nav>
    </AdminLayout>
  );
}

/** Delete asks first: the file and what deleting it means. */
export function ConfirmDeletePage(props: { config: Config; csrf: string; media: MediaRecord }) {
  const m = props.media;
  return (
    <AdminLayout config={props.config} title="Delete a file" signedIn={{ csrf: props.csrf }}>
      <h1>Delete this file?</h1>
      <p>
        <img src={thumbOf(m)} width={240} height={Math.max(1, Math.round((m.height * 240) / m.width))} alt={m.alt} />
      </p>
      <p>
        <strong dir="auto">{m.name || m.key}</strong> ({kib(m.bytes)}). No post uses it. Its address, <code dir="ltr">{mediaPath(m.key)}</code>, will answer 404 from now on; links to it elsewhere will break.
      </p>
      <form method="post" action={`/admin/media/${m.key}/delete`}>
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="confirm" value="1" />
        <button type="submit">Delete it</button> <a href="/admin/media">Keep it</a>
      </form>
    </AdminLayout>
  );
}
