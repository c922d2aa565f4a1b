/**
 * Plain text from the HTML-ish strings of a WordPress export.
 *
 * Comments here are plain text (rendered with paragraphs and autolinked
 * URLs), while WordPress stores comment bodies as a little HTML in which a
 * newline is a line break and a blank line a paragraph. commentText() keeps
 * that structure and keeps what a link pointed to visible, so nothing a
 * commenter wrote is lost. inlineText() is for one-line strings: titles,
 * excerpts, names, category names (which WordPress stores with `&amp;`).
 */
import { decodeEntities } from "../../posts/excerpt";

/** A tag or a comment; `<` not followed by a letter, '/' or '!' is text, as in a browser. */
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<\/?[A-Za-z][^>]*>/g;
const BLOCK_TAGS = new Set(["p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "dl", "dt", "dd", "figure", "hr", "address"]);
const DROPPED_WITH_CONTENT = /<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi;
const PARAGRAPH = "\u0000P\u0000";

/** One line of text: tags dropped, entities decoded, whitespace collapsed. */
export function inlineText(html: string): string {
  return decodeEntities(html.replace(DROPPED_WITH_CONTENT, " ").replace(TOKEN, (tag) => (/^<br\b/i.test(tag) ? " " : "")))
    .replace(/\s+/g, " ")
    .trim();
}

/** A WordPress comment body as plain text. */
export function commentText(html: string): string {
  const text = html.replace(/\r\n?/g, "\n");
  if (!/<[A-Za-z/!]/.test(text)) return tidy(decodeEntities(text));

  let out = "";
  const links: { start: number; href: string }[] = [];
  const quotes: number[] = [];
  const lists: { ordered: boolean; count: number }[] = [];
  let last = 0;
  // As in wpautop(), a <br> at the end of a line is that line's break, not another one.
  const source = text.replace(DROPPED_WITH_CONTENT, "").replace(/(<br\b[^>]*>)[ \t]*\n/gi, "$1");
  for (const match of source.matchAll(TOKEN)) {
    out += decodeEntities(source.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = match[0];
    if (tag.startsWith("<!--")) continue;
    const closing = tag[1] === "/";
    const name = /^<\/?([A-Za-z][A-Za-z0-9]*)/.exec(tag)?.[1]?.toLowerCase() ?? "";
    if (name === "br") {
      out += "\n";
    } else if (name === "a") {
      if (!closing) links.push({ start: out.length, href: hrefOf(tag) });
      else {
        const link = links.pop();
        if (link) out = out.slice(0, link.start) + withUrl(out.slice(link.start), link.href);
      }
    } else if (name === "blockquote") {
      out += PARAGRAPH;
      if (!closing) quotes.push(out.length);
      else {
        const start = quotes.pop();
        if (start !== undefined) out = out.slice(0, start) + quoted(out.slice(start)) + PARAGRAPH;
      }
    } else if (name === "ul" || name === "ol") {
      out += PARAGRAPH;
      if (!closing) lists.push({ ordered: name === "ol", count: 0 });
      else lists.pop();
    } else if (name === "li") {
      const list = lists[lists.length - 1];
      if (!closing) out += "\n" + (list?.ordered ? `${++list.count}. ` : "- ");
    } else if (BLOCK_TAGS.has(name)) {
      out += PARAGRAPH;
    }
  }
  out += decodeEntities(source.slice(last));
  return tidy(
    out
      .split(PARAGRAPH)
      .map((part) => part.replace(/^[ \t]*\n|\n[ \t]*$/g, ""))
      .join("\n\n")
      .replace(/[ \t]+$/gm, ""),
  );
}

/** Line breaks normalized, at most one blank line in a row, no blank lines around. */
function tidy(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}

function hrefOf(tag: string): string {
  const m = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
  return decodeEntities(m?.[1] ?? m?.[2] ?? m?.[3] ?? "").trim();
}

/** "text (url)", or just the URL when the text already says it. */
function withUrl(text: string, href: string): string {
  if (!/^(https?:|mailto:)/i.test(href)) return text;
  const shown = href.replace(/^mailto:/i, "");
  const plain = (s: string) => s.trim().replace(/^[a-z]+:\/\/(www\.)?/i, "").replace(/\/$/, "").toLowerCase();
  if (text.trim() === "") return shown;
  if (plain(text) === plain(shown)) return text;
  return `${text} (${shown})`;
}

function quoted(text: string): string {
  const lines = text.split(PARAGRAPH).join("\n\n").trim().split("\n");
  return lines.map((line) => (line.trim() === "" ? ">" : `> ${line}`)).join("\n");
}
