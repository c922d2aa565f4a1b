/**
 * Hebrew's one-letter prefixes. Hebrew writes "and", "the", "in", "as",
 * "to", "from" and "that" as letters joined to the next word (ו ה ב כ ל מ ש),
 * alone or chained: והבית "and the house", מהבית "from the house",
 * כשבבית "when in the house". A reader searching בית expects to find all of
 * them, and one searching לבית expects to find בית.
 *
 * Only the query is expanded; the index keeps each word as written. That way
 * FTS5 matches the very word in the text, so snippet() highlights it. A query
 * word becomes the OR of:
 *   - the word, and the word behind every prefix (בית → הבית, בבית, והבית…);
 *   - the word without a prefix it may carry (לבית → בית), and, when what is
 *     left has three letters or more, that behind every prefix too
 *     (לבית → הבית). A two-letter rest matches only itself, so מים (water)
 *     does not find בים (in the sea).
 * Without a dictionary a leading letter cannot be told from a prefix (מספר
 * is "number" and "from a book"): this finds a little more, never less.
 */

/**
 * Every prefix, in the order they chain: ו, then ש or כש, then ה or one of
 * ב כ ל מ (מ and ל also before ה: מהבית, להבית). 47 of them.
 */
export const HEBREW_PREFIXES: string[] = ["", "ו"]
  .flatMap((and) => ["", "ש", "כש"].map((that) => and + that))
  .flatMap((head) => ["", "ה", "ב", "כ", "ל", "מ", "מה", "לה"].map((rest) => head + rest))
  .filter((prefix) => prefix !== "");

/** The shortest word a prefix may leave: Hebrew has many two-letter words (בן, יד, עם). */
const MIN_STEM = 2;
/** A rest this long may itself be matched behind any prefix. */
const MIN_STEM_WITH_PREFIXES = 3;

export const isHebrewWord = (word: string) => /^[\u05D0-\u05EA]{2,}$/.test(word);

/** The words a query word `word` (Hebrew letters, no points) may appear as in a post. */
export function hebrewForms(word: string): string[] {
  const forms = new Set<string>();
  const behindPrefixes = (stem: string) => {
    forms.add(stem);
    for (const prefix of HEBREW_PREFIXES) forms.add(prefix + stem);
  };
  behindPrefixes(word);
  for (const prefix of HEBREW_PREFIXES) {
    if (!word.startsWith(prefix) || word.length - prefix.length < MIN_STEM) continue;
    const stem = word.slice(prefix.length);
    if (stem.length >= MIN_STEM_WITH_PREFIXES) behindPrefixes(stem);
    else forms.add(stem);
  }
  return [...forms];
}
