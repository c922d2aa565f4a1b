/**
 * Headers every response carries: no MIME sniffing, a strict referrer policy,
 * and a Content-Security-Policy that allows no script at all (the blog needs
 * none) and styles only from our own stylesheet.
 */
import type { MiddlewareHandler } from "hono";

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  // Exactly what the blog serves: its own /media/ (uploads, and WordPress's images, copied at import),
  // and the inline raster images the post sanitizer lets through.
  "img-src 'self' data:",
  "media-src 'self'",
  // Nothing on the page fetches, but tools that check a page from inside it (Lighthouse's robots.txt test) do.
  "connect-src 'self'",
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
