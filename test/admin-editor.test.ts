/**
 * The post editor (/admin/posts/new, /admin/posts/<slug>/edit), its preview
 * and the author's own view of drafts and scheduled posts, through the real
 * Worker with real D1, KV and R2.
 */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/demo/seed";
import { slugify } from "../src/posts/slug";
import { fromLocalInput, toLocalInput } from "../src/admin/local-time";
import { SCRIPT_SLUGIFY } from "../src/admin/editor-script";
import { BASE, get, signInToDesk } from "./helpers";
import { makePng } from "./media/png";

const TOKEN = env.ADMIN_TOKEN!;
let cookie = "";
let csrf = "";

const record = (slug: string) => env.DB.prepare("SELECT * FROM posts WHERE slug = ?1").bind(slug).first<{ title: string; source: string | null; status: string; published_at: number; tags: string; lang: string; cover: string | null; comments_open: number; excerpt: string }>();

/** Submits the editor form as a browser does: multipart, CRLF newlines in textareas. */
function submit(path: string, fields: Record<string, string>, files: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }[] = [], who = cookie) {
  const form = new FormData();
  form.set("csrf", csrf);
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const file of files) form.append("file", new File([file.bytes], file.name, { type: file.type ?? "image/png" }));
  return exports.default.fetch(new Request(BASE + path, { method: "POST", redirect: "manual", headers: { Cookie: who }, body: form }));
}

/** The value of a form field in the page, as a browser reads it. */
function field(html: string, name: string): string {
  const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|#39|#x27);/g, (_, e: string) => ({ lt: "<", gt: ">", amp: "&", quot: '"', "#39": "'", "#x27": "'" })[e]!);
  const area = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  if (area) {
    const text = decode(area[1]!);
    return text.startsWith("\n") ? text.slice(1) : text;
  }
  const input = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return input ? decode(/value="([^"]*)"/.exec(input)?.[1] ?? "") : "";
}

const editorOf = async (slug: string) => (await get(`/admin/posts/${encodeURIComponent(slug)}/edit`, { headers: { Cookie: cookie } })).text();
const fieldsOf = (html: string) => Object.fromEntries(["title", "body", "tags", "lang", "date", "excerpt", "base", "format"].map((n) => [n, field(html, n)]).concat([["comments", /name="comments"[^>]*checked/.test(html) ? "1" : ""]]));

beforeAll(async () => {
  await seedDemo(env);
  ({ cookie, csrf } = await signInToDesk());
});

