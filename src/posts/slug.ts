/**
 * Post slugs, which may be Unicode (WordPress makes Hebrew slugs such as
 * `שבירת-פרדיגמות` and writes them percent-encoded, in lower-case hex).
 *
 * A slug is stored in NFC Unicode. Its one canonical path is
 * `/` + encodeURIComponent(slug): upper-case hex, as browsers send it, no
 * trailing slash. Any other spelling of the same slug (lower-case hex, NFD,
 * a trailing slash) is answered with a 301 to the canonical path.
 */

export const MAX_SLUG_LENGTH = 200;

/** Letters, marks, digits, '-' and '_' in any script; no dots, slashes or spaces. */
const SLUG_PATTERN = /^[\p{L}\p{M}\p{N}_-]+$/u;

/** First path segments the blog itself uses; a post cannot take them. */
export const RESERVED_SLUGS = new Set(["tag", "api", "admin", "feed.xml", "sitemap.xml", "robots.txt", "style.css", "favicon.ico", "favicon.svg", "page", "search", "archive"]);

/**
 * UTF-8 bytes a slug may take: KV keys are at most 512 bytes, and the longest
 * made from a slug (`comments:<slug>:summary`, `old:` paths) add a few dozen.
 * 200 Hebrew letters are 400 bytes; 200 CJK characters would be 600.
 */
export const MAX_SLUG_BYTES = 400;

/** UTF-8 length of one code point. */
const bytesOf = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
const utf8Length = (text: string) => [...text].reduce((n, ch) => n + bytesOf(ch.codePointAt(0)!), 0);

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && utf8Length(slug) <= MAX_SLUG_BYTES && SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug.toLowerCase());
}

/** The longest start of `slug` (whole code points) within `units` UTF-16 units and `bytes` UTF-8 bytes, without a trailing '-'. */
export function fitSlug(slug: string, units = MAX_SLUG_LENGTH, bytes = MAX_SLUG_BYTES): string {
  let fitted = "";
  let size = 0;
  for (const ch of slug) {
    size += bytesOf(ch.codePointAt(0)!);
    if (fitted.length + ch.length > units || size > bytes) break;
    fitted += ch;
  }
  return fitted.replace(/-+$/, "");
}

/** Decodes one path segment; null when the percent-encoding or the UTF-8 inside it is invalid. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment).normalize("NFC");
  } catch {
    return null;
  }
}

export function slugPath(slug: string): string {
  return "/" + encodeURIComponent(slug);
}

/** Turns a free-form title into a slug, the way WordPress's sanitize_title keeps Unicode letters. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\s-]+/gu, " ")
    .trim()
    .replace(/[\s_-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return fitSlug(slug);
}
