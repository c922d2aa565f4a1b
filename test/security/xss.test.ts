/**
 * Stored XSS, end to end: every payload of xss-payloads.ts goes in through the
 * real comment form (name, comment and website fields), is approved through
 * the admin API, and is then looked for on every surface that shows comments:
 * the post page, the reply-to page, the comments JSON, the comment Atom feed,
 * /admin, the digest preview, the digest email (both parts) and the confirm
 * pages of the digest's signed links. Everything is parsed the way a browser
 * or a feed reader would (HTMLRewriter, an XML parser, a MIME parser), and
 * each HTML surface is compared with the same surface rendered with harmless
 * comments only, so "nothing new got in" is checked, not assumed. A canary
 * test at the end shows the checks fail on pages that do let something in.
 */
import { env, exports } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { issueFormToken } from "../../src/comments/form-token";
import type { CommentRow } from "../../src/comments/model";
import { sendDailyDigest } from "../../src/digest/job";
import { duePeriod } from "../../src/digest/period";
import type { MailTransport, OutgoingMail } from "../../src/digest/transport";
import { BASE, get } from "../helpers";
import { PAYLOADS, REFUSED_WEBSITES, type RefusedWebsite, type XssPayload } from "./xss-payloads";

// ---------------------------------------------------------------------------
// What the form is expected to store (the rules of the comment form, restated
// here so the test does not trust the code it checks).

/** C0/C1 controls but tab and newline, bidi embeddings/overrides/isolates, BOM. */
const STRIPPED_ON_INPUT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** Characters that must never reach any surface. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;

const storedText = (s: string) => s.normalize("NFC").replace(/\r\n?/g, "\n").replace(STRIPPED_ON_INPUT, "").trim();
const storedLine = (s: string) => storedText(s).replace(/\s+/g, " ");
const compact = (s: string) => s.replace(/\s+/g, "");

// ---------------------------------------------------------------------------
// HTML as a browser reads it.

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00A0", colon: ":", Tab: "\t", NewLine: "\n",
  lpar: "(", rpar: ")", sol: "/", bsol: "\\", period: ".", comma: ",", semi: ";", excl: "!", num: "#",
  percnt: "%", equals: "=", grave: "`", lsqb: "[", rsqb: "]", lbrack: "[", rbrack: "]", lcub: "{", rcub: "}",
  Hat: "^", plus: "+", quest: "?", commat: "@", dollar: "$", ast: "*", lowbar: "_", verbar: "|", vert: "|",
};
/** Entities a browser also decodes without their semicolon (and in upper case). */
const LEGACY_WITHOUT_SEMICOLON = new Set(["amp", "lt", "gt", "quot", "nbsp", "AMP", "LT", "GT", "QUOT"]);

/** One pass of HTML character-reference decoding, as the parser does for text and attribute values. */
function decodeEntities(s: string): string {
  return s.replace(/&(?:#[xX]([0-9a-fA-F]+);?|#([0-9]+);?|([A-Za-z][A-Za-z0-9]*)(;?))/g, (whole: string, hex?: string, dec?: string, name?: string, semi?: string) => {
    if (hex !== undefined || dec !== undefined) {
      const code = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? "\uFFFD" : String.fromCodePoint(code);
    }
    const value = NAMED_ENTITIES[name!] ?? (LEGACY_WITHOUT_SEMICOLON.has(name!) ? NAMED_ENTITIES[name!.toLowerCase()] : undefined);
    if (value === undefined) return whole;
    return semi === ";" || LEGACY_WITHOUT_SEMICOLON.has(name!) ? value : whole;
  });
}

interface Element {
  tag: string;
  attrs: [string, string][];
}

interface Scan {
  elements: Element[];
  /** The page's text outside raw-text elements, entity-decoded: what a reader sees. */
  text: string;
  /** The content of raw-text elements (script, style, textarea, title…), entity-decoded. */
  rawTexts: { tag: string; id: string | null; text: string }[];
  comments: string[];
}

/** Elements whose content the parser does not read as markup. */
const RAW_TEXT_ELEMENTS = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]);

async function scanHtml(html: string): Promise<Scan> {
  const elements: Element[] = [];
  const chunks: string[] = [];
  const rawTexts: { tag: string; id: string | null; text: string }[] = [];
  const comments: string[] = [];
  let open: { tag: string; id: string | null; text: string } | null = null;
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        elements.push({ tag: el.tagName.toLowerCase(), attrs: [...el.attributes].map(([n, v]) => [n!.toLowerCase(), v!] as [string, string]) });
        if (RAW_TEXT_ELEMENTS.has(el.tagName.toLowerCase()) && !open) {
          const entry = { tag: el.tagName.toLowerCase(), id: el.getAttribute("id"), text: "" };
          open = entry;
          rawTexts.push(entry);
          try {
            el.onEndTag(() => {
              open = null;
            });
          } catch {
            open = null;
          }
        }
      },
    })
    .onDocument({
      text(t) {
        if (open) open.text += t.text;
        else chunks.push(t.text);
      },
      comments(c) {
        comments.push(c.text);
      },
    })
    .transform(new Response(html))
    .text();
  for (const raw of rawTexts) raw.text = decodeEntities(raw.text);
  return { elements, text: decodeEntities(chunks.join("")), rawTexts, comments };
}

