/**
 * Atom 1.0 (RFC 4287) documents: the blog's feed and, later, a post's comment
 * feed. Every URL is absolute; every entry carries its own xml:lang.
 */
import { escapeXml as x, isoDate } from "./xml";

export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  lang: string;
  published: number;
  updated: number;
  /** Plain text summary. */
  summary?: string;
  /** HTML content, escaped into the document as type="html". */
  contentHtml?: string;
  authorName?: string;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  lang: string;
  selfUrl: string;
  siteUrl: string;
  authorName: string;
  updated: number;
  entries: AtomEntry[];
}

export function renderAtom(feed: AtomFeed): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(feed.lang)}">`,
    `<id>${x(feed.id)}</id>`,
    `<title type="text">${x(feed.title)}</title>`,
  ];
  if (feed.subtitle) out.push(`<subtitle type="text">${x(feed.subtitle)}</subtitle>`);
  out.push(
    `<link rel="alternate" type="text/html" href="${x(feed.siteUrl)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${x(feed.selfUrl)}"/>`,
    `<updated>${isoDate(feed.updated)}</updated>`,
    `<author><name>${x(feed.authorName)}</name></author>`,
    `<generator uri="https://github.com/edgepress/edgepress">edgepress</generator>`,
  );
  for (const entry of feed.entries) {
    out.push(
      `<entry xml:lang="${x(entry.lang)}">`,
      `<id>${x(entry.id)}</id>`,
      `<title type="text">${x(entry.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${x(entry.url)}"/>`,
      `<published>${isoDate(entry.published)}</published>`,
      `<updated>${isoDate(entry.updated)}</updated>`,
    );
    if (entry.authorName) out.push(`<author><name>${x(entry.authorName)}</name></author>`);
    for (const term of entry.categories ?? []) out.push(`<category term="${x(term)}"/>`);
    if (entry.summary) out.push(`<summary type="text">${x(entry.summary)}</summary>`);
    if (entry.contentHtml) out.push(`<content type="html">${x(entry.contentHtml)}</content>`);
    out.push("</entry>");
  }
  out.push("</feed>");
  return out.join("\n");
}
