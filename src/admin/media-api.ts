/**
 * /api/admin/media: the media library for the CLI and the desk. Upload
 * (multipart, one or more `file` fields, an optional `alt`), list, one file,
 * alt text, delete. Every file of an upload is checked before any is
 * stored: one bad file stores nothing.
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { readLimited } from "../http/body";
import { jsonResponse, pageParam } from "../http/respond";
import { MAX_ALT_LENGTH, MAX_UPLOAD_BYTES, storeImage, tooLarge } from "../media/upload";
import { sniffImage } from "../media/sniff";
import { deleteMedia, listMedia, MEDIA_ORIGINAL, mediaPath, mediaRecord, setAlt, usesOf, widthKey, type MediaRecord } from "../media/store";
import { postRecord, publishPost, recordToInput } from "../posts/store";
import { readJsonBody } from "./json";

export const adminMedia = new Hono<AppEnv>();

/** One request may carry several files; Cloudflare itself takes request bodies up to 100 MB. */
export const MAX_UPLOAD_REQUEST_BYTES = 60 * 1024 * 1024;
export const MEDIA_PER_PAGE = 30;

export const mediaJson = (base: string, m: MediaRecord, extra: Record<string, unknown> = {}) => ({
  key: m.key,
  url: base + mediaPath(m.key),
  path: mediaPath(m.key),
  type: m.contentType,
  bytes: m.bytes,
  width: m.width,
  height: m.height,
  sha256: m.sha256,
  alt: m.alt,
  name: m.name,
  widths: m.widths.map((w) => ({ ...w, url: base + mediaPath(widthKey(m.key, w.width)) })),
  created: new Date(m.created).toISOString(),
  ...extra,
});

export interface UploadedFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/**
 * A multipart form's text fields and its files named `file` (maybe none), or
 * the answer that refuses it: 415 for a body that is not multipart, 413 for
 * one too large, 400 for a broken one.
 */