async function textOf(html: string, selector: string): Promise<string> {
  let text = "";
  await new HTMLRewriter()
    .on(selector, {
      text(t) {
        text += t.text;
      },
    })
    .transform(new Response(html))
    .text();
  return decodeEntities(text);
}

const attr = (el: Element, name: string) => el.attrs.find(([n]) => n === name)?.[1];
const describeElement = (el: Element) => `<${el.tag}${el.attrs.map(([n, v]) => ` ${n}="${v}"`).join("")}>`;

/** Elements that script, frame, restyle, redirect or re-base a page: none may appear that the template does not emit. */
const WATCHED_ELEMENTS = ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "style", "link", "meta", "form", "textarea", "img", "video", "audio", "source", "portal"];
/** Attributes that hold a URL a browser may navigate to, load or run. */
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "srcdoc", "xlink:href", "data", "poster", "background", "codebase", "cite", "ping", "dynsrc", "lowsrc", "longdesc", "usemap", "manifest", "icon", "archive", "classid", "srcset"]);

/** A URL attribute's value as the browser resolves its scheme: decoded, without whitespace, controls or invisible characters, lower-cased. */
function schemeView(value: string): string {
  return decodeEntities(value)
    .replace(/[\u0000-\u0020\u007F-\u00A0\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g, "")
    .toLowerCase();
}
const DANGEROUS_SCHEME = /^(javascript|vbscript|data|livescript):/;

interface Expected {
  /** Names the payload and the field, e.g. "XSS012 name". */
  what: string;
  /** Text that must be on the page as text (compared without whitespace). */
  text: string;
}

/**
 * Everything wrong with an HTML surface, compared with the same surface
 * rendered without payloads. Empty means: nothing got in, and every expected
 * text is there as text.
 */
async function inspectHtml(label: string, html: string, baseline: Scan, expected: Expected[]): Promise<string[]> {
  const page = await scanHtml(html);
  const findings: string[] = [];
  const say = (rule: string, detail: string) => findings.push(`${label}: [${rule}] ${detail}`);

  const baseTags = new Set(baseline.elements.map((e) => e.tag));
  const baseAttrs = new Set(baseline.elements.flatMap((e) => e.attrs.map(([n]) => n)));
  const count = (scan: Scan, test: (e: Element) => boolean) => scan.elements.filter(test).length;

  for (const el of page.elements) {
    if (!baseTags.has(el.tag)) say("new element", `${describeElement(el)} is not an element this page has without the payloads`);
    for (const [name, value] of el.attrs) {
      if (name.startsWith("on")) say("event handler", `${describeElement(el)} carries ${name}`);
      if (!baseAttrs.has(name)) say("new attribute", `${describeElement(el)} carries ${name}, which this page has nowhere without the payloads`);
      if (URL_ATTRIBUTES.has(name) && DANGEROUS_SCHEME.test(schemeView(value))) say("dangerous URL", `${describeElement(el)}: ${name} resolves to ${schemeView(value).slice(0, 60)}`);
      if (name === "style" && /javascript:|vbscript:|expression\(|url\(|@import|behavior:|-moz-binding/.test(compact(decodeEntities(value)).toLowerCase())) say("dangerous style", describeElement(el));
      if (BIDI_CONTROLS.test(decodeEntities(value))) say("bidi control", `${describeElement(el)}: ${name} holds a bidi control character`);
    }
  }
  for (const tag of WATCHED_ELEMENTS) {
    const [n, base] = [count(page, (e) => e.tag === tag), count(baseline, (e) => e.tag === tag)];
    if (n > base) say("extra element", `${n} <${tag}> where the page without payloads has ${base}: ${page.elements.filter((e) => e.tag === tag).map(describeElement).join(" ")}`);
  }
  const httpEquiv = (e: Element) => e.tag === "meta" && attr(e, "http-equiv") !== undefined;
  if (count(page, httpEquiv) > count(baseline, httpEquiv)) say("meta http-equiv", page.elements.filter(httpEquiv).map(describeElement).join(" "));
  if (page.comments.length > baseline.comments.length) say("html comment", `comments in the page: ${JSON.stringify(page.comments)}`);
  if (BIDI_CONTROLS.test(html) || BIDI_CONTROLS.test(page.text)) say("bidi control", "the page contains a bidi embedding, override or isolate character");

  const text = compact(page.text);
  for (const e of expected) {
    if (!text.includes(compact(e.text))) say("not shown as text", `${e.what} is not on the page as text: ${JSON.stringify(e.text)}`);
  }
  return findings;
}

/** What is wrong with an HTML response's security headers. */
function headerProblems(label: string, headers: Headers): string[] {
  const problems: string[] = [];
  if (headers.get("x-content-type-options")?.toLowerCase() !== "nosniff") problems.push(`${label}: X-Content-Type-Options is not nosniff`);
  if (!/^text\/html;\s*charset=utf-8$/i.test(headers.get("content-type") ?? "")) problems.push(`${label}: Content-Type is ${headers.get("content-type")}, not text/html; charset=UTF-8`);
  const csp = headers.get("content-security-policy");
  if (!csp) return [...problems, `${label}: no Content-Security-Policy`];
  const directives = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values.map((v) => v.toLowerCase()));
  }
  const fallback = directives.get("script-src") ?? directives.get("default-src");
  if (!fallback) problems.push(`${label}: CSP has neither script-src nor default-src, so any script may run`);
  for (const [name, sources] of [["script-src (or default-src)", fallback], ["script-src-elem", directives.get("script-src-elem")], ["script-src-attr", directives.get("script-src-attr")]] as const) {
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", "data:", "*"]) {
      if (sources?.includes(bad)) problems.push(`${label}: CSP ${name} allows ${bad}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// The blog, through its HTTP surface.

interface Got {
  status: number;
  headers: Headers;
  body: string;
}

async function got(res: Response | Promise<Response>): Promise<Got> {
  const r = await res;
  return { status: r.status, headers: r.headers, body: await r.text() };
}

let ipCounter = 0;
/** A distinct client for every request: the form allows 5 comments a minute per address. */
const nextIp = () => `2001:db8:5:55::${(++ipCounter).toString(16)}`;

interface CommentFields {
  author: string;
  email: string;
  url?: string;
  comment: string;
  parent?: number;
}

async function submitComment(slug: string, fields: CommentFields): Promise<Got> {
  // A token is good for one comment and must be at least 3 s old.
  const token = await issueFormToken(env.APP_SECRET!, slug, Date.now() - 10_000);
  const body = new URLSearchParams({
    author: fields.author,
    email: fields.email,
    url: fields.url ?? "",
    comment: fields.comment,
    comment_parent: fields.parent ? String(fields.parent) : "",
    token,
  }).toString();
  return got(
    exports.default.fetch(
      new Request(`${BASE}/${slug}/comments`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": nextIp() },
        body,
      }),
    ),
  );
}

/** Runs `work` over `items`, a few at a time (page views wait on D1 and KV, not on the CPU), results in order. */
async function eachInParallel<T, R>(items: readonly T[], work: (item: T, index: number) => Promise<R>, width = 6): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

const idFromLocation = (res: Got) => Number(/#comment-(\d+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? NaN);

function adminApi(path: string, method: string, json?: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(BASE + path, {
      method,
      redirect: "manual",
      headers: { Authorization: `Bearer ${env.ADMIN_TOKEN}`, ...(json !== undefined ? { "Content-Type": "application/json" } : {}) },
      body: json !== undefined ? JSON.stringify(json) : undefined,
    }),
  );
}

async function approve(ids: number[]) {
  const res = await adminApi("/api/admin/comments/moderate", "POST", { ids, action: "approve" });
  expect(res.status).toBe(200);
  const result = (await res.json()) as { changed: number[]; unchanged: number[] };
  expect([...result.changed, ...result.unchanged].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
}

async function signIn(): Promise<string> {
  const res = await exports.default.fetch(
    new Request(`${BASE}/admin/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: env.ADMIN_TOKEN! }).toString(),
    }),
  );
  expect(res.status).toBe(303);
  const cookie = res.headers
    .getAll("Set-Cookie")
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("ep_admin="));
  expect(cookie).toBeTruthy();
  return cookie!;
}

