/**
 * Finds the post a request addresses by its `:slug` route parameter, which
 * Hono has already percent-decoded (either spelling of a Unicode slug gives
 * the same text; a broken escape stays undecoded and is no valid slug). Drafts,
 * scheduled posts and unknown slugs are a 404.
 */
import { HTTPException } from "hono/http-exception";
import type { StoredPost } from "./model";
import { isVisible } from "./model";
import { readPost } from "./store";
import { isValidSlug } from "./slug";

export async function findPost(kv: KVNamespace, slugParam: string | undefined, now = Date.now()): Promise<StoredPost> {
  const slug = (slugParam ?? "").normalize("NFC");
  if (!isValidSlug(slug)) throw new HTTPException(404, { message: "No such post." });
  const post = await readPost(kv, slug);
  if (!post || !isVisible(post, now)) throw new HTTPException(404, { message: "No such post." });
  return post;
}
