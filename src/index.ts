/** The Worker's entry: fetch (the blog) and scheduled (spam scoring, digest), nothing else. */
import { buildApp } from "./app";
import type { Env } from "./config";
import { runScheduled } from "./scheduled";

const app = buildApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    await runScheduled(controller, env, ctx);
  },
} satisfies ExportedHandler<Env>;
