/**
 * The HTML part of the digest. Mail clients ignore or strip <style> blocks
 * and external resources, so every style is inline, the layout is nested
 * tables (what Outlook's Word engine renders), and there are no images or
 * classes. The interface follows the author's language (`<html lang dir>`);
 * every name and comment paragraph carries `dir="auto"`, so a Hebrew comment
 * in an English digest (or the reverse) reads in its own direction.
 * Everything user-written goes through escapeHtml.
 */
import type { DigestComment, DigestData, DigestPost } from "./model";
import type { Action, DigestFormat } from "./format";
import { escapeHtml, SPAM_SNIPPET_LENGTH, trimText } from "./text";
import { dirOf } from "../views/i18n";

const FONT = "font-family:Arial,Helvetica,sans-serif;";
const INK = "color:#202124;";
const MUTED = "color:#5f6368;";
const LINK = "color:#1a56a8;";
const RULE = "border-top:1px solid #e3e3de;";

const BUTTON: Record<Action["kind"], string> = {
  approve: "color:#0d652d;background-color:#e6f4ea;border:1px solid #7cc08e;",
  spam: "color:#a50e0e;background-color:#fce8e6;border:1px solid #e6a39d;",
  trash: "color:#3c4043;background-color:#f1f3f4;border:1px solid #c4c7c5;",
};

/** An <a> to one of our URLs, or the bare label when the URL is unusable. */
function link(f: DigestFormat, url: string, label: string, style = LINK): string {
  const href = f.url(url);
  return href ? `<a href="${escapeHtml(href)}" style="${style}">${label}</a>` : label;
}

/**
 * A message around an HTML fragment: the message is escaped, the fragment
 * (already escaped) goes where the message put a placeholder.
 */
const around = (message: (x: string) => string, fragment: string) => escapeHtml(message("\u0000")).replace("\u0000", () => fragment); // a function: "$&" in a name stays text

/** A user-written single-line string (name, title) in its own direction. */
const own = (f: DigestFormat, text: string) => `<span dir="auto">${escapeHtml(f.name(text))}</span>`;