class Outbox implements MailTransport {
  sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
  }
}

/** The /admin/act links of an HTML digest, by comment id. */
async function actionLinks(html: string): Promise<Map<number, string[]>> {
  const links = new Map<number, string[]>();
  for (const el of (await scanHtml(html)).elements) {
    const href = el.tag === "a" ? attr(el, "href") : undefined;
    if (!href) continue;
    const url = new URL(decodeEntities(href));
    if (url.pathname !== "/admin/act") continue;
    const id = Number(url.searchParams.get("c"));
    links.set(id, [...(links.get(id) ?? []), url.href]);
  }
  return links;
}

// ---------------------------------------------------------------------------
// The stored comments, made once for the whole file (storage is per file).

const SLUGS = ["xss-a", "xss-b", "xss-c"]; // the comment feed shows 50 entries: no post gets more
const CHAIN = 6; // the first payloads reply to each other, one level past COMMENT_MAX_DEPTH (5)

interface StoredPayload {
  payload: XssPayload;
  slug: string;
  submitted: Got;
  id: number;
  row: CommentRow;
}

interface Baselines {
  post: Scan;
  reply: Scan;
  admin: Scan;
  preview: Scan;
  confirm: Scan;
  stale: Scan;
  refused: Scan;
}

let stored: StoredPayload[] = [];
let refused: { item: RefusedWebsite; res: Got }[] = [];
let baseline: Baselines;
interface Mail {
  raw: string;
  html: string;
  text: string;
}
/** The digest sent while the payload comments were pending, and the one sent after they were approved. */
let digests: { pending: Mail; approved: Mail };
let harmlessIds: number[] = [];
/** The author's session cookie (one sign-in for the file: sign-ins are rate limited). */
let adminCookie: string;

