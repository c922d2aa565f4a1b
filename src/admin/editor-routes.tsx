/**
 * The post editor in the desk: /admin/posts/new and /admin/posts/<slug>/edit
 * (GET the form, POST it), the preview, and a draft or scheduled post at its
 * own address for the signed-in author (the reader Worker passes on a
 * not-found post page when the request carries the desk's session cookie;
 * src/desk-link.ts).
 *
 * One POST does what its button says (`intent`): save (a draft stays a
 * draft, a published post stays published), publish (a future date
 * schedules), upload (images into the media library and into the text, the
 * form back with everything typed), preview (the post as readers will see
 * it, in a new tab; nothing stored). Images chosen in the form go to the
 * library with any save. Nothing typed is lost: a refusal brings the form
 * back filled in, with reasons beside the fields; a save on a stale copy
 * shows both versions.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { CONTENT_SECURITY_POLICY } from "../http/headers";
import { readLimited } from "../http/body";
import { fitSlug, isValidSlug, slugify, MAX_SLUG_BYTES, MAX_SLUG_LENGTH } from "../posts/slug";
import { postRecord, publishPost, recordToInput, removePost, type PostRecord } from "../posts/store";
import { bodyHtml } from "../posts/markdown";
import { MEDIA_REFERENCE, mediaByKeys, mediaPath, type MediaRecord } from "../media/store";
import { formatDate, formatTime } from "../views/i18n";
import { csrfToken, sessionFrom } from "./auth";
import { checkedSession, noticeOf, page, refused, slugOf, withNotice } from "./desk";
import { checkUploads, readMultipart, storeUploads } from "./media-api";
import { imageWarnings } from "./posts-api";
import { commentCountOf, deskStatusOf, restorableUntil } from "./post-trash";
import { ResultPage } from "./pages";
import { EditorPage, editorPath, type EditorPageProps } from "./editor-page";
import { toLocalInput } from "./local-time";
import { checkValues, emptyValues, postFingerprint, valuesFromForm, valuesFromRecord, type EditorErrors, type EditorValues } from "./post-form";
import { sendAuthorView } from "./post-view";
import { EDITOR_SCRIPT } from "./editor-script";

export const editorDesk = new Hono<AppEnv>();

// The editor page alone may run a script: its own, from this origin.
const EDITOR_CSP = { "Content-Security-Policy": `${CONTENT_SECURITY_POLICY}; script-src 'self'` };

export const editorScript = (c: Context<AppEnv>) =>
  c.body(EDITOR_SCRIPT, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable" });


/** The library records of the images the text names, and of the cover: what the cover may be. */
async function coverChoices(db: D1Database, values: EditorValues): Promise<MediaRecord[]> {
  const keys = new Set([...values.body.matchAll(MEDIA_REFERENCE)].map((m) => m[1]!));
  if (values.cover) keys.add(values.cover);
  return [...(await mediaByKeys(db, keys)).values()];
}

type Shown = Omit<EditorPageProps, "config" | "csrf" | "images" | "errors"> & { errors?: EditorErrors };

async function editor(c: Context<AppEnv>, session: string, shown: Shown, status: 200 | 409 | 413 | 415 | 422 = 200) {
  // Anything but the form as saved (a GET) holds what the author typed and has not saved.
  const props: EditorPageProps = { config: c.var.config, csrf: await csrfToken(c.var.config, session), images: await coverChoices(c.env.DB, shown.values), errors: {}, unsaved: c.req.method === "POST", ...shown };
  return page(c, <EditorPage {...props} />, status, EDITOR_CSP);
}

editorDesk.get("/new", async (c) => {
  const session = await sessionFrom(c);
  if (!session) return c.redirect("/admin", 303);
  return editor(c, session, { values: emptyValues(c.var.config), notice: noticeOf(c) });
});

editorDesk.get("/:slug/edit", async (c) => {
  const session = await sessionFrom(c);
  if (!session) return c.redirect("/admin", 303);
  const slug = slugOf(c);
  const record = slug ? await postRecord(c.env.DB, slug) : null;
  if (!record) return c.redirect(withNotice("/admin/posts", "That post does not exist (any more).", false), 303);
  if (record.trashed_at !== null) return c.redirect(withNotice("/admin/posts?status=trashed", `“${record.title}” is in the trash: restore it to edit it.`, false), 303);
  return editor(c, session, { post: { slug: record.slug, status: deskStatusOf(record, Date.now()), renamable: await renamable(c.env.DB, record) }, values: await valuesFromRecord(record, c.var.config), notice: noticeOf(c) });
});

