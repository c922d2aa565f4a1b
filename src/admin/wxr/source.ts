/**
 * Where an imported post or comment came from: the site and its id there.
 *
 * WordPress numbers posts and comments per site, so two sites' comment 12
 * are two comments; only the pair (site, id) names one. The blog keeps the
 * pair in `wp_site` + `wp_id`, and its own exports carry each item's pair
 * (SOURCE_META_KEY), so moving a blog on keeps every item's first identity.
 */

/**
 * The post and comment meta key under which our export keeps an item's
 * source as "<site> <id>"; the leading '_' hides it from WordPress's custom
 * fields box. The parser prefers it to the file's own site and id.
 */
export const SOURCE_META_KEY = "_edgepress_source";

/**
 * The site of a file that names none (no wp:base_blog_url, no <link>, no
 * wp:base_site_url; hand-made exports): such files share this one namespace,
 * as every import did before sites were told apart.
 */
export const UNNAMED_SITE = "edgepress:unnamed-site";

export interface ItemSource {
  /** A normalized http(s) address (normalizeSite), or UNNAMED_SITE. */
  site: string;
  id: number;
}

/**
 * An http(s) address as a site key: scheme and host in lower case (URL does
 * that, and drops a default port), no credentials, query or fragment, no
 * trailing slash; null for anything else. `HTTP://Blog.Example.com/` and
 * `http://blog.example.com` are one site; a path stays (a WordPress in /blog).
 */
export function normalizeSite(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return null;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/** A site key as the admin API takes it: an http(s) address (normalized here) or UNNAMED_SITE; null otherwise. */
export function siteKey(site: string): string | null {
  return site === UNNAMED_SITE ? site : normalizeSite(site);
}

/** "<site> <id>": what SOURCE_META_KEY holds. */
export function formatSource(source: ItemSource): string {
  return `${source.site} ${source.id}`;
}

/** The other way round; null when the value is not "<site> <id>" with a site key and a positive id. */
export function parseSource(value: string): ItemSource | null {
  const match = /^(\S+) ([1-9][0-9]{0,15})$/.exec(value.trim());
  if (!match) return null;
  const site = siteKey(match[1]!);
  const id = Number(match[2]);
  return site !== null && Number.isSafeInteger(id) ? { site, id } : null;
}

/** One string per source, for maps and sets. */
export function sourceKey(site: string, id: number): string {
  return `${site} ${id}`;
}
