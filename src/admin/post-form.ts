/**
 * The post editor's form (/admin/posts/new, /admin/posts/<slug>/edit): what
 * its fields hold, how a saved post fills them, and the checks that need no
 * storage, each reason kept beside its field. The body is kept as typed:
 * only the CRLF a browser sends for each newline of a textarea becomes LF.
 */
import type { Config } from "../config";
import type { PostRecord } from "../posts/store";
import { isValidSlug, MAX_SLUG_LENGTH } from "../posts/slug";
import { isAutomaticExcerpt } from "../posts/excerpt";
import { isLanguageTag } from "../views/i18n";
import { MEDIA_ORIGINAL } from "../media/store";
import { sha256Hex } from "../crypto";
import { fromLocalInput, toLocalInput } from "./local-time";

export const EDITOR_FIELDS = ["title", "slug", "body", "tags", "lang", "date", "excerpt", "cover"] as const;
export type EditorField = (typeof EDITOR_FIELDS)[number];

export const MAX_TITLE = 300;
export const MAX_BODY_BYTES = 800_000;
export const MAX_TAGS = 30;
export const MAX_TAG = 60;
export const MAX_EXCERPT = 1000;

export interface EditorValues {
  title: string;
  /** Typed by the author, or empty: then it comes from the title. Fixed once a post exists. */
  slug: string;
  body: string;
  /** Markdown for posts written here or as files; html for posts that came as HTML (WordPress). */
  format: "markdown" | "html";
  /** Comma-separated, as typed. */
  tags: string;
  lang: string;
  /** The blog's wall-clock time (local-time.ts), or empty: now, or the date the post has. */
  date: string;
  commentsOpen: boolean;
  excerpt: string;
  /** A media key, or empty. */
  cover: string;
  /** The fingerprint of the post as the form was opened (postFingerprint), empty for a new post. */
  base: string;
}

export type EditorErrors = Partial<Record<EditorField, string>>;

const lines = (text: string) => text.replace(/\r\n?/g, "\n");

/** The form's fields as typed (multipart text fields). */
export function valuesFromForm(fields: Record<string, string>, config: Config): EditorValues {
  return {
    title: fields.title ?? "",
    slug: (fields.slug ?? "").trim(),
    body: lines(fields.body ?? ""),
    format: fields.format === "html" ? "html" : "markdown",
    tags: fields.tags ?? "",
    lang: (fields.lang ?? "").trim() || config.BLOG_LANG,
    date: (fields.date ?? "").trim(),
    commentsOpen: fields.comments === "1",
    excerpt: lines(fields.excerpt ?? ""),
    cover: (fields.cover ?? "").trim(),
    base: fields.base ?? "",
  };
}

export function emptyValues(config: Config): EditorValues {
  return { title: "", slug: "", body: "", format: "markdown", tags: "", lang: config.BLOG_LANG, date: "", commentsOpen: true, excerpt: "", cover: "", base: "" };
}

/** The form for a post as D1 keeps it. */
export async function valuesFromRecord(record: PostRecord, config: Config): Promise<EditorValues> {
  return {
    title: record.title,
    slug: record.slug,
    body: record.source ?? record.html,
    format: record.source === null ? "html" : "markdown",
    tags: (JSON.parse(record.tags) as string[]).join(", "),
    lang: record.lang,
    // A draft's stored date is when it was first saved: its field stays empty (published now) unless it was set for later.
    date: record.status === "draft" && record.published_at <= Date.now() ? "" : toLocalInput(record.published_at, config.TIME_ZONE),
    commentsOpen: record.comments_open === 1,
    // The stored excerpt is the author's, or else one made from the text: only the author's is theirs to edit.
    excerpt: isAutomaticExcerpt(record.excerpt, record.html) ? "" : record.excerpt,
    cover: record.cover ?? "",
    base: await postFingerprint(record),
  };
}

/**
 * What the post is as an author would see it changed: everything the editor
 * shows, and its status. Comment counts and the trash do not count; a save
 * from another place (the CLI, another tab) does.
 */
export async function postFingerprint(record: PostRecord): Promise<string> {
  const seen = [record.title, record.lang, record.source ?? record.html, record.tags, record.status, record.published_at, record.comments_open, record.excerpt, record.cover];
  return (await sha256Hex(JSON.stringify(seen))).slice(0, 32);
}

/** What the checks make of the form: the post's fields, ready for publishPost. */
export interface CheckedPost {
  title: string;
  tags: string[];
  lang: string;
  /** null: no date given (now for a new post, the post's own date for an edit). */
  publishedAt: number | null;
  excerpt: string;
  cover: string | null;
}

/** The checks that need no storage. The slug is checked only when the author typed one. */
export function checkValues(values: EditorValues, config: Config): { errors: EditorErrors; post: CheckedPost } {
  const errors: EditorErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = "Give the post a title.";
  else if ([...title].length > MAX_TITLE) errors.title = `At most ${MAX_TITLE} characters (this one has ${[...title].length}).`;
  if (values.slug && !isValidSlug(values.slug.normalize("NFC"))) {
    errors.slug = `Use 1–${MAX_SLUG_LENGTH} letters, digits, “-” or “_” (any script; no spaces, dots or slashes), and not a word the blog uses for its own pages (tag, admin, page…).`;
  }
  // D1 keeps the text and its HTML in one row of at most 2 MB: the text's UTF-8 bytes are what count.
  const bytes = new TextEncoder().encode(values.body).byteLength;
  if (bytes > MAX_BODY_BYTES) errors.body = `At most ${MAX_BODY_BYTES / 1000} KB of text (this one is ${Math.ceil(bytes / 1000)} KB); split it into two posts.`;
  const tags = values.tags.split(",").map((t) => t.trim()).filter(Boolean);
  if (tags.length > MAX_TAGS) errors.tags = `At most ${MAX_TAGS} tags (there are ${tags.length}).`;
  else if (tags.some((t) => [...t].length > MAX_TAG)) errors.tags = `Each tag at most ${MAX_TAG} characters.`;
  if (!isLanguageTag(values.lang)) errors.lang = "A language tag such as en, he or pt-BR.";
  let publishedAt: number | null = null;
  if (values.date) {
    publishedAt = fromLocalInput(values.date, config.TIME_ZONE);
    if (publishedAt === null) errors.date = `There is no such date and time: give it as 2026-12-24 09:00 (in ${config.TIME_ZONE}).`;
  }
  if ([...values.excerpt].length > MAX_EXCERPT) errors.excerpt = `At most ${MAX_EXCERPT} characters.`;
  if (values.cover && !MEDIA_ORIGINAL.test(values.cover)) errors.cover = "Choose a cover from the images of the media library.";
  return { errors, post: { title, tags, lang: values.lang, publishedAt, excerpt: values.excerpt.trim(), cover: values.cover || null } };
}
