/**
 * The post-HTML sanitizer: what a post body may contain once it is stored.
 *
 * Post HTML is rendered unescaped, and bodies arrive from places we do not
 * trust (a WordPress export, an API client), so every body passes through an
 * allowlist: known elements with known attributes, URLs with known schemes,
 * no scripts, event handlers, styles or comments (except `<!--more-->`).
 * Anything not on a list is dropped: an unknown element loses its tags but
 * keeps its text; an element whose content is code or hidden markup (script,
 * style, svg, iframe, form…) goes with its content.
 *
 * It runs on the Workers runtime's own HTMLRewriter (lol-html), a streaming
 * tokenizer that follows the HTML spec, so what it sees as a tag or as text is
 * what a browser sees. It does not build a tree: nesting is left as written.
 */

/** Elements kept as they are (attributes filtered). `h1` becomes `h2`: the page's title is the h1. */
const KEPT_ELEMENTS = new Set([
  "p", "br", "hr", "div", "span",
  "h2", "h3", "h4", "h5", "h6",
  "a", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sup", "sub",
  "abbr", "cite", "q", "dfn", "time", "bdi", "bdo", "wbr",
  "code", "pre", "kbd", "samp", "var",
  "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
  "img", "figure", "figcaption",
  "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
  "details", "summary",
]);

/**
 * Elements removed together with their content. Besides the obviously active
 * ones, this lists every element that switches the tokenizer into raw text
 * (title, textarea, xmp, noscript…): unwrapping one of those would turn its
 * text, which was inert, into markup the browser parses.
 */
const REMOVED_WITH_CONTENT = new Set([
  "script", "style", "template", "noscript", "noembed", "noframes", "xmp", "plaintext", "title", "textarea",
  "iframe", "frame", "frameset", "object", "embed", "applet", "param",
  "form", "input", "button", "select", "option", "optgroup", "datalist", "output",
  "svg", "math", "canvas", "audio", "video", "source", "track", "picture", "portal", "fencedframe",
  "head", "meta", "link", "base",
]);

/** Attributes any kept element may carry. */
const GLOBAL_ATTRIBUTES = new Set(["id", "class", "title", "lang", "dir"]);

/** Attributes particular elements may carry, on top of the global ones. */
const ELEMENT_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(["href", "rel", "target", "hreflang"]),
  img: new Set(["src", "alt", "width", "height"]),
  td: new Set(["colspan", "rowspan", "headers"]),
  th: new Set(["colspan", "rowspan", "headers", "scope", "abbr"]),
  col: new Set(["span", "width"]),
  colgroup: new Set(["span", "width"]),
  table: new Set(["width"]),
  ol: new Set(["start", "reversed", "type"]),
  li: new Set(["value"]),
  blockquote: new Set(["cite"]),
  q: new Set(["cite"]),
  del: new Set(["cite", "datetime"]),
  ins: new Set(["cite", "datetime"]),
  time: new Set(["datetime"]),
  details: new Set(["open"]),
};

const XHTML = "http://www.w3.org/1999/xhtml";
const URL_ATTRIBUTES = new Set(["href", "src", "cite"]);
const NUMBER = /^\s*\d{1,5}%?\s*$/;
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** Sanitizes one post body. The result is safe to render as HTML inside a page. */
export async function sanitizePostHtml(html: string): Promise<string> {
  // The rewriter copies an unfinished tag at the very end of the input
  // (`<img src=x onerror=alert(1) `) through unchanged; inside a page, the
  // markup that follows would complete it. So the input ends with a marker
  // element of an unguessable name: if the marker is seen as an element, the
  // input ended between tokens. If not, the input is retried with each way of
  // closing what was left open, and the leftovers are then sanitized as the
  // tag or comment they close.
  const marker = `edgepress-end-${crypto.randomUUID()}`;
  let unclosed: string | null = null;
  for (const closer of ["", ">", '">', "'>", "-->"]) {
    const result = await rewrite(html + closer + `<${marker}>`, marker);
    if (result.markerSeen) return finish(result.html);
    unclosed ??= result.html;
  }
  // Only an element removed with its content (an unclosed <script>, <svg>…)
  // swallows the marker whatever closes it: that removal ran to the end of the
  // input. What is left must itself end between tokens; if it somehow does
  // not, no body is better than an unfinished tag.
  if (unclosed !== null && (await rewrite(unclosed + `<${marker}>`, marker, false)).markerSeen) return finish(unclosed);
  return "";
}

