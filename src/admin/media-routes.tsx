/**
 * /admin/media: the media library in the desk. Upload (multipart, the same
 * checks as the API), alt text, delete with a confirm page; each POST needs
 * the session and its CSRF token, and answers with a redirect back to the
 * list and a notice (or the reason it did nothing).
 */
import { Hono } from "hono/tiny";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { pageParam } from "../http/respond";
import { readLimited } from "../http/body";
import { deleteMedia, listMedia, MEDIA_ORIGINAL, mediaRecord, setAlt } from "../media/store";
import { MAX_ALT_LENGTH } from "../media/upload";
import { csrfToken, sessionFrom } from "./auth";
import { checkedSession, noticeOf, page, readForm, refused, withNotice } from "./desk";
import { MEDIA_PER_PAGE, readUploads, reshowPosts, storeUploads } from "./media-api";
import { ConfirmDeletePage, MediaPage } from "./media-page";

export const mediaDesk = new Hono<AppEnv>();

const back = (c: Context<AppEnv>, text: string, ok = true) => c.redirect(withNotice("/admin/media", text, ok), 303);

mediaDesk.get("/", async (c) => {
  const session = await sessionFrom(c);
  if (!session) return c.redirect("/admin", 303);
  const q = (c.req.query("q") ?? "").trim().slice(0, 200);
  const pageNo = pageParam(c);
  const { media, total } = await listMedia(c.env.DB, pageNo, MEDIA_PER_PAGE, q);
  const notice = noticeOf(c);
  return page(c, <MediaPage config={c.var.config} csrf={await csrfToken(c.var.config, session)} media={media} page={pageNo} pages={Math.max(1, Math.ceil(total / MEDIA_PER_PAGE))} total={total} q={q} notice={notice} />);
});

mediaDesk.post("/upload", async (c) => {
  // No session, no reading: the body is drained unread and nothing is stored.
  if (!(await sessionFrom(c))) {
    await readLimited(c.req.raw, 0);
    return refused(c);
  }
  let upload;
  try {
    upload = await readUploads(c);
  } catch (err) {
    if (err instanceof HTTPException) return back(c, `Nothing was uploaded. ${err.message}`, false);
    throw err;
  }
  // The CSRF token travels in the multipart body, so it is checked once the body is read, before anything is stored.
  if (!(await checkedSession(c, upload))) return refused(c);
  const alt = (upload.fields.alt ?? "").trim().slice(0, MAX_ALT_LENGTH);
  const stored = await storeUploads(c, upload.files, alt);
  const fresh = stored.filter((s) => !s.reused).length;
  return back(c, `${fresh} uploaded${stored.length > fresh ? `, ${stored.length - fresh} already in the library` : ""}.`);
});

function keyOf(c: Context<AppEnv>): string {
  const key = c.req.param("key") ?? "";
  if (!MEDIA_ORIGINAL.test(key)) throw new HTTPException(404, { message: "No such file." });
  return key;
}

mediaDesk.post("/:key/alt", async (c) => {
  const key = keyOf(c);
  const form = await readForm(c);
  if (!(await checkedSession(c, form))) return refused(c);
  const alt = (form!.fields.alt ?? "").trim();
  if (alt.length > MAX_ALT_LENGTH) return back(c, `Alt text: at most ${MAX_ALT_LENGTH} characters; nothing changed.`, false);
  const uses = await setAlt(c.env.DB, key, alt);
  if (!uses) return back(c, "That file is no longer in the library.", false);
  await reshowPosts(c.env, uses);
  return back(c, `Alt text saved${uses.length ? `; ${uses.length === 1 ? "1 post shows" : `${uses.length} posts show`} it now` : ""}.`);
});

mediaDesk.post("/:key/delete", async (c) => {
  const key = keyOf(c);
  const form = await readForm(c);
  const session = await checkedSession(c, form);
  if (!session) return refused(c);
  const record = await mediaRecord(c.env.DB, key);
  if (!record) return back(c, "That file is no longer in the library.", false);
  if (form!.fields.confirm !== "1") return page(c, <ConfirmDeletePage config={c.var.config} csrf={await csrfToken(c.var.config, session)} media={record} />);
  if (!c.env.MEDIA) return back(c, "No media storage is set up (R2 binding MEDIA).", false);
  const result = await deleteMedia(c.env.DB, c.env.MEDIA, key);
  if (!result) return back(c, "That file is no longer in the library.", false);
  if (!result.deleted) return back(c, `Not deleted: ${record.name || key} is used by ${result.usedBy.join(", ")}. Remove it from ${result.usedBy.length === 1 ? "that post" : "those posts"} first.`, false);
  return back(c, `Deleted ${record.name || key}.`);
});
