/**
 * Taking one uploaded file into the library: check what it is from its
 * bytes, store it under its content's name, make its smaller widths once
 * (never per view), record it. The same file again is the record already
 * there ("reused"), whatever it was called.
 */
import { sha256Hex } from "../crypto";
import { CACHE_IMMUTABLE as IMMUTABLE } from "../http/respond";
import { EXTENSIONS, sniffImage } from "./sniff";
import { insertMedia, mediaBySha, widthKey, type MediaRecord, type Width } from "./store";

/** The largest file taken, per file. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_ALT_LENGTH = 1000;
export const MAX_NAME_LENGTH = 200;
/** WebP quality of the smaller widths: visually the same as the original at a fraction of the bytes. */
const WEBP_QUALITY = 80;


export interface MediaStores {
  DB: D1Database;
  MEDIA?: R2Bucket;
  IMAGES?: ImagesBinding;
}

export type Stored = { ok: true; record: MediaRecord; reused: boolean; note?: string } | { ok: false; status: 413 | 415 | 422 | 503; reason: string };

export async function storeImage(env: MediaStores, bytes: Uint8Array<ArrayBuffer>, options: { name?: string; alt?: string; widths: number[]; now?: number }): Promise<Stored> {
  if (!env.MEDIA) return { ok: false, status: 503, reason: "No media storage is set up: add the R2 bucket binding MEDIA to wrangler.toml (see README, Deploy)." };
  if (bytes.byteLength > MAX_UPLOAD_BYTES) return { ok: false, status: 413, reason: tooLarge(bytes.byteLength) };
  const sniffed = sniffImage(bytes);
  if (!sniffed.ok) return sniffed;
  const sha256 = await sha256Hex(bytes);
  const existing = await mediaBySha(env.DB, sha256);
  if (existing) return { ok: true, record: existing, reused: true };

  const key = `${sha256.slice(0, 32)}.${EXTENSIONS[sniffed.type]}`;
  await env.MEDIA.put(key, bytes, { httpMetadata: { contentType: sniffed.type, cacheControl: IMMUTABLE }, sha256 });
  const made = await makeWidths(env, key, bytes, sniffed, options.widths);
  const record: MediaRecord = {
    key,
    sha256,
    contentType: sniffed.type,
    bytes: bytes.byteLength,
    width: sniffed.width,
    height: sniffed.height,
    alt: (options.alt ?? "").trim().slice(0, MAX_ALT_LENGTH),
    name: (options.name ?? "").trim().slice(0, MAX_NAME_LENGTH),
    widths: made.widths,
    created: options.now ?? Date.now(),
  };
  // The objects first, then the row: a row never points at a missing object.
  await insertMedia(env.DB, record);
  // A concurrent upload of the same file may have won the row: answer with what is stored.
  const stored = (await mediaBySha(env.DB, sha256)) ?? record;
  return { ok: true, record: stored, reused: stored.created !== record.created || stored.key !== key, ...(made.note ? { note: made.note } : {}) };
}

export const tooLarge = (size: number) => `The file is ${(size / 1024 / 1024).toFixed(1)} MiB; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB a file is taken. Make it smaller (for example, export it as a JPEG of 2,000 pixels across) and upload it again.`;

/**
 * The WebP copies narrower than the original, through the Images binding.
 * GIFs are left alone (a copy would lose the animation). Without the
 * binding, or if it fails, the original is served alone: nothing breaks.
 */
async function makeWidths(env: MediaStores, key: string, bytes: Uint8Array<ArrayBuffer>, image: { type: string; width: number; height: number }, wanted: number[]): Promise<{ widths: Width[]; note?: string }> {
  const targets = wanted.filter((w) => w < image.width);
  if (targets.length === 0 || image.type === "image/gif") return { widths: [] };
  if (!env.IMAGES) return { widths: [], note: "no Images binding: the original is served alone" };
  const widths: Width[] = [];
  try {
    for (const width of targets) {
      const result = await env.IMAGES.input(new Blob([bytes]).stream()).transform({ width, fit: "scale-down" }).output({ format: "image/webp", quality: WEBP_QUALITY });
      const copy = new Uint8Array(await result.response().arrayBuffer());
      // A copy no smaller than the original saves nothing.
      if (copy.byteLength >= bytes.byteLength) continue;
      await env.MEDIA!.put(widthKey(key, width), copy, { httpMetadata: { contentType: "image/webp", cacheControl: IMMUTABLE } });
      widths.push({ width, height: Math.max(1, Math.round((image.height * width) / image.width)), bytes: copy.byteLength });
    }
  } catch (err) {
    console.error("media: could not make smaller widths", key, err);
    return { widths, note: `smaller widths could not be made (${err instanceof Error ? err.message : String(err)}): the original is served` };
  }
  return { widths };
}
