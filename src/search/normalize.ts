/**
 * The one normalization both sides of search go through: a post's text
 * before it is indexed, and the reader's query before it is matched.
 *
 * FTS5's unicode61 tokenizer folds case and (remove_diacritics 2) Latin
 * accents, but it treats Hebrew points as separators: indexed as written,
 * "בַּיִת" would become the tokens ב, י, ת. So niqqud and cantillation are
 * removed here, in the Worker, before D1 ever sees the text.
 */

/**
 * Hebrew points and cantillation marks (U+0591–U+05C7), but not the
 * punctuation in that block (maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3,
 * nun hafukha U+05C6), which stays a word separator.
 */
const HEBREW_MARKS = /[\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;

/** The snippet's highlight markers (private-use characters): never left in indexed text, so only FTS5 puts them there. */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";
const MARKERS = /[\uE000\uE001]/g;
/** Control characters and lone surrogates: a NUL would end the FTS5 expression (or the indexed text) early, in C. */
const CONTROLS = /[\p{Cc}\p{Cs}]/gu;

/**
 * NFKC first, so presentation forms (שׁ as one code point U+FB2A, ligatures,
 * full-width letters) become ordinary letters plus marks; then the marks go.
 * Controls become spaces.
 */
export function searchText(text: string): string {
  return text.normalize("NFKC").replace(HEBREW_MARKS, "").replace(MARKERS, "").replace(CONTROLS, " ");
}
