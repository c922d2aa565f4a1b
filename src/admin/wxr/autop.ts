/**
 * WordPress post content as the HTML WordPress shows for it.
 *
 * What WordPress stores is not what it displays. Classic-editor content has
 * no paragraphs: a blank line separates them and a single newline is a line
 * break, and WordPress adds the `<p>` and `<br />` on display with wpautop().
 * Block-editor content already holds its markup between `<!-- wp:name -->`
 * delimiters, and WordPress skips wpautop() for it. contentToHtml() does the
 * same two things; wpautop() below is a line-by-line port of WordPress 6's.
 */
import { expandCaptions, unrenderedShortcodes } from "./shortcodes";

export interface ContentHtml {
  html: string;
  editor: "block" | "classic";
  /** Dynamic blocks and shortcodes only WordPress can render (`wp:latest-posts`, `[gallery]`): left out or left as text. */
  unrendered: string[];
}

/** Post content from a WXR file (`content:encoded`) → HTML with real paragraphs and `<!--more-->` kept. */
export function contentToHtml(content: string): ContentHtml {
  // WordPress's own test (has_blocks): any block delimiter makes the whole post block content.
  if (content.includes("<!-- wp:")) {
    const { html, dynamic } = dropBlockDelimiters(content);
    return { html, editor: "block", unrendered: [...new Set([...dynamic, ...unrenderedShortcodes(html)])] };
  }
  // WordPress runs shortcodes after autop and then unwraps them; expanding the
  // caption first gives the same <figure>, which autop knows not to wrap.
  const expanded = expandCaptions(content);
  const unrendered = unrenderedShortcodes(expanded);
  return { html: moveMoreOutOfParagraphs(wpautop(expanded)), editor: "classic", unrendered };
}

/**
 * `<!--more-->` on a line of its own next to text ends up inside that text's
 * paragraph; it marks a place between paragraphs, so it moves out.
 */
function moveMoreOutOfParagraphs(html: string): string {
  return html
    .replace(/<p>\s*(<!--more[^>]*?-->)\s*<\/p>\n?/g, "$1\n")
    .replace(/(?:<br \/>)?\s*(<!--more[^>]*?-->)\s*<\/p>\n?/g, "</p>\n$1\n")
    .replace(/<p>\s*(<!--more[^>]*?-->)\s*(?:<br \/>)?\s*/g, "$1\n<p>");
}

