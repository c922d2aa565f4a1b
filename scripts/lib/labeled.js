// Labeled comment files, for `blog train` and `npm run spam:eval`: CSV with
// CONTENT and CLASS columns (the YouTube Spam Collection's format) or TSV
// label<TAB>text (the SMS Spam Collection's), spam/ham or 1/0 labels.
import { readFileSync } from "node:fs";

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines; LF or CRLF. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * The YouTube files hold comments as YouTube rendered them: entities (&#39;),
 * <br />, and anchors YouTube itself wrapped around URLs and timestamps. Our
 * form receives what the commenter typed, so the markup is undone: an anchor
 * becomes its text, <br> a line break, entities their characters.
 */
export function typedText(html) {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<a\b[^>]*>([\s\S]*?)<\/a>/gi, "$1")
    .replace(/<\/?(?:i|b|span)\b[^>]*>/gi, "")
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e) =>
      e[0] !== "#" ? ENTITIES[e.toLowerCase()] : String.fromCodePoint(e[1].toLowerCase() === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
    );
}

export class LabeledFileError extends Error {}

/** A labeled file as [{ text, spam }], in file order. Throws LabeledFileError naming the line. */
export function readLabeled(path) {
  const text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.indexOf("\n") >>> 0);
  if (/\bCONTENT\b/i.test(firstLine) && /\bCLASS\b/i.test(firstLine)) {
    const [header, ...rows] = parseCsv(text);
    const content = header.findIndex((h) => h.trim().toUpperCase() === "CONTENT");
    const label = header.findIndex((h) => h.trim().toUpperCase() === "CLASS");
    return rows.filter((r) => r.length > Math.max(content, label)).map((r) => ({ text: typedText(r[content]), spam: ["1", "spam"].includes(r[label].trim().toLowerCase()) }));
  }
  const lines = text.split(/\r?\n/);
  const docs = [];
  lines.forEach((line, i) => {
    if (!line.includes("\t")) return;
    const tab = line.indexOf("\t");
    const label = line.slice(0, tab).trim().toLowerCase();
    if (!["spam", "ham", "1", "0"].includes(label)) throw new LabeledFileError(`${path} line ${i + 1}: unknown label "${label}" (expected spam/ham or 1/0)`);
    docs.push({ text: line.slice(tab + 1), spam: label === "spam" || label === "1" });
  });
  if (docs.length === 0) throw new LabeledFileError(`${path}: no labeled rows (expected CSV with CONTENT and CLASS columns, or TSV label<TAB>text)`);
  return docs;
}
