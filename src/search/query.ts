/**
 * A reader's words → an FTS5 MATCH expression. The reader's text is never
 * FTS5 syntax: every word is a double-quoted string (inner quotes doubled),
 * so `"`, `*`, `(`, `NEAR`, `OR`, `-`, `:` and `^` are only characters to
 * look for. The expression is bound as a parameter, never spliced into SQL.
 */
import { searchText } from "./normalize";
import { hebrewForms, isHebrewWord } from "./hebrew";

/** The longest query searched (code points); longer ones are refused with a 400. */
export const MAX_QUERY_LENGTH = 200;

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** Letters and digits at a word's ends; quotes and brackets around it are not part of what is looked for. */
const EDGE_JUNK = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/**
 * Every whitespace-separated word must be found (AND); a Hebrew word in any
 * of its forms with prefixes (hebrew.ts), and the last word also as the
 * beginning of a longer one (`edg` finds "edge"), as a search box suggests.
 * A word with punctuation inside (`e-mail`, צה"ל) stays one phrase: the
 * tokenizer splits it exactly as it split the post. Null: nothing to look for.
 */
export function matchExpression(query: string): string | null {
  const words = [...new Set(searchText(query).split(/\s+/).map((w) => w.replace(EDGE_JUNK, "")).filter(Boolean))];
  if (words.length === 0) return null;
  const groups = words.map((word, i) => {
    const forms = isHebrewWord(word) ? hebrewForms(word).map(quoted) : [quoted(word)];
    if (i === words.length - 1 && /^[\p{L}\p{N}]{2,}$/u.test(word)) forms.push(`${quoted(word)}*`);
    return forms.length === 1 ? forms[0]! : `(${forms.join(" OR ")})`;
  });
  return groups.join(" AND ");
}

/** The query's length as a reader counts it: characters (code points), not UTF-16 units. */
export const queryLength = (query: string) => [...query].length;
