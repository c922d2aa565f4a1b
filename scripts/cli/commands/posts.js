// publish and unpublish: Markdown files in, posts out.
import { ApiError, CliError } from "../errors.js";
import { readText } from "../files.js";
import { FrontMatterError, parsePostFile } from "../front-matter.js";
import { withLibraryImages } from "../post-images.js";

export const publish = {
  usage: "publish <file.md>…",
  summary: "publish or update posts from Markdown files with front matter",
  help: `Each file starts with front matter:

  ---
  title: שלום, עולם
  slug: hello-world          (default: the file's name without .md)
  date: 2026-11-26T09:00:00Z (a future date schedules the post)
  tags: [notes, עברית]       (or "- notes" lines, or "notes, עברית")
  lang: he
  draft: true                (saved but not shown)
  commentsOpen: false
  excerpt: One line for the index and the feed.
  cover: ./photo.jpg         (the image at the top and in link previews;
                              none removes it)
  format: html               (the body is HTML, not Markdown: what
                              blog pull writes for a post with no Markdown)
  ---
  The post in Markdown… ![A path in the hills](./photo.jpg "Carmel")

Publishing a slug that exists updates that post. A date without a time zone
is read in this machine's zone.

Images on your disk that the post shows, as ![alt](./photo.jpg),
![alt](<my photo.jpg>), [ref]: images/x.png or <img src="x.png">, relative
to the Markdown file, are uploaded to the media library (the same file is
stored once) and the post points at their /media/ addresses; the file on
disk is not changed. If one is missing or not an image the blog takes
(JPEG, PNG, GIF, WebP, AVIF, at most 20 MiB), nothing is uploaded or
published and each such file is named with its line. Addresses on the web
(https://…) are left alone; the blog warns about them, since readers'
browsers only load the blog's own images.`,
  async run(ctx, { positionals }) {
    if (positionals.length === 0) throw new CliError("publish: give at least one Markdown file, e.g.  npm run blog -- publish post.md");
    const api = ctx.client();
    let failed = 0;
    for (const file of positionals) {
      try {
        const parsed = parsePostFile(readText(file, ctx.env), file);
        for (const warning of parsed.warnings) ctx.err(`${file} ${warning}`);
        const post = await withLibraryImages(ctx, api, file, parsed);
        const { post: saved, created, warnings = [] } = await api.put(`/api/admin/posts/${encodeURIComponent(parsed.slug)}`, post);
        const when = saved.status === "scheduled" ? `, goes live ${saved.published}` : "";
        ctx.out(`${saved.status.padEnd(9)} ${saved.url}  “${saved.title}” (${created ? "new" : "updated"}${when})`);
        for (const warning of warnings) ctx.err(`${file}: ${warning}`);
      } catch (e) {
        if (e instanceof FrontMatterError) ctx.err(`${file} line ${e.line}: ${e.message}`);
        else if (e instanceof ApiError) ctx.err(`${file}: the blog refused it (${e.status}): ${e.message}`);
        else if (e instanceof CliError && !e.fatal) ctx.err(e.message);
        else throw e;
        failed++;
      }
    }
    if (failed > 0 && positionals.length > 1) ctx.err(`${failed} of ${positionals.length} files were not published.`);
    return failed > 0 ? 1 : 0;
  },
};

export const unpublish = {
  usage: "unpublish <slug>…",
  summary: "take posts off the blog (kept as drafts, with their comments)",
  async run(ctx, { positionals }) {
    if (positionals.length === 0) throw new CliError("unpublish: give the slug of a post, e.g.  npm run blog -- unpublish hello-world");
    const api = ctx.client();
    let failed = 0;
    for (const raw of positionals) {
      const slug = raw.normalize("NFC");
      try {
        await api.post(`/api/admin/posts/${encodeURIComponent(slug)}/unpublish`);
        ctx.out(`unpublished ${slug}: now a draft (its comments are kept; publish the file again to bring it back)`);
      } catch (e) {
        if (!(e instanceof CliError) || e.fatal) throw e;
        ctx.err(`${slug}: ${e.message}`);
        failed++;
      }
    }
    return failed > 0 ? 1 : 0;
  },
};
