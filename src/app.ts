/**
 * Builds the Hono app from the features: headers and config first, then each
 * feature's routes, and the reader's catch-all post page (pages/) last.
 */
import { Hono } from "hono";
import { loadConfig, type AppEnv } from "./config";
import { securityHeaders } from "./http/headers";
import { kvStats } from "./http/kv-stats";
import { onError, onNotFound } from "./http/errors";
import { postsApi } from "./posts/api";
import { readerRoutes } from "./posts/routes";
import { commentRoutes, commentsApi } from "./comments/routes";
import { adminApi } from "./admin/api";
import { adminPages } from "./admin/routes";
import { pageRoutes } from "./pages/routes";

export function buildApp() {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders);
  app.use(async (c, next) => {
    c.set("config", loadConfig(c.env));
    await next();
  });
  app.use(kvStats);

  app.route("/api/admin", adminApi);
  app.route("/admin", adminPages);
  app.route("/api/posts", commentsApi);
  app.route("/api/posts", postsApi);
  app.route("/", commentRoutes);
  app.route("/", readerRoutes);
  app.route("/", pageRoutes);

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}
