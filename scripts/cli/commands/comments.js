// The moderation queue: list comments, and approve / spam / trash / restore them by id.
import { CliError } from "../errors.js";
import { commentIds, pageNumber } from "../args.js";

const STATUSES = ["pending", "approved", "spam", "trash", "all"];
/** The admin API's MAX_IDS_PER_ACTION. */
const IDS_PER_REQUEST = 500;
const TEXT_WIDTH = 100;

export const comments = {
  usage: "comments [--status pending|approved|spam|trash|all] [--post <slug>] [--page N]",
  summary: "list comments, newest first (50 a page; every status by default)",
  options: { status: { type: "string" }, post: { type: "string" }, page: { type: "string" } },
  async run(ctx, { values }) {
    const status = values.status ?? "all";
    if (!STATUSES.includes(status)) throw new CliError(`--status ${status}: use one of ${STATUSES.join(", ")}.`);
    const query = new URLSearchParams({ status, page: String(pageNumber(values.page)) });
    if (values.post) query.set("post", values.post.normalize("NFC"));
    const list = await ctx.client().get(`/api/admin/comments?${query}`);
    const what = `${list.status === "all" ? "" : `${list.status} `}comment${list.total === 1 ? "" : "s"}${list.post ? ` on ${list.post}` : ""}`;
    if (list.total === 0) {
      ctx.out(`No ${what}.`);
      return 0;
    }
    ctx.out(`${list.total} ${what}, page ${list.page} of ${list.pages}:`);
    for (const c of list.comments) ctx.out(formatComment(c));
    if (list.comments.length === 0) ctx.out(`(page ${list.page} is past the last page)`);
    else if (list.page < list.pages) ctx.out(`\nMore: --page ${list.page + 1}`);
    return 0;
  },
};

/** One comment as a few readable lines: who, where, what, and why the scorer thought so. */
export function formatComment(c) {
  const score = c.score === null ? "unscored" : `score ${c.score}`;
  const who = `${c.authorName}${c.authorEmail ? ` <${c.authorEmail}>` : ""}${c.isAuthor ? " (you)" : ""}`;
  const reply = c.parentId ? `, reply to #${c.parentId}` : "";
  const firstLine = c.body.split("\n").find((l) => l.trim() !== "") ?? "";
  const text = firstLine.length > TEXT_WIDTH ? `${firstLine.slice(0, TEXT_WIDTH - 1)}…` : firstLine;
  const more = c.body.trim().includes("\n") ? " […]" : "";
  const lines = [
    "",
    `#${c.id}  ${c.status}  ${score}  ${who}`,
    `    on ${c.post}${reply}  ${c.created.slice(0, 16).replace("T", " ")} UTC`,
    `    ${text}${more}`,
  ];
  if (c.reasons.length > 0) lines.push(`    reasons: ${c.reasons.join("; ")}${c.decidedBy ? ` (decided by ${c.decidedBy})` : ""}`);
  return lines.join("\n");
}

const DONE = { approve: "approved", spam: "marked as spam", trash: "moved to the trash", restore: "restored to pending" };
const ALREADY = { approve: "already approved", spam: "already spam", trash: "already in the trash", restore: "already pending" };

function moderation(action, summary) {
  return {
    usage: `${action} <id>…`,
    summary,
    async run(ctx, { positionals }) {
      const ids = commentIds(positionals, action);
      const api = ctx.client();
      const result = { changed: [], unchanged: [], missing: [] };
      for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
        const answer = await api.post("/api/admin/comments/moderate", { ids: ids.slice(i, i + IDS_PER_REQUEST), action });
        for (const key of Object.keys(result)) result[key].push(...answer[key]);
      }
      const list = (xs) => xs.map((id) => `#${id}`).join(", ");
      if (result.changed.length) ctx.out(`${DONE[action]}: ${list(result.changed)}`);
      if (result.unchanged.length) ctx.out(`unchanged (${ALREADY[action]}): ${list(result.unchanged)}`);
      if (result.missing.length) ctx.err(`no such comment: ${list(result.missing)}`);
      return result.missing.length > 0 ? 1 : 0;
    },
  };
}

export const approve = moderation("approve", "approve comments: they appear on the blog");
export const spam = moderation("spam", "mark comments as spam (the spam filter learns from it)");
export const trash = moderation("trash", "move comments to the trash");
export const restore = moderation("restore", "put comments back in the queue as pending");
