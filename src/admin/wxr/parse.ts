/**
 * Reads a WordPress export (WXR: what Tools → Export → All content writes)
 * into an ImportBundle: posts and pages with their HTML made the way
 * WordPress displays it, every comment with its thread, and a reason for
 * everything left out or imported differently, so nothing is lost silently.
 *
 * Every post and comment is named by its source (source.ts): the site it
 * came from and its id there. That is the file's site and the item's id,
 * unless our own export recorded an earlier source for it (SOURCE_META_KEY).
 *
 * Pure: no storage and no network. The admin API sanitizes each post's HTML
 * (sanitizePostHtml) and stores the bundle.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { decodeSegment, isValidSlug, MAX_SLUG_LENGTH, slugify } from "../../posts/slug";
import { tagKey } from "../../posts/store";
import type { CommentStatus } from "../../comments/model";
import { contentToHtml } from "./autop";
import { LocalTimeGuesser, parseWpDate } from "./dates";
import { guessLang, primaryLanguage } from "./lang";
import { LANG_META_KEY, type ImportBundle, type ImportedAttachment, type ImportedComment, type ImportedPost, type ImportNote, type SkippedItem } from "./model";
import { unserializePhp } from "./php";
import { orderReplies } from "./reply-order";
import { normalizeSite, parseSource, sourceKey, SOURCE_META_KEY, UNNAMED_SITE, type ItemSource } from "./source";
import { commentText, inlineText } from "./text";
import { oldAddressesOf, postTargets, rewriteOwnLinks, siteHosts, type OldTerm } from "./old-addresses";

export { guessLang } from "./lang";

/** A file that cannot be read as a WordPress export; `line` is 1-based when the XML itself is broken. */
export class WxrError extends Error {
  override readonly name = "WxrError";
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface ParseOptions {
  /** "Now" for an item with no date at all; defaults to Date.now(). */
  now?: number;
}

type XmlObject = Record<string, unknown>;

/** Elements that may repeat; fast-xml-parser gives a lone one as an object unless told. */
const REPEATED = new Set(["item", "category", "wp:comment", "wp:postmeta", "wp:commentmeta", "wp:author", "wp:category", "wp:tag", "wp:term"]);

/** Post types that are not content (or not ours), and why each is left out. */
const SKIP_REASONS: Record<string, string> = {
  // Attachments with an id are read by readAttachment(); the CLI copies their files into the media library.
  attachment: "a media file with no wp:post_id: posts cannot name it, so it is not copied",
  nav_menu_item: "menus are not imported: the blog builds its own navigation",
  wp_block: "reusable blocks are not imported; posts that use one are noted",
  revision: "revisions are not imported, only the current text",
  wp_navigation: "navigation menus are not imported",
  wp_template: "theme templates are not imported",
  wp_template_part: "theme templates are not imported",
  wp_global_styles: "theme styles are not imported",
  custom_css: "theme styles are not imported",
  customize_changeset: "theme settings are not imported",
  oembed_cache: "cached embeds are not imported",
  user_request: "privacy requests are not imported",
};

export function parseWxr(xml: string, options: ParseOptions = {}): ImportBundle {
  const channel = readChannel(xml);
  const items = list(channel.item);
  const site = {
    title: inlineText(text(channel.title)),
    link: text(channel.link).trim() || text(channel["wp:base_blog_url"]).trim(),
    description: inlineText(text(channel.description)),
    language: primaryLanguage(text(channel.language)),
    wpSite: [channel["wp:base_blog_url"], channel.link, channel["wp:base_site_url"]].map((address) => normalizeSite(text(address))).find((key) => key !== null) ?? UNNAMED_SITE,
  };
  const authors = readAuthors(channel);
  const clock = new LocalTimeGuesser();
  for (const item of items) {
    clock.learn(text(item["wp:post_date"]), text(item["wp:post_date_gmt"]));
    clock.learn(text(item["wp:post_modified"]), text(item["wp:post_modified_gmt"]));
    for (const c of list(item["wp:comment"])) clock.learn(text(c["wp:comment_date"]), text(c["wp:comment_date_gmt"]));
  }
  const now = options.now ?? Date.now();
  const context: ImportContext = {
    site: site.wpSite,
    siteLanguage: site.language,
    authors,
    authorIds: new Set([...authors.values()].map((a) => a.id).filter((id) => id !== null)),
    defaultCategory: readDefaultCategory(channel),
    defaultCategoryUsed: false,
    attachmentIds: new Set(items.filter(isMediaFile).map((i) => int(i["wp:post_id"]) ?? -1)),
    attachments: [],
    now,
    utc: (gmt, local) => parseWpDate(text(gmt)) ?? clock.toUtc(text(local)),
    skipped: [],
    notes: [],
    skippedComments: new Map(),
  };

  const posts: SluglessPost[] = [];
  const comments: FileComment[] = [];
  for (const item of items) {
    const post = readItem(item, context);
    if (!post) continue;
    posts.push(post);
    for (const c of list(item["wp:comment"])) {
      const comment = readComment(c, post, context);
      if (comment) comments.push(comment);
    }
  }

  const { skipped, notes, attachments } = context;
  if (context.defaultCategoryUsed) {
    notes.push({ kind: "category", wpId: null, title: [...context.defaultCategory.values()][0] ?? "", message: "WordPress's default category (what posts get when they have none) was not made a tag" });
  }
  const named = assignSlugs(posts, notes);
  // The old site's addresses, and the posts' links to its own posts pointed at their new ones.
  const addresses = oldAddressesOf({ site, posts: named, attachments, skipped, terms: readTerms(channel), defaultCategories: new Set(context.defaultCategory.keys()) });
  const hosts = siteHosts({ site, posts: named });
  const targets = postTargets(addresses, named, hosts);
  return {
    site,
    posts: named.map((post) => ({ ...post, html: rewriteOwnLinks(post.html, hosts, targets) })),
    comments: threadComments(comments, context.skippedComments, notes),
    attachments,
    skipped,
    notes,
    addresses,
  };
}

/** The file's categories and tags (`wp:category`, `wp:tag`, and `wp:term` of either taxonomy), as WordPress addressed them. */
function readTerms(channel: XmlObject): OldTerm[] {
  const name = (value: unknown) => inlineText(text(value));
  return [
    ...list(channel["wp:category"]).map((c) => ({ taxonomy: "category" as const, id: int(c["wp:term_id"]), slug: text(c["wp:category_nicename"]).trim(), parent: text(c["wp:category_parent"]).trim(), name: name(c["wp:cat_name"]) })),
    ...list(channel["wp:tag"]).map((t) => ({ taxonomy: "post_tag" as const, id: int(t["wp:term_id"]), slug: text(t["wp:tag_slug"]).trim(), parent: "", name: name(t["wp:tag_name"]) })),
    ...list(channel["wp:term"])
      .filter((t) => ["category", "post_tag"].includes(text(t["wp:term_taxonomy"]).trim()))
      .map((t) => ({ taxonomy: text(t["wp:term_taxonomy"]).trim() as "category" | "post_tag", id: int(t["wp:term_id"]), slug: text(t["wp:term_slug"]).trim(), parent: text(t["wp:term_parent"]).trim(), name: name(t["wp:term_name"]) })),
  ].filter((t) => t.slug !== "" && t.name !== "");
}

/** What reading one item needs from the whole file, and what it reports back. */
interface ImportContext {
  /** The file's site key (ImportedSite.wpSite). */
  site: string;
  siteLanguage: string;
  authors: Map<string, Author>;
  authorIds: Set<number | null>;
  /** nicename → name of WordPress's default category. */
  defaultCategory: Map<string, string>;
  defaultCategoryUsed: boolean;
  /** Ids of the file's attachments (media files): a featured image must be one. */
  attachmentIds: Set<number>;
  /** The attachments read so far. */
  attachments: ImportedAttachment[];
  /** "Now", for what has no date at all. */
  now: number;
  /** UTC ms from a `_gmt` date, else from its local twin; null when neither is readable. */
  utc: (gmt: unknown, local: unknown) => number | null;
  skipped: SkippedItem[];
  notes: ImportNote[];
  /** Comments not imported, id → parent: replies to them move up the thread. */
  skippedComments: Map<number, number | null>;
}

/** A post before assignSlugs() has given out the slugs. */
type SluglessPost = Omit<ImportedPost, "slug"> & { rawSlug: string };

/** One `<item>` as a post, or null when it is skipped (with its comments, each with the reason). */
function readItem(item: XmlObject, context: ImportContext): SluglessPost | null {
  const wpId = int(item["wp:post_id"]);
  const type = text(item["wp:post_type"]).trim() || "post";
  const status = text(item["wp:status"]).trim();
  const title = inlineText(text(item.title));
  const name = title || `#${wpId ?? "?"}`;

  const mediaFile = wpId !== null && isMediaFile(item);
  if (mediaFile) context.attachments.push(readAttachment(item, wpId, title));
  let skipReason: string | null = null;
  if (type === "attachment" && status === "trash") skipReason = "a media file in WordPress's trash: not copied";
  else if (type !== "post" && type !== "page") skipReason = SKIP_REASONS[type] ?? `items of type "${type}" are not imported`;
  else if (status === "trash") skipReason = "it is in WordPress's trash";
  else if (status === "auto-draft" || status === "inherit") skipReason = `WordPress's own "${status}" copy, not a post`;
  else if (wpId === null) skipReason = "it has no wp:post_id";
  if (skipReason !== null || wpId === null) {
    // An attachment is not a post, but not left out either: its file is copied (bundle.attachments).
    const link = text(item.link).trim();
    if (!mediaFile) context.skipped.push({ kind: status === "trash" ? "trash" : type, wpId, title: name, reason: skipReason ?? "", ...(link ? { link } : {}) });
    for (const c of list(item["wp:comment"])) {
      const id = int(c["wp:comment_id"]);
      const author = inlineText(text(c["wp:comment_author"]));
      context.skipped.push({ kind: "comment", wpId: id, title: `${author} on “${name}”`, reason: `it belongs to ${type} ${wpId ?? "?"}, which is not imported` });
      if (id !== null) context.skippedComments.set(id, int(c["wp:comment_parent"]) || null);
    }
    return null;
  }

  const note = (kind: string, message: string) => context.notes.push({ kind, wpId, title: name, message });
  if (!title) note("title", "has no title");
  const content = contentToHtml(text(item["content:encoded"]));
  if (content.unrendered.length > 0) note("unrendered", `uses ${content.unrendered.join(", ")}, which only WordPress can render: left out or left as text`);
  if (/<!--nextpage-->/.test(content.html)) note("nextpage", "is split into pages with <!--nextpage-->; here it is one page");

  let published = status === "publish" || status === "future";
  if (type === "page") {
    note("page", "a WordPress page: imported as a draft post, since this blog has no pages");
    published = false;
  } else if (text(item["wp:post_password"]) !== "") {
    if (published) note("password", "was password-protected: imported as a draft, since this blog has no passwords");
    published = false;
  } else if (status === "private") {
    note("status", "was private (only logged-in editors could read it): imported as a draft");
  } else if (status === "pending") {
    note("status", "was pending review: imported as a draft");
  } else if (!published && status !== "draft") {
    note("status", `had the status "${status}": imported as a draft`);
  }

  const meta = (key: string) => metaValue(item, key);
  const thumbnail = meta("_thumbnail_id");
  const featured = int(thumbnail);
  const featuredImage = featured !== null && context.attachmentIds.has(featured) ? featured : null;
  if (thumbnail !== undefined && text(thumbnail).trim() !== "" && featuredImage === null) {
    note("featured-image", `had a featured image (attachment ${text(thumbnail).trim()}) that is not in this export: the post has no cover`);
  }

  const creator = text(item["dc:creator"]).trim();
  const publishedAt = context.utc(item["wp:post_date_gmt"], item["wp:post_date"]) ?? context.now;
  const source = sourceOf(meta(SOURCE_META_KEY), context.site, wpId);
  return {
    wpSite: source.site,
    wpId: source.id,
    type: type === "page" ? "page" : "post",
    rawSlug: text(item["wp:post_name"]).trim(),
    title,
    lang: languageTag(text(meta(LANG_META_KEY))) ?? guessLang(`${title} ${languageText(content.html)}`, context.siteLanguage),
    html: content.html,
    excerpt: inlineText(text(item["excerpt:encoded"])),
    tags: readTags(item, context),
    status: published ? "published" : "draft",
    publishedAt,
    updatedAt: context.utc(item["wp:post_modified_gmt"], item["wp:post_modified"]) ?? publishedAt,
    commentsOpen: text(item["wp:comment_status"]).trim() === "open",
    sticky: text(item["wp:is_sticky"]).trim() === "1",
    author: context.authors.get(creator)?.name ?? creator,
    link: text(item.link).trim(),
    featuredImage,
  };
}

/** An attachment WordPress still has (not in its trash), with an id posts can name. */
function isMediaFile(item: XmlObject): boolean {
  return text(item["wp:post_type"]).trim() === "attachment" && text(item["wp:status"]).trim() !== "trash" && int(item["wp:post_id"]) !== null;
}

const UPLOADS = "wp-content/uploads/";

/** One attachment: where its file is, the other sizes WordPress made of it, and its alt text. */
function readAttachment(item: XmlObject, wpId: number, title: string): ImportedAttachment {
  const url = text(item["wp:attachment_url"]).trim() || text(item.guid).trim();
  return {
    wpId,
    title,
    url,
    file: uploadsPath(text(metaValue(item, "_wp_attached_file")).trim(), url),
    variants: sizeFiles(text(metaValue(item, "_wp_attachment_metadata"))),
    alt: text(metaValue(item, "_wp_attachment_image_alt")).trim(),
    link: text(item.link).trim(),
    parentWpId: int(item["wp:post_parent"]) || null,
  };
}

/**
 * The file's path under wp-content/uploads. WordPress stores it relative
 * (2026/11/photo.jpg), but sites from before 2.7 or moved between servers
 * may hold an absolute server path; the URL tells the rest.
 */
function uploadsPath(attached: string, url: string): string {
  const at = attached.indexOf(UPLOADS);
  if (at !== -1) return attached.slice(at + UPLOADS.length);
  if (attached !== "" && !attached.startsWith("/") && !/^[a-z]:[\\/]/i.test(attached)) return attached;
  let path = "";
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return "";
  }
  const inUploads = path.indexOf(`/${UPLOADS}`);
  return inUploads === -1 ? "" : path.slice(inUploads + UPLOADS.length + 1);
}

