/**
 * The blog is two Workers: the reader Worker (this one's `src/index.ts`)
 * answers readers, and the desk Worker (`src/desk.ts`, wrangler.desk.toml)
 * holds the author's side: /admin, /api/admin, the cron jobs, Markdown,
 * spam scoring, the digest, imports, media uploads. Readers' requests never
 * load the desk's code, so a reader's first view in a new isolate compiles
 * less than half of the blog; each Worker stays inside the bundle budget.
 *
 * The reader passes the desk's paths on, unread, through the service
 * binding DESK, and runs the Cron Triggers by calling the desk's cron
 * route. The desk has no route of its own on the Internet
 * (`workers_dev = false`): only the reader reaches it; the cron call also
 * carries a signature made with APP_SECRET, which both share.
 */
import type { MiddlewareHandler } from "hono";
import { hmac, keyFor, verifyHmac } from "./crypto";
import type { AppEnv, Env } from "./config";
import { forgetAll } from "./posts/kv-memo";

/** The desk's session cookie (admin/auth.ts). Path=/, so the author's own drafts can be seen at their addresses. */
export const SESSION_COOKIE = "ep_admin";

/**
 * A reader's "not found" that may be the author's draft or scheduled post:
 * a GET of one path segment from a browser holding the desk's cookie. The
 * desk decides (admin/editor-routes.tsx, `/admin/posts/<slug>/view`); no
 * reader without the cookie costs the desk anything.
 */
export function authorViewRequest(request: Request): Request | null {
  if (request.method !== "GET" && request.method !== "HEAD") return null;
  if (!(request.headers.get("cookie") ?? "").includes(`${SESSION_COOKIE}=`)) return null;
  const url = new URL(request.url);
  const m = /^\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return null;
  return new Request(new URL(`/admin/posts/${m[1]}/view`, url), request);
}

/** /admin and /api/admin, with what follows them: the desk's. */
export const isDeskPath = (pathname: string) => /^\/(?:api\/)?admin(?:\/|$)/.test(pathname);

/** The desk's cron route: reachable only through the binding, and only with the signature. */
export const CRON_PATH = "/__desk/cron";
const SIGNATURE_HEADER = "x-edgepress-cron";

export interface CronCall {
  cron: string;
  scheduledTime: number;
}

const message = (call: CronCall) => `${call.cron}\n${call.scheduledTime}`;

/** The request the reader sends the desk for one Cron Trigger. */
export async function cronRequest(secret: string, call: CronCall): Promise<Request> {
  const signature = await hmac(await keyFor(secret, "desk-call"), message(call));
  return new Request(`https://desk.internal${CRON_PATH}`, { method: "POST", headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signature }, body: JSON.stringify(call) });
}

/** The cron call in a request, if it is one the reader signed; null otherwise. */
export async function readCronCall(secret: string, request: Request): Promise<CronCall | null> {
  let call: unknown;
  try {
    call = await request.json();
  } catch {
    return null;
  }
  if (typeof call !== "object" || call === null) return null;
  const { cron, scheduledTime } = call as Record<string, unknown>;
  if (typeof cron !== "string" || typeof scheduledTime !== "number") return null;
  const ok = await verifyHmac(await keyFor(secret, "desk-call"), message({ cron, scheduledTime }), request.headers.get(SIGNATURE_HEADER) ?? "");
  return ok ? { cron, scheduledTime } : null;
}

/**
 * A desk response that wrote KV says so in this header. The reader keeps KV
 * values a few seconds in isolate memory (posts/kv-memo.ts); when one of
 * the author's changes passes back through it, it drops them all, so the
 * author sees their own change at once, as they did when one Worker did both.
 */
const KV_WRITTEN_HEADER = "x-edgepress-kv-written";

/** The desk's middleware: marks a response whose request wrote or deleted a KV key. */
export const markKvWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  let wrote = false;
  const kv = c.env.POSTS;
  const marking = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === "put" || prop === "delete") {
        return (...args: unknown[]) => {
          wrote = true;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  c.env = Object.assign(Object.create(c.env) as AppEnv["Bindings"], { POSTS: marking });
  await next();
  if (wrote) c.res.headers.set(KV_WRITTEN_HEADER, "1");
};

/** The desk's answer as the reader passes it on: its KV memory dropped if the desk wrote, the internal header removed. */
function passedOn(response: Response): Response {
  if (!response.headers.has(KV_WRITTEN_HEADER)) return response;
  forgetAll();
  const passed = new Response(response.body, response);
  passed.headers.delete(KV_WRITTEN_HEADER);
  return passed;
}

export interface Desk {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  cron(call: CronCall, env: Env, ctx: ExecutionContext): Promise<void>;
}

export interface ReaderWorker {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response>;
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void>;
}

/** The reader Worker: its own app for readers, the desk for the rest. */
export function readerWorker(app: { fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> }, desk: Desk): ReaderWorker {
  return {
    async fetch(request, env, ctx) {
      if (isDeskPath(new URL(request.url).pathname)) return passedOn(await desk.fetch(request, env, ctx));
      const response = await app.fetch(request, env, ctx);
      const authorView = response.status === 404 ? authorViewRequest(request) : null;
      return authorView ? passedOn(await desk.fetch(authorView, env, ctx)) : response;
    },
    async scheduled(controller, env, ctx) {
      await desk.cron({ cron: controller.cron, scheduledTime: controller.scheduledTime }, env, ctx);
    },
  };
}
