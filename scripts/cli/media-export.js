// The media library for `export`: every file's record (GET /api/admin/media,
// page by page), and with --media <dir> the files themselves, each saved as
// <dir>/<key> and checked against its SHA-256, so that
// `import-wordpress export.xml --uploads <dir>` brings back the same bytes
// under the same keys (a key is its content's hash).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "./errors.js";
import { resolvePath } from "./files.js";
import { progressBar } from "./progress.js";

/** Every file of the library, oldest first. */
export async function libraryFiles(ctx, api) {
  const files = [];
  const bar = progressBar("media", { stream: ctx.stderr });
  for (let page = 1; ; page++) {
    const answer = await api.get(`/api/admin/media?page=${page}`);
    files.push(...answer.media);
    bar.update(files.length, page >= answer.pages ? "all" : "");
    if (page >= answer.pages || answer.media.length === 0) break;
  }
  bar.finish();
  // Pages are newest first; a file uploaded during the export may show twice.
  const byKey = new Map(files.map((m) => [m.key, m]));
  return [...byKey.values()].sort((a, b) => a.created.localeCompare(b.created) || a.key.localeCompare(b.key));
}

/** A library record as exportWxr() writes it (an attachment item). */
export function attachmentOf(m) {
  return { key: m.key, url: m.url, alt: m.alt, name: m.name, width: m.width, height: m.height, bytes: m.bytes, createdAt: Date.parse(m.created), usedBy: m.uses ?? [] };
}

/**
 * Saves each file as <dir>/<key>, from the blog's public /media/ address;
 * a file already there with the right content is kept. Fails naming every
 * file it could not save.
 * @returns {Promise<{ dir: string, saved: number, kept: number }>}
 */
export async function saveMediaFiles(ctx, files, dir) {
  const root = resolvePath(dir, ctx.env);
  try {
    mkdirSync(root, { recursive: true });
  } catch (e) {
    throw new CliError(`--media ${dir}: cannot make the folder (${e instanceof Error ? e.message : String(e)}).`);
  }
  const bar = progressBar("files", { total: files.length, stream: ctx.stderr });
  let saved = 0;
  let kept = 0;
  const failed = [];
  for (const [i, m] of files.entries()) {
    const target = join(root, m.key);
    if (sha256Of(target) === m.sha256) kept++;
    else {
      const problem = await saveOne(`${ctx.url}${m.path}`, target, m.sha256);
      if (problem) failed.push(`  ${m.key}: ${problem}`);
      else saved++;
    }
    bar.update(i + 1, `${saved} saved, ${kept} already there`);
  }
  bar.finish();
  if (failed.length > 0) throw new CliError(`${failed.length} media file${failed.length === 1 ? "" : "s"} could not be saved to ${root}:\n${failed.join("\n")}`);
  return { dir: root, saved, kept };
}

async function saveOne(url, target, sha256) {
  let bytes;
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(120_000) });
    if (!res.ok) return `${url} answered ${res.status}`;
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    return `${url}: ${e instanceof Error ? e.message : String(e)}`;
  }
  const got = createHash("sha256").update(bytes).digest("hex");
  if (got !== sha256) return `${url} sent other bytes than the library recorded (SHA-256 ${got.slice(0, 12)}…, expected ${sha256.slice(0, 12)}…)`;
  // Written beside the target, then renamed: an interrupted export never leaves half a file.
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, target);
  } catch (e) {
    return `cannot write ${target} (${e instanceof Error ? e.message : String(e)})`;
  }
  return null;
}

function sha256Of(path) {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return null;
  }
}