/** The file names in `_wp_attachment_metadata`: each size's, and the original of a scaled-down image. */
function sizeFiles(serialized: string): string[] {
  const metadata = unserializePhp(serialized);
  if (metadata === null || typeof metadata !== "object") return [];
  const names = new Set<string>();
  const sizes = metadata.sizes;
  if (sizes !== null && typeof sizes === "object") {
    for (const size of Object.values(sizes)) {
      if (size !== null && typeof size === "object" && typeof size.file === "string" && size.file !== "") names.add(size.file);
    }
  }
  if (typeof metadata.original_image === "string" && metadata.original_image !== "") names.add(metadata.original_image);
  return [...names];
}

function metaValue(item: XmlObject, key: string): unknown {
  return list(item["wp:postmeta"]).find((m) => text(m["wp:meta_key"]).trim() === key)?.["wp:meta_value"];
}

/** Categories (but the default one) and tags, by name, each once; post formats and menus are not tags. */
function readTags(item: XmlObject, context: ImportContext): string[] {
  const tags = new Map<string, string>();
  for (const category of list(item.category)) {
    const domain = attribute(category, "domain");
    if (domain === "post_format" || domain === "nav_menu") continue;
    if (domain === "category" && context.defaultCategory.has(attribute(category, "nicename"))) {
      context.defaultCategoryUsed = true;
      continue;
    }
    const tag = inlineText(text(category));
    if (tag && !tags.has(tagKey(tag))) tags.set(tagKey(tag), tag);
  }
  return [...tags.values()];
}

