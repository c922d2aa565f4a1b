/**
 * Archives and neighbours (issue 14): what the month pages, the archive page
 * and the post page's previous/next links read from KV, and the small pure
 * helpers the writers use (a post's month in the blog's time zone, its
 * reading time).
 *
 * - A month is a list like a tag (lists.ts: `list:h:month:2026-10`, chunks
 *   `list:<k>:month:2026-10`), named " m:2026-10" in D1: every listed post
 *   is in the month of its date in TIME_ZONE (placeOf in list-build.ts).
 * - `archive:months` (ArchiveMonths): every month with its count, newest
 *   first; rewritten from D1 by rebuildLists whenever a post joined or left a
 *   month list, never patched. The archive and year pages read it alone.
 * - `nav:<slug>` (PostNav): the older and newer post next to this one in the
 *   blog's list; rebuildLists writes it for the positions a change moved
 *   (a new post: itself and the one before it). The post page reads it next
 *   to its comment page: one small key more.
 */
import { readJsonMemo } from "./kv-memo";

export const ARCHIVE_KEY = "archive:months";
export const navKey = (slug: string) => `nav:${slug}`;

/** `archive:months`: [month "YYYY-MM", posts] newest first. */
export interface ArchiveMonths {
  builtAt: number;
  months: [string, number][];
}

/** A neighbour as the post page links to it, in its own language and direction. */
export interface NavPost {
  slug: string;
  title: string;
  lang: string;
  dir: "ltr" | "rtl";
}

/** `nav:<slug>`: the post before it (older) and after it (newer) in the blog's list. */
export interface PostNav {
  builtAt: number;
  prev: NavPost | null;
  next: NavPost | null;
}

export function readArchive(kv: KVNamespace): Promise<ArchiveMonths | null> {
  return readJsonMemo<ArchiveMonths>(kv, ARCHIVE_KEY);
}

export function readNav(kv: KVNamespace, slug: string): Promise<PostNav | null> {
  return readJsonMemo<PostNav>(kv, navKey(slug));
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();

function monthFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const zone = timeZone?.trim() || "UTC";
  let format = monthFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "2-digit", timeZone: zone });
    } catch {
      // The config refuses a bad zone; a writer given none (a script, a test) counts in UTC.
      format = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "2-digit", timeZone: "UTC" });
    }
    monthFormats.set(zone, format);
  }
  return format;
}

/** "2026-10": the month of a time in the blog's time zone (UTC when none is given). */
export function monthOf(ms: number, timeZone?: string): string {
  const parts = monthFormat(timeZone).formatToParts(ms);
  const year = parts.find((p) => p.type === "year")!.value;
  const month = parts.find((p) => p.type === "month")!.value;
  return `${year.padStart(4, "0")}-${month}`;
}

/** A month's name in a language ("October", "אוקטובר"). */
export function monthName(month: number, lang: string): string {
  return new Intl.DateTimeFormat(lang, { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, month - 1, 15));
}

/** Reading time in minutes: the words of the text (split on whitespace, any script) at 200 a minute, at least 1. */
export function readingMinutes(html: string): number {
  const text = html.replace(/<[^>]*>/g, " ").replace(/&[a-z0-9#]+;/gi, " ");
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return Math.max(1, Math.round(words / 200));
}
