// A Markdown post's front matter: the `---` block at the top, in the small
// part of YAML that front matter uses (`key: value`, quoted strings, lists as
// `[a, b]` or `- a` lines, true/false). Each mistake is reported with its
// line number; fields the blog does not know are warned about, not fatal,
// so files written for Jekyll or Hugo still publish.
import { basename, extname } from "node:path";

/** A mistake in the file, at a 1-based line. */
export class FrontMatterError extends Error {
  name = "FrontMatterError";
  constructor(line, message) {
    super(message);
    this.line = line;
  }
}

const FIELDS = {
  title: "text",
  slug: "text",
  date: "date",
  tags: "list",
  lang: "text",
  draft: "boolean",
  commentsOpen: "boolean",
  excerpt: "text",
  cover: "text",
  format: "text",
};
const ALIASES = { comments_open: "commentsOpen", commentsopen: "commentsOpen", language: "lang", tag: "tags" };

/**
 * @param {string} source the whole file
 * @param {string} file its path: the slug defaults to its name
 * @returns {{ slug: string, post: Record<string, unknown>, warnings: string[], cover?: { value: string, line: number }, bodyLine: number }}
 *   post: the body of PUT /api/admin/posts/<slug> (`markdown`, or `html` with
 *   `format: html`), but its cover: `cover` as written (a local image for
 *   publish to upload, or a /media/ address), with its line;
 *   bodyLine: the file's line where the body starts.
 */
export function parsePostFile(source, file) {
  const lines = source.replace(/^\uFEFF/, "").split(/\r?\n/);
  const warnings = [];
  const fields = {};
  let bodyStart = 0;
  if (lines[0]?.trim() === "---") {
    const end = lines.findIndex((l, i) => i > 0 && (l.trim() === "---" || l.trim() === "..."));
    if (end === -1) throw new FrontMatterError(1, "the front matter that starts here is never closed: end it with a line of three dashes (---).");
    readFields(lines.slice(1, end), 2, fields, warnings);
    bodyStart = end + 1;
  } else {
    throw new FrontMatterError(1, "no front matter: start the file with a --- line, then at least `title: …`, then another --- line.");
  }
  if (fields.title === undefined || fields.title.value === "") {
    throw new FrontMatterError(fields.title?.line ?? 1, "the post needs a title: add `title: …` to the front matter.");
  }
  const body = lines.slice(bodyStart).join("\n");
  const markdown = body.replace(/^\s*\n/, "");
  const blankLines = body.length === markdown.length ? 0 : body.slice(0, body.length - markdown.length).split("\n").length - 1;
  const format = (fields.format?.value ?? "markdown").toLowerCase();
  if (format !== "markdown" && format !== "html") throw new FrontMatterError(fields.format.line, `format must be markdown or html, not “${fields.format.value}”.`);
  // `format: html`: the body is HTML (a post that came without Markdown, such as one imported from WordPress).
  const post = format === "html" ? { title: fields.title.value, html: markdown } : { title: fields.title.value, markdown };
  for (const key of ["date", "tags", "lang", "draft", "commentsOpen", "excerpt"]) {
    if (fields[key] !== undefined) post[key] = fields[key].value;
  }
  const slug = fields.slug?.value || basename(file, extname(file)).normalize("NFC");
  return { slug, post, warnings, ...(fields.cover ? { cover: { value: fields.cover.value, line: fields.cover.line } } : {}), bodyLine: bodyStart + 1 + blankLines };
}

/** `key: value` lines, each value read by its field's type; `- item` lines continue a list. */
function readFields(lines, firstLine, fields, warnings) {
  let open = null; // the list field that `- item` lines add to
  lines.forEach((raw, i) => {
    const lineNo = firstLine + i;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) return;
    const item = /^\s*-(?:\s+(.*)|\s*)$/.exec(raw);
    if (item) {
      if (!open) throw new FrontMatterError(lineNo, "a list item (- …) outside a list: put it under a field such as `tags:`.");
      if (open.key !== null) open.value.push(scalar(item[1] ?? "", lineNo, open.key));
      return;
    }
    if (/^\s/.test(raw)) throw new FrontMatterError(lineNo, "an indented line: values must stay on their field's line (nested fields and multi-line values are not supported).");
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:(?:\s+(.*?)|)\s*$/.exec(raw);
    if (!m) throw new FrontMatterError(lineNo, `expected \`field: value\`, found “${raw.trim().slice(0, 60)}”.`);
    const key = FIELDS[m[1]] ? m[1] : ALIASES[m[1]] ?? ALIASES[m[1].toLowerCase()] ?? (FIELDS[lowerFirst(m[1])] ? lowerFirst(m[1]) : null);
    const value = m[2] ?? "";
    open = null;
    if (key === null) {
      warnings.push(`line ${lineNo}: the field “${m[1]}” is not used by the blog (known: ${Object.keys(FIELDS).join(", ")}); ignored.`);
      if (value === "") open = { key: null, value: [] }; // swallow its list, if it has one
      return;
    }
    if (fields[key] !== undefined) throw new FrontMatterError(lineNo, `“${key}” is given twice (first on line ${fields[key].line}).`);
    if (/^[|>][+-]?$/.test(value)) throw new FrontMatterError(lineNo, `multi-line values (${value}) are not supported: write ${key} on one line.`);
    fields[key] = { line: lineNo, value: typed(key, value, lineNo) };
    if (FIELDS[key] === "list" && value === "") open = { key, value: fields[key].value };
  });
  for (const [key, field] of Object.entries(fields)) {
    if (FIELDS[key] === "list") field.value = field.value.filter((t) => t !== "");
  }
}

