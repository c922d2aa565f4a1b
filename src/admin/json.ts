/** JSON bodies for the admin API: a size limit, one clear 400/413/422 for bad input. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { readLimited, parseJsonObject } from "../http/body";
import { INVALID_INPUT } from "../checks";

/** Import batches are the largest bodies: 200 comments or 20 posts with their HTML. */
export const MAX_ADMIN_BODY_BYTES = 8 * 1024 * 1024;

export async function readJsonBody(c: Context): Promise<Record<string, unknown>> {
  if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new HTTPException(415, { message: "Send JSON with Content-Type: application/json." });
  }
  const body = await readLimited(c.req.raw, MAX_ADMIN_BODY_BYTES);
  if (body.tooLarge) throw new HTTPException(413, { message: `The body is larger than ${MAX_ADMIN_BODY_BYTES / 1024 / 1024} MiB; send it in smaller batches.` });
  const value = parseJsonObject(body.bytes);
  if (!value) throw new HTTPException(400, { message: "The body must be a JSON object in UTF-8." });
  return value;
}

/** A body checked against its schema: the parsed value, or one 422 naming each field and what is wrong with it. */
export function parseBody<const S extends v.GenericSchema>(schema: S, body: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, body, INVALID_INPUT);
  if (!result.success) throw invalid(result.issues);
  return result.output;
}

/** Valibot issues as one 422 naming each field path ("tags.3: …", "body" for the whole) and what is wrong with it. */
export function invalid(issues: readonly v.BaseIssue<unknown>[]): HTTPException {
  const details = issues.slice(0, 5).map((issue) => `${issue.path?.map((item) => String(item.key)).join(".") || "body"}: ${issue.message}`);
  return new HTTPException(422, { message: details.join("; ") });
}
