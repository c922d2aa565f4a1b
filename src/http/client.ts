/**
 * Who is asking: the client's address as Cloudflare reports it, and a keyed
 * hash of it for rate limits and duplicate checks (the raw address is never
 * stored). On Cloudflare, CF-Connecting-IP is set by the edge and cannot be
 * forged by the client; under `wrangler dev` there is no edge, so a local
 * client can send its own (see the README's security notes).
 */
import type { Context } from "hono";
import type { AppEnv } from "../config";
import { keyedHash } from "../crypto";

export const clientAddress = (c: Context<AppEnv>): string => c.req.header("cf-connecting-ip") ?? c.req.header("x-real-ip") ?? "unknown";

/** The client's address, hashed with a key derived from APP_SECRET. */
export function clientHash(c: Context<AppEnv>): Promise<string> {
  return keyedHash(c.var.config.APP_SECRET, "client-hash", clientAddress(c));
}
