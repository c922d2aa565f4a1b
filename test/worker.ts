/**
 * The Worker the tests run: the reader Worker as deployed (src/desk-link.ts
 * routing), with the desk's app in the same isolate instead of behind the
 * service binding, so every test reaches both through `exports.default` and
 * can import either side's modules. The binding itself, the desk's own entry
 * and the signed cron call are exercised against the built Workers
 * (test/node/desk-split.test.ts) and in test/desk-link.test.ts.
 */
import { buildApp } from "../src/app";
import { buildDeskApp } from "../src/desk-app";
import { readerWorker } from "../src/desk-link";
import { runScheduled } from "../src/scheduled";

/** The whole blog as one fetch handler: what `exports.default` is, for tests that call it with an env of their own. */
export function buildBlog() {
  const desk = buildDeskApp();
  return readerWorker(buildApp(), {
    fetch: async (request, env, ctx) => desk.fetch(request, env, ctx),
    async cron(call, env, ctx) {
      await runScheduled({ cron: call.cron, scheduledTime: call.scheduledTime, noRetry() {} }, env, ctx);
    },
  });
}

export default buildBlog();
