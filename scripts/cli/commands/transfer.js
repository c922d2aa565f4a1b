// import-wordpress and export: moving a blog in and out through the admin
// API's bounded batches (src/admin/transfer.ts), with the WXR read and
// written here, on the author's machine, and the media files copied in
// (wordpress-media.js) or saved out (media-export.js) beside it.
import { Buffer } from "node:buffer";
import { statSync } from "node:fs";
import { basename } from "node:path";
import { CliError } from "../errors.js";
import { readText, resolvePath, writeText } from "../files.js";
import { attachmentOf, libraryFiles, saveMediaFiles } from "../media-export.js";
import { progressBar } from "../progress.js";
import { copyMedia, plannedSource, printMediaReport } from "../wordpress-media.js";
import { wxrCode } from "../wxr.js";

/** The admin API's limits per request (MAX_POSTS_PER_IMPORT, MAX_COMMENTS_PER_IMPORT, MAX_SLUGS_PER_FINISH). */
export const POSTS_PER_BATCH = 25;
export const COMMENTS_PER_BATCH = 200;
export const SLUGS_PER_FINISH = 25;
/** Finish requests that rewrite the post lists, at most (each rewrites up to 2,000 list rows). */
const MAX_LIST_ROUNDS = 10_000;
/** Half the API's body limit (MAX_ADMIN_BODY_BYTES, 8 MiB): a batch of long posts or comments is cut short instead of refused. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

const POST_FIELDS = ["wpId", "slug", "title", "lang", "html", "excerpt", "tags", "status", "publishedAt", "updatedAt", "commentsOpen", "cover"];
const COMMENT_FIELDS = ["wpId", "postWpId", "parentWpId", "authorName", "authorEmail", "authorUrl", "authorIp", "body", "status", "createdAt", "isAuthor"];
const COMMENT_KINDS = new Set(["comment", "pingback", "trackback"]);

export const importWordpress = {
  usage: "import-wordpress <export.xml> [--uploads <dir>] [--dry-run]",
  summary: "import a WordPress export (Tools → Export → All content) with its images; safe to run again",
  options: { "dry-run": { type: "boolean" }, uploads: { type: "string" } },
  help: `Posts, drafts, tags and every comment with its thread and status come
over; what cannot (pages' page-ness, pingbacks…) is listed with the reason.

Media: every attachment of the export, and every other file the posts show
from the old site's wp-content/uploads, is copied into the media library:
from --uploads <dir>, a copy of the site's wp-content/uploads folder (any
host lets the owner download it), or else from the old site itself, if it
still answers. The posts then point at the copies: images, links to the
files, and WordPress's smaller sizes (photo-300x200.jpg is photo.jpg); a
post's featured image becomes its cover. The report lists each file as
copied, reused (the library had it), missing (not in --uploads and not
downloadable) or refused (not an image the blog takes), with the posts that
use it; a post keeps pointing at the old site for a file that did not come.

Importing the same file again changes nothing. --dry-run reads the file and
lists what would happen, without sending or downloading anything.`,
  async run(ctx, { positionals, values }) {
    const file = single(positionals, "import-wordpress", "export.xml");
    const xml = readText(file, ctx.env);
    if (values.uploads !== undefined) checkFolder(values.uploads, ctx.env);
    const { parseWxr, WxrError, planMedia, rewriteMediaRefs } = await wxrCode();
    let bundle;
    try {
      bundle = parseWxr(xml);
    } catch (e) {
      if (e instanceof WxrError) throw new CliError(wxrMessage(file, e));
      throw e;
    }
    const plan = planMedia(bundle);
    reportBundle(ctx, file, bundle, plan);
    const options = { uploads: values.uploads, env: ctx.env };
    if (values["dry-run"]) {
      printMediaReport(ctx.out, plan.files, (f) => {
        const source = plannedSource(f, options);
        return source.ok ? { status: "would copy", from: source.from } : { status: source.refused ? "refused" : "missing", reason: source.reason };
      }, { dryRun: true });
      ctx.out(`\nDry run: nothing was sent. Without --dry-run, ${bundle.posts.length} posts, ${bundle.comments.length} comments and ${plural(plan.files.length, "media file")} go to ${ctx.url}.`);
      return 0;
    }
    const api = ctx.client();
    // The files first: the posts go in pointing at their copies.
    const copied = await copyMedia(ctx, api, plan.files, options);
    const keyOf = (f) => copied.get(f)?.key ?? null;
    const posts = bundle.posts.map((post) => {
      const cover = plan.coverOf(post);
      return { ...post, html: rewriteMediaRefs(post.html, plan, keyOf), cover: cover ? keyOf(cover) : null };
    });
    const summary = await sendBundle(ctx, api, { ...bundle, posts });
    printSummary(ctx, bundle, summary);
    printMediaReport(ctx.out, plan.files, (f) => copied.get(f));
    return 0;
  },
};

/** --uploads must be a folder: a typo would otherwise make every file "missing". */
function checkFolder(dir, env) {
  let isDir = false;
  try {
    isDir = statSync(resolvePath(dir, env)).isDirectory();
  } catch {
    throw new CliError(`--uploads ${dir}: no such folder. Give the copy of the old site's wp-content/uploads folder (it holds folders such as 2026/11/).`);
  }
  if (!isDir) throw new CliError(`--uploads ${dir}: is a file; give the folder (a copy of the old site's wp-content/uploads).`);
}

