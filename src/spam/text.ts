/**
 * Text as the spam scorer reads it: the normalized form, the links in it and
 * their hosts, and the letter case. Both the rule signals (signals.ts) and
 * the tokenizer (tokens.ts) start from here.
 *
 * Unicode first: commenters write Hebrew, Arabic, Russian and emoji, and
 * spammers hide words behind look-alike letters (𝐜𝐚𝐬𝐢𝐧𝐨, ｃａｓｉｎｏ),
 * invisible characters and bidi controls. So text is NFKC-folded, stripped
 * of invisible and bidi characters and of optional vowel marks (Hebrew
 * niqqud and cantillation, Arabic tashkeel), then lower-cased. The same
 * input always gives the same result.
 */

/** Only the start of a field is read, so a huge comment costs no more than a long one. */
export const MAX_SCANNED_CHARS = 10_000;

// LRM/RLM, embeddings and overrides, isolates, Arabic letter mark: they change
// how text is displayed, never what it says, and can reverse a word on screen.
const BIDI_CONTROLS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
// Soft hyphen, zero-width space, word joiner, BOM, Mongolian vowel separator:
// invisible, and used to split a word so a filter misses it. (ZWJ and ZWNJ stay:
// emoji sequences and Persian spelling need them.)
const INVISIBLES = /[\u00AD\u200B\u2060\uFEFF\u180E]/g;
// Hebrew points and cantillation (U+0591–U+05C7 minus the punctuation in that
// block: maqaf, paseq, sof pasuq, nun hafukha), Arabic tashkeel and tatweel.
// Most Hebrew is written without them, so "שָׁלוֹם" and "שלום" must be one word.
const OPTIONAL_MARKS = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7\u064B-\u065F\u0670\u0640]/g;

/** The text as the scorer compares it: folded, invisible characters gone, lower case. */
export function normalizeText(text: string): string {
  return foldText(text).toLowerCase();
}

/** normalizeText without lower-casing, for signals that need the case (shouting). */
export function foldText(text: string): string {
  return text.slice(0, MAX_SCANNED_CHARS).normalize("NFKC").replace(BIDI_CONTROLS, "").replace(INVISIBLES, "").replace(OPTIONAL_MARKS, "");
}

// Domain endings common enough in comment spam to count a bare "name.tld" as a
// link even without "www." or a path. Other endings count only with a path
// ("example.fun/offer"), so "e.g.", "node.js" and "file.txt" are not links.
const LINK_TLDS =
  "com|net|org|info|biz|io|co|me|ru|su|uk|de|fr|es|it|nl|pl|cn|jp|br|in|us|eu|il|ua|tv|cc|ws|ly|gl|tk|ml|ga|cf|gq|pw|xyz|top|club|online|site|shop|store|win|bid|loan|click|link|live|app|icu|vip|fun|buzz|pro|cam|casino|bet|porn|sex";
