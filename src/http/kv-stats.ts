/**
 * For the benchmark only: with the var KV_STATS set, each response says in a
 * Server-Timing header how many KV reads and writes it made and how many
 * bytes they moved, so `npm run bench -- --scale` can report what a page view
 * or a moderation costs in KV. Off (not even installed) otherwise.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../config";

interface KvCounts {
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
        return async (key: string, type?: unknown) => {
          const text = await target.get(key, "text");
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
  if (!c.env.KV_STATS) return next();
  const counts: KvCounts = { reads: 0, readBytes: 0, writes: 0, writtenBytes: 0 };
  // A view of the env with the counting KV; the config (parsed from the real env) stays as it was.
  c.env = Object.assign(Object.create(c.env) as AppEnv["Bindings"], { POSTS: countingKv(c.env.POSTS, counts) });
  await next();
  c.res.headers.set("Server-Timing", `kv;desc="reads=${counts.reads} read_bytes=${counts.readBytes} writes=${counts.writes} written_bytes=${counts.writtenBytes}"`);
};
