/**
 * Old addresses, as the import writes them and the reader looks them up: the
 * same normalization on both sides, so `/2026/10/%D7%90/`, `/2026/10/%d7%90`
 * and `/2026/10/א` are one key.
 *
 * A path key is the path decoded segment by segment, NFC, lower case, with
 * empty segments (doubled or trailing slashes) and a leading `/index.php`
 * (WordPress's PATHINFO permalinks) dropped. WordPress's query addresses on
 * the home page are keys of their own: `?p=123`, `?page_id=123`,
 * `?attachment_id=123`. Anything that cannot be a key (a bad escape, an
 * encoded slash or control character, `..`, too long) has none, so is never
 * looked up. Pure: the CLI's bundle uses it too.
 */

/** KV holds `old:<key>` → a target path on this blog, or GONE. */
export const OLD_KEY_PREFIX = "old:";
export const GONE = "!gone";
/** KV keys are at most 512 bytes. */
const MAX_KEY_BYTES = 400;

export const oldKey = (key: string) => OLD_KEY_PREFIX + key;

/** WordPress's query addresses that name one item by id, in the order WordPress reads them. */
export const QUERY_IDS = ["p", "page_id", "attachment_id"] as const;

/** The decoded, NFC segments of a path (original case); null when it cannot name an old address. */
export function pathSegments(pathname: string): string[] | null {
  if (pathname.length > 2000) return null;
  const segments: string[] = [];
  for (const raw of pathname.split("/")) {
    if (raw === "") continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw).normalize("NFC");
    } catch {
      return null;
    }
    // A decoded '/' or '\' would make another path; control characters and '..' name nothing WordPress made.
    if (/[\u0000-\u001f\u007f/\\]/.test(segment) || segment === "." || segment === "..") return null;
    segments.push(segment);
  }
  if (segments[0]?.toLowerCase() === "index.php") segments.shift();
  return segments;
}

/** The key of a path's segments. */
export function segmentsKey(segments: string[]): string | null {
  const key = ("/" + segments.join("/")).toLowerCase();
  return new TextEncoder().encode(key).length <= MAX_KEY_BYTES ? key : null;
}

/** A path's key, or null. */
export function pathKey(pathname: string): string | null {
  const segments = pathSegments(pathname);
  return segments === null ? null : segmentsKey(segments);
}

/** The key of a query address (`?p=123`…) in a URL's search part, or null. */
export function queryKey(search: string): string | null {
  if (search === "" || search === "?") return null;
  const params = new URLSearchParams(search);
  for (const name of QUERY_IDS) {
    const value = params.get(name)?.trim();
    if (value !== undefined && /^[1-9][0-9]{0,15}$/.test(value)) return `?${name}=${Number(value)}`;
  }
  return null;
}

/** The key an old URL's path and query name: its query address on the home page, else its path. */
export function addressKey(pathname: string, search: string): string | null {
  const segments = pathSegments(pathname);
  if (segments === null) return null;
  if (segments.length === 0) return queryKey(search) ?? "/";
  return segmentsKey(segments);
}

/**
 * Whether a stored target is a path on this blog: one leading '/', never
 * '//' or '/\' (which browsers read as another host), no whitespace or
 * control characters. Everything written is checked again when read.
 */
export function isLocalTarget(target: string): boolean {
  return /^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/.test(target) && target.length <= 1000;
}
