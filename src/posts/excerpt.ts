/**
 * Plain-text excerpts from post HTML, for lists, feeds and meta descriptions.
 * WordPress's `<!--more-->` marker, when present, ends the excerpt.
 */

export const EXCERPT_LENGTH = 280;

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", hellip: "…", mdash: "—", ndash: "–", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/<[^>]*>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();
}

const FSI = "\u2068";
const PDI = "\u2069";

/**
 * A list's items kept apart in one line of text: "·" between them, each
 * item isolated (FSI…PDI), so that items in different scripts ("Apples",
 * "תפוחים") keep their own order instead of being reordered together.
 */
const listItemsApart = (html: string) => html.replace(/<li\b[^>]*>([\s\S]*?)(?:<\/li\s*>|(?=<li\b)|(?=<\/[uo]l\s*>))/gi, (_, item: string) => ` ${FSI}${htmlToText(item)}${PDI} ·`);

export function excerptFromHtml(html: string, length = EXCERPT_LENGTH): string {
  const more = html.search(/<!--\s*more\s*-->/i);
  const text = htmlToText(listItemsApart(more >= 0 ? html.slice(0, more) : html)).replace(/ ·(?=$| [^\u2068])/g, "");
  if (text.length <= length) return text;
  // Cut at a word boundary, never inside a surrogate pair or before a combining mark.
  const cut = text.slice(0, length + 1);
  const space = cut.lastIndexOf(" ");
  const kept = (space > length / 2 ? cut.slice(0, space) : Array.from(cut).slice(0, length).join("")).replace(/[\s,.;:·–—-]+$/, "");
  // An item cut short is still closed: an open isolate would swallow the "…".
  return kept + (kept.split(FSI).length > kept.split(PDI).length ? PDI : "") + "…";
}

/** Letters only: what two ways of making an excerpt from the same text agree on. */
const bare = (text: string) => text.replace(/[\s\u2068\u2069·…]+/g, "");

/**
 * Whether a stored excerpt is one made from the text (not the author's own):
 * the start of the text, however an earlier version of excerptFromHtml cut
 * it or set a list's items apart. An author's excerpt that is word for word
 * the text's first sentence counts as made from it, and follows the text.
 */
export function isAutomaticExcerpt(excerpt: string, html: string): boolean {
  if (excerpt === excerptFromHtml(html)) return true;
  const start = bare(excerpt);
  return start.length > 0 && bare(excerptFromHtml(html, Number.MAX_SAFE_INTEGER)).startsWith(start);
}
