/** Renders a JSX page to the string we hash for the ETag and send. */
import type { JSX } from "hono/jsx/jsx-runtime";

export const HTML_TYPE = "text/html; charset=UTF-8";

export async function renderHtml(node: JSX.Element): Promise<string> {
  return String(await node.toString());
}
