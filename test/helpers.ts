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
