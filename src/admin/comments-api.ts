/**
 * /api/admin/comments: the moderation queue for scripts and the CLI. List by
 * status and post, newest first; approve, spam, trash or restore many at
 * once; edit a comment's text; reply as the author.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as z from "zod/mini";
import type { AppEnv } from "../config";
import type { CommentRow } from "../comments/model";
import { MAX_IDS_PER_ACTION, MODERATION_ACTIONS, editComment, moderate, replyAsAuthor, type ModerationAction } from "../comments/moderate";
import { LIMITS } from "../comments/form";
import { encryptText, keyedHash } from "../crypto";
import { learner } from "../spam/learn";
import { jsonResponse, pageParam } from "../http/respond";
import { adminComment } from "./comment-json";
import { invalid, readJsonBody } from "./json";
import { listComments, parseListQuery } from "./queue";

export const adminComments = new Hono<AppEnv>();

adminComments.get("/", async (c) => {
  const config = c.var.config;
  const query = parseListQuery({ status: c.req.query("status"), post: c.req.query("post"), page: pageParam(c) });
  const list = await listComments(c.env.DB, query);
  return jsonResponse(
    c,
    { ...list, comments: await Promise.all(list.comments.map((row) => adminComment(config.APP_SECRET, config.BASE_URL, row))) },
    200,
    "no-store",
  );
});

const ActionBody = z.object({
  ids: z.array(z.number().check(z.int(), z.positive())).check(z.minLength(1, "give at least one id"), z.maxLength(MAX_IDS_PER_ACTION, `at most ${MAX_IDS_PER_ACTION} ids at once`)),
  action: z.enum(MODERATION_ACTIONS as [ModerationAction, ...ModerationAction[]]),
});

adminComments.post("/moderate", async (c) => {
  const parsed = ActionBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  const result = await moderate(c.env, parsed.data.ids, parsed.data.action, "author", learner(c.var.config));
  return jsonResponse(c, { action: parsed.data.action, ...result }, 200, "no-store");
});

const TextBody = z.object({ body: z.string().check(z.trim(), z.minLength(1, "body is required"), z.maxLength(LIMITS.comment, `at most ${LIMITS.comment} characters`)) });

function idParam(raw: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw new HTTPException(404, { message: "No such comment." });
  return Number(raw);
}

adminComments.patch("/:id", async (c) => {
  const parsed = TextBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  const row = await editComment(c.env, idParam(c.req.param("id")), parsed.data.body);
  if (!row) throw new HTTPException(404, { message: "No such comment." });
  return jsonResponse(c, { comment: await adminComment(c.var.config.APP_SECRET, c.var.config.BASE_URL, row) }, 200, "no-store");
});

adminComments.post("/:id/reply", async (c) => {
  const config = c.var.config;
  const parsed = TextBody.safeParse(await readJsonBody(c));
  if (!parsed.success) throw invalid(parsed.error);
  const parentId = idParam(c.req.param("id"));
  // Answering a comment that waits for moderation approves it, as WordPress does: a visible reply under a hidden comment would read oddly.
  const parent = await c.env.DB.prepare("SELECT status FROM comments WHERE id = ?1").bind(parentId).first<{ status: string }>();
  if (parent?.status === "pending") await moderate(c.env, [parentId], "approve", "author", learner(config));
  const row: CommentRow | null = await replyAsAuthor(c.env, {
    parentId,
    body: parsed.data.body,
    authorName: config.AUTHOR_NAME,
    authorEmailSealed: await encryptText(config.APP_SECRET, config.AUTHOR_EMAIL),
    emailHash: await keyedHash(config.APP_SECRET, "email-hash", config.AUTHOR_EMAIL.toLowerCase()),
    authorUrl: config.BASE_URL,
  });
  if (!row) throw new HTTPException(404, { message: "No such comment to reply to." });
  return jsonResponse(c, { comment: await adminComment(config.APP_SECRET, config.BASE_URL, row) }, 201, "no-store");
});
