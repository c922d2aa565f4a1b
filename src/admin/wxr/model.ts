/**
 * The shapes of a WordPress move: what parseWxr() finds in a WXR export (the
 * file WordPress writes under Tools → Export → All content), and what
 * exportWxr() needs to write one that WordPress's importer reads.
 *
 * Ids on the import side are the items' sources: the site each came from
 * (`wpSite`, see source.ts) and its id there (`wpId`); the admin API keeps
 * the pair in the `wp_site` + `wp_id` columns, so a second import of the same
 * file changes nothing and another site's comment 12 is another comment.
 */
import type { CommentStatus } from "../../comments/model";
import type { ItemSource } from "./source";
import type { OldAddress } from "./old-addresses";

/**
 * The post meta key under which an export keeps each post's language, which
 * WXR has no field for; the leading '_' hides it from WordPress's custom
 * fields box. The parser prefers it to guessing.
 */
export const LANG_META_KEY = "_edgepress_lang";

export interface ImportBundle {
  site: ImportedSite;
  /** Posts and pages, each with a slug that is valid here and unique in the bundle. */
  posts: ImportedPost[];
  /** Every comment of an imported post, ordered so a parent always comes before its replies. */
  comments: ImportedComment[];
  /** WordPress's media files (attachment items): the CLI copies them into the media library. */
  attachments: ImportedAttachment[];
  /** Items and comments left out, each with the reason. */
  skipped: SkippedItem[];
  /** Things imported differently from how WordPress had them (a page as a draft, a renamed slug…). */
  notes: ImportNote[];
  /**
   * The old site's addresses (items' links, `?p=123`, tags and categories) and what answers each here:
   * sent after the posts (/api/admin/import/addresses), so the old addresses redirect (src/redirects/).
   */
  addresses: OldAddress[];
}

export interface ImportedSite {
  title: string;
  link: string;
  description: string;
  /** The channel's language as a primary subtag: `he` for WordPress's `he-IL`; `en` when missing. */
  language: string;
  /**
   * What the file's posts and comments are keyed by (normalizeSite): the
   * blog's address (wp:base_blog_url, else <link>, else wp:base_site_url),
   * or UNNAMED_SITE. Not wp:base_site_url first: in a WordPress network that
   * is the network's address, the same for every blog in it, and each blog
   * numbers its posts and comments on its own.
   */
  wpSite: string;
}

export interface ImportedPost {
  /** The site it came from: the file's, or the one our own export recorded for it (SOURCE_META_KEY). */
  wpSite: string;
  /** Its id there. */
  wpId: number;
  /** Pages are imported as draft posts: the blog has no pages. */
  type: "post" | "page";
  /** Percent-decoded, NFC. A draft without one gets one from its title. */
  slug: string;
  /** Plain text: WordPress titles may hold entities and inline tags. */
  title: string;
  /** Guessed from the post's letters, falling back to the site's language. */
  lang: string;
  /**
   * Paragraphs made the way WordPress displays them (autop for classic
   * content, block delimiters dropped), `<!--more-->` kept. NOT sanitized:
   * run sanitizePostHtml() before storing it.
   */
  html: string;
  /** WordPress's hand-written excerpt as plain text, or "" when it had none. */
  excerpt: string;
  /** Categories (except WordPress's default one) and tags, by display name, without duplicates. */
  tags: string[];
  /** publish and future → published; draft, pending, private, password-protected and pages → draft. */
  status: "published" | "draft";
  /** UTC ms; in the future for a scheduled post. */
  publishedAt: number;
  updatedAt: number;
  commentsOpen: boolean;
  sticky: boolean;
  /** The writer's display name (WordPress sites may have several). */
  author: string;
  /** The post's address on the old site, for redirects. */
  link: string;
  /** Its featured image (`_thumbnail_id`): the id of an attachment of the file, or null. */
  featuredImage: number | null;
}

/** A WordPress attachment: one uploaded file, as the export describes it (the file itself is not in the export). */
export interface ImportedAttachment {
  /** Its id in the file (posts' `_thumbnail_id` names it). */
  wpId: number;
  title: string;
  /** `wp:attachment_url`: where the old site serves the file. */
  url: string;
  /** Its path under wp-content/uploads (`_wp_attached_file`, e.g. 2026/11/photo.jpg): where a copy of that folder has it. "" when unknown. */
  file: string;
  /**
   * The other files WordPress made of it, by name, in the same folder: its
   * smaller sizes (`photo-300x200.jpg`) and, for an image WordPress scaled
   * down, the original it kept (`_wp_attachment_metadata`).
   */
  variants: string[];
  /** `_wp_attachment_image_alt`. */
  alt: string;
  /** The attachment page on the old site (`<link>`), which posts may link to. */
  link: string;
  /** The post it was uploaded to (`wp:post_parent`), or null. */
  parentWpId: number | null;
}

