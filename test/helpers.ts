/** Shared by tests: requests through the real Worker, and parsing what comes back. */
import { exports } from "cloudflare:workers";

export const BASE = "http://127.0.0.1:8787";

export function get(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(BASE + path, { redirect: "manual", ...init }));
}

/** The value of an attribute on the first element matching a tag name with that attribute. */
export function attr(html: string, tag: string, name: string): string | undefined {
  const m = new RegExp(`<${tag}\\b[^>]*\\s${name}="([^"]*)"`, "i").exec(html);
  return m?.[1];
}

/** Every element and attribute in a page, as a browser's parser sees them (HTMLRewriter). */
export async function elementsOf(html: string): Promise<{ tag: string; attrs: [string, string][] }[]> {
  const found: { tag: string; attrs: [string, string][] }[] = [];
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        found.push({ tag: el.tagName, attrs: [...el.attributes] as [string, string][] });
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}
