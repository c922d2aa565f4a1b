/**
 * /api/admin/comments: the moderation queue for scripts and the CLI. List by
 * status and post, newest first; approve, spam, trash or restore many at
 * once; edit a comment's text; reply as the author.
 */
import { Hono } from "hono/tiny";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import type { AppEnv } from "../config";
import type { CommentRow } from "../comments/model";
import { MAX_IDS_PER_ACTION, MODERATION_ACTIONS, moderate } from "../comments/moderate";
import { int, list } from "../checks";
import { learner } from "../spam/learn";
import { jsonResponse, pageParam } from "../http/respond";
import { adminComment } from "./comment-json";
import { CommentText, editCommentText, replyAsTheAuthor } from "./comment-text";
import { parseBody, readJsonBody } from "./json";
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

const ActionBody = v.object({
  ids: v.pipe(list(v.pipe(int, v.gtValue(0)), MAX_IDS_PER_ACTION, `at most ${MAX_IDS_PER_ACTION} ids at once`), v.minLength(1, "give at least one id")),
  action: v.picklist(MODERATION_ACTIONS),
});

adminComments.post("/moderate", async (c) => {
  const { ids, action } = parseBody(ActionBody, await readJsonBody(c));
  const result = await moderate(c.env, ids, action, "author", learner(c.var.config));
  return jsonResponse(c, { action, ...result }, 200, "no-store");
});

const TextBody = v.object({ body: CommentText });

function idParam(raw: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw new HTTPException(404, { message: "No such comment." });
  return Number(raw);
}

/** One comment, for `blog edit-comment` (its current text in the editor). */
adminComments.get("/:id", async (c) => {
  const row = await c.env.DB.prepare("SELECT c.*, p.title AS post_title FROM comments c LEFT JOIN posts p ON p.slug = c.post_slug WHERE c.id = ?1")
    .bind(idParam(c.req.param("id")))
    .first<CommentRow & { post_title: string | null }>();
  if (!row) throw new HTTPException(404, { message: "No such comment." });
  return jsonResponse(c, { comment: await adminComment(c.var.config.APP_SECRET, c.var.config.BASE_URL, row) }, 200, "no-store");
});

adminComments.patch("/:id", async (c) => {
  const { body } = parseBody(TextBody, await readJsonBody(c));
  const row = await editCommentText(c.env, idParam(c.req.param("id")), body);
  if (!row) throw new HTTPException(404, { message: "No such comment." });
  return jsonResponse(c, { comment: await adminComment(c.var.config.APP_SECRET, c.var.config.BASE_URL, row) }, 200, "no-store");
});

adminComments.post("/:id/reply", async (c) => {
  const config = c.var.config;
  const { body } = parseBody(TextBody, await readJsonBody(c));
  const row = await replyAsTheAuthor(c.env, config, idParam(c.req.param("id")), body);
  if (!row) throw new HTTPException(404, { message: "No such comment to reply to." });
  return jsonResponse(c, { comment: await adminComment(config.APP_SECRET, config.BASE_URL, row) }, 201, "no-store");
});
