/**
 * WordPress shortcodes in imported content. Only WordPress (and its plugins)
 * can run them, so they stay in the text as written, with one exception:
 * `[caption]`, which classic-editor posts put around nearly every image, and
 * which becomes the `<figure>` WordPress would have rendered. The others are
 * listed so the import can say which posts need a look.
 */

const CAPTION = /\[(wp_caption|caption)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/g;
// The image part of a caption's content, as WordPress's img_caption_shortcode() finds it.
const CAPTIONED_IMAGE = /((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*<\/a>)?)([\s\S]*)/i;

/** `[caption align="alignleft"]<img …/> Text[/caption]` → `<figure class="wp-caption alignleft"><img …/><figcaption …>Text</figcaption></figure>`. */
export function expandCaptions(content: string): string {
  return content.replace(CAPTION, (whole, _name: string, attributes: string, inner: string) => {
    const attrs = shortcodeAttributes(attributes);
    let image = inner;
    let caption = attrs.caption ?? "";
    if (!attrs.caption) {
      const m = CAPTIONED_IMAGE.exec(inner);
      if (!m) return whole;
      image = m[1] ?? "";
      caption = (m[2] ?? "").trim();
    }
    const align = /^align(?:left|right|center|none)$/.test(attrs.align ?? "") ? ` ${attrs.align}` : "";
    const figcaption = caption ? `<figcaption class="wp-caption-text">${caption}</figcaption>` : "";
    return `<figure class="wp-caption${align}">${image.trim()}${figcaption}</figure>`;
  });
}

/** `key="value"`, `key='value'` and `key=value` pairs of a shortcode's opening tag. */
function shortcodeAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))/g)) {
    attrs[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
  }
  return attrs;
}

/** WordPress core's media shortcodes, recognised even without attributes. */
const CORE_SHORTCODES = new Set(["gallery", "embed", "audio", "video", "playlist"]);

/**
 * Names of the shortcodes left in the content, as `[name]`. Besides core's,
 * a bracketed word counts only with attributes or a closing tag, so that
 * "[sic]" or "[1]" in prose is not taken for one; `[[name]]` is WordPress's
 * way of writing a shortcode as text.
 */
export function unrenderedShortcodes(content: string): string[] {
  const names = new Set<string>();
  for (const m of content.replace(/\[\[[^\]]*\]\]/g, "").matchAll(/\[(\/)?([a-z][a-z0-9_-]*)(\s+[^\]]*?=[^\]]*)?\s*\/?\]/gi)) {
    const name = m[2]!.toLowerCase();
    if (CORE_SHORTCODES.has(name) || m[1] || m[3]) names.add(`[${name}]`);
  }
  return [...names];
}
