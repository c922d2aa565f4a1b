/**
 * For the benchmark only: with the var KV_STATS set, a request that asks with
 * an `X-KV-Stats` header gets a Server-Timing header saying how many KV reads
 * and writes it made and how many bytes they moved, so `npm run bench --
 * --scale` can report what a page view or a moderation costs in KV.
 * `X-KV-Stats: cold` also starts the request with an empty KV memory
 * (kv-memo.ts), as the first view in a fresh isolate does; `X-KV-Stats:
 * cold-timing` the same without counting bytes (counting them is work the
 * view it times would not do: the benchmark counts them on another view). A
 * bulk read counts one read per key, and reads side by side wait once.
 * Without the var, nothing happens.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../config";
import { freshMemory } from "../posts/kv-memo";

interface KvCounts {
  /** Milliseconds spent waiting for KV reads (the Workers clock moves across I/O, so this is measurable). */
  waitMs: number;
  reads: number;
  readBytes: number;
  writes: number;
  writtenBytes: number;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(0);
/** UTF-8 bytes of a value, counted into one reused buffer: the count must not add garbage to the view it measures. */
function utf8Size(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof value !== "string") return 0;
  if (scratch.length < value.length * 3) scratch = new Uint8Array(value.length * 3);
  return encoder.encodeInto(value, scratch).written;
}

function countingKv(kv: KVNamespace, counts: KvCounts, bytes: boolean): KVNamespace {
  const size = bytes ? utf8Size : () => 0;
  // Reads side by side wait together: the wait is the time while any read is out, not the sum of their times.
  let out = 0;
  let since = 0;
  const waitFor = async <T,>(read: Promise<T>): Promise<T> => {
    if (out++ === 0) since = Date.now();
    try {
      return await read;
    } finally {
      if (--out === 0) counts.waitMs += Date.now() - since;
    }
  };
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return async (key: string | string[], type?: unknown) => {
          if (Array.isArray(key)) {
            const texts = await waitFor(target.get(key, "text"));
            const values = new Map<string, unknown>();
            for (const [k, text] of texts) {
              counts.reads++;
              counts.readBytes += size(text);
              values.set(k, text === null ? null : type === "json" ? JSON.parse(text) : text);
            }
            return values;
          }
          const text = await waitFor(target.get(key, "text"));
          counts.reads++;
          counts.readBytes += size(text);
          if (text === null) return null;
          return type === "json" || (typeof type === "object" && (type as { type?: string } | null)?.type === "json") ? JSON.parse(text) : text;
        };
      }
      if (prop === "put") {
        return (key: string, value: string, options?: KVNamespacePutOptions) => {
          counts.writes++;
          counts.writtenBytes += size(value);
          return target.put(key, value, options);
        };
      }
      const value = Reflect.get(target, prop);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export const kvStats: MiddlewareHandler<AppEnv> = async (c, next) => {
  const asked = c.req.header("x-kv-stats");
  if (!c.env.KV_STATS || !asked) return next();
  const counts: KvCounts = { waitMs: 0, reads: 0, readBytes: 0, writes: 0, writtenBytes: 0 };
  // A view of the env with the counting KV; the config (parsed from the real env) stays as it was.
  const kv = countingKv(c.env.POSTS, counts, asked !== "cold-timing");
  if (asked === "cold" || asked === "cold-timing") freshMemory.set(kv, new Map());
  c.env = Object.assign(Object.create(c.env) as AppEnv["Bindings"], { POSTS: kv });
  await next();
  c.res.headers.set("Server-Timing", `kv;dur=${counts.waitMs};desc="reads=${counts.reads} read_bytes=${counts.readBytes} writes=${counts.writes} written_bytes=${counts.writtenBytes}"`);
};
