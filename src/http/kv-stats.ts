/**
 * For the benchmark only: with the var KV_STATS set, a request that asks with
 * an `X-KV-Stats` header gets a Server-Timing header saying how many KV reads
 * and writes it made and how many bytes they moved, so `npm run bench --
 * --scale` can report what a page view or a moderation costs in KV.
 * `X-KV-Stats: cold` also starts the request with an empty KV memory
 * (kv-memo.ts), as the first view in a fresh isolate does. A bulk read counts
 * one read per key, and its wait once. Without the var, nothing happens.
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

const size = (value: unknown) => (typeof value === "string" ? new TextEncoder().encode(value).byteLength : value instanceof ArrayBuffer ? value.byteLength : 0);

function countingKv(kv: KVNamespace, counts: KvCounts): KVNamespace {
  return new Proxy(kv, {
    get(target, prop) {
      if (prop === "get") {
        return async (key: string | string[], type?: unknown) => {
          const started = Date.now();
          if (Array.isArray(key)) {
            const texts = await target.get(key, "text");
            counts.waitMs += Date.now() - started;
            const values = new Map<string, unknown>();
            for (const [k, text] of texts) {
              counts.reads++;
              counts.readBytes += size(text);
              values.set(k, text === null ? null : type === "json" ? JSON.parse(text) : text);
            }
            return values;
          }
          const text = await target.get(key, "text");
          counts.waitMs += Date.now() - started;
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
  const kv = countingKv(c.env.POSTS, counts);
  if (asked === "cold") freshMemory.set(kv, new Map());
  c.env = Object.assign(Object.create(c.env) as AppEnv["Bindings"], { POSTS: kv });
  await next();
  c.res.headers.set("Server-Timing", `kv;dur=${counts.waitMs};desc="reads=${counts.reads} read_bytes=${counts.readBytes} writes=${counts.writes} written_bytes=${counts.writtenBytes}"`);
};
