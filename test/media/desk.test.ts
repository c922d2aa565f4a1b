/** /admin/media: the author's view of the library, plain forms, through the real Worker. */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE, get } from "../helpers";
import { fromBase64, makePng } from "./png";
import * as fixtures from "../fixtures/media/images";

const TOKEN = env.ADMIN_TOKEN!;
let cookie = "";
let csrf = "";

const desk = (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  if (cookie) headers.set("Cookie", cookie);
  return exports.default.fetch(new Request(BASE + path, { redirect: "manual", ...init, headers }));
};
const postForm = (path: string, fields: [string, string][]) =>
  desk(path, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
const follow = async (res: Response) => {
  expect(res.status).toBe(303);
  return (await desk(res.headers.get("location")!)).text();
};

beforeAll(async () => {
  const res = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(TOKEN)}` }));
  cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const page = await (await desk("/admin/media")).text();
  csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
});

async function uploadForm(files: { name: string; bytes: Uint8Array<ArrayBuffer> }[], fields: [string, string][] = [["csrf", csrf]]) {
  const form = new FormData();
  for (const [k, v] of fields) form.append(k, v);
  for (const f of files) form.append("file", new File([f.bytes], f.name));
  return desk("/admin/media/upload", { method: "POST", body: form });
}

describe("/admin/media", () => {
  it("needs a session", async () => {
    const res = await exports.default.fetch(new Request(`${BASE}/admin/media`, { redirect: "manual" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin");
  });

  it("uploads from the form, lists each file with where it is used, edits alt text, deletes after asking", async () => {
    const png = await makePng(700, 400, 5);
    const page = await follow(await uploadForm([{ name: "harbour.png", bytes: png }, { name: "tiny.jpg", bytes: fromBase64(fixtures.jpeg) }], [["csrf", csrf], ["alt", "The harbour at dawn"]]));
    expect(page).toContain("2 uploaded.");
    expect(page).toContain("harbour.png");
    expect(page).toContain("700 × 400");
    expect(page).toContain("Not used by any post.");
    const key = /id="m-([0-9a-f]{32}\.png)"/.exec(page)![1]!;
    // The thumbnail is the narrowest width made at upload.
    expect(page).toContain(`src="/media/${key.replace(".png", "-480.webp")}"`);
    expect(page).toContain('value="The harbour at dawn"');

    // Again: nothing new.
    expect(await follow(await uploadForm([{ name: "again.png", bytes: png }]))).toContain("0 uploaded, 1 already in the library.");

    // A post uses it: the list says where, and delete is refused naming the post.
    const put = await exports.default.fetch(new Request(`${BASE}/api/admin/posts/harbour`, { method: "PUT", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify({ title: "Harbour", markdown: `![](/media/${key})` }) }));
    expect(put.status).toBe(201);
    const listed = await (await desk("/admin/media")).text();
    expect(listed).toMatch(new RegExp(`Used by:\\s*<a href="/harbour"><bdi>harbour</bdi></a>`));
    const refused = await follow(await postForm(`/admin/media/${key}/delete`, [["csrf", csrf], ["confirm", "1"]]));
    expect(refused).toContain("Not deleted: harbour.png is used by harbour.");

    // Alt text: saved, and the post shows it.
    expect(await follow(await postForm(`/admin/media/${key}/alt`, [["csrf", csrf], ["alt", "נמל יפו עם שחר"]]))).toContain("Alt text saved; 1 post shows it now.");
    expect(await (await get("/harbour")).text()).toContain('alt="נמל יפו עם שחר"');

    // Delete asks first; once the post no longer uses it, it goes.
    await exports.default.fetch(new Request(`${BASE}/api/admin/posts/harbour`, { method: "PUT", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify({ title: "Harbour", markdown: "Words only." }) }));
    const ask = await postForm(`/admin/media/${key}/delete`, [["csrf", csrf]]);
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("Delete this file?");
    expect((await get(`/media/${key}`)).status).toBe(200);
    expect(await follow(await postForm(`/admin/media/${key}/delete`, [["csrf", csrf], ["confirm", "1"]]))).toContain("Deleted harbour.png.");
    expect((await get(`/media/${key}`)).status).toBe(404);
  });

  it("a bad file comes back as a reason, and nothing is stored", async () => {
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM media").first<{ n: number }>())!.n;
    const page = await follow(await uploadForm([{ name: "drawing.svg", bytes: new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>") as Uint8Array<ArrayBuffer> }]));
    expect(page).toContain("Nothing was uploaded. drawing.svg: SVG drawings are not taken");
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM media").first<{ n: number }>())!.n).toBe(before);
  });

  it("refuses a form without the session's CSRF token, storing nothing", async () => {
    const before = (await env.DB.prepare("SELECT COUNT(*) AS n FROM media").first<{ n: number }>())!.n;
    const res = await uploadForm([{ name: "x.jpg", bytes: fromBase64(fixtures.progressiveJpeg) }], [["csrf", "forged"]]);
    expect(res.status).toBe(403);
    expect((await env.DB.prepare("SELECT COUNT(*) AS n FROM media").first<{ n: number }>())!.n).toBe(before);
    const saved = cookie;
    cookie = "";
    expect((await uploadForm([{ name: "x.jpg", bytes: fromBase64(fixtures.progressiveJpeg) }])).status).toBe(403);
    cookie = saved;
  });
});
