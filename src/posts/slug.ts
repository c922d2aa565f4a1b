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

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug) && !RESERVED_SLUGS.has(slug.toLowerCase());
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
  return title
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}_\s-]+/gu, " ")
    .trim()
    .replace(/[\s_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SLUG_LENGTH);
}
