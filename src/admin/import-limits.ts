/**
 * An imported comment held to the comment form's limits (LIMITS): one
 * limit for every comment in the blog, however it arrived. The form refuses
 * what does not fit and the reader fixes it; an import has nobody to ask, so
 * a field that does not fit is shortened or dropped, with a note for the
 * author, and the import goes on.
 */
import { EMAIL_PATTERN, LIMITS } from "../comments/form";
import { isBlank, isHttpUrl, normalizeLine, normalizeText } from "../comments/text";

/** What WordPress shows for a comment without a name. */
export const ANONYMOUS = "Anonymous";


export interface ImportedFields {
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  body: string;
}

export interface FittedComment {
  name: string;
  /** "" when there is none. */
  email: string;
  url: string | null;
  body: string;
}

export type Fit = { comment: FittedComment; notes: string[] } | { skip: string };

/** Normalizes the fields as the form does, then fits each to its limit; a comment without text is skipped. */
export function fitImportedComment(raw: ImportedFields): Fit {
  const body = normalizeText(raw.body);
  if (body === "") return { skip: "empty text" };
  const notes: string[] = [];

  let name = normalizeLine(raw.authorName);
  if (isBlank(name)) {
    notes.push(name === "" ? `it has no author's name: imported as “${ANONYMOUS}”` : `its author's name has no visible characters: imported as “${ANONYMOUS}”`);
    name = ANONYMOUS;
  } else if (codePoints(name) > LIMITS.name) {
    notes.push(`its author's name was ${count(codePoints(name))} characters long: shortened to ${count(LIMITS.name)}`);
    name = shorten(name, LIMITS.name);
  }

  let email = normalizeLine(raw.authorEmail);
  if (codePoints(email) > LIMITS.email) {
    notes.push(`its author's email address was ${count(codePoints(email))} characters long (at most ${count(LIMITS.email)}) and was left out`);
    email = "";
  } else if (email !== "" && !EMAIL_PATTERN.test(email)) {
    notes.push(`its author's email address ${quoted(email)} is not an email address and was left out`);
    email = "";
  }

  let url: string | null = normalizeLine(raw.authorUrl) || null;
  if (url !== null && !isHttpUrl(url)) {
    notes.push(`its author's website ${quoted(url)} is not an http(s) address and was left out`);
    url = null;
  } else if (url !== null && codePoints(url) > LIMITS.url) {
    notes.push(`its author's website was ${count(codePoints(url))} characters long (at most ${count(LIMITS.url)}) and was left out`);
    url = null;
  }

  let text = body;
  if (codePoints(body) > LIMITS.comment) {
    notes.push(`its text was ${count(codePoints(body))} characters long: shortened to ${count(LIMITS.comment)}, ending in “…”`);
    text = `${shorten(body, LIMITS.comment - 1)}…`;
  }
  return { comment: { name, email, url, body: text }, notes };
}

/** Characters as the form counts them: code points, so an emoji is one. */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** At most `max` code points, cut between whole characters (an emoji sequence or a letter with its marks stays whole). */
function shorten(text: string, max: number): string {
  let kept = "";
  let n = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = codePoints(segment);
    if (n + size > max) break;
    kept += segment;
    n += size;
  }
  return kept.trimEnd();
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A value in a note: in quotes, shortened so a note stays one line. */
function quoted(value: string): string {
  return `“${codePoints(value) > 60 ? `${shorten(value, 59)}…` : value}”`;
}