/** Validates, parses, and finds `<rss><channel>`; every failure names what is wrong. */
function readChannel(xml: string): XmlObject {
  // A BOM or blank lines before `<?xml` (a common plugin mishap) are dropped; line numbers still count them.
  const lead = /^\uFEFF?\s*/.exec(xml)?.[0] ?? "";
  const linesBefore = lead.split("\n").length - 1;
  let body = xml.slice(lead.length);
  if (body.trim() === "") throw new WxrError("The file is empty.");
  let valid = XMLValidator.validate(body);
  if (valid !== true && valid.err.msg.includes("'&'")) {
    // WordPress writes comment author URLs without escaping their '&' (esc_url_raw, no CDATA); no XML
    // parser accepts that, WordPress's own importer included. Escaping it, outside CDATA, is all they need.
    body = body.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)/g, (m) => (m === "&" ? "&amp;" : m));
    valid = XMLValidator.validate(body);
  }
  if (valid !== true) {
    const line = valid.err.line + linesBefore;
    throw new WxrError(`Not well-formed XML at line ${line}, column ${valid.err.col}: ${valid.err.msg}`, line, valid.err.col);
  }
  let doc: XmlObject;
  try {
    doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "@_",
      parseTagValue: false,
      htmlEntities: true,
      isArray: (name) => REPEATED.has(name),
    }).parse(body) as XmlObject;
  } catch (e) {
    throw new WxrError(`Not readable as XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  const rss = doc.rss;
  const channel = isObject(rss) ? rss.channel : undefined;
  if (!isObject(channel)) throw new WxrError("Not a WordPress export: there is no <rss><channel> in it.");
  if (!text(channel["wp:wxr_version"]).trim()) {
    throw new WxrError("Not a WordPress export: this RSS feed has no <wp:wxr_version>. Export from WordPress with Tools → Export → All content.");
  }
  return channel;
}

interface Author {
  id: number | null;
  name: string;
}

/** `wp:author` entries by login: their display names, and their user ids (to spot the authors' own comments). */
function readAuthors(channel: XmlObject): Map<string, Author> {
  const authors = new Map<string, Author>();
  for (const a of list(channel["wp:author"])) {
    const login = text(a["wp:author_login"]).trim();
    authors.set(login, { id: int(a["wp:author_id"]), name: inlineText(text(a["wp:author_display_name"])) || login });
  }
  return authors;
}

/**
 * The slug of WordPress's default category: the one it creates first, term 1
 * ("Uncategorized" in English, "כללי" in Hebrew), or one still called
 * "uncategorized". Returned as a map nicename → name.
 */
function readDefaultCategory(channel: XmlObject): Map<string, string> {
  const found = new Map<string, string>();
  const terms = [
    ...list(channel["wp:category"]).map((c) => ({ id: int(c["wp:term_id"]), slug: text(c["wp:category_nicename"]), name: text(c["wp:cat_name"]) })),
    ...list(channel["wp:term"]).filter((t) => text(t["wp:term_taxonomy"]) === "category").map((t) => ({ id: int(t["wp:term_id"]), slug: text(t["wp:term_slug"]), name: text(t["wp:term_name"]) })),
  ];
  for (const term of terms) {
    if (term.id === 1 || term.slug === "uncategorized") found.set(term.slug, inlineText(term.name));
  }
  if (found.size === 0) found.set("uncategorized", "Uncategorized");
  return found;
}

const COMMENT_STATUSES: Record<string, CommentStatus> = { "1": "approved", "0": "pending", spam: "spam", trash: "trash", "post-trashed": "trash" };

/** An item's source: what our own export recorded for it, else the file's site and the item's id in the file. */
function sourceOf(recorded: unknown, site: string, id: number): ItemSource {
  return parseSource(text(recorded)) ?? { site, id };
}

/** A comment with its id and its parent's in the file, which threading goes by until each has its source. */
type FileComment = Omit<ImportedComment, "parentWpSite" | "parentWpId"> & { fileId: number; fileParentId: number | null };

/** One `wp:comment` of an imported post, or null when it is skipped (with its reason recorded). */
function readComment(c: XmlObject, post: SluglessPost, context: ImportContext): FileComment | null {
  const wpId = int(c["wp:comment_id"]);
  const authorName = inlineText(text(c["wp:comment_author"]));
  const label = `${authorName || "anonymous"} on “${post.title || `#${post.wpId}`}”`;
  const type = text(c["wp:comment_type"]).trim() || "comment";
  const skip = (kind: string, reason: string) => {
    context.skipped.push({ kind, wpId, title: label, reason });
    if (wpId !== null) context.skippedComments.set(wpId, int(c["wp:comment_parent"]) || null);
    return null;
  };
  if (type === "pingback" || type === "trackback") return skip(type, `${type}s are not shown on this blog`);
  if (type !== "comment") return skip(type, `comments of type "${type}" are not imported`);
  if (wpId === null) return skip("comment", "it has no wp:comment_id");

  const note = (message: string) => context.notes.push({ kind: "comment", wpId, title: label, message });
  const approved = text(c["wp:comment_approved"]).trim();
  let status = COMMENT_STATUSES[approved];
  if (!status) {
    status = "pending";
    note(`had the status "${approved}": imported as pending`);
  }
  let authorUrl = text(c["wp:comment_author_url"]).trim();
  if (authorUrl && !/^https?:\/\/\S+$/i.test(authorUrl)) {
    note(`its author's website "${authorUrl}" is not an http(s) address and was left out`);
    authorUrl = "";
  }
  const userId = int(c["wp:comment_user_id"]) ?? 0;
  const recorded = list(c["wp:commentmeta"]).find((m) => text(m["wp:meta_key"]).trim() === SOURCE_META_KEY)?.["wp:meta_value"];
  const source = sourceOf(recorded, context.site, wpId);
  return {
    fileId: wpId,
    fileParentId: int(c["wp:comment_parent"]) || null,
    wpSite: source.site,
    wpId: source.id,
    postWpSite: post.wpSite,
    postWpId: post.wpId,
    authorName,
    authorEmail: text(c["wp:comment_author_email"]).trim(),
    authorUrl,
    authorIp: text(c["wp:comment_author_IP"]).trim(),
    body: commentText(text(c["wp:comment_content"])),
    status,
    createdAt: context.utc(c["wp:comment_date_gmt"], c["wp:comment_date"]) ?? context.now,
    byRegisteredUser: userId !== 0,
    isAuthor: userId !== 0 && context.authorIds.has(userId),
  };
}

