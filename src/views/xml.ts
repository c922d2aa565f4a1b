/**
 * Escaping for XML documents (Atom feeds, the sitemap). Characters XML 1.0
 * forbids (most C0 controls, lone surrogates, U+FFFE/FFFF) are dropped, since
 * one of them in a reader's comment would make the whole feed unparseable.
 */

const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

export const isoDate = (ms: number) => new Date(ms).toISOString();
