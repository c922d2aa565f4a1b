// The media files of a WordPress import (the plan of src/admin/wxr/media-refs.ts):
// each read from a copy of wp-content/uploads (--uploads) or, failing that,
// downloaded from the old site, checked as the blog checks uploads, and
// uploaded to the media library. A file that cannot be had is "missing" and
// one the blog does not take (a PDF, a broken image) "refused": either way
// the posts keep pointing where they did, and the report says which posts.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, relative, resolve, sep } from "node:path";
import { ApiError } from "./errors.js";
import { resolvePath } from "./files.js";
import { formatBytes, imageProblem, uploadImage, withoutName } from "./media.js";
import { progressBar } from "./progress.js";

/** How long the old site may take to send one file. */
export const FETCH_TIMEOUT_MS = 30_000;
/** Files fetched and uploaded at once: the old site and the blog each see a few requests at a time. */
const PARALLEL = 4;
/** Past this a file is not read or downloaded: the blog would refuse it anyway (MAX_UPLOAD_BYTES). */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
/**
 * What WordPress sites upload besides images. The blog takes images only
 * (checked by their bytes on upload), so these are not downloaded at all.
 */
const NOT_IMAGES = new Set(["pdf", "zip", "gz", "doc", "docx", "odt", "rtf", "txt", "csv", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "key", "mp3", "m4a", "ogg", "oga", "wav", "flac", "mp4", "m4v", "mov", "webm", "ogv", "avi", "wmv", "mkv", "svg", "svgz", "psd", "ai", "eps", "epub", "ico", "heic", "tif", "tiff", "bmp"]);

/** Why a file is not even fetched: its name says it is no image the blog takes. */
function notAnImage(file) {
  const extension = /\.([a-z0-9]+)$/i.exec(file.uploadsPath ?? file.name)?.[1]?.toLowerCase();
  return extension && NOT_IMAGES.has(extension) ? `a .${extension} file: the blog's library takes JPEG, PNG, GIF, WebP and AVIF images only` : null;
}

/**
 * @typedef {{ status: "copied" | "reused" | "missing" | "refused", key?: string, from?: string, reason?: string }} CopyResult
 */

/**
 * Copies every planned file; the outcome of each, by file.
 * @param {{ stderr: NodeJS.WritableStream }} ctx
 * @param {{ upload: Function }} api
 * @param {import("../../src/admin/wxr/media-refs").PlannedFile[]} files
 * @param {{ uploads?: string, env?: NodeJS.ProcessEnv }} options uploads: the copy of wp-content/uploads, as typed
 * @returns {Promise<Map<object, CopyResult>>}
 */
export async function copyMedia(ctx, api, files, { uploads, env } = {}) {
  const results = new Map();
  if (files.length === 0) return results;
  const root = uploads === undefined ? null : resolvePath(uploads, env);
  const bar = progressBar("media", { total: files.length, stream: ctx.stderr });
  const counts = { copied: 0, reused: 0, missing: 0, refused: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const result = await copyOne(api, file, root);
      results.set(file, result);
      counts[result.status]++;
      bar.update(++done, Object.entries(counts).filter(([, n]) => n > 0).map(([what, n]) => `${n} ${what}`).join(", "));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, files.length) }, worker));
  bar.finish();
  return results;
}

/** @returns {Promise<CopyResult>} */
async function copyOne(api, file, root) {
  const skip = notAnImage(file);
  if (skip) return { status: "refused", reason: skip };
  const got = await fileBytes(file, root);
  if (!got.ok) return { status: got.refused ? "refused" : "missing", reason: got.reason };
  const problem = await imageProblem(got.bytes);
  if (problem) return { status: "refused", from: got.from, reason: `not taken by the blog: ${problem}` };
  const name = basename(file.uploadsPath ?? file.name) || "upload";
  try {
    const m = await uploadImage(api, { bytes: got.bytes, name, alt: file.alt });
    return { status: m.reused ? "reused" : "copied", key: m.key, from: got.from };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { status: "refused", from: got.from, reason: `the blog refused it (${e.status}): ${withoutName(e.message, name)}` };
  }
}

/**
 * The file's bytes: from the uploads copy when it has the file, else from the old site.
 * @returns {Promise<{ ok: true, bytes: Uint8Array, from: string } | { ok: false, reason: string, refused?: boolean }>}
 */
