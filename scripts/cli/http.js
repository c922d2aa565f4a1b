// The admin API over HTTP: one JSON (or multipart upload) request at a time, with the token, and
// every way it can go wrong turned into a sentence. Connection failures, a
// refused token, a server error, an answer that is not JSON, or a redirect
// are fatal (a CliError); an error the blog explains about the request itself
// (404, 422…) is an ApiError the command may report and move past.
import { ApiError, CliError } from "./errors.js";
import { tokenAdvice } from "./token.js";

/** Long enough for an import batch of 25 posts or 200 comments on a slow link. */
export const REQUEST_TIMEOUT_MS = 120_000;
/** The admin API limits requests per client (429 + Retry-After): wait and send again, this many times. */
export const RATE_LIMIT_RETRIES = 3;

/**
 * @param {{ url: string, credentials: { token: string, source: string, fromEnv: boolean } }} blog
 */
export function adminClient({ url, credentials }) {
  async function request(method, path, body, retries = RATE_LIMIT_RETRIES) {
    const target = url + path;
    // A FormData body is sent as multipart/form-data: fetch writes the content type with its boundary.
    const multipart = body instanceof FormData;
    let res;
    try {
      res = await fetch(target, {
        method,
        headers: {
          accept: "application/json",
          authorization: `Bearer ${credentials.token}`,
          ...(body === undefined || multipart ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
        // A redirect would drop the token (cross-origin) or turn a POST into a GET: say where to point --url instead.
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw unreachable(url, e);
    }
    const text = await res.text().catch((e) => {
      throw unreachable(url, e);
    });
    const where = `${method} ${path}`;
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get("location");
      throw new CliError(`${url} answered ${where} with a redirect (${res.status})${location ? ` to ${new URL(location, target).href}` : ""}: point --url at the blog's own address.`);
    }
    const json = parseJson(res, text);
    // `{ error: { message } }`, or `{ error: "…" }` from the answers that add details beside it (409 of a file in use).
    const message = typeof json?.error === "string" ? json.error : json?.error?.message;
    if (res.status === 429 && retries > 0) {
      const seconds = Math.min(120, Number(res.headers.get("retry-after")) || 60);
      process.stderr.write(`The blog asks to slow down (429); sending again in ${seconds} s…\n`);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      return request(method, path, body, retries - 1);
    }
    if (res.status === 401) {
      throw new CliError(`The blog at ${url} refused the admin token (401${message ? `: ${message}` : ""}).\n${tokenAdvice(credentials, url)}`);
    }
    if (res.status >= 500) {
      throw new CliError(`The blog at ${url} failed on ${where}: ${res.status} ${message ?? (res.statusText || "server error")}${json ? "" : snippet(text)}`);
    }
    if (json === undefined) {
      throw new CliError(`${target} answered ${res.status} with ${res.headers.get("content-type") || "no content type"}, not JSON: is ${url} the blog's address?${snippet(text)}`);
    }
    if (!res.ok) throw new ApiError(res.status, message ?? `${where}: ${res.status}`);
    return json;
  }
  return {
    url,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body ?? {}),
    put: (path, body) => request("PUT", path, body),
    patch: (path, body) => request("PATCH", path, body),
    delete: (path) => request("DELETE", path),
    /** multipart/form-data: `form` is a FormData (files as Blobs with their names). */
    upload: (path, form) => request("POST", path, form),
  };
}

/** The JSON body, or undefined when the answer is not JSON (another server, a proxy's error page…). */
function parseJson(res, text) {
  if (!/\bjson\b/i.test(res.headers.get("content-type") ?? "")) return undefined;
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

function snippet(text) {
  const line = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 120);
  return line ? `\n  The answer began: ${line}` : "";
}

const DETAILS = { ECONNREFUSED: "ECONNREFUSED: nothing is listening there", ENOTFOUND: "ENOTFOUND: no such host", EAI_AGAIN: "EAI_AGAIN: the host name could not be looked up" };

/** Nothing answered: a wrong --url, or the blog is not running. */
function unreachable(url, e) {
  if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) {
    return new CliError(`No answer from ${url} within ${REQUEST_TIMEOUT_MS / 1000} s: is the blog running? (npm start)`);
  }
  const code = errorCode(e);
  const detail = DETAILS[code] ?? code ?? (e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e));
  return new CliError(`Cannot reach ${url}: is the blog running? (npm start)\n  (${detail}; check --url)`);
}

function errorCode(e) {
  for (let cause = e; cause instanceof Error; cause = cause.cause) {
    const code = /** @type {{ code?: unknown }} */ (cause).code;
    if (typeof code === "string") return code;
    if (cause instanceof AggregateError && cause.errors[0]) return errorCode(cause.errors[0]);
  }
  return undefined;
}