export async function readMultipart(c: Context<AppEnv>): Promise<{ files: UploadedFile[]; fields: Record<string, string> }> {
  const type = c.req.header("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) throw new HTTPException(415, { message: "Send the files as multipart/form-data, each in a field named “file”." });
  const body = await readLimited(c.req.raw, MAX_UPLOAD_REQUEST_BYTES);
  if (body.tooLarge) throw new HTTPException(413, { message: `The upload is larger than ${MAX_UPLOAD_REQUEST_BYTES / 1024 / 1024} MiB; send fewer files at a time (each at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB).` });
  let form: FormData;
  try {
    form = await new Response(body.bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new HTTPException(400, { message: "The multipart body could not be read (a broken boundary or a cut-off upload); nothing was stored." });
  }
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  for (const [name, entry] of form.entries()) {
    const value = entry as File | string;
    if (typeof value === "string") fields[name] ??= value;
    else if (name === "file" && (value.size > 0 || value.name)) files.push({ name: value.name || "upload", bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { files, fields };
}

/** Throws the answer that refuses an upload: 413/415/422 naming the first file that is not a whole image we take. */
export function checkUploads(files: UploadedFile[]): void {
  for (const file of files) {
    if (file.bytes.byteLength > MAX_UPLOAD_BYTES) throw new HTTPException(413, { message: `${file.name}: ${tooLarge(file.bytes.byteLength)}` });
    const sniffed = sniffImage(file.bytes);
    if (!sniffed.ok) throw new HTTPException(sniffed.status, { message: `${file.name}: ${sniffed.reason}${files.length > 1 ? " No file of this upload was stored." : ""}` });
  }
}

/** The files of a multipart upload, checked, or the answer that refuses it (400 when no file was sent). */
export async function readUploads(c: Context<AppEnv>): Promise<{ files: UploadedFile[]; fields: Record<string, string> }> {
  const upload = await readMultipart(c);
  if (upload.files.length === 0) throw new HTTPException(400, { message: "No file was sent: put each image in a field named “file”." });
  checkUploads(upload.files);
  return upload;
}

/** Stores checked files; the records, each marked reused or not. */
export async function storeUploads(c: Context<AppEnv>, files: UploadedFile[], alt?: string) {
  const stored = [];
  for (const file of files) {
    const result = await storeImage(c.env, file.bytes, { name: file.name, alt, widths: c.var.config.MEDIA_WIDTHS });
    if (!result.ok) throw new HTTPException(result.status, { message: `${file.name}: ${result.reason}` });
    stored.push(result);
  }
  return stored;
}

adminMedia.post("/", async (c) => {
  const { files, fields } = await readUploads(c);
  const alt = fields.alt?.trim();
  if (alt && alt.length > MAX_ALT_LENGTH) throw new HTTPException(422, { message: `alt: at most ${MAX_ALT_LENGTH} characters.` });
  const stored = await storeUploads(c, files, alt);
  const base = c.var.config.BASE_URL;
  const media = stored.map((s) => mediaJson(base, s.record, { reused: s.reused, ...(s.note ? { note: s.note } : {}) }));
  return jsonResponse(c, { media }, stored.some((s) => !s.reused) ? 201 : 200, "no-store");
});

adminMedia.get("/", async (c) => {
  const page = pageParam(c);
  const q = (c.req.query("q") ?? "").trim().slice(0, 200);
  const { media, total } = await listMedia(c.env.DB, page, MEDIA_PER_PAGE, q);
  const base = c.var.config.BASE_URL;
  return jsonResponse(c, { page, pages: Math.max(1, Math.ceil(total / MEDIA_PER_PAGE)), total, media: media.map((m) => mediaJson(base, m, { uses: m.uses })) }, 200, "no-store");
});

function keyParam(c: Context<AppEnv>): string {
  const key = c.req.param("key") ?? "";
  if (!MEDIA_ORIGINAL.test(key)) throw new HTTPException(404, { message: `No media file “${key}”.` });
  return key;
}

adminMedia.get("/:key", async (c) => {
  const key = keyParam(c);
  const record = await mediaRecord(c.env.DB, key);
  if (!record) throw new HTTPException(404, { message: `No media file “${key}”.` });
  return jsonResponse(c, { media: mediaJson(c.var.config.BASE_URL, record, { uses: await usesOf(c.env.DB, key) }) }, 200, "no-store");
});

/** Rewrites what readers read of each post that shows the file (its alt text changed). */
export async function reshowPosts(env: AppEnv["Bindings"], slugs: string[]): Promise<void> {
  for (const slug of slugs) {
    const record = await postRecord(env.DB, slug);
    if (record) await publishPost(env, recordToInput(record));
  }
}

adminMedia.patch("/:key", async (c) => {
  const key = keyParam(c);
  const body = await readJsonBody(c);
  if (typeof body.alt !== "string") throw new HTTPException(422, { message: "alt: send the alt text as a string (empty to remove it)." });
  const alt = body.alt.trim();
  if (alt.length > MAX_ALT_LENGTH) throw new HTTPException(422, { message: `alt: at most ${MAX_ALT_LENGTH} characters.` });
  const uses = await setAlt(c.env.DB, key, alt);
  if (!uses) throw new HTTPException(404, { message: `No media file “${key}”.` });
  await reshowPosts(c.env, uses);
  const record = (await mediaRecord(c.env.DB, key))!;
  return jsonResponse(c, { media: mediaJson(c.var.config.BASE_URL, record, { uses }) }, 200, "no-store");
});

adminMedia.delete("/:key", async (c) => {
  const key = keyParam(c);
  if (!c.env.MEDIA) throw new HTTPException(503, { message: "No media storage is set up (R2 binding MEDIA)." });
  const result = await deleteMedia(c.env.DB, c.env.MEDIA, key);
  if (!result) throw new HTTPException(404, { message: `No media file “${key}”.` });
  if (!result.deleted) {
    const message = `This file is used by ${result.usedBy.length === 1 ? "a post" : `${result.usedBy.length} posts`}: ${result.usedBy.join(", ")}. Remove it from ${result.usedBy.length === 1 ? "that post" : "those posts"} first; nothing was deleted.`;
    return jsonResponse(c, { error: { status: 409, code: "conflict", message }, posts: result.usedBy }, 409, "no-store");
  }
  return jsonResponse(c, { deleted: key }, 200, "no-store");
});