describe("the editor form", () => {
  it("needs a session: the form redirects to sign-in, a POST without one changes nothing", async () => {
    expect((await get("/admin/posts/new")).headers.get("location")).toBe("/admin");
    const res = await submit("/admin/posts/new", { title: "Sneaky", body: "x", intent: "publish" }, [], "");
    expect(res.status).toBe(403);
    expect(await record("sneaky")).toBeNull();
  });

  it("refuses a POST without the session's CSRF token", async () => {
    const form = new FormData();
    form.set("title", "Forged");
    form.set("intent", "publish");
    const res = await exports.default.fetch(new Request(BASE + "/admin/posts/new", { method: "POST", headers: { Cookie: cookie }, body: form }));
    expect(res.status).toBe(403);
    expect(await record("forged")).toBeNull();
  });

  it("shows every field, allows its own script and nothing else", async () => {
    const res = await get("/admin/posts/new", { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    for (const name of ["title", "slug", "body", "file", "tags", "lang", "date", "comments", "excerpt", "cover"]) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('enctype="multipart/form-data"');
    const src = /<script src="([^"]+)"/.exec(html)![1]!;
    const script = await get(src);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain("requestSubmit");
  });

  it("writes a Hebrew draft with the text kept byte for byte and the address made from the title", async () => {
    const body = "שָׁלוֹם, עולם!  \n\n* אחת\n* שתיים\t(tab)\n\n`<script>` & \"quotes\" 🙂\n\n\nend without newline";
    const res = await submit("/admin/posts/new", { title: "  שלום עולם: טיוטה  ", slug: "", body: body.replace(/\n/g, "\r\n"), tags: "עברית, ניסוי ,", lang: "he", date: "", comments: "1", excerpt: "", cover: "", intent: "save" });
    expect(res.status).toBe(303);
    const slug = slugify("שלום עולם: טיוטה");
    expect(decodeURIComponent(res.headers.get("location")!)).toContain(`/admin/posts/${slug}/edit?done=Draft saved`);
    const row = (await record(slug))!;
    expect(row.source).toBe(body);
    expect(row.title).toBe("שלום עולם: טיוטה");
    expect(row.status).toBe("draft");
    expect(JSON.parse(row.tags)).toEqual(["עברית", "ניסוי"]);
    // The form for it shows exactly what was saved.
    const again = await editorOf(slug);
    expect(field(again, "body")).toBe(body);
    expect(again).toContain('dir="rtl"');
  });

  it("gives a second post with the same title the next free address", async () => {
    const first = await submit("/admin/posts/new", { title: "Twice", body: "one", intent: "save" });
    const second = await submit("/admin/posts/new", { title: "Twice", body: "two", intent: "save" });
    expect(first.headers.get("location")).toContain("/admin/posts/twice/edit");
    expect(second.headers.get("location")).toContain("/admin/posts/twice-2/edit");
    expect((await record("twice-2"))!.source).toBe("two");
  });

  it("makes the address of a long Hebrew title, twice (D1's LIKE would refuse a pattern this long)", async () => {
    const title = "מהשטח: תמונה אחת ומילים ספורות על הדרך הארוכה הביתה";
    const first = await submit("/admin/posts/new", { title, body: "א", intent: "save" });
    const second = await submit("/admin/posts/new", { title, body: "ב", intent: "save" });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect((await record(`${slugify(title)}-2`))!.source).toBe("ב");
    // The desk's search by title takes as long a query.
    const found = await (await get(`/admin/posts?q=${encodeURIComponent(title)}`, { headers: { Cookie: cookie } })).text();
    expect(found).toContain(`/admin/posts/${encodeURIComponent(slugify(title))}-2/edit`);
  });

  it("never gives a new post the address of another, however long its title (three 250-letter titles, three posts)", async () => {
    const title = `${"אבגדה".repeat(50)}`;
    const slugs: string[] = [];
    for (const body of ["one", "two", "three"]) {
      const res = await submit("/admin/posts/new", { title, body, intent: "save" });
      expect(res.status).toBe(303);
      slugs.push(decodeURIComponent(/\/admin\/posts\/([^/]+)\/edit/.exec(res.headers.get("location")!)![1]!));
    }
    expect(new Set(slugs).size).toBe(3);
    expect(await Promise.all(slugs.map(async (slug) => (await record(slug))!.source))).toEqual(["one", "two", "three"]);
    for (const slug of slugs) expect(new TextEncoder().encode(slug).byteLength).toBeLessThanOrEqual(400);
  });

  it("dates a draft when it is published, not when it was first saved, and keeps a post's date to the millisecond", async () => {
    await submit("/admin/posts/new", { title: "Written long ago", body: "Draft.", intent: "save" });
    const old = Date.UTC(2026, 0, 5, 10, 0, 0, 123);
    await env.DB.prepare("UPDATE posts SET published_at = ?1 WHERE slug = 'written-long-ago'").bind(old).run();
    const form = fieldsOf(await editorOf("written-long-ago"));
    expect(form.date).toBe("");
    const before = Date.now();
    expect((await submit("/admin/posts/written-long-ago/edit", { ...form, intent: "publish" })).status).toBe(303);
    const published = (await record("written-long-ago"))!.published_at;
    expect(published).toBeGreaterThanOrEqual(before);
    // Updated with the date field as shown (minutes only): the stored milliseconds stay.
    const again = fieldsOf(await editorOf("written-long-ago"));
    expect(again.date).not.toBe("");
    await submit("/admin/posts/written-long-ago/edit", { ...again, body: "Edited.", intent: "save" });
    expect((await record("written-long-ago"))!.published_at).toBe(published);
  });

  it("refuses a text too large for D1's row (800 KB of UTF-8), keeping it", async () => {
    const body = "א".repeat(410_000);
    const res = await submit("/admin/posts/new", { title: "Huge", body, intent: "save" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/id="body-error"[^>]*>At most 800 KB of text \(this one is 820 KB\)/);
    expect(field(html, "body").length).toBe(body.length);
  });

  it("brings bad input back filled in, each reason beside its field, and saves nothing", async () => {
    const typed = { title: "   ", slug: "hello-from-the-edge", body: "My long text\nthat must not be lost.", tags: "a", lang: "not a language", date: "2026-02-30T10:00", excerpt: "", intent: "publish" };
    const res = await submit("/admin/posts/new", typed);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="title-error"');
    expect(html).toContain("Give the post a title.");
    expect(html).toMatch(/id="slug-error"[^>]*>“hello-from-the-edge” is the address of “[^”]+”/);
    expect(html).toContain('id="lang-error"');
    expect(html).toMatch(/id="date-error"[^>]*>There is no such date/);
    expect(html).toContain('aria-invalid="true"');
    expect(field(html, "body")).toBe(typed.body);
    expect(field(html, "slug")).toBe("hello-from-the-edge");
    expect(field(html, "date")).toBe("2026-02-30T10:00");
    expect(html).toContain("Nothing was saved: 4 fields need your attention.");
  });

  it("publishes now, schedules for a future date in the blog's time zone, and keeps scheduled posts off the index", async () => {
    const zone = env.TIME_ZONE ?? "UTC";
    const future = toLocalInput(Date.now() + 3 * 86_400_000, zone);
    const res = await submit("/admin/posts/new", { title: "Tomorrow's news", body: "Soon.", date: future, comments: "1", intent: "publish" });
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get("location")!)).toContain("Scheduled: readers see it from");
    const row = (await record("tomorrow-s-news"))!;
    expect(row.status).toBe("published");
    expect(row.published_at).toBe(fromLocalInput(future, zone));
    expect((await get("/tomorrow-s-news")).status).toBe(404);
    expect(await (await get("/")).text()).not.toContain("Tomorrow");

    const now = await submit("/admin/posts/new", { title: "Out today", body: "Now.", comments: "1", intent: "publish" });
    expect(decodeURIComponent(now.headers.get("location")!)).toContain("Published: readers see it now.");
    const page = await get("/out-today");
    expect(page.status).toBe(200);
    expect(await (await get("/")).text()).toContain("Out today");
  });

  it("uploads images into the library and into the text at the cursor, keeping everything typed", async () => {
    const png = await makePng(64, 48, 7);
    const res = await submit("/admin/posts/new", { title: "With a picture", body: "Before.\nAfter.", cursor: "8", alt: "A test card", tags: "photos", intent: "upload" }, [{ name: "card.png", bytes: png }]);
    expect(res.status).toBe(200);
    const html = await res.text();
    const body = field(html, "body");
    const key = /\/media\/([0-9a-f]{32}\.png)/.exec(body)![1]!;
    expect(body).toBe(`Before.\n\n![A test card](/media/${key})\n\nAfter.`);
    expect(field(html, "title")).toBe("With a picture");
    expect(field(html, "tags")).toBe("photos");
    expect(html).toContain(`<option value="${key}"`);
    expect(await env.DB.prepare("SELECT alt FROM media WHERE key = ?1").bind(key).first()).toEqual({ alt: "A test card" });
    expect(await env.MEDIA!.head(key)).not.toBeNull();
    // Not saved until the author saves.
    expect(await record("with-a-picture")).toBeNull();
    const saved = await submit("/admin/posts/new", { title: "With a picture", body, cover: key, intent: "publish", comments: "1" });
    expect(saved.status).toBe(303);
    expect((await record("with-a-picture"))!.cover).toBe(key);
    const page = await (await get("/with-a-picture")).text();
    expect(page).toContain('class="cover"');
    expect(page).toMatch(new RegExp(`<img src="/media/${key}" alt="A test card"[^>]*width="64"`));
  });

  it("makes an uploaded image the cover without putting it in the text, when asked", async () => {
    const png = await makePng(80, 40, 9);
    const res = await submit("/admin/posts/new", { title: "Cover only", body: "Words.", as_cover: "1", intent: "upload" }, [{ name: "wide.png", bytes: png }]);
    expect(res.status).toBe(200);
    const html = await res.text();
    const key = /<option value="([0-9a-f]{32}\.png)" selected/.exec(html)![1]!;
    expect(field(html, "body")).toBe("Words.");
    expect(html).toContain("The cover image is set.");
    expect(await env.DB.prepare("SELECT key FROM media WHERE key = ?1").bind(key).first()).toEqual({ key });
  });

  it("refuses a file that is not an image, naming it, and keeps the text", async () => {
    const res = await submit("/admin/posts/new", { title: "Bad file", body: "Kept text.", intent: "upload" }, [{ name: "notes.txt", bytes: new Uint8Array(new TextEncoder().encode("hello")), type: "text/plain" }]);
    expect(res.status).toBe(415);
    const html = await res.text();
    expect(html).toContain("notes.txt");
    expect(field(html, "body")).toBe("Kept text.");
  });

  it("refuses an edit made on a stale copy, showing both versions, then saves when asked again", async () => {
    await submit("/admin/posts/new", { title: "Contested", body: "First version.", intent: "publish", comments: "1" });
    const opened = fieldsOf(await editorOf("contested"));
    // Meanwhile, from the CLI (the API):
    const put = await exports.default.fetch(new Request(`${BASE}/api/admin/posts/contested`, { method: "PUT", headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" }, body: JSON.stringify({ title: "Contested", markdown: "The CLI's version." }) }));
    expect(put.status).toBe(200);
    const mine = { ...opened, body: "My browser version.", intent: "save" };
    const stale = await submit("/admin/posts/contested/edit", mine);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("This post changed since you opened it");
    expect(field(html, "body")).toBe("My browser version.");
    expect(html).toContain("The CLI&#39;s version.");
    expect((await record("contested"))!.source).toBe("The CLI's version.");
    // The form now carries the saved version's fingerprint: saving again is a deliberate choice.
    const again = await submit("/admin/posts/contested/edit", { ...mine, base: field(html, "base") });
    expect(again.status).toBe(303);
    expect((await record("contested"))!.source).toBe("My browser version.");
  });

  it("lets a draft without comments change its address, and keeps a published post's", async () => {
    await submit("/admin/posts/new", { title: "Working title", body: "Draft text.", intent: "save" });
    const draftForm = await editorOf("working-title");
    expect(draftForm).toMatch(/<input id="slug" name="slug"[^>]*value="working-title"/);
    const moved = await submit("/admin/posts/working-title/edit", { ...fieldsOf(draftForm), slug: "final-address", intent: "save" });
    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toContain("/admin/posts/final-address/edit");
    expect(await record("working-title")).toBeNull();
    expect((await record("final-address"))!.source).toBe("Draft text.");

    const live = await editorOf("out-today");
    expect(live).toMatch(/<input id="slug" type="text" value="out-today" readonly/);
    const refused = await submit("/admin/posts/out-today/edit", { ...fieldsOf(live), slug: "elsewhere", intent: "save" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Only a draft without comments, written here, can change its address");
    expect(await record("out-today")).not.toBeNull();
  });

  it("previews the unsaved form with the readers' templates, storing nothing", async () => {
    const before = (await record("contested"))!;
    const opened = fieldsOf(await editorOf("contested"));
    const res = await submit("/admin/posts/contested/edit", { ...opened, title: "Preview title", body: "# Heading\n\nPreviewed *text*.", intent: "preview" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("x-robots-tag")).toBe("noindex");
    const html = await res.text();
    expect(html).toContain('<article class="post" id="post">');
    expect(html).toContain("<em>text</em>");
    expect(html).toContain("Preview title");
    expect(html).toContain("Preview, not saved.");
    expect(html).toContain('<meta name="robots" content="noindex"');
    expect(await record("contested")).toEqual(before);
  });
});

describe("drafts and scheduled posts at their own address", () => {
  it("shows a draft to the signed-in author only, with a banner, never cached or indexed", async () => {
    await submit("/admin/posts/new", { title: "Secret draft", body: "Not yet.", intent: "save" });
    const anonymous = await get("/secret-draft");
    expect(anonymous.status).toBe(404);
    const author = await get("/secret-draft", { headers: { Cookie: cookie } });
    expect(author.status).toBe(200);
    expect(author.headers.get("cache-control")).toBe("private, no-store");
    expect(author.headers.get("x-robots-tag")).toBe("noindex");
    const html = await author.text();
    expect(html).toContain("Only you can see this page");
    expect(html).toContain("Not yet.");
    // A forged or ended session sees what any reader sees.
    expect((await get("/secret-draft", { headers: { Cookie: cookie.replace(/.$/, (ch) => (ch === "A" ? "B" : "A")) } })).status).toBe(404);
    // Never in the lists or feeds.
    for (const path of ["/", "/feed.xml", "/sitemap.xml"]) expect(await (await get(path)).text()).not.toContain("secret-draft");
  });

  it("shows a scheduled post to the author with the time it appears", async () => {
    const html = await (await get("/tomorrow-s-news", { headers: { Cookie: cookie } })).text();
    expect(html).toContain("Scheduled.");
    expect(html).toContain("Only you can see this page until");
  });

  it("the session cookie reaches the post pages (Path=/)", async () => {
    const res = await exports.default.fetch(new Request(`${BASE}/admin/login`, { method: "POST", redirect: "manual", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `token=${encodeURIComponent(TOKEN)}` }));
    expect(res.headers.get("set-cookie")).toMatch(/Path=\/;/);
  });
});

describe("the script's address suggestion", () => {
  it("is the same slugify the server uses", () => {
    // The script's function, as the browser runs it, against the server's.
    const scriptSlugify = new Function(`return ${SCRIPT_SLUGIFY}`)() as (t: string) => string;
    for (const title of ["Hello, World!", "שלום עולם: טיוטה", "  Ünïcødé — dash_and   spaces ", "日本語のタイトル", "!!!", "a".repeat(300)]) expect(scriptSlugify(title)).toBe(slugify(title));
  });
});

describe("the blog's wall clock", () => {
  it("reads a time in any zone, across changes of clocks, and refuses dates that do not exist", () => {
    expect(fromLocalInput("2026-12-24T09:00", "Asia/Jerusalem")).toBe(Date.UTC(2026, 11, 24, 7, 0));
    expect(fromLocalInput("2026-07-01T09:00", "Asia/Jerusalem")).toBe(Date.UTC(2026, 6, 1, 6, 0));
    // Skipped by the clocks (spring forward): the same wall time after the change.
    expect(fromLocalInput("2026-03-08T02:30", "America/New_York")).toBe(Date.UTC(2026, 2, 8, 7, 30));
    expect(fromLocalInput("2026-03-27T02:30", "Asia/Jerusalem")).toBe(Date.UTC(2026, 2, 27, 0, 30));
    // Twice on the wall (fall back): the first.
    expect(fromLocalInput("2026-11-01T01:30", "America/New_York")).toBe(Date.UTC(2026, 10, 1, 5, 30));
    for (const bad of ["2026-02-30T10:00", "2026-04-31T10:00", "2026-01-01T24:00", "2026-13-01T10:00", "next tuesday", "1969-12-31T23:00"]) expect(fromLocalInput(bad, "Asia/Jerusalem"), bad).toBeNull();
    expect(toLocalInput(Date.UTC(2026, 11, 24, 7, 0), "Asia/Jerusalem")).toBe("2026-12-24T09:00");
  });
});
