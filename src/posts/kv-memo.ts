/**
 * A few seconds of isolate memory in front of the reader's KV reads.
 *
 * A busy isolate serves many page views a second from the same few keys;
 * parsing the same JSON each time costs more CPU than rendering the page.
 * KV already lets readers see a write up to 60 s late, so holding a parsed
 * value for MEMO_TTL_MS changes no promise. Writers in this isolate call
 * forget() so the author sees their own change at once.
 */

export const MEMO_TTL_MS = 5_000;

interface Entry {
  value: unknown;
  expires: number;
}

const memo = new Map<string, Entry>();
const MAX_ENTRIES = 500;

/**
 * Namespaces with a memory of their own, empty when made: the benchmark's
 * "cold" views (src/http/kv-stats.ts) read as a fresh isolate does, whatever
 * this isolate read before.
 */
export const freshMemory = new WeakMap<KVNamespace, Map<string, Entry>>();

const memoryOf = (kv: KVNamespace) => freshMemory.get(kv) ?? memo;

function remember(memory: Map<string, Entry>, key: string, value: unknown, now: number): void {
  if (memory.size >= MAX_ENTRIES) memory.delete(memory.keys().next().value!);
  memory.set(key, { value, expires: now + MEMO_TTL_MS });
}

export type ValueType = "json" | "text";

async function readMemo<T>(kv: KVNamespace, key: string, type: ValueType, now: number): Promise<T | null> {
  const memory = memoryOf(kv);
  const hit = memory.get(key);
  if (hit && hit.expires > now) return hit.value as T | null;
  const value = type === "json" ? await kv.get<T>(key, "json") : ((await kv.get(key, "text")) as T | null);
  remember(memory, key, value, now);
  return value;
}

export function readJsonMemo<T>(kv: KVNamespace, key: string, now = Date.now()): Promise<T | null> {
  return readMemo<T>(kv, key, "json", now);
}

/** A value kept as text (a chunk's rendered comment threads: markup a view joins as it is, with no JSON to parse). */
export function readTextMemo(kv: KVNamespace, key: string, now = Date.now()): Promise<string | null> {
  return readMemo<string>(kv, key, "text", now);
}

/** KV's bulk read takes at most this many keys. */
const MAX_BULK_KEYS = 100;
/**
 * A Worker keeps at most six connections open at once: up to that many keys
 * are read side by side, each on its own; more go in one bulk read. Side by
 * side they arrive together as a bulk read's do, and where it was measured
 * (the local KV of workerd) they arrive sooner: four keys in 2 ms, not 4.
 */
const SIDE_BY_SIDE = 6;

/**
 * Reads in one KV round trip the keys a page is about to read one after
 * another (a post, its comment summary, its comment chunk), so that a first
 * view waits for KV once, not once per key. Keys already in memory are not
 * read. Each key is read as the reader that follows will read it: JSON
 * parsed, text as it is.
 */
export async function prefetch(kv: KVNamespace, keys: [key: string, type: ValueType][], now = Date.now()): Promise<void> {
  const memory = memoryOf(kv);
  const missing = keys.filter(([key]) => !((memory.get(key)?.expires ?? 0) > now)).slice(0, MAX_BULK_KEYS);
  if (missing.length < 2) return;
  let texts: (string | null)[];
  try {
    if (missing.length <= SIDE_BY_SIDE) texts = await Promise.all(missing.map(([key]) => kv.get(key, "text")));
    else {
      const read = await kv.get(missing.map(([key]) => key), "text");
      texts = missing.map(([key]) => read.get(key) ?? null);
    }
  } catch {
    // Only a head start: each key is read again on its own, and each reader handles its own failure.
    return;
  }
  missing.forEach(([key, type], i) => {
    const text = texts[i] ?? null;
    let value: unknown = text;
    if (text !== null && type === "json") {
      try {
        value = JSON.parse(text);
      } catch {
        // Left for the reader, which reads it again and meets the error itself.
        return;
      }
    }
    remember(memory, key, value, now);
  });
}

export function forget(key: string): void {
  memo.delete(key);
}

/** For tests and scripts that write KV behind the Worker's back. */
export function forgetAll(): void {
  memo.clear();
}
