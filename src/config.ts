/**
 * The Worker's bindings and vars, and their validation.
 *
 * Vars come from wrangler.toml (and secrets from `wrangler secret put` or
 * `.dev.vars`). They are parsed once per isolate with valibot; a missing or
 * bad value becomes one ConfigError naming the variable, answered as a 500
 * that says what to fix, instead of a crash deep inside a handler.
 * (valibot rather than zod: same checks, and only the ones used are bundled.)
 */
import * as v from "valibot";
import { INVALID_INPUT, maxChars, minChars } from "./checks";
import { DEFAULT_APPROVE_THRESHOLD, DEFAULT_SPAM_THRESHOLD } from "./spam/score";
import { isLanguageTag, isTimeZone } from "./views/i18n";

export interface Env {
  POSTS: KVNamespace;
  DB: D1Database;
  BLOG_TITLE?: string;
  BLOG_DESCRIPTION?: string;
  BASE_URL?: string;
  BLOG_LANG?: string;
  AUTHOR_NAME?: string;
  AUTHOR_BIO?: string;
  AUTHOR_EMAIL?: string;
  TIME_ZONE?: string;
  SPAM_CRON?: string;
  DIGEST_CRON?: string;
  /** Secret (wrangler secret / .dev.vars): every signing, hashing and encryption key derives from it. */
  APP_SECRET?: string;
  COMMENTS_CLOSE_AFTER_DAYS?: string | number;
  COMMENT_MAX_DEPTH?: string | number;
  COMMENTS_PER_PAGE?: string | number;
  COMMENTS_ORDER?: string;
  /** Secret: the author's bearer token for /api/admin and the /admin sign-in. */
  ADMIN_TOKEN?: string;
  SPAM_BATCH_SIZE?: string | number;
  SPAM_THRESHOLD?: string | number;
  APPROVE_THRESHOLD?: string | number;
  AUTO_APPROVE?: string | boolean;
  MODERATION_WORDS?: string;
  DISALLOWED_WORDS?: string;
  DIGEST_HOUR?: string | number;
  DIGEST_FROM?: string;
  DIGEST_SEND_EMPTY?: string | boolean;
  DIGEST_MAX_COMMENTS?: string | number;
  /** Cloudflare Email Routing's send_email binding: the digest's way out. */
  DIGEST_EMAIL?: SendEmail;
  /** Secret, optional: turns on Akismet, which sends commenters' data to a third party. */
  AKISMET_KEY?: string;
  /** Workers Rate Limiting binding for comment submissions, keyed by a hash of the client address. */
  COMMENT_LIMITER?: RateLimit;
  /** Admin token guesses: sign-in attempts per client, sign-in attempts of everyone together, API requests per client. */
  SIGN_IN_LIMITER?: RateLimit;
  SIGN_IN_LIMITER_ALL?: RateLimit;
  ADMIN_API_LIMITER?: RateLimit;
  /** R2: uploaded images and their smaller widths (src/media/). Optional: without it uploads answer 503 and /media 404. */
  MEDIA?: R2Bucket;
  /** Cloudflare Images: makes the smaller widths once, at upload. Optional: without it originals are served alone. */
  IMAGES?: ImagesBinding;
  /** Widths (px) of the WebP copies made at upload, comma-separated; empty: none. */
  MEDIA_WIDTHS?: string;
  /** The blog's icon: a media library key (upload a square PNG); empty: the default icon. */
  SITE_ICON?: string;
  /** The reader Worker's way to the desk Worker (service binding; src/desk-link.ts). */
  DESK?: Fetcher;
  /** Benchmark only: report KV reads and writes per response (src/http/kv-stats.ts). */
  KV_STATS?: string;
}

/** The admin token is the only credential for the desk: long enough that guessing is hopeless (32 base64 characters: 192 bits). */
export const ADMIN_TOKEN_MIN_LENGTH = 32;

/** Posts shown per page on the index, tag pages and /api/posts. */
export const POSTS_PER_PAGE = 10;

const isHttpUrl = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.host !== "";
  } catch {
    return false;
  }
};

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), maxChars(max, `must be at most ${max} characters`));
const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.trim(), maxChars(max, `must be at most ${max} characters`)), "");

/**
 * zod 4's email pattern, which the config used before valibot: v.email() is
 * stricter (no ' in the name, no "--" in the domain, so no xn-- domains) and
 * would refuse addresses that worked.
 */
const EMAIL = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
/** An email address; `message` also answers a value that is not a string. */
const email = (message: string) => v.pipe(v.string(message), v.regex(EMAIL, message));

/**
 * A number from a var that may arrive as a string (.dev.vars, secrets; it must
 * match `pattern`) or a number (wrangler.toml). Not finite (TOML's inf, 400
 * digits) is "Invalid input", as zod's number() had it.
 */
const numberVar = (pattern: RegExp, patternMessage: string, min: number, max: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.union([v.number(), v.pipe(v.string(), v.regex(pattern, patternMessage))]),
      v.transform((x: string | number) => Number(x)),
      v.custom<number>(Number.isFinite),
      v.minValue(min, `must be at least ${min}`),
      v.maxValue(max, `must be at most ${max}`),
    ),
    fallback,
  );

/** A whole number from a var (string or number). */
const wholeNumber = (min: number, max: number, fallback: number) => numberVar(/^\s*\d+\s*$/, `must be a whole number from ${min} to ${max}`, min, max, fallback);

/** A decimal number from a var (string or number). */
const decimal = (min: number, max: number, fallback: number) => numberVar(/^\s*-?\d+(\.\d+)?\s*$/, "must be a number", min, max, fallback);