/**
 * The file's comments threaded by orderReplies() (reply-order.ts): a reply
 * whose parent is not in the bundle (a pingback, spam that WordPress did not
 * export, a comment of another post) moves up to the nearest ancestor that
 * is, or to the top; every parent comes before its replies, so the admin API
 * can store them in order; a loop of replies is broken at the top. Each
 * change is noted, and each reply names its parent by the parent's source.
 */
function threadComments(comments: FileComment[], skippedParents: Map<number, number | null>, notes: ImportNote[]): ImportedComment[] {
  const placed = orderReplies({
    items: comments,
    key: (c) => String(c.fileId),
    parent: (c) => (c.fileParentId === null ? null : String(c.fileParentId)),
    post: (c) => sourceKey(c.postWpSite, c.postWpId),
    skipped: (key) => {
      const parent = skippedParents.get(Number(key));
      return parent === undefined ? undefined : parent === null ? null : String(parent);
    },
  });
  return placed.map(({ item, parent, change }) => {
    const { fileId, fileParentId: _, ...comment } = item;
    const kept = parent !== null && "item" in parent ? parent.item : null;
    if (change) {
      const now = kept === null ? "a top-level comment" : `a reply to comment ${kept.fileId}`;
      const message =
        change.reason === "loop"
          ? `replied to comment ${change.named}, which replies back to it (a loop of replies): now ${now}`
          : `replied to comment ${change.named}, which is not imported with this post: now ${now}`;
      notes.push({ kind: "comment", wpId: fileId, title: `${comment.authorName} (comment ${fileId})`, message });
    }
    return { ...comment, parentWpSite: kept?.wpSite ?? null, parentWpId: kept?.wpId ?? null };
  });
}

