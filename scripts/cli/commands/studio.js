// The author's studio from the terminal: list posts, pull one back as a
// Markdown file (publish it again and nothing changes), reply to a comment
// as the author, and correct a comment's text (in $EDITOR, like git commit).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError, CliError } from "../errors.js";
import { commentIds } from "../args.js";
import { resolvePath, writeText } from "../files.js";
import { writePostFile } from "../front-matter.js";

const POST_STATUSES = ["published", "scheduled", "draft", "trashed", "all"];
const TITLE_WIDTH = 60;

export const posts = {
  usage: "posts [--status published|scheduled|draft|all] [--search <title words>]",
  summary: "list posts with their status, date and comments, newest first",
  help: `One line a post: status, date (UTC), slug, title, and its comments as
approved/pending. --search keeps the posts whose title has every word given
(any case, any script).`,
  options: { status: { type: "string" }, search: { type: "string" } },
  async run(ctx, { values, positionals }) {
    if (positionals.length > 0) throw new CliError(`posts: unexpected “${positionals[0]}”; to search titles, use --search "${positionals.join(" ")}".`);
    const status = values.status ?? "all";
    if (!POST_STATUSES.includes(status)) throw new CliError(`--status ${status}: use one of ${POST_STATUSES.join(", ")}.`);
    const words = (values.search ?? "").normalize("NFC").toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const { posts: all } = await ctx.client().get("/api/admin/posts");
    const list = all
      .filter((p) => status === "all" || p.status === status)
      .filter((p) => words.every((w) => p.title.normalize("NFC").toLocaleLowerCase().includes(w)))
      .sort((a, b) => (a.published < b.published ? 1 : a.published > b.published ? -1 : 0));
    const what = `${status === "all" ? "" : `${status} `}post${list.length === 1 ? "" : "s"}${words.length ? ` with “${values.search.trim()}” in the title` : ""}`;
    if (list.length === 0) {
      ctx.out(`No ${what}.`);
      return 0;
    }
    const rows = list.map((p) => [p.status, p.published.slice(0, 16).replace("T", " "), p.slug, clip(p.title), `${p.comments.approved}/${p.comments.pending}`]);
    const head = ["STATUS", "DATE (UTC)", "SLUG", "TITLE", "COMMENTS"];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
    const line = (r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + " ".repeat(widths[i] - [...cell].length))).join("  ").trimEnd();
    ctx.out(line(head));
    for (const r of rows) ctx.out(line(r));
    ctx.out(`\n${list.length} ${what}; comments: approved/pending.`);
    return 0;
  },
};

function clip(title) {
  const chars = [...title];
  return chars.length > TITLE_WIDTH ? `${chars.slice(0, TITLE_WIDTH - 1).join("")}…` : title;
}

export const pull = {
  usage: "pull <slug> [--out <file>] [--force]",
  summary: "write a post back as a Markdown file with front matter",
  help: `Writes the post as publish reads it: front matter (title, slug, date,
lang, tags, draft, commentsOpen, excerpt, cover) and the Markdown it was
written in, so it can be edited and published again; published unchanged,
nothing changes. A post with no Markdown (imported from WordPress as HTML)
is written with its HTML as the body and \`format: html\` in the front matter.

  --out <file>  where to write it (default: <slug>.md in this folder)
  --force       replace the file if it exists`,
  options: { out: { type: "string" }, force: { type: "boolean" } },
  async run(ctx, { values, positionals }) {
    if (positionals.length !== 1) throw new CliError("pull: give one post's slug, e.g.  npm run blog -- pull hello-world  (see: npm run blog -- posts)");
    const slug = positionals[0].normalize("NFC");
    const { post } = await ctx.client().get(`/api/admin/posts/${encodeURIComponent(slug)}`);
    const file = values.out ?? `${post.slug}.md`;
    const path = resolvePath(file, ctx.env);
    if (existsSync(path) && !values.force) throw new CliError(`pull: ${file} already exists; nothing was written. Use --force to replace it, or --out <file>.`);
    writeText(file, writePostFile(post), ctx.env);
    const kind = post.source === null ? "its HTML (format: html: it has no Markdown source)" : "Markdown";
    ctx.out(`${post.status.padEnd(9)} ${post.url}  “${post.title}” → ${path} (${kind})`);
    if (post.status === "trashed") ctx.err("This post is in the trash: restore it before publishing the file again.");
    return 0;
  },
};

/** All of standard input, as UTF-8. */
async function readStdin(stdin) {
  const chunks = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The comment as the desk sees it, or a clear message when there is none. */
async function fetchComment(api, id, name) {
  try {
    return (await api.get(`/api/admin/comments/${id}`)).comment;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) throw new CliError(`${name}: there is no comment #${id} (see: npm run blog -- comments).`);
    throw e;
  }
}

