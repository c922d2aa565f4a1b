/**
 * The desk Worker's app: the author's pages (/admin) and API (/api/admin),
 * and the route the reader Worker calls for each Cron Trigger
 * (src/desk-link.ts), which runs the scheduled jobs (src/scheduled.ts).
 */
import { HTTPException } from "hono/http-exception";
import { newApp } from "./app-base";
import { adminApi } from "./admin/api";
import { adminPages } from "./admin/routes";
import { CRON_PATH, markKvWrites, readCronCall } from "./desk-link";
import { runScheduled } from "./scheduled";

export function buildDeskApp() {
  return newApp((app) => {
    app.use(markKvWrites);
    app.route("/api/admin", adminApi);
    app.route("/admin", adminPages);
    app.post(CRON_PATH, async (c) => {
      const call = await readCronCall(c.var.config.APP_SECRET, c.req.raw);
      if (!call) throw new HTTPException(403, { message: "Not a cron call from this blog's reader Worker." });
      const job = await runScheduled({ cron: call.cron, scheduledTime: call.scheduledTime, noRetry() {} }, c.env, c.executionCtx as ExecutionContext);
      return c.json({ job });
    });
  });
}