/**
 * Gives every post a slug that is valid here and unique in the bundle.
 * Published posts choose first, then drafts, then pages, each in file order,
 * since a post and a page may share a slug in WordPress.
 */
function assignSlugs(posts: SluglessPost[], notes: ImportNote[]): ImportedPost[] {
  const rank = (p: SluglessPost) => (p.type === "page" ? 2 : p.status === "published" ? 0 : 1);
  const order = posts.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i);
  const slugs = new Map<SluglessPost, string>();
  const taken = new Set<string>();
  for (const { p } of order) {
    const decoded = p.rawSlug ? (decodeSegment(p.rawSlug) ?? "") : "";
    let slug = decoded;
    if (!isValidSlug(slug)) slug = slugify(decoded || p.title);
    if (!isValidSlug(slug) && slug !== "") slug = slugify(`${slug}-${p.wpId}`);
    if (!isValidSlug(slug)) slug = `wp-${p.wpId}`;
    const base = slug;
    for (let n = 2; taken.has(slug.toLowerCase()); n++) slug = `${base.slice(0, MAX_SLUG_LENGTH - String(n).length - 1)}-${n}`;
    taken.add(slug.toLowerCase());
    slugs.set(p, slug);
    if (decoded && slug !== decoded) {
      notes.push({ kind: "slug", wpId: p.wpId, title: p.title, message: `its address “${decoded}” ${isValidSlug(decoded) ? "is taken by another post" : "cannot be used here"}: now “${slug}”` });
    }
  }
  return posts.map((post) => {
    const { rawSlug: _, ...rest } = post;
    return { ...rest, slug: slugs.get(post) ?? `wp-${post.wpId}` };
  });
}

/** A language tag as our own export writes it, or null. */
function languageTag(value: string): string | null {
  const tag = value.trim();
  return /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(tag) ? tag : null;
}

/** The words that show a post's language: no code, no URLs, no markup. */
function languageText(html: string): string {
  return inlineText(html.replace(/<(pre|code)\b[\s\S]*?<\/\1>/gi, " ")).replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, " ");
}

function isObject(value: unknown): value is XmlObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An element's text: CDATA and text alike, "" when missing. */
function text(node: unknown): string {
  if (typeof node === "string") return node;
  if (typeof node === "number" || typeof node === "boolean") return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (isObject(node)) return text(node["#text"]);
  return "";
}

function int(node: unknown): number | null {
  const t = text(node).trim();
  return /^\d{1,15}$/.test(t) ? Number(t) : null;
}

function attribute(node: unknown, name: string): string {
  return isObject(node) ? text(node[`@_${name}`]) : "";
}

function list(node: unknown): XmlObject[] {
  if (Array.isArray(node)) return node.filter(isObject);
  return isObject(node) ? [node] : [];
}