// Block delimiters as WordPress's block parser reads them: `<!-- wp:ns/name {json} -->`,
// `<!-- /wp:ns/name -->`, and the void `<!-- wp:name {json} /-->` of a dynamic block.
const BLOCK_DELIMITER = /\n?<!--\s+\/wp:[a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?\s+-->|<!--\s+wp:([a-z][a-z0-9_-]*(?:\/[a-z][a-z0-9_-]*)?)\s+(?:\{[\s\S]*?\}\s+)?(\/)?-->\n?/g;

/**
 * Drops block delimiters with the newline WordPress's serializer puts on
 * their inner side, so that a block's inner HTML comes back exactly as saved.
 * Void blocks (latest posts, archives, a reusable block's reference) are
 * rendered by WordPress on each view and have nothing to keep.
 */
function dropBlockDelimiters(content: string): { html: string; dynamic: string[] } {
  const dynamic: string[] = [];
  const html = content.replace(BLOCK_DELIMITER, (_whole, name: string | undefined, isVoid: string | undefined) => {
    if (name !== undefined && isVoid) dynamic.push(`wp:${name}`);
    return "";
  });
  return { html, dynamic };
}

const ALL_BLOCKS =
  "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";
const re = (source: string, flags = "g") => new RegExp(source, flags);
const BLOCK_OPEN = re(`(<${ALL_BLOCKS}[\\s/>])`);
const BLOCK_CLOSE = re(`(</${ALL_BLOCKS}>)`);
const P_AROUND_BLOCK_TAG = re(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`);
const P_BEFORE_BLOCK_TAG = re(`<p>\\s*(</?${ALL_BLOCKS}[^>]*>)`);
const P_AFTER_BLOCK_TAG = re(`(</?${ALL_BLOCKS}[^>]*>)\\s*</p>`);
const BR_AFTER_BLOCK_TAG = re(`(</?${ALL_BLOCKS}[^>]*>)\\s*<br />`);

/** WordPress's wpautop(): double line breaks become paragraphs, single ones `<br />` (when `br`). */
export function wpautop(input: string, br = true): string {
  if (input.trim() === "") return "";
  // Just to make things a little easier, pad the end.
  let text = input + "\n";

  // Pre tags shouldn't be touched by autop: placeholders now, their content back at the end.
  const preTags = new Map<string, string>();
  if (text.includes("<pre")) {
    const parts = text.split("</pre>");
    const lastPart = parts.pop() ?? "";
    text = "";
    for (const part of parts) {
      const start = part.indexOf("<pre");
      if (start < 0) {
        // Malformed HTML?
        text += part;
        continue;
      }
      const name = `<pre wp-pre-tag-${preTags.size}></pre>`;
      preTags.set(name, part.slice(start) + "</pre>");
      text += part.slice(0, start) + name;
    }
    text += lastPart;
  }

  // Multiple <br>s become two line breaks, which become paragraphs.
  text = text.replace(/<br\s*\/?>\s*<br\s*\/?>/g, "\n\n");
  // Double line breaks above block-level opening tags and below closing ones, and after hr.
  text = text.replace(BLOCK_OPEN, "\n\n$1");
  text = text.replace(BLOCK_CLOSE, "$1\n\n");
  text = text.replace(/(<hr\s*?\/?>)/g, "$1\n\n");
  text = text.replace(/\r\n|\r/g, "\n");
  // Newlines inside tags and comments are not line breaks.
  text = replaceInHtmlTags(text, "\n", " <!-- wpnl --> ");

  // Line breaks around <option>, inside <object>, around <source>/<track> and <figcaption> are not paragraphs.
  if (text.includes("<option")) {
    text = text.replace(/\s*<option/g, "<option").replace(/<\/option>\s*/g, "</option>");
  }
  if (text.includes("</object>")) {
    text = text.replace(/(<object[^>]*>)\s*/g, "$1").replace(/\s*<\/object>/g, "</object>");
    text = text.replace(/\s*(<\/?(?:param|embed)[^>]*>)\s*/g, "$1");
  }
  if (text.includes("<source") || text.includes("<track")) {
    text = text.replace(/([<[](?:audio|video)[^>\]]*[>\]])\s*/g, "$1");
    text = text.replace(/\s*([<[]\/(?:audio|video)[>\]])/g, "$1");
    text = text.replace(/\s*(<(?:source|track)[^>]*>)\s*/g, "$1");
  }
  if (text.includes("<figcaption")) {
    text = text.replace(/\s*(<figcaption[^>]*>)/g, "$1").replace(/<\/figcaption>\s*/g, "</figcaption>");
  }

  // Every chunk between double line breaks becomes a paragraph.
  text = text.replace(/\n\n+/g, "\n\n");
  text = text
    .split(/\n\s*\n/)
    .filter((chunk) => chunk !== "")
    .map((chunk) => "<p>" + chunk.replace(/^\n+|\n+$/g, "") + "</p>\n")
    .join("");

  // Then the paragraphs that should not be: empty ones, and those wrapped around block tags.
  text = text.replace(/<p>\s*<\/p>/g, "");
  text = text.replace(/<p>([^<]+)<\/(div|address|form)>/g, "<p>$1</p></$2>");
  text = text.replace(P_AROUND_BLOCK_TAG, "$1");
  text = text.replace(/<p>(<li.+?)<\/p>/g, "$1");
  text = text.replace(/<p><blockquote([^>]*)>/gi, "<blockquote$1><p>");
  text = text.replaceAll("</blockquote></p>", "</p></blockquote>");
  text = text.replace(P_BEFORE_BLOCK_TAG, "$1");
  text = text.replace(P_AFTER_BLOCK_TAG, "$1");

  if (br) {
    // Newlines in script, style, svg and math are code, not line breaks.
    text = text.replace(/<(script|style|svg|math).*?<\/\1>/gs, (m) => m.replaceAll("\n", "<WPPreserveNewline />"));
    text = text.replaceAll("<br>", "<br />").replaceAll("<br/>", "<br />");
    text = text.replace(/(?<!<br \/>)\s*\n/g, "<br />\n");
    text = text.replaceAll("<WPPreserveNewline />", "\n");
  }

  // No <br /> right after a block tag, nor right before the ones that end a line anyway.
  text = text.replace(BR_AFTER_BLOCK_TAG, "$1");
  text = text.replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/g, "$1");
  text = text.replace(/\n<\/p>$/, "</p>");

  for (const [name, pre] of preTags) text = text.replace(name, () => pre);
  if (text.includes("<!-- wpnl -->")) text = text.replaceAll(" <!-- wpnl --> ", "\n").replaceAll("<!-- wpnl -->", "\n");
  return text;
}

// WordPress's get_html_split_regex(): comments and CDATA up to their end (or the end of the input), other tags up to '>'.
const HTML_SPLIT = /(<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[^>]*>?)/;

/** WordPress's wp_replace_in_html_tags() for one pair: replaces inside tags and comments only. */
function replaceInHtmlTags(text: string, needle: string, replacement: string): string {
  const parts = text.split(HTML_SPLIT);
  let changed = false;
  for (let i = 1; i < parts.length; i += 2) {
    const part = parts[i]!;
    if (part.includes(needle)) {
      parts[i] = part.replaceAll(needle, replacement);
      changed = true;
    }
  }
  return changed ? parts.join("") : text;
}
