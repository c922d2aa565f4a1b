/**
 * Replying as the author and editing a comment's text from /admin, without
 * JavaScript: the small pages, the CSRF check, bad text coming back filled
 * in with the reason, and readers seeing the result on the post page. The
 * admin API's PATCH and reply go through the same functions.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import type { CommentRow } from "../src/comments/model";
import { BASE, formToken, get, postComment, signInToDesk } from "./helpers";

const TOKEN = env.ADMIN_TOKEN!;
const SLUG = "hello-from-the-edge";


const comment = (text: string, ip?: string) => postComment(SLUG, text, ip);
const signIn = signInToDesk;
const row = (id: number) => env.DB.prepare("SELECT * FROM comments WHERE id = ?1").bind(id).first<CommentRow>();
const count = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments").first<{ n: number }>())!.n;


const post = (path: string, cookie: string, fields: [string, string][], origin?: string) =>
  exports.default.fetch(
    new Request(BASE + path, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...(origin ? { Origin: origin } : {}) }, body: new URLSearchParams(fields).toString() }),
  );

/** The textarea's content as a browser reads it: one newline after the start tag is dropped, entities decoded. */
function textareaValue(html: string): string {
  const inner = /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!;
  const decoded = inner.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'", "#x27": "'" })[e]!);
  return decoded.startsWith("\r\n") ? decoded.slice(2) : decoded.startsWith("\n") ? decoded.slice(1) : decoded;
}

const postPage = async () => (await get(`/${SLUG}`)).text();

beforeAll(async () => {
  await seedDemo(env);
});

