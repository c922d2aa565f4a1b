/**
 * How much of a day's comments the digest shows in full. A spam wave can
 * bring thousands; the email shows the ones that need the author first, up to
 * a cap, counts the rest and points to the moderation page, and stays under
 * the transport's size limit whatever the comments weigh.
 */
import type { DigestComment, DigestData, DigestFrame, DigestPostInfo } from "./model";
import { assembleDigest, countComments } from "./assemble";
import { estimateMessageSize, MAX_MESSAGE_BYTES } from "./mime";
import { renderDigest, type RenderedDigest } from "./render";

/** Comments shown in full in one digest. */
export const DIGEST_MAX_FULL = 200;

/**
 * Gmail hides an HTML part past about 102 kB behind "[Message clipped]".
 * Not applied by default; pass it as `maxHtmlBytes` to keep the whole digest
 * (spam section and footer included) visible there.
 */
export const GMAIL_CLIP_BYTES = 102 * 1024;

/**
 * Lower comes first: what waits for the author, then what the scorer decided
 * alone (approvals before spam, where a false positive would hide), then what
 * the author has already decided.
 */
function priority(c: DigestComment): number {
  if (c.status === "pending") return 0;
  if (c.decidedBy === "author") return 4;
  if (c.status === "approved") return 1;
  if (c.status === "spam") return 2;
  return 3;
}

/** The comments in the order the cap keeps them: by priority, then oldest first. */
export function prioritize(comments: readonly DigestComment[]): DigestComment[] {
  return [...comments].sort((a, b) => priority(a) - priority(b) || a.createdAt - b.createdAt || a.id - b.id);
}

export function capComments(comments: readonly DigestComment[], maxFull = DIGEST_MAX_FULL): { shown: DigestComment[]; omitted: number } {
  const cap = Math.max(0, Math.min(Math.floor(maxFull), comments.length));
  return { shown: prioritize(comments).slice(0, cap), omitted: comments.length - cap };
}

export interface ComposeOptions {
  maxFull?: number;
  /** The size the built message must stay under; MAX_MESSAGE_BYTES by default. */
  maxBytes?: number;
  /** An optional ceiling on the HTML part alone, in UTF-8 bytes (see GMAIL_CLIP_BYTES). */
  maxHtmlBytes?: number;
}

export interface ComposedDigest {
  data: DigestData;
  rendered: RenderedDigest;
  /** estimateMessageSize of the rendered parts: an upper bound for buildMessage's output. */
  size: number;
}

const encoder = new TextEncoder();

/**
 * The digest of `comments` (every comment of the period), capped at maxFull
 * and then, if the message would still be too big, at fewer: each retry aims
 * under the limit by the measured size and always drops at least one comment.
 * Only a digest with no comment shown at all can still be over (a title of
 * megabytes), which the caller sees in `size`.
 */
export function composeDigest(frame: DigestFrame, comments: readonly DigestComment[], posts: readonly DigestPostInfo[], options: ComposeOptions = {}): ComposedDigest {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  const ordered = prioritize(comments);
  const counts = countComments(comments);
  let cap = Math.max(0, Math.min(Math.floor(options.maxFull ?? DIGEST_MAX_FULL), ordered.length));
  for (;;) {
    const data = assembleDigest({ frame, shown: ordered.slice(0, cap), omitted: ordered.length - cap, counts, posts });
    const rendered = renderDigest(data);
    const size = estimateMessageSize(rendered);
    const html = options.maxHtmlBytes ? encoder.encode(rendered.html).byteLength / options.maxHtmlBytes : 0;
    const over = Math.max(size / maxBytes, html);
    if (over <= 1 || cap === 0) return { data, rendered, size };
    cap = Math.max(0, Math.min(cap - 1, Math.floor((cap / over) * 0.9)));
  }
}
