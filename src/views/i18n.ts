/**
 * Interface strings in English and Hebrew, text direction, and dates.
 *
 * Pages pick the table by the post's language (a post page) or the blog's
 * (index, tags, errors). Languages without a table fall back to English but
 * keep their own `lang` and `dir`, so an Arabic post still reads right to left.
 */

export type Locale = "en" | "he";

export const RTL_LANGUAGES = new Set(["he", "iw", "ar", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku", "ckb"]);

/**
 * A BCP 47 tag the runtime's Intl accepts (so dates can be formatted in it):
 * "en", "he", "pt-BR"; not "en-12" or "english".
 */
export function isLanguageTag(lang: string): boolean {
  if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/.test(lang)) return false;
  try {
    Intl.getCanonicalLocales(lang);
    new Intl.DateTimeFormat(lang);
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone the runtime's Intl knows: "Asia/Jerusalem", "UTC"; not "Mars/Olympus". */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function dirOf(lang: string): "ltr" | "rtl" {
  return RTL_LANGUAGES.has(baseLanguage(lang)) ? "rtl" : "ltr";
}

function baseLanguage(lang: string): string {
  return lang.toLowerCase().split(/[-_]/)[0] ?? "";
}

export function localeOf(lang: string): Locale {
  const base = baseLanguage(lang);
  return base === "he" || base === "iw" ? "he" : "en";
}

const en = {
  home: "Home",
  tags: "Tags",
  olderPosts: "Older posts",
  newerPosts: "Newer posts",
  by: "by",
  published: "Published",
  updated: "Updated",
  aboutAuthor: "About the author",
  readMore: "Continue reading",
  feed: "Feed",
  postsTagged: "Posts tagged",
  noPosts: "Nothing here yet.",
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  commentCount: (n: number) => (n === 1 ? "1 comment" : `${n} comments`),
  commentsTitle: "Comments",
  notFoundTitle: "Page not found",
  notFoundBody: "There is no page at this address. It may have moved, or the link may be mistyped.",
  backHome: "Back to the front page",
  skipToContent: "Skip to content",
  siteNav: "Site",
  search: "Search",
  searchLabel: "Search the blog",
  searchResultsFor: "Search results for",
  resultCount: (n: number) => (n === 1 ? "1 post found" : `${n} posts found`),
  noResults: "No post matches these words. Try fewer words, or another spelling.",
  queryTooLong: (max: number) => `A search can be at most ${max} characters long. Shorten it and try again.`,
  previousResults: "Previous results",
  moreResults: "More results",
  archive: "Archive",
  postsFromMonth: (month: string, year: string) => `Posts from ${month} ${year}`,
  postsFromYear: (year: string) => `Posts from ${year}`,
  postCount: (n: number) => (n === 1 ? "1 post" : `${n} posts`),
  morePosts: "More posts",
  previousPost: "Previous post",
  nextPost: "Next post",
  readingTime: (minutes: number) => `${minutes} min read`,
};

export type Messages = typeof en;

const he: Messages = {
  home: "דף הבית",
  tags: "תגיות",
  olderPosts: "רשומות קודמות",
  newerPosts: "רשומות חדשות יותר",
  by: "מאת",
  published: "פורסם",
  updated: "עודכן",
  aboutAuthor: "על הכותבת",
  readMore: "להמשך קריאה",
  feed: "פיד",
  postsTagged: "רשומות עם התגית",
  noPosts: "אין כאן עדיין כלום.",
  pageOf: (page, pages) => `עמוד ${page} מתוך ${pages}`,
  commentCount: (n) => (n === 1 ? "תגובה אחת" : `${n} תגובות`),
  commentsTitle: "תגובות",
  notFoundTitle: "הדף לא נמצא",
  notFoundBody: "אין דף בכתובת הזאת. ייתכן שהוא עבר, או שהקישור שגוי.",
  backHome: "חזרה לדף הראשי",
  skipToContent: "דילוג לתוכן",
  siteNav: "ניווט באתר",
  search: "חיפוש",
  searchLabel: "חיפוש בבלוג",
  searchResultsFor: "תוצאות החיפוש",
  resultCount: (n) => (n === 1 ? "נמצאה רשומה אחת" : `נמצאו ${n} רשומות`),
  noResults: "אין רשומה שמתאימה למילים האלה. כדאי לנסות פחות מילים, או כתיב אחר.",
  queryTooLong: (max) => `חיפוש יכול להכיל ${max} תווים לכל היותר. יש לקצר אותו ולנסות שוב.`,
  previousResults: "התוצאות הקודמות",
  moreResults: "תוצאות נוספות",
  archive: "ארכיון",
  // The preposition מ joins the month's name: "מאוקטובר" (a maqaf before a name in another script).
  postsFromMonth: (month, year) => `רשומות מ${nameJoint("he", month)}${month} ${year}`,
  postsFromYear: (year) => `רשומות משנת ${year}`,
  postCount: (n) => (n === 1 ? "רשומה אחת" : `${n} רשומות`),
  morePosts: "רשומות נוספות",
  previousPost: "הרשומה הקודמת",
  nextPost: "הרשומה הבאה",
  readingTime: (minutes) => (minutes === 1 ? "דקת קריאה אחת" : `${minutes} דקות קריאה`),
};

const tables: Record<Locale, Messages> = { en, he };

/**
 * What comes between a message that ends in a one-letter Hebrew preposition
 * (ל, ב, מ…) and the name it governs: nothing before a Hebrew word
 * ("תגובה לרון"), a maqaf before anything else ("תגובה ל־Ron"), as Hebrew is
 * written. In other languages, a space.
 */
export function nameJoint(lang: string, name: string): string {
  if (localeOf(lang) !== "he") return " ";
  return /^[\u05D0-\u05EA]/.test(name.trim()) ? "" : "\u05BE";
}

export function messagesFor(lang: string): Messages {
  return tables[localeOf(lang)];
}

/**
 * The blog's time zone as a writer's stores give it, when Intl knows it:
 * what dates rendered ahead of time are formatted in. The Worker's config
 * refuses any other; a script may pass none, or anything.
 */
export function zoneOf(timeZone: string | undefined): string | undefined {
  const zone = timeZone?.trim();
  return zone && isTimeZone(zone) ? zone : undefined;
}

// Intl formatters are costly to build and immutable: keep one per (locale, zone).
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "November 26, 2026" / "26 בנובמבר 2026", in the blog's time zone. */
export function formatDate(ms: number, lang: string, timeZone: string): string {
  const key = `${lang}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    // The post's own language tag picks the format, so an Arabic or German post gets its own.
    format = new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone });
    dateFormats.set(key, format);
  }
  return format.format(ms);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "09:12", 24-hour, in the blog's time zone (the author's pages are in English). */
export function formatTime(ms: number, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) timeFormats.set(timeZone, (format = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone })));
  return format.format(ms);
}
