/**
 * A WordPress blog's old addresses, read from its export, so that every one
 * answers on this blog (issue 14): each item's `<link>` (whatever the old
 * permalink shape: `/2026/10/21/slug/`, `/2026/10/slug/`, `/archives/123`,
 * `/slug/`), WordPress's query addresses (`?p=123`, `?page_id=`,
 * `?attachment_id=`), and each tag's and category's page (`/tag/x/`,
 * `/category/parent/child/`, `?cat=12`). Each names what answers now: an
 * imported post (by its source: the blog knows its slug), a tag, the home
 * page, or nothing (an item the export had that was not imported: 410).
 *
 * rewriteOwnLinks() points the posts' links to the old site's own posts
 * (absolute with http or https, with or without www, or root-relative) at
 * their new addresses.
 *
 * Pure: parseWxr() calls both, the CLI sends the addresses to
 * /api/admin/import/addresses (old-addresses-api.ts) after the posts.
 */
import { tagKey } from "../../posts/lists";
import { slugPath } from "../../posts/slug";
import { addressKey } from "../../redirects/paths";
import { hostOf, siteUrl } from "./media-refs";
import type { ImportedAttachment, ImportedPost, ImportedSite, SkippedItem } from "./model";

export interface OldAddress {
  /** The normalized old address (redirects/paths.ts): a path such as `/2026/10/21/slug`, or `?p=123`. */
  path: string;
  /** What answers there now. */
  kind: "post" | "tag" | "home" | "gone";
  /** kind "post": the imported item (a post, a page, or an attachment's post) by its source. */
  wpSite?: string;
  wpId?: number;
  /** kind "tag": the tag's name. */
  tag?: string;
}

/** A category or tag of the export, as WordPress addressed it. */
export interface OldTerm {
  taxonomy: "category" | "post_tag";
  id: number | null;
  /** WordPress's slug (nicename), as the file writes it (percent-encoded for non-ASCII). */
  slug: string;
  /** The parent category's slug, or "". */
  parent: string;
  /** Its display name: the tag the posts have here. */
  name: string;
}

/** Item types whose addresses readers could visit: when left out, their addresses are gone (410). Menus, revisions, blocks, templates… never had one. */
const INTERNAL_TYPES = new Set(["nav_menu_item", "revision", "wp_block", "wp_navigation", "wp_template", "wp_template_part", "wp_global_styles", "custom_css", "customize_changeset", "oembed_cache", "user_request"]);

export interface AddressInput {
  site: Pick<ImportedSite, "link" | "wpSite">;
  posts: Pick<ImportedPost, "wpSite" | "wpId" | "type" | "link" | "tags">[];
  attachments: Pick<ImportedAttachment, "wpId" | "link" | "parentWpId">[];
  skipped: Pick<SkippedItem, "kind" | "wpId" | "link">[];
  terms: OldTerm[];
  /** The slug of WordPress's default category (not made a tag): its page goes home. */
  defaultCategories?: Set<string>;
}

/** Every old address the export names, each once (the first claim wins: posts, then attachments, tags, the rest). */
export function oldAddressesOf(input: AddressInput): OldAddress[] {
  const hosts = siteHosts(input);
  const found = new Map<string, OldAddress>();
  const add = (path: string | null, to: Omit<OldAddress, "path">) => {
    if (path !== null && path !== "/" && !found.has(path)) found.set(path, { path, ...to });
  };
  const linkKey = (link: string) => ownKey(link, hosts);

  // Published posts first: where a post and a page shared an address, WordPress's visitors mostly meant the post.
  const posts = [...input.posts].sort((a, b) => (a.type === "page" ? 1 : 0) - (b.type === "page" ? 1 : 0));
  for (const post of posts) {
    const to = { kind: "post" as const, wpSite: post.wpSite, wpId: post.wpId };
    if (post.link) add(linkKey(post.link), to);
    add(`?p=${post.wpId}`, to);
    if (post.type === "page") add(`?page_id=${post.wpId}`, to);
  }
  const imported = new Set(input.posts.map((p) => p.wpId));
  for (const a of input.attachments) {
    // An attachment's page showed the file within its post: that post, if it came; otherwise gone.
    const to: Omit<OldAddress, "path"> = a.parentWpId !== null && imported.has(a.parentWpId) ? { kind: "post", wpSite: input.posts.find((p) => p.wpId === a.parentWpId)!.wpSite, wpId: a.parentWpId } : { kind: "gone" };
    if (a.link) add(linkKey(a.link), to);
    add(`?attachment_id=${a.wpId}`, to);
    add(`?p=${a.wpId}`, to);
  }

  const tags = new Set(input.posts.flatMap((p) => p.tags.map(tagKey)));
  const bySlug = new Map(input.terms.filter((t) => t.taxonomy === "category").map((t) => [t.slug, t]));
  for (const term of input.terms) {
    const isDefault = term.taxonomy === "category" && (input.defaultCategories?.has(term.slug) ?? false);
    const to: Omit<OldAddress, "path"> | null = isDefault ? { kind: "home" } : tags.has(tagKey(term.name)) ? { kind: "tag", tag: term.name } : null;
    if (to === null) continue;
    if (term.taxonomy === "post_tag") {
      add(addressKey(`/tag/${term.slug}`, ""), to);
      continue;
    }
    const chain = [term.slug];
    for (let parent = term.parent, hops = 0; parent && hops < 20; parent = bySlug.get(parent)?.parent ?? "", hops++) chain.unshift(parent);
    add(addressKey(`/category/${chain.join("/")}`, ""), to);
    add(addressKey(`/category/${term.slug}`, ""), to);
    if (term.id !== null) add(`?cat=${term.id}`, to);
  }

  for (const item of input.skipped) {
    if (item.kind === "comment" || item.kind === "pingback" || item.kind === "trackback" || INTERNAL_TYPES.has(item.kind)) continue;
    if (item.link) add(linkKey(item.link), { kind: "gone" });
    if (item.wpId !== null) add(`?p=${item.wpId}`, { kind: "gone" });
  }
  return [...found.values()];
}