/** What the file holds, and everything that will not come over or comes over differently. */
function reportBundle(ctx, file, bundle, plan) {
  const { site, posts, comments, skipped, notes } = bundle;
  const drafts = posts.filter((p) => p.status === "draft").length;
  ctx.out(`${basename(file)}: “${site.title}” (${site.link || "no address"}), language ${site.language}`);
  ctx.out(`  ${posts.length} posts to import (${posts.length - drafts} published or scheduled, ${drafts} drafts), ${comments.length} comments`);
  const others = plan.files.filter((f) => f.attachment === null).length;
  if (plan.files.length > 0) {
    ctx.out(`  ${plural(plan.files.length - others, "media file")} (attachments)${others ? `, and ${plural(others, "more file")} the posts show from the old site's wp-content/uploads` : ""}`);
  }
  if (skipped.length > 0) {
    ctx.out(`\nLeft out (${skipped.length}):`);
    for (const s of skipped) ctx.out(`  ${s.kind}${s.wpId === null ? "" : ` ${s.wpId}`} ${quote(s.title)}: ${s.reason}`);
  }
  if (notes.length > 0) {
    ctx.out(`\nImported differently (${notes.length}):`);
    for (const n of notes) ctx.out(`  ${n.kind}${n.wpId === null ? "" : ` ${n.wpId}`} ${quote(n.title)}: ${n.message}`);
  }
  ctx.out("");
}

/**
 * Posts, then comments (parents first: parseWxr's order), then snapshots; each step in batches the API accepts.
 * Every batch names the file's site (the items are keyed by site and id there); an item our own export
 * recorded as coming from elsewhere names its own site, and so do a comment's post and parent.
 */
async function sendBundle(ctx, api, bundle) {
  const summary = { postsCreated: [], postsExisting: [], serverNotes: [], commentsCreated: 0, commentsExisting: 0, commentsSkipped: [], slugs: new Set() };
  const site = bundle.site.wpSite;
  const sites = (item, fields) => Object.fromEntries(fields.filter((f) => item[f] !== null && item[f] !== site).map((f) => [f, item[f]]));

  const posts = progressBar("posts", { total: bundle.posts.length, stream: ctx.stderr });
  let sent = 0;
  for (const batch of batches(bundle.posts.map((p) => ({ ...pick(p, POST_FIELDS), ...sites(p, ["wpSite"]) })), POSTS_PER_BATCH)) {
    const outcome = await api.post("/api/admin/import/posts", { site, posts: batch });
    summary.postsCreated.push(...outcome.created);
    summary.postsExisting.push(...outcome.existing);
    summary.serverNotes.push(...outcome.notes);
    posts.update((sent += batch.length), `${outcome.created.length} created, ${outcome.existing.length} already present`);
  }
  posts.finish();

  // The old site's addresses (permalinks, ?p=, categories…), once their posts exist: readers' old links answer 301, or 410.
  for (const batch of batches(bundle.addresses ?? [], 200)) {
    const outcome = await api.post("/api/admin/import/addresses", { site, addresses: batch });
    summary.serverNotes.push(...outcome.skipped.map((s) => `old address ${s.path}: ${s.reason}`));
  }

  if (bundle.comments.length > 0) {
    const bar = progressBar("comments", { total: bundle.comments.length, stream: ctx.stderr });
    const comments = bundle.comments.map((c) => ({ ...pick(c, COMMENT_FIELDS), ...sites(c, ["wpSite", "postWpSite", "parentWpSite"]) }));
    sent = 0;
    for (const batch of batches(comments, COMMENTS_PER_BATCH)) {
      const outcome = await api.post("/api/admin/import/comments", { site, comments: batch });
      summary.commentsCreated += outcome.created;
      summary.commentsExisting += outcome.existing;
      summary.commentsSkipped.push(...outcome.skipped);
      summary.serverNotes.push(...outcome.notes.map((n) => `comment ${n.wpId}: ${n.message}`));
      for (const slug of outcome.slugs) summary.slugs.add(slug);
      bar.update((sent += batch.length), `${outcome.created} created, ${outcome.existing} already present${outcome.skipped.length ? `, ${outcome.skipped.length} skipped` : ""}`);
    }
    bar.finish();
  }

  // Readers see comments through the posts' KV pages: rebuild those of every post that has imported comments (the finish step also rewrites the post lists the import marked).
  const slugs = [...summary.slugs];
  let listsPending = true;
  if (slugs.length > 0) {
    const bar = progressBar("threads", { total: slugs.length, stream: ctx.stderr });
    for (let i = 0; i < slugs.length; i += SLUGS_PER_FINISH) {
      const batch = slugs.slice(i, i + SLUGS_PER_FINISH);
      ({ listsPending } = await api.post("/api/admin/import/finish", { slugs: batch }));
      bar.update(i + batch.length, "posts' comment threads rebuilt");
    }
    bar.finish();
  }
  // The post lists (index, tags, feed, sitemap): each finish request rewrites a bounded part; ask until all is done.
  for (let round = 0; listsPending && round < MAX_LIST_ROUNDS; round++) ({ listsPending } = await api.post("/api/admin/import/finish", { slugs: [] }));
  return summary;
}

function printSummary(ctx, bundle, s) {
  const skippedHere = bundle.skipped.filter((x) => COMMENT_KINDS.has(x.kind));
  const skippedItems = bundle.skipped.length - skippedHere.length;
  if (s.serverNotes.length > 0) {
    ctx.out("\nThe blog noted:");
    for (const note of s.serverNotes) ctx.out(`  ${note}`);
  }
  ctx.out(`\nDone: ${ctx.url}`);
  ctx.out(`  posts:    ${s.postsCreated.length} created, ${s.postsExisting.length} already present${skippedItems ? `, ${plural(skippedItems, "item")} left out (listed above)` : ""}`);
  ctx.out(`  comments: ${s.commentsCreated} created, ${s.commentsExisting} already present, ${skippedHere.length + s.commentsSkipped.length} skipped`);
  for (const x of skippedHere) ctx.out(`    ${x.kind}${x.wpId === null ? "" : ` ${x.wpId}`} ${quote(x.title)}: ${x.reason}`);
  for (const x of s.commentsSkipped) ctx.out(`    comment ${x.wpId}: ${x.reason}`);
}

export const exportSite = {
  usage: "export [--format wxr|json] <file> [--media <dir>]",
  summary: "save every post, comment (all statuses) and image as a WordPress export or JSON",
  options: { format: { type: "string" }, media: { type: "string" } },
  help: `The format is WXR (WordPress's import format) unless --format json is
given or the file name ends in .json. The WXR imports into WordPress (Tools →
Import → WordPress, which downloads each image from this blog) or into
another edgepress blog with import-wordpress.

Each file of the media library is in the export as a WordPress attachment,
and each post's cover as its featured image. --media <dir> also saves the
files themselves, as <dir>/<key> (checked against their SHA-256; files
already there are kept), so that

  npm run blog -- export backup.xml --media backup-media
  npm run blog -- --url <new blog> import-wordpress backup.xml --uploads backup-media

brings back the posts, comments and images, byte for byte.`,
  async run(ctx, { positionals, values }) {
    const file = single(positionals, "export", "file");
    const format = values.format ?? (/\.json$/i.test(file) ? "json" : "wxr");
    if (format !== "wxr" && format !== "json") throw new CliError(`--format ${format}: use wxr or json.`);
    const code = format === "wxr" ? await wxrCode() : null;
    const api = ctx.client();
    const { site } = await api.get("/api/admin/export/site");

    const posts = [];
    const postBar = progressBar("posts", { stream: ctx.stderr });
    for (let page = 1; ; page++) {
      const answer = await api.get(`/api/admin/export/posts?page=${page}`);
      posts.push(...answer.posts);
      postBar.update(posts.length, answer.more ? "" : "all");
      if (!answer.more) break;
    }
    postBar.finish();

    const comments = [];
    const commentBar = progressBar("comments", { stream: ctx.stderr });
    for (let after = 0; ; ) {
      const answer = await api.get(`/api/admin/export/comments?after=${after}`);
      for (const { cursor: _, ...comment } of answer.comments) comments.push(comment);
      commentBar.update(comments.length, answer.more ? "" : "all");
      if (!answer.more || answer.next === null) break;
      after = answer.next;
    }
    commentBar.finish();

    const library = await libraryFiles(ctx, api);
    const media = library.map(attachmentOf);
    const text = code ? code.exportWxr({ site, posts, comments, attachments: media }) : `${JSON.stringify({ site, posts, comments, media }, null, 2)}\n`;
    const path = writeText(file, text, ctx.env);
    ctx.out(`Wrote ${posts.length} posts, ${comments.length} comments and ${plural(media.length, "media file")} from ${ctx.url} to ${path} (${format === "wxr" ? "WordPress WXR" : "JSON"}).`);
    if (values.media !== undefined) {
      const saved = await saveMediaFiles(ctx, library, values.media);
      ctx.out(`Saved the media files to ${saved.dir}: ${saved.saved} written, ${saved.kept} already there.`);
    } else if (media.length > 0) {
      ctx.out(`The media files themselves are not in it: add --media <dir> to save them too.`);
    }
    return 0;
  },
};

/** "export.xml line 26: Not well-formed XML (column 41): …": the place first, as compilers print it. */
export function wxrMessage(file, e) {
  if (!e.line) return `${file}: ${e.message}`;
  const message = e.message.replace(/ at line \d+, column \d+/, e.column ? ` (column ${e.column})` : "");
  return `${file} line ${e.line}: ${message}`;
}

function single(positionals, command, what) {
  if (positionals.length !== 1) throw new CliError(`${command}: give exactly one ${what}, e.g.  npm run blog -- ${command === "export" ? "export backup.xml" : `${command} ${what}`}`);
  return positionals[0];
}

/** Consecutive batches of at most `count` items and MAX_BATCH_BYTES of JSON (a longer item goes alone). */
export function* batches(items, count) {
  let batch = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (batch.length > 0 && (batch.length === count || bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

/** A title in quotes; a comment's label ("Dana on “Post”") already has its own. */
function quote(title) {
  if (!title) return "(untitled)";
  return title.includes("“") ? `(${title})` : `“${title}”`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
