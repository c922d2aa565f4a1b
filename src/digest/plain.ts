/**
 * The plain-text part of the digest, for clients that show no HTML and for
 * the author's filters and search. Nothing is wrapped (clients wrap text
 * themselves, and a hard wrap would cut URLs and mixed-direction lines), and
 * every URL stands alone on its own line so any client makes it a link.
 * Names and titles sit inside bidi isolates (see isolate()).
 */
import type { DigestComment, DigestData, DigestPost } from "./model";
import type { DigestFormat } from "./format";
import { isolate, SPAM_SNIPPET_LENGTH, trimText } from "./text";

const POST_RULE = "=".repeat(60);
const COMMENT_RULE = "-".repeat(40);

/** A label line, then the URL alone on the next; a URL we cannot use is left out rather than shown broken. */
function linkLines(f: DigestFormat, label: string, url: string): string[] {
  const href = f.url(url);
  return href ? [`${label}:`, href] : [];
}

function comment(c: DigestComment, f: DigestFormat): string[] {
  const preview = f.preview(c);
  const head = [isolate(f.name(c.authorName)), f.time(c.createdAt)];
  if (c.inReplyTo) head.push(f.t.inReplyTo(isolate(f.name(c.inReplyTo)), f.name(c.inReplyTo)));
  const lines = [head.join(" · ")];
  if (c.authorUrl) lines.push(`${f.t.website}:`, trimText(f.name(c.authorUrl), 120).text);
  lines.push(f.decision(c), "", preview.text, "");
  lines.push(...linkLines(f, preview.trimmed ? f.t.readAll : f.t.view, c.links.view));
  for (const action of f.actions(c)) lines.push(...linkLines(f, action.label, action.url));
  return lines;
}

function post(p: DigestPost, f: DigestFormat): string[] {
  const lines = ["", POST_RULE, isolate(f.name(p.title))];
  const url = f.url(p.url);
  if (url) lines.push(url);
  lines.push(POST_RULE);
  p.comments.forEach((c, i) => {
    if (i > 0) lines.push(COMMENT_RULE);
    lines.push("", ...comment(c, f), "");
  });
  return lines;
}

function spamLine(c: DigestComment, f: DigestFormat): string[] {
  const head = [isolate(f.name(c.authorName)), f.time(c.createdAt)];
  const score = f.score(c);
  if (score) head.push(score);
  // The strongest reason only: enough to spot a false positive, compact enough for a list of spam.
  if (c.reasons[0]) head.push(c.reasons[0]);
  head.push(isolate(trimText(f.name(c.body), SPAM_SNIPPET_LENGTH).text));
  const rescue = f.actions(c).find((a) => a.kind === "approve");
  return [`* ${head.join(" · ")}`, ...(rescue ? linkLines(f, rescue.label, rescue.url) : [])];
}

export function digestText(data: DigestData, f: DigestFormat): string {
  const t = f.t;
  const c = data.counts;
  const lines = [
    `${isolate(f.name(data.blogTitle))} · ${t.heading}`,
    `${t.period(f.time(data.periodStart), f.time(data.periodEnd))}. ${t.timesIn(data.timeZone)}`,
    "",
    `${c.new} ${t.countNew} · ${c.awaiting} ${t.countAwaiting} · ${c.autoApproved} ${t.countAutoApproved} · ${c.heldSpam} ${t.countHeldSpam}`,
  ];
  if (data.posts.length === 0 && data.spam.length === 0 && data.omitted === 0) lines.push("", t.nothingNew);
  for (const p of data.posts) lines.push(...post(p, f));
  if (data.spam.length > 0) {
    lines.push("", POST_RULE, t.spamHeading, POST_RULE, "");
    for (const s of data.spam) lines.push(...spamLine(s, f), "");
  }
  const admin = f.url(data.adminUrl);
  if (data.omitted > 0) lines.push("", t.omitted(data.omitted), ...(admin ? [admin] : []));
  lines.push("", "-- ", t.footer, ...linkLines(f, t.moderationPage, data.adminUrl));
  return lines.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
}
