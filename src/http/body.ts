/**
 * Reading request bodies safely: a byte limit enforced while streaming (a
 * missing or lying Content-Length changes nothing), and a form parser that
 * notices invalid UTF-8 instead of silently replacing it, so the answer can
 * say so. Nothing here throws on bad input.
 */

export interface LimitedBody {
  bytes: Uint8Array;
  /** Longer than `limit`. */
  tooLarge: boolean;
  /** Longer than `keepUpTo`: `bytes` holds only the start, too little to give back to the reader. */
  truncated: boolean;
}

/**
 * Reads at most `keepUpTo` bytes. A body over `limit` but under `keepUpTo`
 * is still read whole, so a form that is too large can come back filled in.
 *
 * The rest of a body over `keepUpTo` is read and thrown away rather than
 * cancelled: a client still sending when the answer is written gets a reset
 * connection instead of the 413 (and `wrangler dev`'s proxy answers 503,
 * "worker restarted mid-request", when the worker cancels a chunked upload).
 * Draining is bounded by the platform: Cloudflare refuses request bodies over
 * 100 MB before they reach the Worker, and discarded chunks cost no memory.
 */
export async function readLimited(request: Request, limit: number, keepUpTo = limit): Promise<LimitedBody> {
  const header = request.headers.get("content-length");
  const declared = header === null ? NaN : Number(header);
  if (Number.isFinite(declared) && declared > keepUpTo) {
    if (request.body) await drain(request.body.getReader());
    return { bytes: new Uint8Array(0), tooLarge: true, truncated: true };
  }
  // A declared length within bounds: the runtime ends the body there, so one native read is safe.
  if (Number.isFinite(declared)) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    return { bytes, tooLarge: bytes.byteLength > limit, truncated: false };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > keepUpTo) {
        truncated = true;
        await drain(reader);
        break;
      }
      chunks.push(value);
    }
  }
  const bytes = new Uint8Array(Math.min(size, keepUpTo));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, tooLarge: size > limit, truncated };
}

/** Reads a body to its end, keeping nothing. A client that breaks off is the same as an end. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  try {
    for (;;) if ((await reader.read()).done) return;
  } catch {
    // The client went away: there is nobody left to answer, and nothing to keep.
  }
}

export interface ParsedForm {
  /** The first value of each name. */
  fields: Record<string, string>;
  /** Every value of each name (checkbox lists). */
  all: Record<string, string[]>;
  /** Some value was not valid UTF-8; it was decoded with U+FFFD in place of the bad bytes. */
  invalidUtf8: boolean;
  /** A `%` not followed by two hex digits. */
  malformed: boolean;
}

const strict = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder("utf-8");
const encoder = new TextEncoder();

/** The slow, exact path: bytes of a percent-encoded value, and whether a `%` was not followed by two hex digits. */
function percentDecode(text: string): { bytes: Uint8Array; malformed: boolean } {
  const out: number[] = [];
  let malformed = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2b /* + */) out.push(0x20);
    else if (ch === 0x25 /* % */ && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      if (ch === 0x25) malformed = true;
      // Anything else is taken as the UTF-8 of the character itself.
      for (const byte of encoder.encode(text[i]!)) out.push(byte);
    }
  }
  return { bytes: Uint8Array.from(out), malformed };
}

/** One name or value: the native decoder when the input is well formed, the exact path when it is not. */
function decodeComponent(raw: string): { text: string; malformed: boolean; invalidUtf8: boolean } {
  try {
    return { text: decodeURIComponent(raw.replace(/\+/g, " ")), malformed: false, invalidUtf8: false };
  } catch {
    // URIError: a stray `%` or bytes that are not UTF-8; find out which, and decode what can be.
    const { bytes, malformed } = percentDecode(raw);
    try {
      return { text: strict.decode(bytes), malformed, invalidUtf8: false };
    } catch {
      return { text: lenient.decode(bytes), malformed, invalidUtf8: true };
    }
  }
}

/** application/x-www-form-urlencoded, first value of each name wins. */
export function parseUrlEncoded(body: Uint8Array): ParsedForm {
  // A browser percent-encodes everything but ASCII; raw bytes that are not UTF-8 (a script sending
  // `\xff\xfe` unencoded) get the same answer as percent-encoded ones, not a silent U+FFFD.
  let text: string;
  let rawInvalid = false;
  try {
    text = strict.decode(body);
  } catch {
    text = lenient.decode(body);
    rawInvalid = true;
  }
  // No prototype: a field named "constructor" or "__proto__" is just a field.
  const fields: Record<string, string> = Object.create(null);
  const all: Record<string, string[]> = Object.create(null);
  let invalidUtf8 = rawInvalid;
  let malformed = false;
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? "" : pair.slice(eq + 1);
    const [name, value] = [decodeComponent(rawName), decodeComponent(rawValue)].map((part) => {
      malformed ||= part.malformed;
      invalidUtf8 ||= part.invalidUtf8;
      return part.text;
    }) as [string, string];
    if (!Object.hasOwn(fields, name)) fields[name] = value;
    (all[name] ??= []).push(value);
  }
  return { fields, all, invalidUtf8, malformed };
}

/** JSON object bodies; null for anything else (arrays, invalid JSON, invalid UTF-8). */
export function parseJsonObject(body: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(strict.decode(body));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