editorDesk.post("/new", (c) => save(c, null));
editorDesk.post("/:slug/edit", (c) => {
  const slug = slugOf(c);
  if (!slug) throw new HTTPException(404, { message: "No such post." });
  return save(c, slug);
});

/** The form's text as the post's HTML (sanitized), from Markdown or HTML as the post is written. */
const htmlOf = (values: EditorValues) => bodyHtml(values.format === "html" ? { html: values.body } : { markdown: values.body });

/** Markdown for uploaded images, put where the cursor was (JavaScript sends it), else at the end. */
function insertImages(values: EditorValues, keys: string[], alt: string, cursor: string): string {
  const escapedAlt = alt.replace(/[[\]\\]/g, (ch) => `\\${ch}`);
  const markdown = keys.map((key) => (values.format === "html" ? `<img src="${mediaPath(key)}" alt="${alt.replace(/[&"<]/g, (ch) => `&#${ch.charCodeAt(0)};`)}">` : `![${escapedAlt}](${mediaPath(key)})`)).join("\n\n");
  const body = values.body;
  const at = /^\d+$/.test(cursor) && Number(cursor) <= body.length ? Number(cursor) : body.length;
  const before = body.slice(0, at);
  const after = body.slice(at);
  // Each image a paragraph of its own.
  const lead = before === "" ? "" : before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const tail = after === "" ? "\n" : after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
  return before + lead + markdown + tail + after;
}

async function save(c: Context<AppEnv>, slug: string | null): Promise<Response> {
  const config = c.var.config;
  // No session, no reading: the body is drained unread and nothing is stored.
  if (!(await sessionFrom(c))) {
    await readLimited(c.req.raw, 0);
    return refused(c);
  }
  let form;
  try {
    form = await readMultipart(c);
  } catch (err) {
    if (!(err instanceof HTTPException)) throw err;
    // The form could not be read, so it cannot come back filled in; the browser's Back button still has it.
    return page(c, <ResultPage config={config} title="Nothing was saved" message={`${err.message} Go back (your browser keeps what you typed) and try again.`} />, err.status as 400 | 413 | 415);
  }
  const session = await checkedSession(c, form);
  if (!session) return refused(c);
  const intent = form.fields.intent ?? "save";
  let values = valuesFromForm(form.fields, config);
  const now = Date.now();
  const record = slug ? await postRecord(c.env.DB, slug) : null;
  const post = record ? { slug: record.slug, status: deskStatusOf(record, now), renamable: await renamable(c.env.DB, record) } : undefined;
  if (slug && !record) {
    // Deleted for good meanwhile: the text comes back as a new post, so it is not lost.
    return editor(c, session, { values: { ...values, slug, base: "" }, notice: { ok: false, text: `The post “${slug}” was deleted meanwhile. Your text is below: save it to make it a new post.` } }, 409);
  }
  if (record && record.trashed_at !== null) {
    return editor(c, session, { post, values, notice: { ok: false, text: `This post went to the trash meanwhile (restorable until ${formatDate(restorableUntil(record.trashed_at), "en", config.TIME_ZONE)}). Nothing was saved; your version is below. Restore the post from the posts list, then save again.` } }, 409);
  }

  if (intent === "preview") return preview(c, values, record, now);

  let uploaded = "";
  if (form.files.length > 0) {
    try {
      checkUploads(form.files);
      const alt = (form.fields.alt ?? "").trim();
      const keys = (await storeUploads(c, form.files, alt)).map((s) => s.record.key);
      // "Make the first one the cover": above the post, not in the text.
      const cover = form.fields.as_cover === "1" ? keys.shift() : undefined;
      if (cover) values = { ...values, cover };
      if (keys.length) values = { ...values, body: insertImages(values, keys, alt, form.fields.cursor ?? "") };
      const said = [cover ? "The cover image is set" : "", keys.length ? `${keys.length === 1 ? "1 image" : `${keys.length} images`} added to the text${alt ? "" : " (describe each between its brackets ![…] for readers who cannot see it)"}` : ""];
      uploaded = `${said.filter(Boolean).join("; ")}.`;
    } catch (err) {
      if (!(err instanceof HTTPException)) throw err;
      return editor(c, session, { post, values, notice: { ok: false, text: `No image was added and nothing was saved. ${err.message}` } }, err.status as 413 | 415 | 422);
    }
  }
  if (intent === "upload") {
    const notice = uploaded ? { ok: true, text: `${uploaded} Not saved yet: save to keep them in the post.` } : { ok: false, text: "Choose one or more images first." };
    return editor(c, session, { post, values, notice }, uploaded ? 200 : 422);
  }

  const { errors, post: checked } = checkValues(values, config);
  let target = slug;
  const renamed = record && values.slug && values.slug.normalize("NFC") !== record.slug ? values.slug.normalize("NFC") : null;
  if (record && renamed && !errors.slug) {
    const taken = post?.renamable ? await postRecord(c.env.DB, renamed) : null;
    if (!post?.renamable) errors.slug = "Only a draft without comments, written here, can change its address: a post that has been out, or came from WordPress, keeps it, so links to it stay good.";
    else if (taken) errors.slug = addressTaken(renamed, taken);
    else target = renamed;
  }
  if (!record) {
    const wanted = values.slug.normalize("NFC");
    if (wanted && !errors.slug) {
      const taken = await postRecord(c.env.DB, wanted);
      if (taken) errors.slug = addressTaken(wanted, taken);
      target = wanted;
    } else if (!wanted && !errors.title) {
      target = await freeSlug(c.env.DB, slugify(checked.title));
      if (!target) errors.slug = "The title has no letters or digits to make an address from: type one.";
    }
  }
  if (checked.cover && !errors.cover && !(await mediaByKeys(c.env.DB, [checked.cover])).has(checked.cover)) errors.cover = "That image is no longer in the media library: choose another.";
  const noticeText = uploaded ? { ok: true, text: uploaded } : undefined;
  if (Object.keys(errors).length > 0 || !target) return editor(c, session, { post, values, errors, notice: noticeText }, 422);

  // Saved from elsewhere since this form was opened: both versions on the page, nothing overwritten.
  if (record && values.base !== (await postFingerprint(record))) {
    const saved = await valuesFromRecord(record, config);
    return editor(c, session, { post, values: { ...values, base: saved.base }, conflict: { values: saved, updated: record.updated_at }, notice: noticeText }, 409);
  }

  const status = intent === "publish" ? "published" : (record?.status ?? "draft");
  const written = await publishPost(c.env, {
    ...(record ? recordToInput(record) : {}),
    slug: target,
    title: checked.title,
    lang: checked.lang,
    html: await htmlOf(values),
    excerpt: checked.excerpt,
    tags: checked.tags,
    status,
    publishedAt: publishDate(checked.publishedAt, values.date, record, status, now, config.TIME_ZONE),
    updatedAt: now,
    commentsOpen: values.commentsOpen,
    cover: checked.cover,
    source: values.format === "markdown" ? values.body : null,
  });
  // A draft's new address: the post under the new one first, then the old one gone (a crash between leaves two drafts, nothing lost).
  if (record && target !== record.slug) await removePost(c.env, record.slug, now);
  const when = `${formatDate(written.published, "en", config.TIME_ZONE)} at ${formatTime(written.published, config.TIME_ZONE)}`;
  const said =
    status === "draft" ? "Draft saved: only you can see it." : written.published > now ? `Scheduled: readers see it from ${when}.` : post?.status === "published" ? "Updated: readers see the change now." : "Published: readers see it now.";
  const moved = record && target !== record.slug ? `Its address is now /${target}.` : "";
  const warnings = imageWarnings(written);
  const text = [uploaded, said, moved, ...warnings].filter(Boolean).join(" ");
  return c.redirect(withNotice(editorPath(target), text, warnings.length === 0), 303);
}

/**
 * When the post is dated: the date typed; the post's own to the millisecond
 * when the field still shows it (the field has minutes only); now for a
 * draft published without a date; else the date it has (or now, new).
 */
function publishDate(typed: number | null, field: string, record: PostRecord | null, status: "published" | "draft", now: number, timeZone: string): number {
  if (record && field && field === toLocalInput(record.published_at, timeZone)) return record.published_at;
  if (typed !== null) return typed;
  if (record && record.status === "draft" && status === "published") return now;
  return record?.published_at ?? now;
}

/**
 * Whether a post may change its address: a draft without comments (never
 * seen by readers, or unpublished before any) that did not come from
 * WordPress (its old site's addresses point at this one).
 */
export async function renamable(db: D1Database, record: PostRecord): Promise<boolean> {
  return record.status === "draft" && record.wp_id === null && (await commentCountOf(db, record.slug)) === 0;
}

const addressTaken = (slug: string, taken: PostRecord) => `“${slug}” is the address of “${taken.title}”${taken.trashed_at !== null ? " (in the trash)" : ""}. Choose another.`;

/** The address a new post gets from its title: the slug, or the slug with -2, -3… when it is taken. */
async function freeSlug(db: D1Database, base: string): Promise<string> {
  if (!base || !isValidSlug(base)) return base && isValidSlug(`${base}-post`) ? `${base}-post` : "";
  // Every candidate checked exactly: a long base is cut to make room for its number, so "-2" of a cut base is
  // not "base-2" (and a range over "base-" would miss it). Cut at whole characters, within the slug's limits.
  for (let from = 1; from < 10_000; from += 50) {
    const candidates = Array.from({ length: 50 }, (_, i) => from + i).map((n) => (n === 1 ? base : `${fitSlug(base, MAX_SLUG_LENGTH - String(n).length - 1, MAX_SLUG_BYTES - String(n).length - 1)}-${n}`));
    const { results } = await db.prepare("SELECT slug FROM posts WHERE slug IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(candidates)).all<{ slug: string }>();
    const taken = new Set(results.map((r) => r.slug));
    const free = candidates.find((slug) => !taken.has(slug) && isValidSlug(slug));
    if (free) return free;
  }
  return "";
}

/** The unsaved form as readers will see it: the reader's templates, nothing stored. */
async function preview(c: Context<AppEnv>, values: EditorValues, record: PostRecord | null, now: number) {
  const { post } = checkValues(values, c.var.config);
  const slug = record?.slug ?? (values.slug.normalize("NFC") || slugify(post.title) || "new-post");
  const published = post.publishedAt ?? record?.published_at ?? now;
  return sendAuthorView(
    c,
    {
      slug,
      title: post.title || "(no title yet)",
      lang: post.lang,
      html: await htmlOf(values),
      excerpt: post.excerpt,
      tags: post.tags,
      status: "published",
      published,
      updated: now,
      commentsOpen: values.commentsOpen,
      cover: post.cover,
    },
    { title: "Preview, not saved.", text: `Only you can see this page. Close it to go back to the editor; save there to keep your changes.${published > now ? " The post is set to appear on " + formatDate(published, "en", c.var.config.TIME_ZONE) + "." : ""}` },
    record?.comment_count ?? 0,
  );
}

/**
 * A post readers cannot see yet, at its own address, for the signed-in
 * author: the reader Worker asks here when its own answer was "not found".
 * Anyone else gets the same 404 a reader gets.
 */
editorDesk.get("/:slug/view", async (c) => {
  const slug = slugOf(c);
  const session = await sessionFrom(c);
  const record = slug && session ? await postRecord(c.env.DB, slug) : null;
  if (!record || record.trashed_at !== null) throw new HTTPException(404, { message: "No such post." });
  const now = Date.now();
  const status = deskStatusOf(record, now);
  const config = c.var.config;
  const banner =
    status === "draft"
      ? { title: "Draft.", text: "Only you can see this page, because you are signed in to the desk; readers get “not found” until it is published." }
      : status === "scheduled"
        ? { title: "Scheduled.", text: `Only you can see this page until ${formatDate(record.published_at, "en", config.TIME_ZONE)} at ${formatTime(record.published_at, config.TIME_ZONE)} (${config.TIME_ZONE}), when it appears for readers.` }
        : { title: "Published.", text: "Readers see this post at this address." };
  const viewed = { slug: record.slug, title: record.title, lang: record.lang, html: record.html, excerpt: record.excerpt, tags: JSON.parse(record.tags) as string[], status: record.status, published: record.published_at, updated: record.updated_at, commentsOpen: record.comments_open === 1, cover: record.cover };
  return sendAuthorView(c, viewed, { ...banner, editHref: editorPath(record.slug) }, record.comment_count);
});
