/**
 * Headers every response carries: no MIME sniffing, a strict referrer policy,
 * and a Content-Security-Policy that allows no script at all (the blog needs
 * none) and styles only from our own stylesheet.
 */
import type { MiddlewareHandler } from "hono";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  // Post bodies (and WordPress imports) may show images and media hosted elsewhere.
  "img-src 'self' https: data:",
  "media-src 'self' https:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  // A route may set a stricter or different policy (the digest preview needs inline styles).
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  if (!headers.has("X-Frame-Options")) headers.set("X-Frame-Options", "DENY");
};
