/**
 * Comment text: normalized on the way in, rendered as plain text on the way
 * out (paragraphs, line breaks, autolinked URLs; never the reader's HTML).
 */

/**
 * C0/C1 controls except tab and newline, and the bidi embeddings, overrides
 * and isolates that can make text display in a different order than it is
 * stored ("Trojan Source"). LRM/RLM, ZWJ (emoji sequences) and ZWNJ
 * (Persian) are kept: real writers need them.
 */
const STRIP = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** NFC, CRLF → LF, controls and bidi overrides removed, lone surrogates replaced, trimmed. */
export function normalizeText(text: string): string {
  return text
    .toWellFormed()
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(STRIP, "")
    .trim();
}

/**
 * Nothing a reader could see: only white space and invisible characters
 * (zero-width spaces and joiners, LRM/RLM, word joiners, the Hangul filler…).
 * A name made of these is no name.
 */
export function isBlank(text: string): boolean {
  return /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]*$/u.test(text);
}

/**
 * A name as a person reads it, for "is this the same name?": compatibility
 * forms folded (NFKC: "Ｎｏａ" is "Noa"), invisible characters dropped, runs of
 * space as one, case ignored. Used to match a returning commenter and to spot
 * a comment that borrows the author's name.
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/\p{Default_Ignorable_Code_Point}/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/** A one-line field (name, email, URL): the same, with every line break and tab as one space. */
export function normalizeLine(text: string): string {
  return normalizeText(text).replace(/\s+/g, " ");
}

/** Where a URL in running text ends: before whitespace or <>", and without trailing punctuation. */
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
const TRAILING = /[.,;:!?'"’”)\]}»]+$/u;

export type Piece = { text: string } | { url: string; text: string };

/** Splits a line into text and links; links are http(s) only (www. gets https://). */
export function linkify(line: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    let raw = match[0];
    const trail = TRAILING.exec(raw)?.[0] ?? "";
    // Keep a closing parenthesis that balances one inside the URL (Wikipedia links).
    let cut = trail.length;
    if (trail.startsWith(")") && (raw.match(/\(/g)?.length ?? 0) > (raw.slice(0, raw.length - trail.length).match(/\)/g)?.length ?? 0)) cut = trail.length - 1;
    raw = raw.slice(0, raw.length - cut);
    const start = match.index!;
    if (start > last) pieces.push({ text: line.slice(last, start) });
    const href = raw.toLowerCase().startsWith("www.") ? `https://${raw}` : raw;
    pieces.push({ url: href, text: raw });
    last = start + raw.length;
  }
  if (last < line.length) pieces.push({ text: line.slice(last) });
  return pieces;
}

/** Paragraphs (split on blank lines), each a list of lines. */
export function paragraphs(body: string): string[][] {
  return body
    .split(/\n\s*\n/)
    .map((para) => para.split("\n").map((line) => line.trimEnd()))
    .filter((lines) => lines.some((line) => line.trim() !== ""));
}

/** http(s) URLs only, for an author's website link. */
export function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
  } catch {
    return false;
  }
}
