/**
 * The named evidence the scorer adds up, SpamAssassin style: each signal has
 * points and a reason a person can read in the digest ("3 links", "name
 * contains a URL"). Positive points mean spam-like, negative ham-like.
 *
 * What is deliberately not here: any penalty for a language or a script.
 * Readers write Hebrew, Arabic, Russian and emoji; the learned model may pick
 * up on words in any language, but no rule punishes an alphabet. Likewise the
 * case- and text-shape rules only count letters that have case, and count
 * emoji as text. The phrase families below are written in English and Hebrew
 * alike, and match what a sentence asks the reader to do, not how it is spelt.
 *
 * Phrase families (patterns in phrases.ts). Each is a kind of request or
 * offer that a comment *replying to a post* has no reason to make, and that
 * spam of every kind makes: they are the kinds of rules mail and comment
 * filters have long used (SpamAssassin's body rules are the model), plus the
 * fine print of bulk marketing, not phrases collected from a data set. None
 * names a brand, a person, a song or a site; hosts are judged by the learned
 * model and the author's decisions, except for public URL shorteners.
 *   SELF_PROMOTION (2.5)  "check out my channel", "subscribe to me", "sub4sub",
 *                         "help me reach 100 subscribers", "הירשמו לערוץ שלי":
 *                         the commenter advertises their own channel, site or
 *                         music. A reply talks about the post, not its writer's page.
 *   ENGAGEMENT_BAIT (2.5) "like this comment", "give it a like", "תנו לייק":
 *                         asks for engagement with the comment itself (like
 *                         farming), which says nothing about the post.
 *   MONEY_MAKING (2)      "earn $300 per day", "make money online", "passive
 *                         income", "הרוויחו", "כסף מהיר": work-from-home and
 *                         get-rich offers.
 *   PRIZE_CLAIM (2)       "you have won", "claim your prize", "free iPhone",
 *                         "סיבובים חינם": the prize-draw announcement.
 *   ADULT_CONTENT (2)     "hot singles", "xxx videos", "נערות ליווי".
 *   BULK_FINE_PRINT (2)   "reply STOP", "to opt out", "T&Cs apply", "150p/msg",
 *                         "להסרה": the legal small print of bulk marketing; a
 *                         person writing to a blog never adds it.
 *   CONTACT_NUMBER (2)    a phone number, a short code ("text WIN to 80086"),
 *                         "חייגו": moves the conversation off the blog.
 *   KEYWORD_REPLY (1.5)   "txt HORO", "reply with SING": a keyword in capitals
 *                         for a machine to read ("שלחו את המילה").
 *   CALL_TO_ACTION (1)    "check it out", "click here", "subscribe", "sign up
 *                         now", "לחצו כאן": imperatives of advertising, but
 *                         also of friendly advice, hence the lower points.
 *   SPAM_PRODUCT (1)      the products spam has always sold: "viagra", "online
 *                         casino", "payday loans", "SEO services", "backlinks".
 *   PLEA (1)              "please subscribe", "vote for me", "donate to",
 *                         "תרמו": asks the reader to act for the commenter.
 *   MONEY_TOPIC (0.5)     "casino", "loans", "bitcoin", "קזינו", "הלוואה" alone:
 *                         also everyday words, so only a hint.
 *   URGENCY (0.5)         "act now", "limited time", "רק היום".
 *   PRICE (0.5)           an amount of money: common in offers, common in life.
 * Points are set by how rarely the phrase appears in a legitimate reply: a
 * family alone never reaches the default spam threshold (3). Every family
 * that fires is also a `signal:` token of the learned model (tokens.ts), so
 * on a given blog the author's decisions decide how much it is really worth.
 */
import { probability, modelIsReady, type BayesModel } from "./bayes";
import { SHORTENER_HOSTS, isReferralLink, matchPhrases } from "./phrases";
import { MAX_LINKS, SHAPE_SAMPLE_CHARS, findLinks, hostOf, letterCase, linkHosts, normalizeText, scanText, type ScannedText } from "./text";

/** One piece of evidence about a comment. */
export interface Signal {
  /** Stable upper-case name, e.g. LINKS or BAYES_99. */
  name: string;
  points: number;
  reason: string;
}

