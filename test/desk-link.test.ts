/** The two Workers' seam: which paths are the desk's, and the signed cron call the reader makes. */
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CRON_PATH, cronRequest, isDeskPath, readCronCall } from "../src/desk-link";
import { buildDeskApp } from "../src/desk-app";
import { BASE, get } from "./helpers";

describe("the desk's paths", () => {
  it("are /admin and /api/admin and what is under them, nothing else", () => {
    for (const path of ["/admin", "/admin/", "/admin/media", "/api/admin", "/api/admin/posts/x"]) expect(isDeskPath(path), path).toBe(true);
    for (const path of ["/", "/administrator", "/admin-notes", "/api/posts", "/api/administer", "/x/admin", CRON_PATH, "/tag/admin"]) expect(isDeskPath(path), path).toBe(false);
  });

  it("the reader never passes its cron route on: from outside it is a 404", async () => {
    const call = await cronRequest(env.APP_SECRET!, { cron: "*/5 * * * *", scheduledTime: Date.now() });
    const res = await exports.default.fetch(new Request(BASE + CRON_PATH, { method: "POST", headers: call.headers, body: await call.text() }));
    expect(res.status).toBe(404);
  });
});

describe("the cron call", () => {
  const desk = buildDeskApp();
  const send = (request: Request) => desk.fetch(request, env, createExecutionContext());

  it("runs the job when the reader signed it", async () => {
    const res = await send(await cronRequest(env.APP_SECRET!, { cron: "*/5 * * * *", scheduledTime: Date.now() }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ job: "scoreComments" });
  });

  it("refuses an unsigned, forged or altered call (403), running nothing", async () => {
    const good = await cronRequest(env.APP_SECRET!, { cron: "0 * * * *", scheduledTime: 1_000 });
    const forged = await cronRequest("another-secret-0123456789abcdef0123456789", { cron: "0 * * * *", scheduledTime: 1_000 });
    const altered = new Request(good.url, { method: "POST", headers: good.headers, body: JSON.stringify({ cron: "*/5 * * * *", scheduledTime: 1_000 }) });
    const unsigned = new Request(good.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ cron: "0 * * * *", scheduledTime: 1_000 }) });
    const garbage = new Request(good.url, { method: "POST", headers: good.headers, body: "not json" });
    for (const [label, request] of [["forged", forged], ["altered", altered], ["unsigned", unsigned], ["garbage", garbage]] as const) {
      const res = await send(request);
      expect(res.status, label).toBe(403);
    }
    expect(await readCronCall(env.APP_SECRET!, await cronRequest(env.APP_SECRET!, { cron: "x", scheduledTime: 5 }))).toEqual({ cron: "x", scheduledTime: 5 });
  });

  it("the desk answers the author's paths; readers' pages are not the desk's", async () => {
    expect((await send(new Request(`${BASE}/admin`))).status).toBe(200);
    expect((await send(new Request(`${BASE}/`))).status).toBe(404);
    expect((await get("/admin")).status).toBe(200);
  });
});