/** The old site's hosts, as media-refs.ts tells them (lower case, without www.): the blog's address and its items' links. */
export function siteHosts(input: Pick<AddressInput, "site" | "posts">): Set<string> {
  const hosts = new Set<string>();
  for (const address of [input.site.link, input.site.wpSite, ...input.posts.map((p) => p.link)]) {
    const host = address ? hostOf(address) : null;
    if (host) hosts.add(host);
  }
  return hosts;
}

/** The address key a URL names on the old site (absolute on one of its hosts, protocol- or root-relative), or null for a URL elsewhere. */
export function ownKey(raw: string, hosts: Set<string>): string | null {
  const url = siteUrl(raw, hosts);
  return url && addressKey(url.pathname, url.search);
}

// An opening <a> tag (quoted values may hold '>') and its href, quoted.
const A_TAG = /<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const HREF = /(\s)href(\s*=\s*)("[^"]*"|'[^']*')/i;

/**
 * The HTML with each link to one of the old site's own posts (`targets`: an
 * address key → this blog's path) pointing at the post here; the fragment
 * (`#comment-5`) is kept. Links elsewhere, and to what is not a post here, are left as they are.
 */
export function rewriteOwnLinks(html: string, hosts: Set<string>, targets: Map<string, string>): string {
  if (!/<a\b/i.test(html)) return html;
  return html.replace(A_TAG, (tag: string, attributes: string) => {
    const href = HREF.exec(attributes);
    if (!href) return tag;
    const quote = href[3]![0]!;
    const value = href[3]!.slice(1, -1).replace(/&(?:amp|#0*38|#x0*26);/gi, "&");
    const key = ownKey(value, hosts);
    const target = key === null ? undefined : targets.get(key);
    if (target === undefined) return tag;
    const hash = /#[^#]*$/.exec(value)?.[0] ?? "";
    const replaced = attributes.replace(HREF, `${href[1]}href${href[2]}${quote}${target}${hash.replace(/["'<>]/g, "")}${quote}`);
    return `<a${replaced}>`;
  });
}

/**
 * Address key → the new path (by its slug in the bundle) of each imported
 * post's own addresses, for rewriteOwnLinks(): only posts'; links to an
 * attachment's page or file are media-refs.ts's to point at the copy.
 */
export function postTargets(addresses: OldAddress[], posts: Pick<ImportedPost, "wpSite" | "wpId" | "slug" | "link">[], hosts: Set<string>): Map<string, string> {
  const own = new Set<string>();
  for (const p of posts) {
    for (const key of [p.link ? ownKey(p.link, hosts) : null, `?p=${p.wpId}`, `?page_id=${p.wpId}`]) if (key !== null) own.add(key);
  }
  const slugs = new Map(posts.map((p) => [`${p.wpSite} ${p.wpId}`, p.slug]));
  const targets = new Map<string, string>();
  for (const a of addresses) {
    if (a.kind !== "post" || !own.has(a.path)) continue;
    const slug = slugs.get(`${a.wpSite} ${a.wpId}`);
    if (slug !== undefined) targets.set(a.path, slugPath(slug));
  }
  return targets;
}
