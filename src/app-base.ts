/**
 * What both Workers' apps share: the headers every response carries, the
 * parsed config, the benchmark's KV counters, and one answer for errors.
 */
// hono/tiny: the same Hono with its smallest router (PatternRouter, one regular expression per
// route, tried in order). With this blog's few dozen routes it matches in microseconds, and it is
// about 2.4 KiB gzip lighter than the default SmartRouter (the bundle budget is 100 KiB gzip).
import { Hono } from "hono/tiny";
import { loadConfig, type AppEnv } from "./config";
import { securityHeaders } from "./http/headers";
import { kvStats } from "./http/kv-stats";
import { onError, onNotFound } from "./http/errors";

export function newApp(build: (app: Hono<AppEnv>) => void): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders);
  app.use(async (c, next) => {
    c.set("config", loadConfig(c.env));
    await next();
  });
  app.use(kvStats);
  build(app);
  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}
