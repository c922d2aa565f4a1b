/**
 * The media files a WordPress export's posts show, and those posts'
 * references moved to this blog's copies.
 *
 * A WordPress export names files but does not hold them: each attachment
 * item gives the file's URL on the old site and its path under
 * wp-content/uploads, and posts point at it in many spellings: absolute,
 * protocol-relative or root-relative, http or https, with or without www,
 * and as one of the smaller sizes WordPress made of it (`photo-300x200.jpg`,
 * `photo-scaled.jpg`). planMedia() gathers every file to copy, each with the
 * posts that use it (a file posts show from wp-content/uploads with no
 * attachment item counts too), and rewriteMediaRefs() points every `src` and
 * `href` naming a copied file at `/media/<key>`, a size variant at its
 * original. `srcset` and `sizes` are dropped: they list the old site's
 * sizes, and the blog makes its own when it shows the post.
 *
 * Pure: the CLI reads or downloads the files and uploads them.
 */
import type { ImportBundle } from "./model";

export type MediaUse = "image" | "link" | "cover";

export interface PlannedFile {
  /** What the report calls it: its path under wp-content/uploads, else its path on the old site. */
  name: string;
  /** Where the old site serves it, or null when the export gives no address to fetch it from. */
  url: string | null;
  /** Its path under wp-content/uploads, where a copy of that folder (`--uploads`) has it; null when unknown. */
  uploadsPath: string | null;
  /** WordPress's alt text for it. */
  alt: string;
  /** Its attachment's id in the file; null for a file posts show that has no attachment item. */
  attachment: number | null;
  /** The posts that show it, link to it or have it as cover, by slug. */
  uses: Map<string, Set<MediaUse>>;
}

export interface MediaPlan {
  /** Every attachment, then every other file the posts show from wp-content/uploads. */
  files: PlannedFile[];
  /** The file a post's URL names (`attribute`: the `src` of an image, the `href` of a link), if any. */
  fileOf(url: string, attribute: "src" | "href"): PlannedFile | undefined;
  /** A post's cover: the file of its featured image. */
  coverOf(post: { featuredImage: number | null }): PlannedFile | undefined;
}

const UPLOADS = "/wp-content/uploads/";
/** WordPress's names for copies of an image: a size (`-300x200`), a scaled-down or rotated original, an edit (`-e` + ms timestamp). */
const COPY_SUFFIX = /-(?:\d+x\d+|scaled|rotated|e\d{13})(?=\.[^./]+$)/;
/** Resolves root-relative references; never fetched. */
const RELATIVE_BASE = "http://relative.invalid";

export function planMedia(bundle: Pick<ImportBundle, "site" | "posts" | "attachments">): MediaPlan {
  const hosts = new Set<string>();
  for (const address of [bundle.site.link, ...bundle.attachments.map((a) => a.url)]) {
    const host = hostOf(address);
    if (host) hosts.add(host);
  }
  const pathOf = (url: string) => sitePath(url, hosts);

  const files: PlannedFile[] = [];
  const byPath = new Map<string, PlannedFile>();
  const byStem = new Map<string, PlannedFile>();
  const byPage = new Map<string, PlannedFile>();
  const byId = new Map<number, PlannedFile>();
  for (const a of bundle.attachments) {
    const path = pathOf(a.url);
    const file: PlannedFile = { name: a.file || path || a.url, url: absolute(a.url), uploadsPath: a.file || null, alt: a.alt, attachment: a.wpId, uses: new Map() };
    files.push(file);
    byId.set(a.wpId, file);
    if (path === null) continue;
    byPath.set(path, file);
    byStem.set(stem(path), file);
    const folder = path.slice(0, path.lastIndexOf("/") + 1);
    for (const variant of a.variants) {
      if (!byPath.has(folder + variant.normalize("NFC"))) byPath.set(folder + variant.normalize("NFC"), file);
    }
    const page = a.link ? pathOf(a.link) : null;
    if (page !== null && page !== "/") byPage.set(page, file);
  }

  const others = new Map<string, PlannedFile>();
  const fileOf = (url: string, attribute: "src" | "href"): PlannedFile | undefined => {
    const path = pathOf(url);
    if (path === null) return undefined;
    const found = byPath.get(path) ?? (attribute === "href" ? byPage.get(path) : undefined) ?? original(path);
    if (found) return found;
    const inUploads = path.indexOf(UPLOADS);
    if (inUploads === -1) return undefined;
    let file = others.get(path);
    if (!file) {
      const uploadsPath = path.slice(inUploads + UPLOADS.length);
      file = { name: uploadsPath, url: absolute(url, bundle.site.link), uploadsPath, alt: "", attachment: null, uses: new Map() };
      others.set(path, file);
    }
    return file;
  };
  // A size variant the metadata did not list (or an export without metadata): the attachment it was made from.
  const original = (path: string): PlannedFile | undefined => {
    for (let p = path, prev = ""; p !== prev; prev = p, p = p.replace(COPY_SUFFIX, "")) {
      const file = byPath.get(p) ?? (p === path ? undefined : byStem.get(stem(p)));
      if (file) return file;
    }
    return undefined;
  };

  for (const post of bundle.posts) {
    const use = (file: PlannedFile | undefined, how: MediaUse) => {
      if (!file) return;
      const hows = file.uses.get(post.slug) ?? new Set<MediaUse>();
      hows.add(how);
      file.uses.set(post.slug, hows);
    };
    for (const ref of references(post.html)) use(fileOf(ref.url, ref.attribute), ref.attribute === "src" ? "image" : "link");
    if (post.featuredImage !== null) use(byId.get(post.featuredImage), "cover");
  }
  files.push(...others.values());
  return { files, fileOf, coverOf: (post) => (post.featuredImage === null ? undefined : byId.get(post.featuredImage)) };
}

