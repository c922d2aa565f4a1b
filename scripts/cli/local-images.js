// The images a Markdown post shows from the author's disk: `![alt](./photo.png)`,
// `![alt](<my photo.png> "title")`, `![alt][ref]` with `[ref]: images/x.jpg`, and
// `<img src="./x.png">` in inline HTML, each relative to the Markdown file.
// `publish` uploads them and points the post at the library's copies; this
// module finds them and rewrites the text, nothing more. Addresses with a
// scheme (https:, data:…), absolute paths and /media/ addresses are the
// blog's or the web's, and are left alone; so is anything inside code.

/**
 * @typedef {{ path: string, written: string, line: number, start: number, end: number, quote: string }} LocalImage
 *   path: the file, relative to the Markdown file's folder (percent-escapes decoded);
 *   written: the address as it appears; line: 1-based in `markdown`;
 *   start/end: what rewriteLocalImages() replaces (with its quotes or angle brackets);
 *   quote: the quote an HTML attribute's value had, put back around the new address.
 */

/** Reference definitions are links unless they name an image file. */
const IMAGE_FILE = /\.(?:jpe?g|png|gif|webp|avif|svg)$/i;

// ![alt](destination "title"): alt may hold one level of brackets; the destination is <…> or has no spaces (balanced parentheses allowed).
const INLINE_IMAGE =
  /!\[(?:[^[\]\\]|\\[\s\S]|\[(?:[^[\]\\]|\\[\s\S])*\])*\]\([ \t]*\n?[ \t]*(<[^<>\n]*>|(?:[^\s()\\]|\\[\s\S]|\((?:[^\s()\\]|\\[\s\S])*\))+)(?:\s+(?:"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'|\((?:[^()\\]|\\[\s\S])*\)))?\s*\)/dg;
// [label]: destination "title", at the start of a line.
const DEFINITION = /^ {0,3}\[(?:[^[\]\\]|\\[\s\S])+\]:[ \t]*\n?[ \t]*(<[^<>\n]*>|\S+)/dgm;
const IMG_TAG = /<img\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi;
const SRC = /\ssrc\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+)/di;

/**
 * @param {string} markdown
 * @returns {LocalImage[]} in the order they appear
 */
export function findLocalImages(markdown) {
  const text = maskCode(markdown);
  /** @type {LocalImage[]} */
  const found = [];
  const add = (start, end, raw, kind) => {
    let written;
    let quote = "";
    if (kind === "markdown") {
      written = (raw.startsWith("<") && raw.endsWith(">") ? raw.slice(1, -1) : raw).replace(/\\([!-/:-@[-`{-~])/g, "$1");
    } else {
      quote = /^(["'])[\s\S]*\1$/.test(raw) ? raw[0] : "";
      written = (quote ? raw.slice(1, -1) : raw).replace(/&amp;/g, "&");
    }
    const path = localPath(written);
    if (path !== null) found.push({ path, written, line: lineAt(markdown, start), start, end, quote });
  };
  for (const m of text.matchAll(INLINE_IMAGE)) {
    const [start, end] = m.indices[1];
    add(start, end, markdown.slice(start, end), "markdown");
  }
  for (const m of text.matchAll(DEFINITION)) {
    const [start, end] = m.indices[1];
    const raw = markdown.slice(start, end);
    if (IMAGE_FILE.test(raw.replace(/^<|>$/g, "").replace(/[?#].*$/, ""))) add(start, end, raw, "markdown");
  }
  for (const tag of text.matchAll(IMG_TAG)) {
    const src = SRC.exec(tag[0]);
    if (!src) continue;
    const [s, e] = src.indices[1];
    const start = tag.index + s;
    const end = tag.index + e;
    add(start, end, markdown.slice(start, end), "html");
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The Markdown with each found image's address replaced (alt text and title
 * stay as written).
 * @param {string} markdown
 * @param {{ start: number, end: number, quote?: string, url: string }[]} replacements
 */
export function rewriteLocalImages(markdown, replacements) {
  let out = markdown;
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) {
    const quote = r.quote ?? "";
    out = out.slice(0, r.start) + quote + r.url + quote + out.slice(r.end);
  }
  return out;
}

/** The file an address names on the author's disk, or null for one that is not local. */
export function localPath(address) {
  const value = address.trim();
  if (value === "" || /^[a-z][a-z0-9+.-]*:/i.test(value) || /^[/\\#?]/.test(value)) return null;
  const path = value.replace(/[?#].*$/, "");
  if (path === "") return null;
  try {
    return decodeURIComponent(path);
  } catch {
    // A '%' that starts no escape is part of the name.
    return path;
  }
}

function lineAt(text, offset) {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * The text with code (fenced blocks, inline code spans) and HTML comments
 * blanked out, every offset and line kept: an image written inside code is
 * an example, not a file to upload.
 */
export function maskCode(markdown) {
  const blank = (s) => s.replace(/[^\n]/g, " ");
  const lines = markdown.split("\n");
  let fence = null;
  const kept = lines.map((line) => {
    if (fence) {
      if (new RegExp(`^ {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`).test(line)) fence = null;
      return blank(line);
    }
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (open && !(open[1][0] === "`" && line.slice(open[0].length).includes("`"))) {
      fence = open[1];
      return blank(line);
    }
    return line;
  });
  return kept
    .join("\n")
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, blank);
}