const HARMLESS = {
  author: "Harmless Reader",
  email: "reader@example.org",
  url: "https://reader.example.org/",
  comment: "Lovely post, thank you.\nMore at https://example.org/more and www.example.org.\n\nA second paragraph.",
};

beforeAll(async () => {
  const config = loadConfig(env);
  for (const slug of SLUGS) {
    const res = await adminApi(`/api/admin/posts/${slug}`, "PUT", { title: `Stored XSS target ${slug}`, lang: "en", markdown: "A post that collects hostile comments.", date: new Date(Date.now() - 86_400_000).toISOString() });
    expect(res.status, slug).toBe(201);
  }

  // Harmless comments on every post (a top-level one with a website, and a reply): the baselines.
  for (const slug of SLUGS) {
    const top = await submitComment(slug, HARMLESS);
    expect(top.status).toBe(303);
    await approve([idFromLocation(top)]);
    const reply = await submitComment(slug, { ...HARMLESS, author: "Second Reader", url: "", comment: "Agreed.", parent: idFromLocation(top) });
    expect(reply.status).toBe(303);
    await approve([idFromLocation(reply)]);
    harmlessIds.push(idFromLocation(top), idFromLocation(reply));
  }
  // One more, pending while the preview is made and approved after: its digest link then answers "already decided".
  const later = await submitComment(SLUGS[0]!, { ...HARMLESS, author: "Third Reader", comment: "Pending for a while." });
  expect(later.status).toBe(303);
  adminCookie = await signIn();
  const cookie = adminCookie;
  const basePreview = await got(get("/admin/digest/preview", { headers: { Cookie: cookie } }));
  const baseLinks = await actionLinks(basePreview.body);
  const baseLink = baseLinks.get(harmlessIds[0]!)?.[0];
  const staleLink = baseLinks.get(idFromLocation(later))?.[0];
  expect(baseLink).toBeTruthy();
  expect(staleLink).toBeTruthy();
  await approve([idFromLocation(later)]);
  const baseRefused = await submitComment(SLUGS[0]!, { author: "Harmless Reader", email: "reader@example.org", url: "ftp://example.org/", comment: "Not posted." });
  expect(baseRefused.status).toBe(422);
  baseline = {
    post: await scanHtml((await got(get(`/${SLUGS[0]}`))).body),
    reply: await scanHtml((await got(get(`/${SLUGS[0]}?replytocom=${harmlessIds[0]}`))).body),
    admin: await scanHtml((await got(get("/admin?status=all", { headers: { Cookie: cookie } }))).body),
    preview: await scanHtml(basePreview.body),
    confirm: await scanHtml((await got(exports.default.fetch(new Request(baseLink!)))).body),
    stale: await scanHtml((await got(exports.default.fetch(new Request(staleLink!)))).body),
    refused: await scanHtml(baseRefused.body),
  };

  // The payloads: a reply chain first (each approved so the next may answer it), then top-level comments.
  const submitted: { payload: XssPayload; slug: string; res: Got }[] = [];
  let parent: number | undefined;
  for (const [i, payload] of PAYLOADS.entries()) {
    const slug = i < CHAIN ? SLUGS[0]! : SLUGS[i % SLUGS.length]!;
    const res = await submitComment(slug, {
      author: payload.text,
      email: payload.email ?? `reader-${payload.marker.toLowerCase()}@example.org`,
      url: payload.url,
      comment: payload.text,
      parent: i < CHAIN ? parent : undefined,
    });
    submitted.push({ payload, slug, res });
    if (i < CHAIN && res.status === 303) {
      parent = idFromLocation(res);
      await approve([parent]);
    }
  }
  for (const item of REFUSED_WEBSITES) {
    refused.push({ item, res: await submitComment(SLUGS[1]!, { author: item.author, email: "reader@example.org", url: item.url, comment: item.comment }) });
  }

  // The digest, sent at the first hour it is due from now on, through a transport that keeps the message:
  // once while the payload comments wait for moderation, once after they were approved.
  let at = Date.now() + 1_000;
  while (!duePeriod(at, config.TIME_ZONE, config.DIGEST_HOUR).mayStart) at += 10 * 60_000;
  const sendDigest = async (): Promise<Mail> => {
    const outbox = new Outbox();
    const outcome = await sendDailyDigest(env, at, outbox);
    expect(outcome.result).toBe("sent");
    expect(outbox.sent).toHaveLength(1);
    const parsed = await PostalMime.parse(outbox.sent[0]!.raw);
    // Forget that digest, so the next one (and the preview) shows the same comments again instead of "nothing since".
    await env.DB.exec("DELETE FROM digest_log");
    return { raw: outbox.sent[0]!.raw, html: parsed.html ?? "", text: parsed.text ?? "" };
  };
  const whilePending = await sendDigest();
  const ids = submitted.filter((s) => s.res.status === 303).map((s) => idFromLocation(s.res));
  await approve(ids);
  digests = { pending: whilePending, approved: await sendDigest() };
  const { results } = await env.DB.prepare("SELECT * FROM comments WHERE id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(ids)).all<CommentRow>();
  const rows = new Map(results.map((r) => [r.id, r]));
  stored = submitted.map(({ payload, slug, res }) => {
    const id = idFromLocation(res);
    return { payload, slug, submitted: res, id, row: rows.get(id)! };
  });
}, 300_000);

/** What must be visible as text wherever a payload comment is shown in full. */
function expectedFor(s: StoredPayload, fields: ("name" | "body" | "url" | "email")[] = ["name", "body"]): Expected[] {
  const out: Expected[] = [{ what: `${s.payload.marker} marker`, text: s.payload.marker }];
  if (fields.includes("name")) out.push({ what: `${s.payload.marker} name`, text: s.row.author_name });
  if (fields.includes("body")) out.push({ what: `${s.payload.marker} comment text`, text: s.row.body });
  if (fields.includes("url") && s.row.author_url) out.push({ what: `${s.payload.marker} website`, text: s.row.author_url });
  if (fields.includes("email") && s.payload.email) out.push({ what: `${s.payload.marker} email`, text: storedLine(s.payload.email) });
  return out;
}

const onPost = (slug: string) => stored.filter((s) => s.slug === slug);

describe("stored XSS", () => {
  it(`the form stores all ${PAYLOADS.length} payloads from the name, comment and website fields (bidi controls stripped) and refuses every non-http(s) website with 422`, async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(60);
    const markers = [...PAYLOADS, ...REFUSED_WEBSITES].map((p) => p.marker);
    expect(new Set(markers).size).toBe(markers.length);
    expect(stored).toHaveLength(PAYLOADS.length);
    for (const s of stored) {
      const m = s.payload.marker;
      expect(s.payload.text, m).toContain(m);
      expect(s.submitted.status, `${m}: ${s.submitted.body.slice(0, 300)}`).toBe(303);
      expect(s.row, m).toBeTruthy();
      expect(s.row.status, m).toBe("approved");
      expect(s.row.author_name, m).toBe(storedLine(s.payload.text));
      expect(s.row.body, m).toBe(storedText(s.payload.text));
      expect(s.row.author_url, m).toBe(s.payload.url ? storedLine(s.payload.url) : null);
      for (const value of [s.row.author_name, s.row.body, s.row.author_url ?? ""]) expect(BIDI_CONTROLS.test(value), m).toBe(false);
    }
    expect(stored.filter((s) => s.payload.url).length).toBeGreaterThanOrEqual(10);
    for (const { item, res } of refused) {
      expect(res.status, `${item.marker} ${JSON.stringify(item.url)}`).toBe(422);
      const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE instr(author_name, ?1) > 0 OR instr(body, ?1) > 0 OR instr(author_url, ?1) > 0").bind(item.marker).first<{ n: number }>())!;
      expect(n, item.marker).toBe(0);
    }
  });

  it("post pages: every payload name and text is shown as text, no injected element, handler or javascript:/data:/vbscript: URL, strict CSP and nosniff", async () => {
    const findings: string[] = [];
    for (const slug of SLUGS) {
      const res = await got(get(`/${slug}`));
      expect(res.status, slug).toBe(200);
      findings.push(...headerProblems(`/${slug}`, res.headers));
      const mine = onPost(slug);
      findings.push(...(await inspectHtml(`/${slug}`, res.body, baseline.post, mine.flatMap((s) => expectedFor(s)))));
      // Each website stays whole inside its href: a breakout would have cut it short.
      const authorLinks = (await scanHtml(res.body)).elements.filter((e) => e.tag === "a" && attr(e, "class") === "url").map((e) => decodeEntities(attr(e, "href") ?? ""));
      for (const s of mine.filter((s) => s.row.author_url)) {
        if (!authorLinks.includes(s.row.author_url!)) findings.push(`/${slug}: ${s.payload.marker} website is not the whole href of its author link`);
      }
      if (slug === SLUGS[0]) {
        // The reply past the depth limit says whom it answers, with that payload name as text.
        const inReplyTo = await textOf(res.body, "span.in-reply-to");
        const parentName = stored[CHAIN - 2]!.row.author_name;
        if (!compact(inReplyTo).includes(compact(parentName))) findings.push(`/${slug}: "in reply to" does not show ${stored[CHAIN - 2]!.payload.marker} as text: ${JSON.stringify(inReplyTo)}`);
      }
    }
    expect(findings).toEqual([]);
  });

  it("reply-to pages: 'Leave a reply to <name>' shows each payload name as text and nothing gets in", async () => {
    const findings = await eachInParallel(stored, async (s) => {
      const path = `/${s.slug}?replytocom=${s.id}`;
      const res = await got(get(path));
      const found = res.status === 200 ? [] : [`${path}: status ${res.status}`];
      found.push(...headerProblems(path, res.headers));
      found.push(...(await inspectHtml(`${path} (${s.payload.marker})`, res.body, baseline.reply, expectedFor(s, ["name"]))));
      const heading = await textOf(res.body, "#reply-title");
      if (!compact(heading).includes(compact(s.row.author_name))) found.push(`${path}: the reply heading does not show ${s.payload.marker}'s name as text: ${JSON.stringify(heading)}`);
      const parentField = (await scanHtml(res.body)).elements.find((e) => e.tag === "input" && attr(e, "name") === "comment_parent");
      if (attr(parentField ?? { tag: "", attrs: [] }, "value") !== String(s.id)) found.push(`${path}: the form does not reply to comment ${s.id}`);
      return found;
    });
    expect(findings.flat()).toEqual([]);
  });

  it("comments JSON (every page): application/json, no literal < or >, and JSON.parse gives back the stored text", async () => {
    for (const slug of SLUGS) {
      const seen = new Map<number, { authorName: string; authorUrl: string | null; body: string }>();
      for (let page = 1, pages = 1; page <= pages; page++) {
        const res = await got(get(`/api/posts/${slug}/comments?page=${page}`));
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.body.includes("<"), `${slug} page ${page} has a literal <`).toBe(false);
        expect(res.body.includes(">"), `${slug} page ${page} has a literal >`).toBe(false);
        expect(BIDI_CONTROLS.test(res.body)).toBe(false);
        const data = JSON.parse(res.body) as { pages: number; comments: { id: number; authorName: string; authorUrl: string | null; body: string }[] };
        pages = data.pages;
        for (const c of data.comments) seen.set(c.id, c);
      }
      const mine = onPost(slug);
      expect(mine.length).toBeGreaterThan(30);
      for (const s of mine) {
        const c = seen.get(s.id);
        expect(c, `${s.payload.marker} missing from the JSON of ${slug}`).toBeDefined();
        expect(c!.authorName, s.payload.marker).toBe(s.row.author_name);
        expect(c!.body, s.payload.marker).toBe(s.row.body);
        expect(c!.authorUrl, s.payload.marker).toBe(s.row.author_url);
        expect(BIDI_CONTROLS.test(c!.authorName + c!.body + (c!.authorUrl ?? "")), s.payload.marker).toBe(false);
      }
    }
  });

  it("comment Atom feeds: well-formed, no element but Atom's, and every entry's text equals the stored text", async () => {
    const ATOM = new Set(["feed", "id", "title", "subtitle", "link", "updated", "author", "name", "uri", "email", "generator", "entry", "published", "summary", "content", "category"]);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true, htmlEntities: false, isArray: (name) => name === "entry" });
    const textOfNode = (n: unknown): string => (typeof n === "string" ? n : ((n as { "#text"?: string } | undefined)?.["#text"] ?? ""));
    for (const slug of SLUGS) {
      const res = await got(get(`/${slug}/comments.xml`));
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/atom\+xml/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(XMLValidator.validate(res.body)).toBe(true);
      expect(res.body).not.toMatch(/<(script|svg|img|iframe|math|style|object|embed|base|meta|form|a|input|body|details|video|audio)[\s/>]/i);
      const names = [...res.body.matchAll(/<\/?([A-Za-z_][\w:.-]*)/g)].map((m) => m[1]!);
      expect(names.filter((n) => !ATOM.has(n)), slug).toEqual([]);
      expect(BIDI_CONTROLS.test(res.body)).toBe(false);
      const feed = (parser.parse(res.body) as { feed: { entry?: Record<string, unknown>[] } }).feed;
      const entries = new Map((feed.entry ?? []).map((e) => [Number(/#comment-(\d+)$/.exec(textOfNode(e.id))?.[1]), e]));
      const mine = onPost(slug);
      expect(mine.length).toBeGreaterThan(30);
      for (const s of mine) {
        const entry = entries.get(s.id);
        expect(entry, `${s.payload.marker} has no entry in ${slug}'s feed`).toBeDefined();
        expect(textOfNode(entry!.summary), s.payload.marker).toBe(s.row.body);
        expect(textOfNode((entry!.author as { name: unknown }).name), s.payload.marker).toBe(s.row.author_name);
        expect(textOfNode(entry!.title).endsWith(` ${s.row.author_name}`), s.payload.marker).toBe(true);
      }
    }
  });

  it("/admin (every page of status=all): names, texts, emails and websites are text and nothing gets in", async () => {
    const cookie = adminCookie;
    const findings: string[] = [];
    const shown = new Set<number>();
    for (let page = 1, pages = 1; page <= pages; page++) {
      const path = `/admin?status=all&page=${page}`;
      const res = await got(get(path, { headers: { Cookie: cookie } }));
      expect(res.status, path).toBe(200);
      findings.push(...headerProblems(path, res.headers));
      const ids = new Set([...res.body.matchAll(/id="q-(\d+)"/g)].map((m) => Number(m[1])));
      const here = stored.filter((s) => ids.has(s.id));
      for (const s of here) shown.add(s.id);
      findings.push(...(await inspectHtml(path, res.body, baseline.admin, here.flatMap((s) => expectedFor(s, ["name", "body", "url", "email"])))));
      pages = Number(/Page \d+ of (\d+)/.exec((await scanHtml(res.body)).text)?.[1] ?? 1);
    }
    expect(findings).toEqual([]);
    expect(stored.filter((s) => !shown.has(s.id)).map((s) => s.payload.marker)).toEqual([]);
  });

  it("digest preview: every payload comment is text and nothing gets in", async () => {
    const cookie = adminCookie;
    const res = await got(get("/admin/digest/preview", { headers: { Cookie: cookie } }));
    expect(res.status).toBe(200);
    const findings = [...headerProblems("/admin/digest/preview", res.headers)];
    findings.push(...(await inspectHtml("/admin/digest/preview", res.body, baseline.preview, stored.flatMap((s) => expectedFor(s, ["name", "body", "url"])))));
    expect(findings).toEqual([]);
  });

  it.each(["pending", "approved"] as const)("digest email sent while the payloads were %s: the HTML part is escaped, the text/plain part carries each text as written and no bidi control but the digest's own isolates", async (when) => {
    const mail = digests[when];
    // The message really is multipart/alternative with a text/plain and a text/html part.
    const [head] = mail.raw.split("\r\n\r\n");
    const boundary = /boundary="([^"]+)"/.exec(head!)?.[1];
    expect(head).toMatch(/^Content-Type: multipart\/alternative;/im);
    expect(boundary).toBeTruthy();
    const partTypes = mail.raw
      .split(`--${boundary}`)
      .slice(1, -1)
      .map((part) => /^Content-Type:\s*([^;\r\n]+)/im.exec(part)?.[1]?.toLowerCase());
    expect(partTypes).toEqual(["text/plain", "text/html"]);

    const findings = await inspectHtml(`digest email HTML (${when})`, mail.html, baseline.preview, stored.flatMap((s) => expectedFor(s, ["name", "body", "url"])));
    expect(findings).toEqual([]);

    // The plain part wraps names and titles in first-strong isolates (FSI…PDI) by design; nothing else may be there.
    const text = mail.text.replace(/\u2068([^\u202A-\u202E\u2066-\u2069]*)\u2069/g, "$1");
    expect(BIDI_CONTROLS.test(text), "a bidi control in the text part outside the digest's own isolates").toBe(false);
    const missing: string[] = [];
    for (const s of stored) {
      if (!text.includes(s.payload.marker)) missing.push(`${s.payload.marker} marker`);
      if (!compact(text).includes(compact(s.row.author_name))) missing.push(`${s.payload.marker} name`);
      if (!compact(text).includes(compact(s.row.body))) missing.push(`${s.payload.marker} comment text`);
    }
    expect(missing).toEqual([]);
  });

  it("signed links from both digests: the confirm page (or, for a link made before the comment was approved, the 'already decided' page) shows each payload as text and nothing gets in", async () => {
    const findings: string[] = [];
    for (const when of ["approved", "pending"] as const) {
      const links = await actionLinks(digests[when].html);
      const found = await eachInParallel(stored, async (s, i) => {
        const link = links.get(s.id)?.[0];
        if (!link) return [`${s.payload.marker}: no /admin/act link for comment ${s.id} in the digest sent while ${when}`];
        // A link made while the comment was pending no longer acts once it is approved; the chain was approved before either digest.
        const stale = when === "pending" && i >= CHAIN;
        const label = `${stale ? "already-decided" : "confirm"} page for ${s.payload.marker} (digest sent while ${when})`;
        const res = await got(exports.default.fetch(new Request(link, { redirect: "manual" })));
        const out = res.status === (stale ? 409 : 200) ? [] : [`${label}: status ${res.status}`];
        out.push(...headerProblems(label, res.headers));
        out.push(...(await inspectHtml(label, res.body, stale ? baseline.stale : baseline.confirm, expectedFor(s, stale ? ["name"] : ["name", "body"]))));
        return out;
      });
      findings.push(...found.flat());
    }
    expect(findings).toEqual([]);
    // Following the links changed nothing: only the POST from the confirm page acts.
    const { n } = (await env.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE status != 'approved' AND id IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(stored.map((s) => s.id))).first<{ n: number }>())!;
    expect(n).toBe(0);
  });

  it("a refused website comes back in the 422 form with every field escaped inside its attribute or textarea", async () => {
    const findings: string[] = [];
    for (const { item, res } of refused) {
      const label = `422 for ${item.marker}`;
      findings.push(...headerProblems(label, res.headers));
      findings.push(...(await inspectHtml(label, res.body, baseline.refused, [])));
      const page = await scanHtml(res.body);
      const byId = (id: string) => page.elements.find((e) => attr(e, "id") === id);
      if (!byId("url-error")) findings.push(`${label}: no error beside the website field`);
      const url = decodeEntities(attr(byId("url") ?? { tag: "", attrs: [] }, "value") ?? "");
      if (![storedLine(item.url), `https://${storedLine(item.url)}`].includes(url)) findings.push(`${label}: the website field holds ${JSON.stringify(url)}`);
      const author = decodeEntities(attr(byId("author") ?? { tag: "", attrs: [] }, "value") ?? "");
      if (author !== storedLine(item.author)) findings.push(`${label}: the name field holds ${JSON.stringify(author)}`);
      const comment = page.rawTexts.find((r) => r.tag === "textarea" && r.id === "comment")?.text;
      if (comment !== storedText(item.comment)) findings.push(`${label}: the comment field holds ${JSON.stringify(comment)}`);
    }
    expect(findings).toEqual([]);
  });

  it("the checks fail on what they look for (canary pages and headers)", async () => {
    const base = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><p class="x" title="y">Hello <a href="https://example.com/">link</a></p></body></html>`;
    const marker = [{ what: "XSS900 text", text: "<b>XSS900</b>" }];
    const good = base.replace("Hello", "Hello &lt;b&gt;XSS900&lt;/b&gt;");
    const baseScan = await scanHtml(base);
    expect(await inspectHtml("good", good, baseScan, marker)).toEqual([]);
    const bad: [string, string, string][] = [
      ["a script element", base.replace("Hello", "<script>XSS900</script>"), "new element"],
      ["an svg element", base.replace("Hello", "<svg><b>XSS900</b></svg>"), "new element"],
      ["an event handler", base.replace('class="x"', 'class="x" title="XSS900" onclick="1"'), "event handler"],
      ["entity-encoded javascript:", base.replace("https://example.com/", "&#106;avascript:alert(1)"), "dangerous URL"],
      ["&Tab; and case inside the scheme", base.replace("https://example.com/", " JAVA&Tab;SCRIPT&colon;alert(1)"), "dangerous URL"],
      ["a control char and newline before the scheme", base.replace("https://example.com/", "\u0001\njavascript:alert(1)"), "dangerous URL"],
      ["a data: URL", base.replace("https://example.com/", "data:text/html,x"), "dangerous URL"],
      ["a vbscript: URL", base.replace("https://example.com/", "VBScript:x"), "dangerous URL"],
      ["a meta refresh", base.replace("<title>", `<meta http-equiv="refresh" content="0;url=/"><title>`), "meta http-equiv"],
      ["a second link element", base.replace("<title>", `<link rel="stylesheet" href="/x.css"><title>`), "new element"],
      ["an attribute the template never uses", base.replace('title="y"', 'title="y" srcdoc="x"'), "new attribute"],
      ["an html comment", base.replace("Hello", "<!-- XSS900 -->Hello"), "html comment"],
      ["a bidi override", base.replace("Hello", "Hello \u202E"), "bidi control"],
      ["the text only in an attribute", base.replace('title="y"', 'title="&lt;b&gt;XSS900&lt;/b&gt;"'), "not shown as text"],
      ["markup rendered instead of shown", base.replace("Hello", "Hello <b>XSS900</b>"), "not shown as text"],
      ["a closing tag left unescaped", base.replace("Hello", "Hello <b>XSS900</b>").replace("<b>", "&lt;b&gt;"), "not shown as text"],
      ["the text inside a script", base.replace("</head>", "<script>/* <b>XSS900</b> */</script></head>"), "not shown as text"],
    ];
    for (const [what, html, rule] of bad) {
      const findings = await inspectHtml(what, html, baseScan, marker);
      expect(findings.join("\n"), what).toContain(`[${rule}]`);
    }
    // Stored text that is itself an entity must not be decoded on the way out.
    const entityText = [{ what: "entity text", text: "&lt;b&gt;" }];
    expect(await inspectHtml("escaped entity", base.replace("Hello", "&amp;lt;b&amp;gt;"), baseScan, entityText)).toEqual([]);
    expect((await inspectHtml("unescaped entity", base.replace("Hello", "&lt;b&gt;"), baseScan, entityText)).join("\n")).toContain("[not shown as text]");

    // And on a real page: the post page with one payload left unescaped is caught, and named.
    const victim = stored.find((s) => s.payload.text.startsWith("<img src=x onerror="))!;
    const real = (await got(get(`/${victim.slug}`))).body;
    const broken = real.replace("&lt;img src=x onerror=", "<img src=x onerror=");
    expect(broken).not.toBe(real);
    const caught = (await inspectHtml("unescaped real page", broken, baseline.post, expectedFor(victim))).join("\n");
    expect(caught).toContain("[event handler]");
    expect(caught).toContain(victim.payload.marker);

    const headers = (csp: string | null, nosniff = true) => new Headers({ "Content-Type": "text/html; charset=UTF-8", ...(nosniff ? { "X-Content-Type-Options": "nosniff" } : {}), ...(csp ? { "Content-Security-Policy": csp } : {}) });
    expect(headerProblems("ok", headers("default-src 'none'; style-src 'self'"))).toEqual([]);
    expect(headerProblems("no csp", headers(null))).not.toEqual([]);
    expect(headerProblems("no nosniff", headers("default-src 'none'", false))).not.toEqual([]);
    expect(headerProblems("inline scripts", headers("default-src 'none'; script-src 'self' 'unsafe-inline'"))).not.toEqual([]);
    expect(headerProblems("inline via default", headers("default-src 'self' 'unsafe-inline'"))).not.toEqual([]);
    expect(headerProblems("no script policy", headers("style-src 'self'"))).not.toEqual([]);
  });
});