/** The comment as the scorer sees it. */
export interface ScoringInput {
  name: string;
  email: string | null;
  url: string | null;
  body: string;
  /** Time between the form being rendered and submitted; null when unknown. */
  formAgeMs: number | null;
}

/** What the store knows about the comment's surroundings (the scheduled job looks these up). */
export interface ScoringContext {
  /** Earlier comments from the same client-address hash that were marked spam. */
  ipSpamCount: number;
  /** Earlier comments from the same email hash that were marked spam. */
  emailSpamCount: number;
  /** Hosts that earlier spam linked to (see spamHostsIn() in score.ts for one way to get them). */
  spamHosts: readonly string[];
  /** This commenter (email hash) had a comment approved before. */
  approvedBefore: boolean;
  /** Other comments, on any post, whose normalized text is the same (see duplicateKey()). */
  duplicateCount: number;
}

/**
 * Points per signal. Alone, no rule signal but five or more links (3) reaches
 * the default spam threshold (3); otherwise only the author's disallowed words
 * and a confident learned model do.
 * (The phrase families carry their own points, in phrases.ts; see above.)
 */
export const SIGNAL_WEIGHTS = {
  /** By number of links in the text: 0, 1, 2, 3, 4, 5 or more. */
  links: [0, 0.3, 1, 2, 2.5, 3],
  linkOnly: 2,
  nameHasUrl: 2.5,
  linkMarkup: 2,
  /** A disallowed word sends the comment to spam whatever else it has (see score.ts). */
  disallowedWord: 10,
  /** A moderation word always holds the comment for the author (see score.ts); these are its own points. */
  moderationWord: 1,
  /** Per earlier spam from the same address, up to ipSpamMax. */
  ipSpam: 1,
  ipSpamMax: 3,
  /** Per earlier spam from the same email, up to emailSpamMax. */
  emailSpam: 2,
  emailSpamMax: 4,
  spamHost: 2,
  approvedBefore: -1.5,
  /** By number of other comments with the same text: 1, 2, 3 or more. */
  duplicates: [0, 1, 1.5, 2.5],
  fastForm: 2.5,
  fastLongForm: 1,
  repeatedCharacters: 0.5,
  shouting: 0.7,
  mostlyNonText: 1,
  /** A link through a URL shortener: the reader cannot see where it goes. */
  shortenedLink: 1,
  /** A link with a referral or affiliate code: the link pays whoever posted it (but "?ref=" also names a git branch, hence not more). */
  referralLink: 1,
} as const;

/** Faster than this, no person read the post and typed a comment. */
export const FAST_FORM_MS = 3_000;
/** Faster than this, a person can write a short note but not a long text. */
export const FAST_LONG_FORM_MS = 8_000;
export const LONG_TEXT_CHARS = 300;
/**
 * Short texts ("thanks!", "+1", a quoted lyric) are legitimately repeated. A
 * copy counts from one other comment for texts of MIN_DUPLICATE_CHARS, and
 * from SHORT_DUPLICATE_COUNT others for texts of MIN_SHORT_DUPLICATE_CHARS.
 */
export const MIN_DUPLICATE_CHARS = 40;
export const MIN_SHORT_DUPLICATE_CHARS = 15;
export const SHORT_DUPLICATE_COUNT = 3;

/**
 * The learned probability as bands, like SpamAssassin's BAYES_00..BAYES_99.
 * Checked in order; a probability between the ham and spam bands gives no signal.
 */
export const BAYES_BANDS: readonly { name: string; below?: number; atLeast?: number; points: number }[] = [
  { name: "BAYES_00", below: 0.01, points: -1.5 },
  { name: "BAYES_05", below: 0.05, points: -1 },
  { name: "BAYES_20", below: 0.2, points: -0.5 },
  { name: "BAYES_999", atLeast: 0.999, points: 5 },
  { name: "BAYES_99", atLeast: 0.99, points: 4 },
  { name: "BAYES_95", atLeast: 0.95, points: 3 },
  { name: "BAYES_90", atLeast: 0.9, points: 2 },
  { name: "BAYES_80", atLeast: 0.8, points: 1.5 },
];

const plural = (n: number, one: string, many = one + "s") => `${n} ${n === 1 ? one : many}`;
// One decimal near the ends, truncated, so the figure never looks like the next band ("98.6%", not "99%").
const percent = (p: number) => (p >= 0.95 || p < 0.05 ? (Math.floor(p * 1000) / 10).toFixed(1) : Math.round(p * 100).toString()) + "%";