const flag = (fallback: boolean) =>
  v.optional(
    v.pipe(
      v.union([v.boolean(), v.pipe(v.string(), v.regex(/^\s*(true|false|1|0|yes|no|on|off)\s*$/i, "must be true or false"))]),
      v.transform((x: string | boolean) => (typeof x === "boolean" ? x : /^\s*(true|1|yes|on)\s*$/i.test(x))),
    ),
    fallback,
  );

// Valibot parses a default like any value, so the defaults below are given as the var's text.

/** A word list: commas or new lines between words or phrases. */
const wordList = v.optional(
  v.pipe(
    v.string(),
    maxChars(20_000, "must be at most 20,000 characters"),
    v.transform((x: string) => x.split(/[,\n]/).map((w) => w.trim()).filter((w) => w.length > 0)),
  ),
  "",
);

/** Image widths: whole numbers from 100 to 4000, comma-separated, ascending once parsed; empty for none. */
const widthList = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\s*(\d{3,4}\s*(,\s*\d{3,4}\s*)*)?$/, "must be widths in pixels separated by commas, such as 480,960,1600 (or empty)"),
    v.transform((x: string) => [...new Set(x.split(",").map((w) => Number(w.trim())).filter((w) => w > 0))].sort((a, b) => a - b)),
    // Too many widths is said alone, before any width is checked (as zod had it).
    v.maxLength(6, "at most 6 widths"),
    v.array(v.pipe(v.number(), v.minValue(100, "each width must be at least 100"), v.maxValue(4000, "each width must be at most 4000"))),
  ),
  "480,960,1600",
);

const ConfigSchema = v.object({
  BLOG_TITLE: text(200),
  BLOG_DESCRIPTION: optionalText(500),
  BASE_URL: v.pipe(
    v.string(),
    v.trim(),
    v.check(isHttpUrl, "must be an absolute http(s) URL such as https://blog.example.com"),
    v.transform((x: string) => x.replace(/\/+$/, "")),
  ),
  BLOG_LANG: v.pipe(v.string(), v.trim(), v.check(isLanguageTag, "must be a language tag such as en or he")),
  AUTHOR_NAME: text(100),
  AUTHOR_BIO: optionalText(500),
  AUTHOR_EMAIL: email("must be an email address"),
  TIME_ZONE: v.pipe(v.string(), v.trim(), v.check(isTimeZone, "must be an IANA time zone such as Asia/Jerusalem")),
  SPAM_CRON: text(100),
  DIGEST_CRON: text(100),
  APP_SECRET: v.pipe(v.string(), minChars(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)")),
  COMMENTS_CLOSE_AFTER_DAYS: wholeNumber(0, 36500, 0),
  COMMENT_MAX_DEPTH: wholeNumber(1, 10, 5),
  // Top-level threads a comment page shows (with all their replies), as WordPress's "break comments into pages".
  COMMENTS_PER_PAGE: wholeNumber(5, 500, 50),
  // Which threads the post page (page 1) shows: the oldest (WordPress's default) or the newest.
  COMMENTS_ORDER: v.optional(v.picklist(["oldest", "newest"], "must be oldest or newest"), "oldest"),
  SPAM_BATCH_SIZE: wholeNumber(1, 40, 20),
  SPAM_THRESHOLD: decimal(-100, 100, DEFAULT_SPAM_THRESHOLD),
  APPROVE_THRESHOLD: decimal(-100, 100, DEFAULT_APPROVE_THRESHOLD),
  AUTO_APPROVE: flag(false),
  MEDIA_WIDTHS: widthList,
  SITE_ICON: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^([0-9a-f]{32}\.(?:png|gif|webp|avif|jpg))?$/, "must be the key of an image in the media library, such as 0123…cdef.png (blog media list), or empty")), ""),
  MODERATION_WORDS: wordList,
  DISALLOWED_WORDS: wordList,
  DIGEST_HOUR: wholeNumber(0, 23, 7),
  DIGEST_FROM: email("must be an email address on a domain with Cloudflare Email Routing"),
  DIGEST_SEND_EMPTY: flag(false),
  DIGEST_MAX_COMMENTS: wholeNumber(1, 2000, 200),
  AKISMET_KEY: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9]{8,32}$/i, "must be an Akismet API key (letters and digits)"))),
  // Optional: without it the blog runs and every admin request is refused with a 401 saying why.
  ADMIN_TOKEN: v.optional(v.pipe(v.string(), minChars(ADMIN_TOKEN_MIN_LENGTH, `must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters (generate one with: openssl rand -base64 32)`))),
});

export type Config = v.InferOutput<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

const SECRETS = new Set(["APP_SECRET", "ADMIN_TOKEN", "AKISMET_KEY"]);

// Parsed once per env object (one per isolate in production), so handlers pay nothing.
const parsed = new WeakMap<object, Config>();

export function loadConfig(env: Env): Config {
  const hit = parsed.get(env);
  if (hit) return hit;
  const result = v.safeParse(ConfigSchema, env, INVALID_INPUT);
  if (!result.success) {
    const issue = result.issues[0];
    const variable = String(issue.path?.[0]?.key ?? "config");
    const got = (env as unknown as Record<string, unknown>)[variable];
    // Secrets are named, never shown: this message can reach a visitor's screen.
    const shown = SECRETS.has(variable) ? "" : ` (got ${JSON.stringify(got)})`;
    const message = got === undefined ? "is missing" : `${issue.message}${shown}`;
    throw new ConfigError(`Configuration error: ${variable} ${message}. Set it in wrangler.toml [vars] or as a secret.`);
  }
  parsed.set(env, result.output);
  return result.output;
}

/** The Hono environment every sub-app shares: bindings, and the parsed config. */
export interface AppEnv {
  Bindings: Env;
  Variables: { config: Config };
}