function oneId(positionals, name) {
  if (positionals.length === 0) throw new CliError(`${name}: give a comment id (see: npm run blog -- comments).`);
  return commentIds([positionals[0]], name)[0];
}

export const reply = {
  usage: "reply <id> <text|->",
  summary: "reply to a comment as the author (approves it if pending)",
  help: `The reply is published at once, marked as the author's. With - as the
text, it is read from standard input:  echo "Thanks!" | npm run blog -- reply 12 -`,
  async run(ctx, { positionals }) {
    const id = oneId(positionals, "reply");
    if (positionals.length < 2) throw new CliError(`reply: give the text after the id, or - to read it from standard input, e.g.  npm run blog -- reply ${id} "Thank you!"`);
    const text = positionals[1] === "-" && positionals.length === 2 ? await readStdin(ctx.stdin ?? process.stdin) : positionals.slice(1).join(" ");
    if (text.trim() === "") throw new CliError("reply: the text is empty; nothing was sent.");
    const api = ctx.client();
    const before = await fetchComment(api, id, "reply");
    const { comment } = await api.post(`/api/admin/comments/${id}/reply`, { body: text });
    ctx.out(`replied to #${id} by ${before.authorName} as ${comment.authorName}: #${comment.id}, ${comment.url}`);
    if (before.status === "pending") ctx.out(`#${id} was pending: approved.`);
    else if (before.status !== "approved") ctx.err(`#${id} is ${before.status}: readers do not see it, so they do not see your reply under it either.`);
    return 0;
  },
};

export const editComment = {
  usage: "edit-comment <id> [--text <text>] [--edit]",
  summary: "correct a comment's text (in $EDITOR, from --text or standard input)",
  help: `Without --text, the text is read from standard input when it is not a
terminal; else $EDITOR (or $VISUAL; else vi) opens on the comment's current
text, as git commit does, and what you save is sent. An unchanged or empty
text changes nothing.

  --text <text>  the new text
  --edit         open the editor even when standard input is not a terminal`,
  options: { text: { type: "string" }, edit: { type: "boolean" } },
  async run(ctx, { values, positionals }) {
    const id = oneId(positionals, "edit-comment");
    if (positionals.length > 1) throw new CliError(`edit-comment: give the new text with --text "…" (or on standard input), not as “${positionals[1]}”.`);
    const api = ctx.client();
    const comment = await fetchComment(api, id, "edit-comment");
    const stdin = ctx.stdin ?? process.stdin;
    let text;
    if (values.text !== undefined) text = values.text;
    else if (!stdin.isTTY && !values.edit) text = await readStdin(stdin);
    else text = editInEditor(ctx.env, comment);
    if (text.trim() === "") {
      ctx.err(`edit-comment: the text is empty; #${id} is unchanged (to remove a comment: npm run blog -- trash ${id}).`);
      return 1;
    }
    if (normalized(text) === normalized(comment.body)) {
      ctx.out(`#${id} is unchanged (the text is the same): ${comment.url}`);
      return 0;
    }
    const { comment: saved } = await api.patch(`/api/admin/comments/${id}`, { body: text });
    ctx.out(`edited #${id} by ${saved.authorName}${saved.status === "approved" ? "" : ` (${saved.status}: readers do not see it)`}: ${saved.url}`);
    return 0;
  },
};

/** As the blog stores text: trimmed, line ends as \n. */
const normalized = (s) => s.normalize("NFC").replace(/\r\n?/g, "\n").trim();

/** The comment's text in a temp file, the editor on it, and what was saved (without the # lines added for help). */
function editInEditor(env, comment) {
  const editor = env.EDITOR || env.VISUAL || "vi";
  const dir = mkdtempSync(join(tmpdir(), "edgepress-comment-"));
  const file = join(dir, `comment-${comment.id}.txt`);
  try {
    writeFileSync(file, comment.body, "utf8");
    // As git does: the editor through the shell, so EDITOR="code --wait" works.
    const result = process.platform === "win32" ? spawnSync(`${editor} "${file}"`, { stdio: "inherit", shell: true }) : spawnSync("/bin/sh", ["-c", `${editor} "$@"`, editor, file], { stdio: "inherit", env });
    if (result.error) throw new CliError(`edit-comment: could not start the editor “${editor}” (${result.error.message}); set EDITOR, or use --text.`);
    if (result.status !== 0) throw new CliError(`edit-comment: the editor “${editor}” exited with ${result.status ?? result.signal}; nothing was changed.`);
    return readFileSync(file, "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
