/**
 * Who may use the author's desk: a bearer token (ADMIN_TOKEN, a wrangler
 * secret) for /api/admin, compared in constant time; and for the /admin
 * pages, a signed session cookie (HttpOnly, Secure, SameSite=Strict, with an
 * expiry) got by signing in with that token, plus a CSRF token on every form.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Config } from "../config";
import { hmac, keyFor, secretsEqual, verifyHmac } from "../crypto";

export const SESSION_COOKIE = "ep_admin";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

function unauthorized(message: string): HTTPException {
  return new HTTPException(401, { message, res: new Response(null, { headers: { "WWW-Authenticate": 'Bearer realm="edgepress admin"' } }) });
}

export async function tokenIsValid(config: Config, given: string): Promise<boolean> {
  return config.ADMIN_TOKEN !== undefined && (await secretsEqual(given, config.ADMIN_TOKEN));
}

/** /api/admin/*: `Authorization: Bearer <ADMIN_TOKEN>` or 401. */
export const requireBearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const config = c.var.config;
  if (!config.ADMIN_TOKEN) throw unauthorized("The admin API is off: set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN).");
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized("Send the admin token as: Authorization: Bearer <ADMIN_TOKEN>.");
  if (!(await tokenIsValid(config, match[1]!))) throw unauthorized("The admin token is not valid.");
  await next();
};

/** A session: its expiry, signed. The token itself never goes into the cookie. */
export async function issueSession(config: Config, now = Date.now()): Promise<{ value: string; expires: number }> {
  const expires = now + SESSION_TTL_MS;
  const nonce = crypto.randomUUID();
  const payload = `${expires.toString(36)}.${nonce}`;
  return { value: `${payload}.${await hmac(await keyFor(config.APP_SECRET, "admin-session"), sessionMessage(config, payload))}`, expires };
}

// Signing over a digest of the admin token too: changing the token signs every session out.
function sessionMessage(config: Config, payload: string): string {
  return `session\n${payload}\n${config.ADMIN_TOKEN ?? ""}`;
}

export async function sessionFrom(c: Context<AppEnv>, now = Date.now()): Promise<string | null> {
  const config = c.var.config;
  if (!config.ADMIN_TOKEN) return null;
  const value = getCookie(c, SESSION_COOKIE);
  const m = value ? /^([0-9a-z]+)\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!m) return null;
  const payload = `${m[1]}.${m[2]}`;
  if (parseInt(m[1]!, 36) < now) return null;
  if (!(await verifyHmac(await keyFor(config.APP_SECRET, "admin-session"), sessionMessage(config, payload), m[3]!))) return null;
  return payload;
}

export function sessionCookieOptions(expires: number, now = Date.now()) {
  return { path: "/admin", httpOnly: true, secure: true, sameSite: "Strict" as const, maxAge: Math.floor((expires - now) / 1000) };
}

/** The CSRF token of a session: forms carry it; a forged cross-site form cannot know it. */
export async function csrfToken(config: Config, session: string): Promise<string> {
  return hmac(await keyFor(config.APP_SECRET, "admin-session"), `csrf\n${session}`);
}

export async function csrfIsValid(config: Config, session: string, given: string): Promise<boolean> {
  return verifyHmac(await keyFor(config.APP_SECRET, "admin-session"), `csrf\n${session}`, given);
}