// Three words besides its links, and a comment is more than "nothing but a link".
const THREE_WORDS = /[\p{L}\p{N}]+[^\p{L}\p{N}]+[\p{L}\p{N}]+[^\p{L}\p{N}]+[\p{L}\p{N}]/u;

/** How many links, and whether the comment is nothing but links (no one discusses a post that way). */
export function linkSignals(body: ScannedText): Signal[] {
  const links = body.links;
  if (links.length === 0) return [];
  const points = SIGNAL_WEIGHTS.links[Math.min(links.length, SIGNAL_WEIGHTS.links.length - 1)]!;
  const reason = links.length >= MAX_LINKS ? `${MAX_LINKS} or more links` : plural(links.length, "link");
  const signals: Signal[] = [{ name: "LINKS", points, reason }];
  if (!THREE_WORDS.test(body.prose)) {
    signals.push({ name: "LINK_ONLY", points: SIGNAL_WEIGHTS.linkOnly, reason: "nothing but a link" });
  }
  return signals;
}

export function nameSignal(name: string): Signal | null {
  const normalized = normalizeText(name);
  if (findLinks(normalized).length === 0 && !normalized.includes("http")) return null;
  return { name: "NAME_HAS_URL", points: SIGNAL_WEIGHTS.nameHasUrl, reason: "name contains a URL" };
}

const BBCODE_LINK = /\[(?:url|link)[=\]]/iu;
const HTML_LINK = /<a\s[^>]*href/iu;

/** The form is plain text; only software pasting into many kinds of forms sends link markup. */
export function linkMarkupSignal(body: ScannedText): Signal | null {
  const kind = BBCODE_LINK.test(body.normalized) ? "[url=…]" : HTML_LINK.test(body.normalized) ? "<a href>" : null;
  return kind ? { name: "LINK_MARKUP", points: SIGNAL_WEIGHTS.linkMarkup, reason: `uses ${kind} link markup` } : null;
}

export function reputationSignals(input: ScoringInput, context: ScoringContext, hosts: readonly string[]): Signal[] {
  const signals: Signal[] = [];
  if (context.ipSpamCount > 0) {
    const points = Math.min(context.ipSpamCount * SIGNAL_WEIGHTS.ipSpam, SIGNAL_WEIGHTS.ipSpamMax);
    signals.push({ name: "ADDRESS_SENT_SPAM", points, reason: `${plural(context.ipSpamCount, "earlier comment")} from this address marked spam` });
  }
  if (context.emailSpamCount > 0 && input.email) {
    const points = Math.min(context.emailSpamCount * SIGNAL_WEIGHTS.emailSpam, SIGNAL_WEIGHTS.emailSpamMax);
    signals.push({ name: "EMAIL_SENT_SPAM", points, reason: `${plural(context.emailSpamCount, "earlier comment")} from this email marked spam` });
  }
  const known = context.spamHosts.map(hostOf).filter((host) => host.length > 0);
  const bad = hosts.filter((host) => known.some((spam) => host === spam || host.endsWith("." + spam)));
  if (bad.length > 0) {
    signals.push({ name: "SPAM_HOST", points: SIGNAL_WEIGHTS.spamHost, reason: `links to ${bad.slice(0, 3).join(", ")}, marked spam before` });
  }
  if (context.approvedBefore) {
    signals.push({ name: "APPROVED_BEFORE", points: SIGNAL_WEIGHTS.approvedBefore, reason: "commenter was approved before" });
  }
  return signals;
}

export function duplicateSignal(body: ScannedText, duplicateCount: number): Signal | null {
  const length = body.normalized.trim().length;
  if (duplicateCount <= 0 || length < MIN_SHORT_DUPLICATE_CHARS) return null;
  if (length < MIN_DUPLICATE_CHARS && duplicateCount < SHORT_DUPLICATE_COUNT) return null;
  const points = SIGNAL_WEIGHTS.duplicates[Math.min(duplicateCount, SIGNAL_WEIGHTS.duplicates.length - 1)]!;
  return { name: "DUPLICATE", points, reason: `same text as ${plural(duplicateCount, "other comment")}` };
}

