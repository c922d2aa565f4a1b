/**
 * Post bodies from Markdown (marked, GitHub-flavoured) or HTML, always
 * through the sanitizer: nothing an API client or an import sends is
 * rendered unfiltered.
 */
import { Marked } from "marked";
import { sanitizePostHtml } from "./sanitize";

const marked = new Marked({ gfm: true, breaks: false, async: false });

export async function bodyHtml(source: { markdown?: string; html?: string }): Promise<string> {
  const html = source.markdown !== undefined ? (marked.parse(source.markdown) as string) : (source.html ?? "");
  return sanitizePostHtml(html);
}
