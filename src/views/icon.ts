/**
 * The blog's icon: a default one (an SVG, so one small file serves every
 * size), or the author's own from the media library (SITE_ICON, a media
 * key). Pages link it with <link rel="icon">; /favicon.ico, which browsers
 * and crawlers ask for on their own, redirects to it.
 */
import { Hono } from "hono/tiny";
import type { AppEnv, Config } from "../config";
import { CACHE_IMMUTABLE } from "../http/respond";
import { fnv1a } from "./style";

const DEFAULT_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1d4ed8"/><path d="M20 16h25v7H28v6h14v7H28v6h17v7H20z" fill="#fff"/></svg>`;
const DEFAULT_ICON_PATH = `/favicon.svg?v=${fnv1a(DEFAULT_ICON)}`;

export const iconHref = (config: Pick<Config, "SITE_ICON">) => (config.SITE_ICON ? `/media/${config.SITE_ICON}` : DEFAULT_ICON_PATH);

export const iconRoutes = new Hono<AppEnv>();

iconRoutes.get("/favicon.svg", (c) => c.body(DEFAULT_ICON, 200, { "Content-Type": "image/svg+xml", "Cache-Control": CACHE_IMMUTABLE }));
iconRoutes.get("/favicon.ico", (c) => c.redirect(iconHref(c.var.config), 301));
