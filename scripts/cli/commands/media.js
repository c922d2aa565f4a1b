// media upload and media list: the blog's image library.
import { pageNumber } from "../args.js";
import { ApiError, CliError } from "../errors.js";
import { formatBytes, readImage, uploadImage, withoutName } from "../media.js";

export const media = {
  usage: "media upload <image>… | media list",
  summary: "upload images to the media library, or list it",
  options: { alt: { type: "string" }, page: { type: "string" }, search: { type: "string" } },
  help: `media upload photo.jpg diagram.png
  Uploads each file and prints its address, /media/<key>, to use in posts
  (![what it shows](/media/<key>)). JPEG, PNG, GIF, WebP and AVIF are taken,
  up to 20 MiB each, checked by their bytes, not their names. A file is named
  by its content: the same image again is "already in the library", under the
  same address. --alt gives the alt text (for every file of the command).

media list [--page N] [--search text]
  The library, newest first, 30 a page: address, size, pixels, alt text and
  the posts that use each file.

To put images in a post, publish its Markdown file: the local images it
shows are uploaded for you (see: npm run blog -- help publish).`,
  async run(ctx, { positionals, values }) {
    const [action, ...rest] = positionals;
    if (action === "upload") return upload(ctx, rest, values);
    if (action === "list") {
      if (rest.length > 0) throw new CliError(`media list takes no files (${rest.join(" ")}); to upload them: npm run blog -- media upload ${rest.join(" ")}`);
      return list(ctx, values);
    }
    throw new CliError(`media: ${action === undefined ? "say what to do" : `there is no “media ${action}”`}: media upload <image>… or media list.\nSee: npm run blog -- help media`);
  },
};

async function upload(ctx, files, values) {
  if (files.length === 0) throw new CliError("media upload: give at least one image, e.g.  npm run blog -- media upload photo.jpg");
  const api = ctx.client();
  let failed = 0;
  for (const file of files) {
    try {
      const image = await readImage(file, ctx.env);
      const m = await uploadImage(api, { ...image, alt: values.alt });
      ctx.out(`${file} → ${m.path}  (${formatBytes(m.bytes)}, ${m.width}×${m.height}, ${m.reused ? "already in the library" : "new"})`);
      if (m.note) ctx.err(`${file}: ${m.note}`);
    } catch (e) {
      if (e instanceof ApiError) ctx.err(`${file}: the blog refused it (${e.status}): ${withoutName(e.message, uploadName(file))}`);
      else if (e instanceof CliError && !e.fatal) ctx.err(e.message);
      else throw e;
      failed++;
    }
  }
  if (failed > 0 && files.length > 1) ctx.err(`${failed} of ${files.length} files were not uploaded.`);
  return failed > 0 ? 1 : 0;
}

const uploadName = (file) => file.split(/[\\/]/).pop();

async function list(ctx, values) {
  const query = new URLSearchParams({ page: String(pageNumber(values.page)) });
  if (values.search) query.set("q", values.search);
  const answer = await ctx.client().get(`/api/admin/media?${query}`);
  if (answer.total === 0) {
    ctx.out(values.search ? `No file in the library matches “${values.search}”.` : "The media library is empty (add images with: npm run blog -- media upload <image>…).");
    return 0;
  }
  ctx.out(`${answer.total} file${answer.total === 1 ? "" : "s"}${values.search ? ` matching “${values.search}”` : ""}, page ${answer.page} of ${answer.pages}:`);
  for (const m of answer.media) {
    ctx.out(`\n${m.path}  ${formatBytes(m.bytes)}, ${m.width}×${m.height}  ${m.name ? `(${m.name}) ` : ""}${m.created.slice(0, 10)}`);
    ctx.out(`    alt: ${m.alt ? `“${m.alt}”` : "(none)"}`);
    ctx.out(`    used by: ${m.uses.length > 0 ? m.uses.join(", ") : "no post"}`);
  }
  if (answer.media.length === 0) ctx.out(`(page ${answer.page} is past the last page)`);
  else if (answer.page < answer.pages) ctx.out(`\nMore: --page ${answer.page + 1}`);
  return 0;
}