function counts(data: DigestData, f: DigestFormat): string {
  const cells: [number, string][] = [
    [data.counts.new, f.t.countNew],
    [data.counts.awaiting, f.t.countAwaiting],
    [data.counts.autoApproved, f.t.countAutoApproved],
    [data.counts.heldSpam, f.t.countHeldSpam],
  ];
  const tds = cells
    .map(
      ([n, label]) =>
        `<td width="25%" align="center" valign="top" style="padding:10px 4px;background-color:#f6f6f3;${FONT}">` +
        `<div style="font-size:24px;line-height:1.2;font-weight:bold;${INK}">${n}</div>` +
        `<div style="font-size:13px;line-height:1.3;${MUTED}">${escapeHtml(label)}</div></td>`,
    )
    .join("");
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="4" border="0" style="margin:16px 0 8px 0;"><tr>${tds}</tr></table>`;
}

function paragraphs(text: string): string {
  return text
    .split("\n\n")
    // Each line its own block with its own direction: a Hebrew line followed by an English one must
    // not lay the English out right to left (and mail clients ignore unicode-bidi: plaintext).
    .map((p) => `<div style="margin:0 0 8px 0;">${p.split("\n").map((line) => `<div dir="auto">${escapeHtml(line) || "&nbsp;"}</div>`).join("")}</div>`)
    .join("");
}

function button(f: DigestFormat, action: Action): string {
  const style = `display:inline-block;padding:4px 12px;margin:0 0 4px 0;border-radius:4px;font-size:14px;line-height:1.5;text-decoration:none;${BUTTON[action.kind]}`;
  return link(f, action.url, escapeHtml(action.label), style);
}

function comment(c: DigestComment, f: DigestFormat): string {
  const preview = f.preview(c);
  const meta = [link(f, c.links.view, escapeHtml(f.time(c.createdAt)), MUTED)];
  if (c.inReplyTo) meta.push(around((x) => f.t.inReplyTo(x, c.inReplyTo!), own(f, c.inReplyTo)));
  const site = c.authorUrl ? f.name(c.authorUrl) : "";
  return (
    `<tr><td style="padding:14px 0;${RULE}${FONT}font-size:15px;line-height:1.5;${INK}">` +
    `<div style="margin:0 0 2px 0;"><strong dir="auto">${escapeHtml(f.name(c.authorName))}</strong>` +
    ` <span style="font-size:13px;${MUTED}">· ${meta.join(" · ")}</span></div>` +
    // The commenter's website is shown, not linked: the author judges it before visiting it.
    (site ? `<div dir="ltr" style="font-size:13px;${MUTED}word-break:break-all;">${escapeHtml(trimText(site, 120).text)}</div>` : "") +
    `<div style="margin:0 0 8px 0;font-size:13px;${MUTED}">${escapeHtml(f.decision(c))}</div>` +
    `<div dir="auto" style="margin:0;overflow-wrap:break-word;word-wrap:break-word;">${paragraphs(preview.text)}</div>` +
    (preview.trimmed ? `<div style="margin:0 0 8px 0;font-size:14px;">${link(f, c.links.view, escapeHtml(f.t.readAll))}</div>` : "") +
    `<div style="margin:4px 0 0 0;">${f.actions(c).map((a) => button(f, a)).join(" ")}</div>` +
    `</td></tr>`
  );
}

function post(p: DigestPost, f: DigestFormat): string {
  const title = escapeHtml(f.name(p.title));
  // The heading itself takes the title's direction (a block, like each comment's text): a Hebrew title in an
  // English digest is right-aligned above its Hebrew comments, not left-aligned. text-align for clients that ignore dir.
  const align = dirOf(p.lang) === "rtl" ? "right" : "left";
  return (
    `<h2 lang="${escapeHtml(p.lang)}" dir="auto" style="margin:28px 0 4px 0;font-size:19px;line-height:1.3;text-align:${align};${FONT}${INK}">${link(f, p.url, title, `${INK}text-decoration:none;`)}</h2>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${p.comments.map((c) => comment(c, f)).join("")}</table>`
  );
}

function spamLine(c: DigestComment, f: DigestFormat): string {
  const snippet = trimText(f.name(c.body), SPAM_SNIPPET_LENGTH).text;
  const rescue = f.actions(c).find((a) => a.kind === "approve");
  const score = f.score(c);
  return (
    `<tr><td style="padding:6px 0;${RULE}${FONT}font-size:13px;line-height:1.4;${MUTED}">` +
    `<strong dir="auto" style="${INK}">${escapeHtml(f.name(c.authorName))}</strong> · ${escapeHtml(f.time(c.createdAt))}` +
    (score ? ` · ${escapeHtml(score)}` : "") +
    // The strongest reason only: enough to spot a false positive, compact enough for a list of spam.
    (c.reasons[0] ? ` · ${escapeHtml(c.reasons[0])}` : "") +
    ` · <span dir="auto">${escapeHtml(snippet)}</span>` +
    (rescue ? ` · ${link(f, rescue.url, escapeHtml(rescue.label))}` : "") +
    `</td></tr>`
  );
}

export function digestHtml(data: DigestData, f: DigestFormat, subject: string): string {
  const t = f.t;
  const body: string[] = [];
  body.push(
    `<h1 style="margin:0 0 4px 0;font-size:22px;line-height:1.3;${FONT}${INK}">${link(f, data.blogUrl, own(f, data.blogTitle), `${INK}text-decoration:none;`)}` +
      ` <span style="font-weight:normal;${MUTED}">· ${escapeHtml(t.heading)}</span></h1>`,
    `<p style="margin:0;font-size:13px;${FONT}${MUTED}">${escapeHtml(t.period(f.time(data.periodStart), f.time(data.periodEnd)))}. ${escapeHtml(t.timesIn(data.timeZone))}</p>`,
    counts(data, f),
  );
  if (data.posts.length === 0 && data.spam.length === 0 && data.omitted === 0) {
    body.push(`<p style="${FONT}${INK}">${escapeHtml(t.nothingNew)}</p>`);
  }
  for (const p of data.posts) body.push(post(p, f));
  if (data.spam.length > 0) {
    body.push(
      `<h2 style="margin:28px 0 4px 0;font-size:17px;line-height:1.3;${FONT}${MUTED}">${escapeHtml(t.spamHeading)}</h2>` +
        `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${data.spam.map((c) => spamLine(c, f)).join("")}</table>`,
    );
  }
  if (data.omitted > 0) {
    body.push(`<p style="margin:24px 0 0 0;font-size:15px;font-weight:bold;${FONT}">${link(f, data.adminUrl, escapeHtml(t.omitted(data.omitted)))}</p>`);
  }
  body.push(
    `<p style="margin:32px 0 0 0;padding:12px 0 0 0;${RULE}font-size:12px;line-height:1.5;${FONT}${MUTED}">${escapeHtml(t.footer)}<br>` +
      `${link(f, data.adminUrl, escapeHtml(t.moderationPage))}</p>`,
  );
  return (
    `<!DOCTYPE html>\n<html lang="${escapeHtml(f.lang)}" dir="${f.dir}">\n<head>\n` +
    `<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeHtml(subject)}</title>\n</head>\n` +
    `<body dir="${f.dir}" style="margin:0;padding:0;background-color:#f0f0ec;">\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f0f0ec;"><tr><td style="padding:16px 8px;">\n` +
    // Centred by the table's own align, not the cell's: a cell's align would centre every line of text inside it.
    `<table role="presentation" align="center" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${f.dir}" style="max-width:640px;background-color:#ffffff;border:1px solid #e3e3de;"><tr><td style="padding:20px 24px;${FONT}${INK}">\n` +
    body.join("\n") +
    `\n</td></tr></table>\n</td></tr></table>\n</body>\n</html>\n`
  );
}