async function fileBytes(file, root) {
  const local = root === null ? null : uploadsFile(root, file.uploadsPath);
  if (local !== null && isFile(local)) {
    try {
      if (statSync(local).size > MAX_DOWNLOAD_BYTES) return { ok: false, refused: true, reason: `${local}: larger than ${formatBytes(MAX_DOWNLOAD_BYTES)}, the most the blog takes a file` };
      return { ok: true, bytes: readFileSync(local), from: local };
    } catch (e) {
      return { ok: false, reason: `${local}: cannot read it (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  const notInUploads = root === null ? "" : `not in ${root}${file.uploadsPath === null ? " (the export does not say where it was under wp-content/uploads)" : ""}, and `;
  if (file.url === null) return { ok: false, reason: `${notInUploads}the export gives no address to download it from` };
  const fetched = await download(file.url);
  return fetched.ok ? fetched : { ...fetched, reason: `${notInUploads}${fetched.reason}` };
}

/** Where the uploads copy keeps a file; null for a path that would leave that folder (`../`). */
export function uploadsFile(root, uploadsPath) {
  if (!uploadsPath) return null;
  const path = resolve(root, ...uploadsPath.split("/"));
  const inside = relative(root, path);
  return inside === "" || inside.startsWith(`..${sep}`) || inside === ".." ? null : path;
}

/** What the dry run says it would do with a file. */
export function plannedSource(file, { uploads, env } = {}) {
  const skip = notAnImage(file);
  if (skip) return { ok: false, refused: true, reason: skip };
  const root = uploads === undefined ? null : resolvePath(uploads, env);
  const local = root === null ? null : uploadsFile(root, file.uploadsPath);
  if (local !== null && isFile(local)) return { ok: true, from: local };
  if (file.url !== null) return { ok: true, from: file.url };
  return { ok: false, reason: root === null ? "the export gives no address to download it from (give --uploads)" : `not in ${root}, and the export gives no address to download it from` };
}

async function download(url) {
  let res;
  try {
    res = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: "image/*,*/*;q=0.5" } });
  } catch (e) {
    return { ok: false, reason: `${url}: ${networkReason(e)}` };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => {});
    return { ok: false, reason: `${url} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}` };
  }
  const tooLarge = { ok: false, refused: true, reason: `${url}: larger than ${formatBytes(MAX_DOWNLOAD_BYTES)}, the most the blog takes a file` };
  if (Number(res.headers.get("content-length")) > MAX_DOWNLOAD_BYTES) {
    await res.body?.cancel().catch(() => {});
    return tooLarge;
  }
  const chunks = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      if (size > MAX_DOWNLOAD_BYTES) {
        await res.body?.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(chunk);
    }
  } catch (e) {
    return { ok: false, reason: `${url}: ${networkReason(e)}` };
  }
  return { ok: true, bytes: Buffer.concat(chunks), from: url };
}

function networkReason(e) {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  for (let cause = e; cause instanceof Error; cause = cause.cause) {
    const code = /** @type {{ code?: unknown }} */ (cause).code;
    if (typeof code === "string") return code === "ECONNREFUSED" ? "nothing answers there (ECONNREFUSED)" : code === "ENOTFOUND" ? "no such host (ENOTFOUND)" : `${code}${cause.message ? `: ${cause.message}` : ""}`;
  }
  return e instanceof Error ? e.message : String(e);
}

function isFile(path) {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The report: every file, what became of it, and the posts that use it.
 * @param {(line: string) => void} out
 * @param {import("../../src/admin/wxr/media-refs").PlannedFile[]} files
 * @param {(file: object) => { status: string, key?: string, from?: string, reason?: string }} outcome
 * @param {{ dryRun?: boolean }} [options]
 */
export function printMediaReport(out, files, outcome, { dryRun = false } = {}) {
  if (files.length === 0) return;
  const rows = files.map((file) => ({ file, ...outcome(file) }));
  const count = (status) => rows.filter((r) => r.status === status).length;
  const totals = dryRun
    ? `${count("would copy")} would be copied, ${count("missing")} missing, ${count("refused")} refused`
    : `${count("copied")} copied, ${count("reused")} reused (already in the library), ${count("missing")} missing, ${count("refused")} refused`;
  // The dry run's report follows the file's, which ends with a blank line.
  out(`${dryRun ? "" : "\n"}Media files (${files.length}): ${totals}`);
  const width = Math.max(...rows.map((r) => r.status.length));
  for (const r of rows) {
    const where = r.key ? ` → /media/${r.key}` : r.status === "would copy" && r.from ? ` from ${r.from}` : "";
    out(`  ${r.status.padEnd(width)}  ${r.file.name}${where}${r.reason ? `: ${r.reason}` : ""}`);
    const leftAsItWas = (r.status === "missing" || r.status === "refused") && r.file.uses.size > 0;
    out(`  ${"".padEnd(width)}  ${usesText(r.file)}${leftAsItWas ? ": left pointing where it was" : ""}`);
  }
}

function usesText(file) {
  if (file.uses.size === 0) return `used by no post${file.attachment === null ? "" : ` (attachment ${file.attachment})`}`;
  return `used by ${[...file.uses].map(([slug, hows]) => `${slug} (${[...hows].join(", ")})`).join(", ")}`;
}
