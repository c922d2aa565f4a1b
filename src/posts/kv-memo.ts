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

/** Namespaces read past the memory (the benchmark's "cold" views, src/http/kv-stats.ts). */
export const unmemoized = new WeakSet<KVNamespace>();

export async function readJsonMemo<T>(kv: KVNamespace, key: string, now = Date.now()): Promise<T | null> {
  if (unmemoized.has(kv)) return kv.get<T>(key, "json");
  const hit = memo.get(key);
  if (hit && hit.expires > now) return hit.value as T | null;
  const value = await kv.get<T>(key, "json");
  if (memo.size >= MAX_ENTRIES) memo.delete(memo.keys().next().value!);
  memo.set(key, { value, expires: now + MEMO_TTL_MS });
  return value;
}

export function forget(key: string): void {
  memo.delete(key);
}

/** For tests and scripts that write KV behind the Worker's back. */
export function forgetAll(): void {
  memo.clear();
}
