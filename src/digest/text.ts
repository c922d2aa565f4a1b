/**
 * Making user-written text safe and short for the digest: escaping for HTML,
 * dropping characters that have no business in an email, and trimming long
 * comments without breaking a character a person would see as one.
 */

/** Controls other than tab and newline, and lone surrogates (which UTF-8 cannot carry). */
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with Unix newlines, no stray controls, and at most one blank line in a row. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(UNWANTED, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** For names and titles, which sit inside a line: newlines and tabs would break the layout. */
export function oneLine(text: string): string {
  return cleanText(text).replace(/\s+/g, " ");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * In the plain-text part there is no `dir="auto"`: a first-strong isolate
 * (FSI … PDI) gives a name its own direction, so a Hebrew name in an English
 * line (or the reverse) does not reorder the punctuation around it, and a
 * bidi override inside the name cannot leak into the rest of the line.
 */
export const isolate = (text: string) => `\u2068${text}\u2069`;

/** The URL if it is absolute http(s), else null: a `javascript:` href must never reach the author's mail client. */
export function httpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** How much of a comment the digest shows before linking to the rest. */
export const COMMENT_PREVIEW_LENGTH = 600;
/** A held-spam line shows only this much. */
export const SPAM_SNIPPET_LENGTH = 100;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The first `max` user-perceived characters (grapheme clusters) of `text`, so
 * the cut never splits a surrogate pair, an emoji sequence or a letter from its
 * niqqud. When a space falls in the last fifth, the cut moves back to it, so a
 * word is not chopped either.
 */
export function trimText(text: string, max: number): { text: string; trimmed: boolean } {
  let count = 0;
  let end = -1;
  // Lazy: a 100 kB comment is segmented only as far as the cut.
  for (const { index } of graphemes.segment(text)) {
    if (count === max) {
      end = index;
      break;
    }
    count++;
  }
  if (end < 0) return { text, trimmed: false };
  let cut = text.slice(0, end);
  const space = cut.search(/\s\S*$/);
  if (space > end * 0.8) cut = cut.slice(0, space);
  return { text: cut.replace(/[\s,.;:–—-]+$/, "") + "…", trimmed: true };
}
