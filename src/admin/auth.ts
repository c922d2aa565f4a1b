/**
 * Who may use the author's desk: a bearer token (ADMIN_TOKEN, a wrangler
 * secret of at least 32 characters) for /api/admin, compared in constant
 * time; and for the /admin pages, a session cookie (HttpOnly, Secure,
 * SameSite=Strict) got by signing in with that token, backed by a row in D1
 * so signing out ends it (sessions.ts), plus a CSRF token on every form.
 * Guesses are limited with the Workers Rate Limiting binding: sign-in per
 * client and overall, the API per client (before the token is checked, so a
 * guesser learns nothing past the limit).
 */
import type { Context, MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv, Config } from "../config";
import { hmac, keyFor, secretsEqual, verifyHmac } from "../crypto";
import { clientHash } from "../http/client";
import { createSession, liveSession } from "./sessions";

import { SESSION_COOKIE } from "../desk-link";

export { SESSION_COOKIE };
/** Rate Limiting allows periods of 10 or 60 seconds; every admin limiter uses 60 (wrangler.toml). */
export const ADMIN_RETRY_AFTER_S = 60;

function unauthorized(message: string): HTTPException {
  return new HTTPException(401, { message, res: new Response(null, { headers: { "WWW-Authenticate": 'Bearer realm="edgepress admin"' } }) });
}

export async function tokenIsValid(config: Config, given: string): Promise<boolean> {
  return config.ADMIN_TOKEN !== undefined && (await secretsEqual(given, config.ADMIN_TOKEN));
}

/**
 * Whether this client may try the admin token now: false once it (or, for
 * sign-in, everyone together) has used up the minute's allowance. A missing
 * binding (a test that leaves it out) limits nothing.
 */
export async function mayTryToken(c: Context<AppEnv>, kind: "sign-in" | "api"): Promise<boolean> {
  const key = await clientHash(c);
  if (kind === "api") return (await c.env.ADMIN_API_LIMITER?.limit({ key }))?.success ?? true;
  const [client, overall] = await Promise.all([c.env.SIGN_IN_LIMITER?.limit({ key }), c.env.SIGN_IN_LIMITER_ALL?.limit({ key: "all" })]);
  return (client?.success ?? true) && (overall?.success ?? true);
}

/** /api/admin/*: `Authorization: Bearer <ADMIN_TOKEN>` or 401; too many tries from one client, 429. */
export const requireBearer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const config = c.var.config;
  if (!config.ADMIN_TOKEN) throw unauthorized("The admin API is off: set the ADMIN_TOKEN secret (wrangler secret put ADMIN_TOKEN).");
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized("Send the admin token as: Authorization: Bearer <ADMIN_TOKEN>.");
  if (!(await mayTryToken(c, "api"))) {
    throw new HTTPException(429, {
      message: `Too many admin requests from this address; try again in ${ADMIN_RETRY_AFTER_S} seconds.`,
      res: new Response(null, { headers: { "Retry-After": String(ADMIN_RETRY_AFTER_S) } }),
    });
  }
  if (!(await tokenIsValid(config, match[1]!))) throw unauthorized("The admin token is not valid.");
  await next();
};

// Signed over the admin token too: changing the token signs every session out.
const sessionMessage = (config: Config, id: string) => `session\n${id}\n${config.ADMIN_TOKEN ?? ""}`;

/** Signs in: a new session row, and the cookie value that names it. The token itself never goes into the cookie. */
export async function issueSession(c: Context<AppEnv>, now = Date.now()): Promise<{ value: string; expires: number }> {
  const session = await createSession(c.env.DB, c.req.header("user-agent") ?? null, now);
  const signature = await hmac(await keyFor(c.var.config.APP_SECRET, "admin-session"), sessionMessage(c.var.config, session.id));
  return { value: `${session.id}.${signature}`, expires: session.expires };
}

/** The live session's id, or null: no cookie, a forged one, the token changed, signed out or expired. */
export async function sessionFrom(c: Context<AppEnv>, now = Date.now()): Promise<string | null> {
  const config = c.var.config;
  if (!config.ADMIN_TOKEN) return null;
  // Every cookie of that name: a browser may hold one from before the cookie moved to Path=/ (Path=/admin), sent first.
  for (const value of sessionCookies(c.req.header("cookie") ?? "")) {
    const m = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) continue;
    const id = m[1]!;
    if (!(await verifyHmac(await keyFor(config.APP_SECRET, "admin-session"), sessionMessage(config, id), m[2]!))) continue;
    if ((await liveSession(c.env.DB, id, now)) !== null) return id;
  }
  return null;
}

/** The values of every session cookie in a Cookie header (at most two are expected; more are not looked at). */
function sessionCookies(header: string): string[] {
  return [...header.matchAll(new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=([^;]*)`, "g"))].map((m) => m[1]!.trim()).slice(0, 3);
}

export function sessionCookieOptions(expires: number, now = Date.now()) {
  // Path=/: the author's drafts and scheduled posts show at their own addresses to them alone (desk-link.ts).
  return { path: "/", httpOnly: true, secure: true, sameSite: "Strict" as const, maxAge: Math.floor((expires - now) / 1000) };
}

/** The CSRF token of a session: forms carry it; a forged cross-site form cannot know it. */
export async function csrfToken(config: Config, session: string): Promise<string> {
  return hmac(await keyFor(config.APP_SECRET, "admin-session"), `csrf\n${session}`);
}

export async function csrfIsValid(config: Config, session: string, given: string): Promise<boolean> {
  return verifyHmac(await keyFor(config.APP_SECRET, "admin-session"), `csrf\n${session}`, given);
}
