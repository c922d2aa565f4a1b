/** /api/admin: every route behind the bearer token. */
import { Hono } from "hono/tiny";
import type { AppEnv } from "../config";
import { requireBearer } from "./auth";
import { adminPosts } from "./posts-api";
import { adminPostSource } from "./post-source-api";
import { adminComments } from "./comments-api";
import { adminOldAddresses } from "./wxr/old-addresses-api";
import { adminTransfer } from "./transfer-api";
import { adminMedia } from "./media-api";
import { previewDigest } from "../digest/job";
import { trainApi } from "../spam/train-api";
import { jsonResponse } from "../http/respond";

export const adminApi = new Hono<AppEnv>();
adminApi.use(requireBearer);
adminApi.route("/posts", adminPosts);
adminApi.route("/posts", adminPostSource);
adminApi.route("/comments", adminComments);
adminApi.route("/media", adminMedia);
adminApi.route("/", adminTransfer);
adminApi.route("/", adminOldAddresses);
adminApi.route("/spam", trainApi);

/** The next digest, for `blog digest --dry-run`: subject, text, html and counts. */
adminApi.get("/digest/preview", async (c) => jsonResponse(c, await previewDigest(c.env), 200, "no-store"));