/**
 * The post's HTML with every reference to a copied file (`keyOf` gives its
 * media key; null for one that could not be copied, which stays as it was)
 * made `/media/<key>`, and `srcset` and `sizes` dropped from its images.
 */
export function rewriteMediaRefs(html: string, plan: Pick<MediaPlan, "fileOf">, keyOf: (file: PlannedFile) => string | null): string {
  return html.replace(TAG, (tag: string, name: string, attributes: string) => {
    const element = name.toLowerCase();
    const rewritten = attributes.replace(ATTRIBUTE, (whole: string, space: string, attr: string, equals: string | undefined, quoted: string | undefined) => {
      const lower = attr.toLowerCase();
      if (element !== "a" && (lower === "srcset" || lower === "sizes")) return "";
      const target = urlAttribute(element, lower);
      if (!target || quoted === undefined) return whole;
      const file = plan.fileOf(unquote(quoted), target);
      const key = file ? keyOf(file) : null;
      if (!key) return whole;
      const quote = quoted.startsWith("'") ? "'" : '"';
      return `${space}${attr}${equals}${quote}/media/${key}${quote}`;
    });
    return `<${name}${rewritten}>`;
  });
}

/** The `src` of each image and the `href` of each link in the HTML. */
export function references(html: string): { url: string; attribute: "src" | "href" }[] {
  const found: { url: string; attribute: "src" | "href" }[] = [];
  for (const [, name, attributes] of html.matchAll(TAG)) {
    for (const [, , attr, , quoted] of attributes!.matchAll(ATTRIBUTE)) {
      const target = urlAttribute(name!.toLowerCase(), attr!.toLowerCase());
      if (target && quoted !== undefined) found.push({ url: unquote(quoted), attribute: target });
    }
  }
  return found;
}

// An opening tag of an image, a <picture>'s source or a link; quoted values may hold '>'.
const TAG = /<(img|source|a)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
// One attribute: its leading space, name, `=` and value (quoted or not).
const ATTRIBUTE = /(\s+)([^\s"'>/=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

function urlAttribute(element: string, attribute: string): "src" | "href" | null {
  if (element === "a") return attribute === "href" ? "href" : null;
  return attribute === "src" ? "src" : null;
}

/** An attribute's value as a URL: quotes off, the entities WordPress writes in URLs decoded. */
function unquote(value: string): string {
  const bare = /^(["'])([\s\S]*)\1$/.exec(value)?.[2] ?? value;
  return bare.replace(/&(?:amp|#0*38|#x0*26);/gi, "&").trim();
}

/** A host as the old site's references may spell it: lower case, with its port, without `www.`. */
export function hostOf(address: string): string | null {
  try {
    const url = new URL(address.trim().startsWith("//") ? `http:${address.trim()}` : address.trim());
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.host) return null;
    return url.host.toLowerCase().replace(/^www\./, "");
  } catch {
    return null;
  }
}

/**
 * The path a URL names on the old site (percent-decoded, NFC), or null for
 * a URL elsewhere. Root-relative URLs are the old site's; http and https
 * of one host are one site.
 */
/**
 * A URL as the old site's own, or null for one elsewhere: absolute on one of
 * its hosts (http or https, with or without www), protocol-relative, or
 * root-relative. For its files (sitePath) and its posts' addresses (old-addresses.ts).
 */
export function siteUrl(raw: string, hosts: Set<string>): URL | null {
  const value = raw.trim();
  if (value === "" || value.startsWith("#")) return null;
  let url: URL;
  try {
    url = new URL(value, RELATIVE_BASE);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.origin === RELATIVE_BASE) return value.startsWith("/") ? url : null;
  return hosts.has(url.host.toLowerCase().replace(/^www\./, "")) ? url : null;
}

function sitePath(raw: string, hosts: Set<string>): string | null {
  const url = siteUrl(raw, hosts);
  if (!url) return null;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray '%' in a file name: compared as written.
  }
  return path.normalize("NFC");
}

/** An absolute URL to fetch, or null: a protocol-relative one gets http, a root-relative one the site's address. */
function absolute(url: string, site = ""): string | null {
  try {
    const resolved = new URL(url.trim().startsWith("//") ? `http:${url.trim()}` : url.trim(), site || undefined);
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.href : null;
  } catch {
    return null;
  }
}

/** A path without its extension: a WebP size of a JPEG is the JPEG's. */
function stem(path: string): string {
  return path.replace(/\.[^./]+$/, "");
}