export function formAgeSignal(formAgeMs: number | null, body: string): Signal | null {
  if (formAgeMs === null || formAgeMs < 0) return null;
  const seconds = (formAgeMs / 1000).toFixed(1);
  if (formAgeMs < FAST_FORM_MS) {
    return { name: "FAST_FORM", points: SIGNAL_WEIGHTS.fastForm, reason: `form sent ${seconds} s after it was shown` };
  }
  if (formAgeMs < FAST_LONG_FORM_MS && body.length >= LONG_TEXT_CHARS) {
    return { name: "FAST_LONG_FORM", points: SIGNAL_WEIGHTS.fastLongForm, reason: `${body.length} characters sent ${seconds} s after the form was shown` };
  }
  return null;
}

// Laughter is written as repeated letters in many languages ("חחחחחח",
// "هههههه", "jajajaja"), so letters must repeat much longer than symbols.
const REPEATED_SYMBOL = /([^\p{L}\p{N}\p{Extended_Pictographic}\s\u200D\uFE0F])\1{9,}/u;
const REPEATED_LETTER = /(\p{L})\1{19,}/u;
// Text as people write it: letters, marks, digits, emoji (with their joiners and
// variation selectors), spaces and everyday punctuation. Whatever is left is "symbols".
const TEXTLIKE = /[\p{L}\p{M}\p{N}\p{Extended_Pictographic}\p{Emoji_Component}\s.,!?'"’“”«»()\-:;…־،؛؟]+/gu;
const MIN_SHOUT_LETTERS = 20;
const SHOUT_SHARE = 0.7;
const MIN_SHAPE_CHARS = 20;
const TEXT_SHARE = 0.5;

/** Repeated symbols, SHOUTING, and text that is mostly not words (judged on the start of the text). */
export function shapeSignals(body: ScannedText): Signal[] {
  const signals: Signal[] = [];
  const folded = body.folded.slice(0, SHAPE_SAMPLE_CHARS);
  const repeated = REPEATED_SYMBOL.exec(folded) ?? REPEATED_LETTER.exec(folded);
  if (repeated) {
    signals.push({ name: "REPEATED_CHARACTERS", points: SIGNAL_WEIGHTS.repeatedCharacters, reason: `"${repeated[1]}" repeated ${repeated[0].length} times` });
  }
  const { cased, upper } = letterCase(folded);
  if (cased >= MIN_SHOUT_LETTERS && upper / cased >= SHOUT_SHARE) {
    signals.push({ name: "SHOUTING", points: SIGNAL_WEIGHTS.shouting, reason: "mostly capital letters" });
  }
  if (folded.length >= MIN_SHAPE_CHARS && 1 - folded.replace(TEXTLIKE, "").length / folded.length < TEXT_SHARE) {
    signals.push({ name: "MOSTLY_NON_TEXT", points: SIGNAL_WEIGHTS.mostlyNonText, reason: "mostly symbols rather than words" });
  }
  return signals;
}

/** Quotes a matched phrase in a reason, briefly. */
const quote = (text: string) => `"${text.length > 40 ? text.slice(0, 39) + "…" : text}"`;

/** One signal per phrase family (phrases.ts) found in the body, quoting what matched. */
export function phraseSignals(body: ScannedText): Signal[] {
  return matchPhrases(body.normalized, body.folded).map(({ family, match }) => ({ name: family.name, points: family.points, reason: `${family.label}: ${quote(match)}` }));
}

/** Links with referral or affiliate codes, which pay whoever posted them. */
export function referralSignal(body: ScannedText): Signal | null {
  const link = body.links.find((l) => isReferralLink(l.url));
  if (!link) return null;
  return { name: "REFERRAL_LINK", points: SIGNAL_WEIGHTS.referralLink, reason: `link with a referral code (${link.host})` };
}

/** Links through URL shorteners, which hide their destination. */
export function shortenerSignal(hosts: readonly string[]): Signal | null {
  const short = hosts.filter((host) => SHORTENER_HOSTS.has(host));
  if (short.length === 0) return null;
  return { name: "SHORTENED_LINK", points: SIGNAL_WEIGHTS.shortenedLink, reason: `link through a URL shortener (${short.slice(0, 3).join(", ")})` };
}

/** What of a comment the content signals read: the comment itself, nothing about its surroundings. */
export interface ContentInput {
  name?: string | null;
  url?: string | null;
  body: string;
}

// The tokenizer and the scorer both ask for the same comment's content
// signals; remembering the last answer saves the second pass.
let lastContent: { name: string; url: string; body: string; signals: Signal[] } | undefined;

/**
 * The signals that depend only on what the comment says (links, link markup,
 * phrases, text shape), in a fixed order. They are deterministic, so they
 * are also tokens of the learned model (tokens.ts): the model learns from
 * the author's decisions how far to trust each of them on this blog.
 */
export function contentSignals(input: ContentInput): Signal[] {
  const name = input.name ?? "";
  const url = input.url ?? "";
  if (lastContent && lastContent.body === input.body && lastContent.name === name && lastContent.url === url) return lastContent.signals;
  const body = scanText(input.body);
  const found: (Signal | null)[] = [
    ...linkSignals(body),
    nameSignal(name),
    linkMarkupSignal(body),
    shortenerSignal(linkHosts({ body: input.body, url })),
    referralSignal(body),
    ...phraseSignals(body),
    ...shapeSignals(body),
  ];
  const signals = found.filter((signal): signal is Signal => signal !== null && signal.points !== 0);
  lastContent = { name, url, body: input.body, signals };
  return signals;
}

/** The learned probability as a band signal; null while the model has too few decisions, or in the unsure middle. */
export function bayesSignal(model: BayesModel, tokens: readonly string[]): Signal | null {
  if (!modelIsReady(model)) return null;
  const p = probability(model, tokens);
  const band = BAYES_BANDS.find((b) => (b.below !== undefined ? p < b.below : p >= b.atLeast!));
  if (!band) return null;
  const reason = band.points > 0 ? `resembles earlier spam (learned ${percent(p)} spam)` : `resembles earlier good comments (learned ${percent(p)} spam)`;
  return { name: band.name, points: band.points, reason };
}

// ---------------------------------------------------------------------------
// The author's word lists (WordPress's "comment moderation" and "disallowed
// comment keys"). Matching is case-insensitive on normalized text. Entries in
// alphabets that separate words with spaces and attach nothing to them (Latin,
// Greek, Cyrillic) match whole words only, so "cialis" does not fire on
// "specialist"; others match anywhere, because Hebrew and Arabic attach
// prefixes ("בקזינו" is "in the casino") and Chinese or Thai have no spaces.

const WHOLE_WORD_ENTRY = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}\p{M}\s'’.-]+$/u;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