export interface ImportedComment {
  /** The site it came from and its id there, like ImportedPost's. */
  wpSite: string;
  wpId: number;
  /** Its post's source. */
  postWpSite: string;
  postWpId: number;
  /** Its parent's source: null for a top-level comment, and for a reply whose parent is not in the bundle (noted). */
  parentWpSite: string | null;
  parentWpId: number | null;
  authorName: string;
  authorEmail: string;
  /** http(s) only; "" otherwise. */
  authorUrl: string;
  /** As WordPress recorded it (IPv4 or IPv6), "" when missing. Hash it before storing. */
  authorIp: string;
  /** Plain text: links as their text followed by the URL, paragraphs separated by a blank line. */
  body: string;
  status: CommentStatus;
  createdAt: number;
  /** Written while logged in to WordPress (comment_user_id ≠ 0). */
  byRegisteredUser: boolean;
  /** Written by one of the site's authors (a `wp:author` of the export). */
  isAuthor: boolean;
}

export interface SkippedItem {
  /** attachment, nav_menu_item, pingback, trackback, comment, trash… */
  kind: string;
  wpId: number | null;
  title: string;
  reason: string;
  /** An item's address on the old site (`<link>`), when it had one: it answers 410 here. */
  link?: string;
}

export interface ImportNote {
  /** page, status, slug, comment, category, featured-image, unrendered… */
  kind: string;
  wpId: number | null;
  title: string;
  message: string;
}

/** What exportWxr() writes about the blog itself. */
export interface ExportSite {
  title: string;
  /** The blog's absolute URL (BASE_URL), no trailing slash needed. */
  link: string;
  description?: string;
  /** The blog's language, e.g. `he` or `en-US`. */
  language: string;
  /** IANA zone for WordPress's local dates (`wp:post_date`); UTC when missing. */
  timeZone?: string;
  author: {
    /** WordPress user name; ASCII letters, digits and `_.-@`. Default `author`. */
    login?: string;
    displayName: string;
    email: string;
  };
}

export interface ExportPost {
  /** A number unique in the file: WordPress needs one per item (`wp:post_id`), and comments point at it. */
  id: number;
  /** Where the post first came from (written as SOURCE_META_KEY); without it, the file's site and `id`. */
  source?: ItemSource;
  slug: string;
  title: string;
  lang: string;
  html: string;
  excerpt: string;
  tags: string[];
  status: "published" | "draft";
  publishedAt: number;
  updatedAt: number;
  commentsOpen: boolean;
  /** Its cover: the key of a library file (exported as `_thumbnail_id`, WordPress's featured image), or null. */
  cover?: string | null;
  /** When it went to the posts' trash (UTC ms): written with WordPress's status `trash`, which importers leave off the blog. */
  trashedAt?: number | null;
}

/** A library file, written as a WordPress attachment item. */
export interface ExportAttachment {
  /** Its media key (`<hash>.<ext>`): also its file name in `export --media <dir>`. */
  key: string;
  /** Its absolute URL on this blog: what WordPress's importer downloads. */
  url: string;
  alt: string;
  /** The name it was uploaded as. */
  name: string;
  width: number;
  height: number;
  bytes: number;
  createdAt: number;
  /** Slugs of the posts that use it: the first exported one is its parent post. */
  usedBy: string[];
}

export interface ExportComment {
  /** A number unique in the file; replies point at it. */
  id: number;
  /** Where the comment first came from (written as SOURCE_META_KEY); without it, the file's site and `id`. */
  source?: ItemSource;
  /** The `id` of its ExportPost. */
  postId: number;
  parentId: number | null;
  authorName: string;
  /** Decrypted; "" or null when the commenter gave none. */
  authorEmail: string | null;
  authorUrl: string | null;
  /** Only if known; the blog keeps a hash, not the address. */
  authorIp?: string | null;
  /** Plain text, as stored. */
  body: string;
  /** All four statuses are written, spam and trash included (WordPress's own export leaves spam out). */
  status: CommentStatus;
  createdAt: number;
  /** Written by the blog's author: exported as the WordPress user of `site.author`. */
  isAuthor: boolean;
}

export interface ExportInput {
  site: ExportSite;
  posts: ExportPost[];
  comments: ExportComment[];
  attachments?: ExportAttachment[];
}
