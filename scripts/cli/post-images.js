// A Markdown post's own images, for `publish`: the local files it shows (and
// its front-matter `cover`) uploaded to the media library, and the post
// pointed at their /media/ addresses. Every file is checked before the first
// is sent, so a post with a missing or broken image changes nothing: the
// error names each such file and its line.
import { dirname, resolve } from "node:path";
import { ApiError, CliError } from "./errors.js";
import { resolvePath } from "./files.js";
import { findLocalImages, localPath, rewriteLocalImages } from "./local-images.js";
import { loadImage, uploadImage, withoutName } from "./media.js";

/** A library file's key, written as a /media/ address (relative or on any host) or as the key alone. */
const MEDIA_ADDRESS = /^(?:https?:\/\/[^/]+)?(?:\/media\/)?([0-9a-f]{32}\.(?:jpg|png|gif|webp|avif))$/;
/** `cover:` values that take the cover away. */
const NO_COVER = new Set(["", "none", "null", "false"]);

/**
 * @param {{ env: NodeJS.ProcessEnv, out: (line: string) => void }} ctx
 * @param {{ upload: Function }} api
 * @param {string} file the Markdown file, as the author named it
 * @param {{ post: Record<string, any>, cover?: { value: string, line: number }, bodyLine: number }} parsed
 * @returns {Promise<Record<string, any>>} the post to send: its images at /media/<key>, its cover a key
 */
export async function withLibraryImages(ctx, api, file, { post, cover, bodyLine }) {
  const folder = dirname(resolvePath(file, ctx.env));
  // The body: Markdown, or HTML for a file with `format: html` (its <img src="…"> are found the same way).
  const field = post.markdown !== undefined ? "markdown" : "html";
  const images = findLocalImages(post[field]).map((image) => ({ ...image, line: image.line + bodyLine - 1, file: resolve(folder, image.path) }));
  const send = { ...post };
  let coverImage = null;
  if (cover) {
    const value = cover.value.trim();
    const key = MEDIA_ADDRESS.exec(value)?.[1];
    const path = localPath(value);
    if (NO_COVER.has(value.toLowerCase())) send.cover = null;
    else if (key) send.cover = key;
    else if (path !== null) coverImage = { path, written: value, line: cover.line, file: resolve(folder, path) };
    else throw new CliError(`${file} line ${cover.line}: cover “${value}” is neither an image file next to the post (cover: ./photo.jpg) nor a /media/ address of the library.`, { fatal: false });
  }
  const all = coverImage ? [...images, coverImage] : images;
  if (all.length === 0) return send;

  // Every file read and checked before any is sent.
  const loaded = new Map();
  const problems = [];
  for (const image of all) {
    if (!loaded.has(image.file)) loaded.set(image.file, await loadImage(image.file));
    const result = loaded.get(image.file);
    if (!result.ok) problems.push(`  line ${image.line}: ${image.written}: ${result.problem}${result.problem === "no such file." ? ` (looked for ${image.file})` : ""}`);
  }
  if (problems.length > 0) {
    const missing = problems.length === 1 ? "an image it shows cannot be uploaded" : `${problems.length} images it shows cannot be uploaded`;
    throw new CliError(`${file}: ${missing}; nothing was uploaded or published:\n${problems.join("\n")}`, { fatal: false });
  }

  const keys = new Map();
  for (const [path, image] of loaded) {
    const written = all.find((i) => i.file === path).written;
    try {
      const m = await uploadImage(api, { bytes: image.bytes, name: image.name });
      keys.set(path, m.key);
      ctx.out(`  image ${written} → ${m.path} (${m.reused ? "already in the library" : "new"})`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      throw new CliError(`${file}: the blog refused the image ${written} (${e.status}): ${withoutName(e.message, image.name)}; the post was not published.`, { fatal: false });
    }
  }
  send[field] = rewriteLocalImages(
    post[field],
    images.map((i) => ({ ...i, url: `/media/${keys.get(i.file)}` })),
  );
  if (coverImage) send.cover = keys.get(coverImage.file);
  return send;
}