interface WordMatcher {
  pattern: RegExp | null;
  /** Matched text (whitespace collapsed) → the entry as the author wrote it. */
  entries: Map<string, string>;
}

const matchers = new WeakMap<readonly string[], WordMatcher>();

/** Compiles a word list once per list object: settings are loaded once per run, comments scored many times. */
function matcherFor(words: readonly string[]): WordMatcher {
  const cached = matchers.get(words);
  if (cached) return cached;
  const entries = new Map<string, string>();
  const alternatives: string[] = [];
  for (const word of words) {
    const key = normalizeText(word).trim().replace(/\s+/gu, " ");
    if (!key || entries.has(key)) continue;
    entries.set(key, word.trim());
    const body = key.replace(REGEX_SPECIAL, "\\$&").replace(/ /g, "\\s+");
    alternatives.push(WHOLE_WORD_ENTRY.test(key) ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body);
  }
  const matcher = { pattern: alternatives.length ? new RegExp(alternatives.join("|"), "gu") : null, entries };
  matchers.set(words, matcher);
  return matcher;
}

/** The list entries found in any of the texts (name, email, website, body), in list order of discovery. */
export function matchWords(words: readonly string[], texts: readonly string[]): string[] {
  const { pattern, entries } = matcherFor(words);
  if (!pattern) return [];
  const found = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(pattern)) {
      const entry = entries.get(match[0].replace(/\s+/gu, " "));
      if (entry) found.add(entry);
    }
  }
  return [...found];
}

export function wordListSignal(name: "DISALLOWED_WORD" | "MODERATION_WORD", found: readonly string[], points: number): Signal | null {
  if (found.length === 0) return null;
  const kind = name === "DISALLOWED_WORD" ? "disallowed" : "moderation";
  const list = found.slice(0, 3).map((word) => `'${word}'`).join(", ");
  return { name, points, reason: `matches ${kind} ${found.length === 1 ? "word" : "words"} ${list}` };
}
