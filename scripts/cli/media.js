// Images into the blog's media library (POST /api/admin/media, multipart).
// Each file is checked here first, by the blog's own rules (src/media/sniff.ts,
// bundled), so a file the blog would refuse is named before anything is sent:
// `publish` can then refuse a post whose images are not all good without
// leaving half of them in the library.
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { CliError } from "./errors.js";
import { resolvePath } from "./files.js";
import { wxrCode } from "./wxr.js";

/**
 * Why the blog would refuse these bytes, or null when it takes them.
 * @param {Uint8Array} bytes
 */
export async function imageProblem(bytes) {
  const { sniffImage, MAX_UPLOAD_BYTES } = await wxrCode();
  if (bytes.byteLength > MAX_UPLOAD_BYTES) {
    return `it is ${formatBytes(bytes.byteLength)}; at most ${formatBytes(MAX_UPLOAD_BYTES)} a file is taken. Make it smaller (for example a JPEG 2,000 pixels across) and try again.`;
  }
  const sniffed = sniffImage(bytes);
  return sniffed.ok ? null : sniffed.reason;
}

/**
 * A local image, read and checked: its bytes and file name, or why it
 * cannot be uploaded (no such file, a folder, not an image the blog takes…).
 * @param {string} path
 * @returns {Promise<{ ok: true, bytes: Uint8Array, name: string } | { ok: false, problem: string }>}
 */
export async function loadImage(path) {
  let bytes;
  try {
    if (!statSync(path).isFile()) return { ok: false, problem: "is a folder, not an image." };
    bytes = readFileSync(path);
  } catch (e) {
    const code = /** @type {NodeJS.ErrnoException} */ (e).code;
    return { ok: false, problem: code === "ENOENT" ? "no such file." : `cannot read it (${e instanceof Error ? e.message : String(e)}).` };
  }
  const problem = await imageProblem(bytes);
  return problem ? { ok: false, problem } : { ok: true, bytes, name: basename(path) };
}

/**
 * A local image named on the command line, read and checked, or a CliError
 * (not fatal) that names the file and what is wrong with it.
 * @param {string} file as the author typed it (relative to where they are)
 */
export async function readImage(file, env = process.env) {
  const image = await loadImage(resolvePath(file, env));
  if (!image.ok) throw new CliError(`${file}: ${image.problem}`, { fatal: false });
  return image;
}

/**
 * Uploads one image; the blog's record of it (`reused`: the library had it).
 * An ApiError (the blog refused it) is the caller's to report.
 * @param {{ upload: (path: string, form: FormData) => Promise<any> }} api
 * @param {{ bytes: Uint8Array, name: string, alt?: string }} image
 */
export async function uploadImage(api, { bytes, name, alt }) {
  const form = new FormData();
  form.append("file", new Blob([bytes]), name);
  if (alt) form.append("alt", alt);
  const { media } = await api.upload("/api/admin/media", form);
  return media[0];
}

/** The blog's messages start with the file's name as it was sent: said once, by the caller. */
export function withoutName(message, name) {
  return message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
}

export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