describe("reply and edit from /admin", () => {
  it("links each comment of the queue to its reply and edit pages", async () => {
    const id = await comment("a comment for the links");
    const { cookie } = await signIn();
    const queue = await (await get("/admin?status=pending", { headers: { Cookie: cookie } })).text();
    expect(queue).toContain(`href="/admin/comments/${id}/reply?back=${encodeURIComponent("/admin?status=pending")}"`);
    expect(queue).toContain(`href="/admin/comments/${id}/edit?back=${encodeURIComponent("/admin?status=pending")}"`);
  });

  it("needs a session for the pages and the CSRF token for the POST", async () => {
    const id = await comment("guarded");
    const anonymous = await get(`/admin/comments/${id}/edit`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe("/admin");
    const { cookie, csrf } = await signIn();
    const forged = await post(`/admin/comments/${id}/edit`, cookie, [["body", "changed by a forger"]]);
    expect(forged.status).toBe(403);
    const noSession = await post(`/admin/comments/${id}/reply`, "", [["csrf", csrf], ["body", "hello"]]);
    expect(noSession.status).toBe(403);
    const otherSite = await post(`/admin/comments/${id}/edit`, cookie, [["csrf", csrf], ["body", "from elsewhere"]], "https://evil.example");
    expect(otherSite.status).toBe(403);
    expect((await row(id))!.body).toBe("guarded");
    expect((await get(`/admin/comments/999999/edit`, { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await get(`/admin/comments/abc/reply`, { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await post(`/admin/comments/999999/reply`, cookie, [["csrf", csrf], ["body", "to nobody"]])).status).toBe(404);
  });

  it("edits an approved comment's text: the form holds it byte for byte, and readers see the new text", async () => {
    const original = "Line one <b>not bold</b> & \"quotes\"\n\nשלום — second paragraph\n  indented 'line'";
    const id = await comment(original);
    const { cookie, csrf } = await signIn();
    expect((await post("/admin/moderate", cookie, [["csrf", csrf], ["one", `${id}:approve`]])).status).toBe(303);
    expect((await row(id))!.body).toBe(original);

    const form = await get(`/admin/comments/${id}/edit?back=${encodeURIComponent("/admin?status=approved")}`, { headers: { Cookie: cookie } });
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(textareaValue(html)).toBe(original);
    expect(html).toContain(`action="/admin/comments/${id}/edit"`);
    expect(html).toContain(`name="back" value="/admin?status=approved"`);

    const res = await post(`/admin/comments/${id}/edit`, cookie, [["csrf", csrf], ["back", "/admin?status=approved"], ["body", "Corrected by the author: tipo → typo"]]);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/admin\?status=approved&done=/);
    expect(decodeURIComponent(location)).toContain(`Comment #${id} by Reader edited.`);
    expect((await row(id))!.body).toBe("Corrected by the author: tipo → typo");
    const page = await postPage();
    expect(page).toContain("Corrected by the author: tipo → typo");
    expect(page).not.toContain("not bold");

    const queue = await (await get(location, { headers: { Cookie: cookie } })).text();
    expect(queue).toContain(`Comment #${id} by Reader edited.`);
  });

  it("refuses empty or too long text with the reason beside the field, filled in, and changes nothing", async () => {
    const id = await comment("keep me as I am");
    const { cookie, csrf } = await signIn();
    const before = await count();
    for (const mode of ["edit", "reply"]) {
      const empty = await post(`/admin/comments/${id}/${mode}`, cookie, [["csrf", csrf], ["body", "   \n  "]]);
      expect(empty.status).toBe(422);
      const emptyHtml = await empty.text();
      expect(emptyHtml).toContain("The text is empty");
      expect(emptyHtml).toContain('aria-invalid="true"');

      const long = "ש".repeat(10_001);
      const tooLong = await post(`/admin/comments/${id}/${mode}`, cookie, [["csrf", csrf], ["back", "/admin?status=pending"], ["body", long]]);
      expect(tooLong.status).toBe(422);
      const longHtml = await tooLong.text();
      expect(longHtml).toContain("at most 10,000 characters; this one has 10,001");
      expect(textareaValue(longHtml)).toBe(long);
      expect(longHtml).toContain(`name="back" value="/admin?status=pending"`);
      // Still a working form: a fresh CSRF token of the same session.
      expect(longHtml).toMatch(/name="csrf" value="[^"]+"/);
    }
    expect((await row(id))!.body).toBe("keep me as I am");
    expect((await row(id))!.status).toBe("pending");
    expect(await count()).toBe(before);
    // Exactly 10,000 characters of a four-byte script is taken.
    const most = "😀".repeat(10_000);
    expect((await post(`/admin/comments/${id}/edit`, cookie, [["csrf", csrf], ["body", most]])).status).toBe(303);
    expect((await row(id))!.body).toBe(most);
  });

  it("replies as the author to a pending comment: approves it, and readers see both, the reply marked Author", async () => {
    const id = await comment("a question waiting for moderation: does it work offline?");
    expect(await postPage()).not.toContain("does it work offline?");
    const { cookie, csrf } = await signIn();
    const form = await (await get(`/admin/comments/${id}/reply`, { headers: { Cookie: cookie } })).text();
    expect(form).toContain("does it work offline?");
    expect(form).toContain("replying approves it");
    expect(textareaValue(form)).toBe("");

    const res = await post(`/admin/comments/${id}/reply`, cookie, [["csrf", csrf], ["back", "/admin?status=pending"], ["body", "Yes: everything runs locally."]]);
    expect(res.status).toBe(303);
    const location = decodeURIComponent(res.headers.get("location")!);
    expect(location).toMatch(/^\/admin\?status=pending&done=Replied to #\d+ by Reader as .+: comment #\d+ \(and #\d+ approved\)\.$/);
    const replyId = Number(/: comment #(\d+)/.exec(location)![1]);
    const reply = (await row(replyId))!;
    expect(reply).toMatchObject({ parent_id: id, is_author: 1, status: "approved", author_name: env.AUTHOR_NAME, body: "Yes: everything runs locally.", post_slug: SLUG });
    expect((await row(id))!.status).toBe("approved");

    const page = await postPage();
    expect(page).toContain("does it work offline?");
    const card = page.slice(page.indexOf(`id="comment-${replyId}"`));
    expect(card).toContain("Yes: everything runs locally.");
    expect(card.slice(0, card.indexOf("Yes: everything runs locally."))).toContain('<span class="badge">Author</span>');
  });

  it("never sends the author back outside the queue", async () => {
    const id = await comment("redirect check");
    const { cookie, csrf } = await signIn();
    const res = await post(`/admin/comments/${id}/edit`, cookie, [["csrf", csrf], ["back", "https://evil.example/admin"], ["body", "edited again"]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/admin\?done=/);
    const page = await (await get(`/admin/comments/${id}/reply?back=//evil.example`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain(`name="back" value="/admin"`);
  });
});

describe("the admin API's edit and reply share the pages' checks", () => {
  const api = (path: string, method: string, json: unknown) =>
    exports.default.fetch(new Request(BASE + path, { method, headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify(json) }));

  it("refuses empty and over-long text (422) and 404s an unknown id", async () => {
    const id = await comment("api checks");
    expect((await api(`/api/admin/comments/${id}`, "PATCH", { body: "  " })).status).toBe(422);
    expect((await api(`/api/admin/comments/${id}/reply`, "POST", { body: "x".repeat(10_001) })).status).toBe(422);
    expect((await api(`/api/admin/comments/999999`, "PATCH", { body: "hi" })).status).toBe(404);
    expect((await api(`/api/admin/comments/999999/reply`, "POST", { body: "hi" })).status).toBe(404);
    const reply = await api(`/api/admin/comments/${id}/reply`, "POST", { body: "from the API" });
    expect(reply.status).toBe(201);
    expect(((await reply.json()) as { comment: { isAuthor: boolean } }).comment.isAuthor).toBe(true);
    expect((await row(id))!.status).toBe("approved");
  });
});
