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

export async function readJsonMemo<T>(kv: KVNamespace, key: string, now = Date.now()): Promise<T | null> {
  const memory = memoryOf(kv);
  const hit = memory.get(key);
  if (hit && hit.expires > now) return hit.value as T | null;
  const value = await kv.get<T>(key, "json");
  remember(memory, key, value, now);
  return value;
}

/** KV's bulk read takes at most this many keys. */
const MAX_BULK_KEYS = 100;

/**
 * Reads in one KV round trip the keys a page is about to read one after
 * another (a post, its comment summary, its comment chunk), so that a first
 * view waits for KV once, not once per key. Keys already in memory are not read.
 */
export async function prefetchJson(kv: KVNamespace, keys: string[], now = Date.now()): Promise<void> {
  const memory = memoryOf(kv);
  const missing = keys.filter((key) => !((memory.get(key)?.expires ?? 0) > now)).slice(0, MAX_BULK_KEYS);
  if (missing.length < 2) return;
  let values: Map<string, unknown>;
  try {
    values = await kv.get<unknown>(missing, "json");
  } catch {
    // Only a head start: each key is read again on its own, and each reader handles its own failure.
    return;
  }
  for (const key of missing) remember(memory, key, values.get(key) ?? null, now);
}

export function forget(key: string): void {
  memo.delete(key);
}

/** For tests and scripts that write KV behind the Worker's back. */
export function forgetAll(): void {
  memo.clear();
}
