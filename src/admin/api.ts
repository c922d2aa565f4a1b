/** /api/admin: every route behind the bearer token. */
import { Hono } from "hono";
import type { AppEnv } from "../config";
import { requireBearer } from "./auth";
import { adminPosts } from "./posts-api";
import { adminComments } from "./comments-api";
import { adminTransfer } from "./transfer-api";

export const adminApi = new Hono<AppEnv>();
adminApi.use(requireBearer);
adminApi.route("/posts", adminPosts);
adminApi.route("/comments", adminComments);
adminApi.route("/", adminTransfer);