function typed(key, value, line) {
  switch (FIELDS[key]) {
    case "list":
      return listValue(value, line, key);
    case "boolean": {
      const v = scalar(value, line, key).toLowerCase();
      if (["true", "yes", "on"].includes(v)) return true;
      if (["false", "no", "off"].includes(v)) return false;
      throw new FrontMatterError(line, `${key} must be true or false, not “${value}”.`);
    }
    case "date": {
      const v = scalar(value, line, key);
      // A bare date-time is read in this machine's time zone, as the author wrote it.
      const ms = Date.parse(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? v.replace(" ", "T") : v);
      if (v === "" || !/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(ms)) {
        throw new FrontMatterError(line, `date “${value}” is not a date such as 2026-11-26 or 2026-11-26T09:00:00Z.`);
      }
      return new Date(ms).toISOString();
    }
    default: {
      if (value.startsWith("[")) throw new FrontMatterError(line, `${key} must be text, not a list: put it in quotes.`);
      return scalar(value, line, key);
    }
  }
}

/** `[a, "b, c"]`, `a, b`, or "" (the items follow as `- ` lines). */
function listValue(value, line, key) {
  if (value === "") return [];
  let inner = value;
  if (value.startsWith("[")) {
    if (!value.endsWith("]")) throw new FrontMatterError(line, `${key}: the list that starts with [ does not end with ].`);
    inner = value.slice(1, -1);
  }
  const items = [];
  let current = "";
  let quote = null;
  for (const ch of inner) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      current += ch;
      quote = ch;
    } else if (ch === ",") {
      items.push(current);
      current = "";
    } else current += ch;
  }
  if (quote) throw new FrontMatterError(line, `${key}: a quote (${quote}) is never closed.`);
  items.push(current);
  return items.map((item) => scalar(item, line, key)).filter((item) => item !== "");
}

/** A plain or quoted YAML scalar as text. */
function scalar(raw, line, key) {
  const v = raw.trim();
  if (v.startsWith('"')) {
    if (v.length < 2 || !v.endsWith('"')) throw new FrontMatterError(line, `${key}: the text in double quotes is never closed.`);
    try {
      return JSON.parse(v);
    } catch {
      throw new FrontMatterError(line, `${key}: the text in double quotes has a bad escape (write \\" for a quote, \\\\ for a backslash).`);
    }
  }
  if (v.startsWith("'")) {
    if (v.length < 2 || !v.endsWith("'")) throw new FrontMatterError(line, `${key}: the text in single quotes is never closed.`);
    return v.slice(1, -1).replaceAll("''", "'");
  }
  return v;
}

function lowerFirst(s) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * A post as a file that parsePostFile() reads back to the same post: front
 * matter (every value quoted when plain text would read differently) and the
 * body as it is kept, Markdown, or HTML with `format: html`.
 * @param {{ title: string, slug: string, lang: string, status: string, date: string, tags: string[], excerpt: string, cover: string | null, commentsOpen: boolean, source: string | null, html: string }} post
 */
export function writePostFile(post) {
  const html = post.source === null;
  const lines = ["---", `title: ${yamlText(post.title)}`, `slug: ${yamlText(post.slug)}`, `date: ${post.date}`, `lang: ${yamlText(post.lang)}`, `tags: [${post.tags.map((t) => yamlText(t, true)).join(", ")}]`];
  if (post.status === "draft") lines.push("draft: true");
  if (!post.commentsOpen) lines.push("commentsOpen: false");
  if (post.excerpt) lines.push(`excerpt: ${yamlText(post.excerpt)}`);
  if (post.cover) lines.push(`cover: /media/${post.cover}`);
  if (html) lines.push("# This post has no Markdown source (it came as HTML, e.g. from WordPress): the body below is its HTML.", "format: html");
  lines.push("---");
  const body = html ? post.html : post.source;
  // One blank line after the front matter, for the eye: parsePostFile() drops it.
  return `${lines.join("\n")}\n\n${body}`;
}

/** Plain when it reads back as itself, else in double quotes (JSON's escapes are YAML's). */
function yamlText(value, inList = false) {
  const plain =
    value !== "" &&
    value === value.trim() &&
    !/^[-?:,\[\]{}#&*!|>'"%@`]/.test(value) &&
    !/[\n\r\t]|: | #|:$/.test(value) &&
    !(inList && /[,"'\[\]]/.test(value)) &&
    !/^(true|false|yes|no|on|off|null|~|[-+.]?\d[\d._:eE+-]*)$/i.test(value);
  if (plain) return value;
  // In a [list], JSON's \" would end the item early: a YAML single-quoted item ('' for ') keeps commas and quotes.
  if (inList && !/[\u0000-\u001f]/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}
