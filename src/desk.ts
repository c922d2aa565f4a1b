/** The desk Worker's entry (wrangler.desk.toml): the author's pages and API, and the cron jobs the reader Worker hands it. */
import { buildDeskApp } from "./desk-app";
import type { Env } from "./config";

const app = buildDeskApp();

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