const URL_CHARS = String.raw`[^\s<>"'()\[\]{}]`;
// Bare domains are matched in ASCII only (a scheme or "www." catches any
// script): without the u flag the pattern runs an order of magnitude faster.
// Every repetition is bounded, so text like "a.a.a.a…" cannot make the
// engine backtrack quadratically.
const LINK = new RegExp(
  String.raw`(?:https?:\/\/|www\.)${URL_CHARS}+` +
    String.raw`|\b(?:[a-z0-9][a-z0-9-]{0,62}\.){1,8}(?:(?:${LINK_TLDS})\b(?![.-]?[a-z0-9])(?:\/${URL_CHARS}*)?|[a-z]{2,24}\/${URL_CHARS}*)`,
  "g",
);
// Only the "@domain" part is matched (and removed), so the scan starts at "@"
// and stays cheap; what matters is that the domain of an address is not a link.
export const EMAIL_DOMAIN_SOURCE = String.raw`@(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}`;
const EMAIL_DOMAIN = new RegExp(EMAIL_DOMAIN_SOURCE, "g");
const HOST_OF = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?([^/?#:\s]+)/u;
const TRAILING_PUNCTUATION = /[.,;:!?'"…]+$/u;

/** A link found in (normalized) text, with its host as the model and reputation see it. */
export interface Link {
  url: string;
  host: string;
}

/** The host a link points at: lower case, without "www." or a trailing dot; "" if none. */
export function hostOf(url: string): string {
  const match = HOST_OF.exec(url.trim().toLowerCase());
  return (match?.[1] ?? "").replace(/\.+$/, "").replace(/^www\./, "");
}

const withoutEmails = (text: string) => (text.includes("@") ? text.replace(EMAIL_DOMAIN, " ") : text);

/** Links read per text: more say nothing new, and each costs CPU. */
export const MAX_LINKS = 20;

/** The links (at most MAX_LINKS) in text that normalizeText() has already seen; an email address is not a link. */
export function findLinks(normalized: string): Link[] {
  const links: Link[] = [];
  for (const match of withoutEmails(normalized).matchAll(LINK)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, "");
    const host = hostOf(url);
    if (host.includes(".")) links.push({ url, host });
    if (links.length >= MAX_LINKS) break;
  }
  return links;
}

/** A field read once: folded (case kept), normalized, and its links. */
export interface ScannedText {
  folded: string;
  normalized: string;
  links: Link[];
  /** The normalized text without its links and email domains: where words come from. */
  prose: string;
}

// The scorer and the tokenizer both read the body; remembering the last
// text read saves the second pass without any cache to manage.
let lastText: string | undefined;
let lastScan: ScannedText | undefined;

export function scanText(text: string): ScannedText {
  if (text === lastText && lastScan) return lastScan;
  const folded = foldText(text);
  const normalized = folded.toLowerCase();
  const links = findLinks(normalized);
  const prose = links.length > 0 ? withoutEmails(normalized).replace(LINK, " ") : normalized;
  lastText = text;
  lastScan = { folded, normalized, links, prose };
  return lastScan;
}

/** The distinct hosts a comment links to, from its text and its website field. */
export function linkHosts(input: { body: string; url?: string | null }): string[] {
  const hosts = new Set(scanText(input.body).links.map((link) => link.host));
  const site = input.url ? hostOf(normalizeText(input.url)) : "";
  if (site.includes(".")) hosts.add(site);
  return [...hosts];
}

const NOT_CASED = /[^\p{Lu}\p{Ll}]+/gu;
const NOT_UPPER = /[^\p{Lu}]+/gu;

/** Shouting and other text shapes show from the start; reading further only costs CPU. */
export const SHAPE_SAMPLE_CHARS = 2_000;

/** How many letters (of the start) have case, and how many of those are capitals (Hebrew and Arabic have none). */
export function letterCase(folded: string): { cased: number; upper: number } {
  const sample = folded.slice(0, SHAPE_SAMPLE_CHARS);
  const lower = sample.toLowerCase();
  const upperCase = sample.toUpperCase();
  // A few letters change length with case (ß → SS); then positions no longer line up.
  if (lower.length !== sample.length || upperCase.length !== sample.length) {
    return { cased: sample.replace(NOT_CASED, "").length, upper: sample.replace(NOT_UPPER, "").length };
  }
  // Comparing the three spellings code unit by code unit is much cheaper than a Unicode regex.
  let cased = 0;
  let upper = 0;
  for (let i = 0; i < sample.length; i++) {
    if (lower.charCodeAt(i) !== upperCase.charCodeAt(i)) {
      cased++;
      if (sample.charCodeAt(i) !== lower.charCodeAt(i)) upper++;
    }
  }
  return { cased, upper };
}


const NOT_WORDS = /[^\p{L}\p{N}\p{Extended_Pictographic}]+/gu;

/**
 * The text two comments share when one is a copy of the other: normalized,
 * with punctuation and spacing ignored. The job can store or hash it to
 * count duplicates (ScoringContext.duplicateCount).
 */
export function duplicateKey(body: string): string {
  return normalizeText(body).replace(NOT_WORDS, " ").trim();
}
