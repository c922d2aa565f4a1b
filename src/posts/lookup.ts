/**
 * Finds the post a request addresses by a raw path segment: decodes it
 * (either spelling of a Unicode slug), reads KV, and hides drafts and
 * scheduled posts. Unknown or invisible posts are a 404.
 */
import { HTTPException } from "hono/http-exception";
import type { StoredPost } from "./model";
import { isVisible } from "./model";
import { readPost } from "./store";
import { decodeSegment, isValidSlug } from "./slug";

/** The first path segment after `prefix`, still percent-encoded as it arrived. */
export function rawSegment(url: string, prefix = "/"): string {
  const path = new URL(url).pathname;
  return path.slice(prefix.length).split("/")[0] ?? "";
}

export async function findPost(kv: KVNamespace, segment: string, now = Date.now()): Promise<StoredPost> {
  const slug = decodeSegment(segment);
  if (slug === null || !isValidSlug(slug)) throw new HTTPException(404, { message: "No such post." });
  const post = await readPost(kv, slug);
  if (!post || !isVisible(post, now)) throw new HTTPException(404, { message: "No such post." });
  return post;
}
