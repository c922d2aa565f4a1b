/**
 * One place turns every error into an answer: an HTML page for readers, JSON
 * under /api. Expected errors arrive as HTTPException with a message meant
 * for a person; a ConfigError names the variable to fix; anything else is a
 * bug, logged and answered with a plain 500 that leaks nothing.
 */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConfigError, loadConfig, type AppEnv, type Config } from "../config";
import { jsonResponse, wantsJson } from "./respond";
import { MessagePage, NotFoundPage } from "../views/error-page";

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Sign-in required",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Too large",
  415: "Unsupported media type",
  422: "Check the form",
  429: "Too many requests",
  500: "Something went wrong",
  503: "Temporarily unavailable",
};

const CODES: Record<number, string> = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid", 429: "rate_limited", 500: "internal", 503: "unavailable" };

export function errorAnswer(c: Context<AppEnv>, status: ContentfulStatusCode, message: string, headers?: Headers): Response | Promise<Response> {
  const extra: Record<string, string> = {};
  // Only headers an HTTPException carried on purpose (Retry-After, WWW-Authenticate…).
  headers?.forEach((value, key) => {
    if (key !== "content-type") extra[key] = value;
  });
  if (wantsJson(c)) {
    const res = jsonResponse(c, { error: { status, code: CODES[status] ?? "error", message } }, status, "no-store");
    for (const [k, v] of Object.entries(extra)) res.headers.set(k, v);
    return res;
  }
  let config: Config;
  try {
    config = c.var.config ?? loadConfig(c.env);
  } catch {
    return c.text(message, status);
  }
  const page = status === 404 ? <NotFoundPage config={config} /> : <MessagePage config={config} title={TITLES[status] ?? "Error"} message={message} />;
  return c.html(page, status, { "Cache-Control": "no-store", ...extra });
}

export const onNotFound: NotFoundHandler<AppEnv> = (c) => errorAnswer(c, 404, "No such page.");

export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof HTTPException) {
    return errorAnswer(c, err.status as ContentfulStatusCode, err.message || TITLES[err.status] || "Error", err.res?.headers);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    return c.text(err.message, 500, { "Cache-Control": "no-store" });
  }
  console.error("unhandled error", c.req.method, c.req.path, err);
  return errorAnswer(c, 500, "Something went wrong on our side. Please try again in a moment.");
};