/** One pass of the rewriter; with `clean` false it only looks for the marker. */
async function rewrite(html: string, marker: string, clean = true): Promise<{ html: string; markerSeen: boolean }> {
  let markerSeen = false;
  const out = await new HTMLRewriter()
    .on("*", {
      element(el) {
        const tag = el.tagName;
        if (tag === marker) {
          markerSeen = true;
          el.remove();
        } else if (!clean) {
          return;
        } else if (REMOVED_WITH_CONTENT.has(tag) || el.namespaceURI !== XHTML) {
          el.remove();
        } else if (tag === "h1") {
          el.tagName = "h2";
          cleanAttributes(el, "h2");
        } else if (KEPT_ELEMENTS.has(tag)) {
          cleanAttributes(el, tag);
        } else {
          el.removeAndKeepContent();
        }
      },
    })
    .onDocument({
      comments(comment) {
        if (!clean) return;
        // WordPress's "read more" marker, in any of its spellings, becomes the one the excerpt code knows.
        if (/^\s*more/.test(comment.text)) comment.replace("<!--more-->", { html: true });
        else comment.remove();
      },
    })
    .transform(new Response(html))
    .text();
  return { html: out, markerSeen };
}

// A lone `<` at the very end would join with whatever markup follows the body on the page.
const finish = (html: string) => html.replace(/<$/, "&lt;");

function cleanAttributes(el: Element, tag: string): void {
  const first = new Map<string, string>();
  let count = 0;
  for (const [name, value] of el.attributes) {
    count++;
    // A browser keeps the first of repeated attributes; the rewriter's own removeAttribute removes one at a time.
    if (name !== undefined && value !== undefined && !first.has(name)) first.set(name, value);
  }
  const repeated = count > first.size;
  for (const [name, value] of first) {
    const safe = safeAttributeValue(tag, name, value);
    if (safe === null) {
      removeEvery(el, name);
    } else if (repeated) {
      removeEvery(el, name);
      el.setAttribute(name, safe);
    } else if (safe !== value) {
      el.setAttribute(name, safe);
    }
  }
  // A link that opens a new window must not hand that window a handle on this page.
  if (tag === "a" && el.hasAttribute("target")) {
    const rel = new Set((el.getAttribute("rel") ?? "").toLowerCase().split(/\s+/).filter(Boolean));
    if (!rel.has("noopener")) el.setAttribute("rel", [...rel, "noopener"].join(" "));
  }
}

function removeEvery(el: Element, name: string): void {
  for (let guard = 0; el.hasAttribute(name) && guard < 64; guard++) el.removeAttribute(name);
}

/** The value to keep (as written, entities and all), or null to drop the attribute. */
function safeAttributeValue(tag: string, name: string, raw: string): string | null {
  if (!GLOBAL_ATTRIBUTES.has(name) && !ELEMENT_ATTRIBUTES[tag]?.has(name)) return null;
  if (URL_ATTRIBUTES.has(name)) return isSafeUrl(raw, tag === "img" && name === "src") ? raw : null;
  const value = decodeAttribute(raw).trim();
  switch (name) {
    case "dir":
      return /^(ltr|rtl|auto)$/i.test(value) ? raw : null;
    case "lang":
    case "hreflang":
      return value === "" || LANGUAGE_TAG.test(value) ? raw : null;
    case "width":
    case "height":
    case "colspan":
    case "rowspan":
    case "span":
    case "start":
    case "value":
      return NUMBER.test(value) ? raw : null;
    case "target":
      return value.toLowerCase() === "_blank" ? "_blank" : null;
    default:
      return raw;
  }
}

/**
 * Whether a URL may stay: http(s), mailto, relative, or a fragment; for an
 * image's src also an inline raster image. The check works on the URL as the
 * browser will read it: character references decoded, tabs and newlines
 * removed, leading and trailing controls and spaces trimmed. A scheme is
 * whatever precedes the first ':' when no '/', '?' or '#' comes before it;
 * every scheme not on the list (javascript, vbscript, data, unknown ones) is
 * refused, so spellings the list never thought of are refused too.
 */
export function isSafeUrl(raw: string, allowDataImage = false): boolean {
  const url = decodeAttribute(raw)
    .replace(/[\t\n\r]/g, "")
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  const colon = url.indexOf(":");
  if (colon < 0) return true;
  const delimiter = url.search(/[/?#]/);
  if (delimiter >= 0 && delimiter < colon) return true;
  const scheme = url.slice(0, colon).toLowerCase();
  if (scheme === "http" || scheme === "https" || scheme === "mailto") return true;
  return allowDataImage && /^data:image\/(?:png|gif|jpeg|jpg|webp|avif|bmp)[;,]/i.test(url);
}

/** The named references that can hide URL syntax, plus the everyday ones. */
const NAMED_REFERENCES: Record<string, string> = {
  colon: ":", tab: "\t", newline: "\n", sol: "/", quest: "?", num: "#", period: ".", lpar: "(", rpar: ")",
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0",
};

/**
 * Decodes character references as a browser does inside an attribute value:
 * numeric ones even without the final ';' (`&#x6A` is a 'j'), named ones only with it.
 */
function decodeAttribute(value: string): string {
  return value.replace(/&#[xX]([0-9a-fA-F]+);?|&#([0-9]+);?|&([A-Za-z]+);/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? whole;
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec ?? "", 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  });
}
