/**
 * Turns a comment into the tokens the learned model counts: its words (and
 * their forms without attached Hebrew or Arabic prefixes), link hosts, a few
 * shape tokens, and one `signal:` token per content rule signal that fired
 * (signals.ts), so the model learns from the author's decisions how much
 * each rule is worth on this blog.
 *
 * The same input always gives the same tokens: untraining a comment must
 * remove exactly what training it added. (Context signals such as duplicates
 * or an address's history, and the author's word lists, change over time,
 * so they are never tokens.)
 *
 * Single words, not word pairs: on the evaluation sets (scripts/spam-eval.js)
 * pairs made the model no better on SMS and worse on comments about a new
 * topic (YouTube leave-one-file-out), and doubled the model. The phrases that
 * matter ("check out my channel", "call now") are rule signals instead, and
 * reach the model as their `signal:` tokens.
 */
import { contentSignals } from "./signals";
import { EMAIL_DOMAIN_SOURCE, hostOf, letterCase, normalizeText, scanText, type ScannedText } from "./text";

export {
  MAX_LINKS,
  MAX_SCANNED_CHARS,
  SHAPE_SAMPLE_CHARS,
  duplicateKey,
  findLinks,
  foldText,
  hostOf,
  letterCase,
  linkHosts,
  normalizeText,
  scanText,
  type Link,
  type ScannedText,
} from "./text";

/** Most tokens one comment contributes: bounds CPU and the model lookup. */
export const MAX_TOKENS = 300;
/** Longer "words" are base64, hashes or keyboard mashing: one shape token stands for them. */
const MAX_WORD_LENGTH = 40;

// Apostrophes, and Hebrew geresh and gershayim (צה״ל, ג׳ירפה), stay inside a word.
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’׳״][\p{L}\p{M}]+)*/gu;
const EMOJI = /\p{Extended_Pictographic}/gu;
const HEBREW_WORD = /^\p{Script=Hebrew}+$/u;
const ARABIC_WORD = /^\p{Script=Arabic}+$/u;
// Scripts written without spaces between words: a "word" here is a whole
// phrase, so character pairs are the unit the model can learn from.
const NO_SPACES_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const DIGITS_ONLY = /^\p{N}+$/u;
const HAS_DIGIT = /\p{N}/u;
const DIGIT_RUN = /\p{N}+/gu;
const MONEY = /[$£€₪¥₹₽]|\b(?:usd|eur)\b/u;
const HAS_EMAIL = new RegExp(EMAIL_DOMAIN_SOURCE);
/** Words read per text: with MAX_TOKENS, what bounds the tokenizer's CPU on repetitive text. */
const MAX_WORDS = 500;

// One-letter prefixes Hebrew writes attached to the next word (and, the, in,
// to, from, that, as): "בקזינו" is "in the casino", and should share a token
// with "קזינו". Arabic attaches the article ال and w-, f-, b-, l-, k-.
const HEBREW_PREFIXES = "והבלמשכ";
const ARABIC_ARTICLE = /^(?:[وفبكل]?ال|لل)/u;
const ARABIC_PREFIXES = "وفبلك";
const MIN_STEM = 3;

/** A word, then its forms without attached prefixes (Hebrew, Arabic), or its character pairs. */
function wordTokens(word: string, out: (token: string) => void): void {
  if (NO_SPACES_SCRIPT.test(word)) {
    const chars = [...word];
    if (chars.length === 1) out(word);
    for (let i = 0; i + 1 < chars.length; i++) out(chars[i]! + chars[i + 1]!);
    return;
  }
  if (word.length > MAX_WORD_LENGTH) return out("meta:longword");
  // Numbers rarely repeat exactly, but their shape does: a premium-rate phone
  // number, a five-digit short code, "150p" all look alike to the model.
  if (HAS_DIGIT.test(word)) out("shape:" + word.replace(DIGIT_RUN, (run) => "#" + Math.min(run.length, 12)));
  if (DIGITS_ONLY.test(word) || word.length >= 2) out(word);
  if (HEBREW_WORD.test(word)) {
    let stem = word;
    for (let i = 0; i < 2 && HEBREW_PREFIXES.includes(stem[0]!) && stem.length - 1 >= MIN_STEM; i++) {
      stem = stem.slice(1);
      out(stem);
    }
  } else if (ARABIC_WORD.test(word)) {
    const article = ARABIC_ARTICLE.exec(word);
    if (article && word.length - article[0].length >= MIN_STEM) out(word.slice(article[0].length));
    else if (ARABIC_PREFIXES.includes(word[0]!) && word.length - 1 >= MIN_STEM) out(word.slice(1));
  }
}

function lengthBucket(length: number): string {
  if (length < 20) return "meta:len:tiny";
  if (length < 80) return "meta:len:short";
  if (length < 300) return "meta:len:medium";
  return length < 1000 ? "meta:len:long" : "meta:len:huge";
}

/** Collects distinct tokens up to MAX_TOKENS; later ones are dropped. */
class TokenSet {
  readonly tokens = new Set<string>();
  readonly add = (token: string): void => {
    if (this.tokens.size < MAX_TOKENS) this.tokens.add(token);
  };
}

function addText({ folded, normalized, links, prose }: ScannedText, set: TokenSet, prefix = ""): void {
  const add = prefix ? (token: string) => set.add(prefix + token) : set.add;
  if (links.length > 0) add("meta:url");
  if (links.length > 1) add(links.length > 2 ? "meta:urls:3+" : "meta:urls:2");
  for (const link of links) add("host:" + link.host);
  if (normalized.includes("@") && HAS_EMAIL.test(normalized)) add("meta:email");
  if (MONEY.test(normalized)) add("meta:money");
  const { cased, upper } = letterCase(folded);
  if (cased >= 10 && upper / cased >= 0.7) add("meta:shout");
  if (!prefix) add(lengthBucket(folded.length));
  // Links are tokens already (by host); their paths are noise, so words come from the prose.
  for (const emoji of prose.matchAll(EMOJI)) add(emoji[0]);
  let words = 0;
  for (const match of prose.matchAll(WORD)) {
    wordTokens(match[0], add);
    if (set.tokens.size >= MAX_TOKENS || ++words >= MAX_WORDS) break;
  }
}

/** Tokens of one piece of text, as the model counts them (distinct, at most MAX_TOKENS). */
export function tokenize(text: string): string[] {
  const set = new TokenSet();
  addText(scanText(text), set);
  return [...set.tokens];
}

/** What of a comment the tokenizer reads; the same fields the scorer gets. */
export interface TokenizableComment {
  name?: string | null;
  email?: string | null;
  url?: string | null;
  body: string;
}

/** The model's token for a content rule signal, e.g. `signal:SELF_PROMOTION`. */
export const signalToken = (name: string) => "signal:" + name;

/**
 * Tokens of a whole comment: the website's host, the email's domain and the
 * content rule signals first (they are the strongest evidence and must
 * survive the cap), then the name's words as `name:` tokens, then the body.
 */
export function commentTokens(comment: TokenizableComment): string[] {
  const body = scanText(comment.body); // first: the scorer has just read it (see scanText)
  const set = new TokenSet();
  const site = comment.url ? hostOf(normalizeText(comment.url)) : "";
  if (site.includes(".")) set.add("host:" + site);
  const domain = comment.email ? normalizeText(comment.email).split("@")[1]?.trim() : undefined;
  if (domain) set.add("email:" + domain);
  for (const signal of contentSignals(comment)) set.add(signalToken(signal.name));
  if (comment.name) addText(scanText(comment.name), set, "name:");
  addText(body, set);
  return [...set.tokens];
}
