/**
 * The reader Worker's entry: readers' requests to its own app; /admin,
 * /api/admin and the Cron Triggers to the desk Worker through the service
 * binding DESK (src/desk-link.ts). Nothing else.
 */
import { buildApp } from "./app";
import { loadConfig, type Env } from "./config";
import { cronRequest, readerWorker } from "./desk-link";

const noDesk = () => new Response("The desk Worker is not bound: add the service binding DESK (see README, Deploy).\n", { status: 503, headers: { "content-type": "text/plain; charset=UTF-8" } });

export default readerWorker(buildApp(), {
  fetch: (request, env) => (env.DESK ? env.DESK.fetch(request) : Promise.resolve(noDesk())),
  async cron(call, env) {
    if (!env.DESK) throw new Error("cron: the desk Worker is not bound (service binding DESK)");
    const res = await env.DESK.fetch(await cronRequest(loadConfig(env).APP_SECRET, call));
    if (!res.ok) throw new Error(`cron ${call.cron}: the desk answered ${res.status} ${await res.text()}`);
  },
}) satisfies ExportedHandler<Env>;
