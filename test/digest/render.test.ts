/**
 * The digest's content: what the author reads at the top, how comments are
 * grouped and described, that user-written text cannot inject markup or
 * links, and that the HTML is the kind mail clients render (inline styles,
 * no resources). The last tests send it through buildMessage and a real parser.
 */
import { describe, expect, it } from "vitest";
import { assembleDigest, countComments } from "../../src/digest/assemble";
import type { DigestComment, DigestData, DigestFrame } from "../../src/digest/model";
import { buildMessage } from "../../src/digest/mime";
import { DIGEST_HEADERS, renderDigest } from "../../src/digest/render";
import { COMMENT_PREVIEW_LENGTH, trimText } from "../../src/digest/text";
import { ADMIN, BLOG, comment, ENGLISH_POST, frame, HEBREW_BODY, HEBREW_POST, linksFor, parse, POSTS, sampleComments, SCRIPT_BODY } from "./fixtures";

function digest(comments: DigestComment[] = sampleComments(), fields: Partial<DigestFrame> = {}, omitted = 0): DigestData {
  return assembleDigest({ frame: frame(fields), shown: comments, omitted, counts: countComments(comments), posts: POSTS });
}

const hrefs = (html: string) => [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));

describe("renderDigest: content", () => {
  it("puts the counts first, in the subject and at the top of both parts", () => {
    const { subject, text, html } = renderDigest(digest());
    expect(subject).toBe("[Edge Notes] 4 new comments, 2 awaiting you");
    const top = text.split("\n").slice(0, 5).join("\n");
    expect(top).toContain("4 new · 2 awaiting you · 1 auto-approved · 1 held as spam");
    const counts = html.indexOf("awaiting you");
    expect(counts).toBeGreaterThan(0);
    expect(counts).toBeLessThan(html.indexOf(HEBREW_POST.title));
  });

  it("says singular and zero counts as a person would, in English and Hebrew", () => {
    const one = [comment({ status: "pending" })];
    expect(renderDigest(digest(one)).subject).toBe("[Edge Notes] 1 new comment, 1 awaiting you");
    expect(renderDigest(digest(one, { lang: "he", blogTitle: "מטבח קטן" })).subject).toBe("[מטבח קטן] תגובה חדשה אחת, אחת ממתינה לך");
    const approved = [comment({ status: "approved", decidedBy: "auto" }), comment({ status: "approved", decidedBy: "auto" })];
    expect(renderDigest(digest(approved)).subject).toBe("[Edge Notes] 2 new comments");
    const none = renderDigest(digest([]));
    expect(none.subject).toBe("[Edge Notes] No new comments");
    expect(none.text).toContain("No new comments in this period.");
  });

  it("groups comments under their post (title linked), the post with the latest comment first, comments in order written", () => {
    const { text, html } = renderDigest(digest());
    expect(html.indexOf(HEBREW_POST.title)).toBeLessThan(html.indexOf(ENGLISH_POST.title));
    expect(html).toContain(`<a href="${HEBREW_POST.url}"`);
    expect(text.indexOf("דנה לוי")).toBeLessThan(text.indexOf("Sam "));
    // spam is not under its post but last, after every post
    expect(text.indexOf("Cheap Pills")).toBeGreaterThan(text.indexOf(ENGLISH_POST.title));
    expect(html.indexOf("Cheap Pills")).toBeGreaterThan(html.indexOf("Avi"));
  });

  it("joins Hebrew's one-letter preposition to a Hebrew name, with a maqaf before a Latin one", () => {
    const hebrewParent = [comment({ inReplyTo: "דנה לוי" })];
    const latinParent = [comment({ inReplyTo: "Dana" })];
    const he = { lang: "he" };
    expect(renderDigest(digest(hebrewParent, he)).text).toContain("בתגובה ל\u2068דנה לוי\u2069");
    expect(renderDigest(digest(latinParent, he)).text).toContain("בתגובה ל־\u2068Dana\u2069");
    expect(renderDigest(digest(hebrewParent, he)).html).toMatch(/בתגובה ל<[^>]+>דנה לוי/);
    expect(renderDigest(digest(latinParent)).text).toContain("in reply to \u2068Dana\u2069");
  });

  it("gives each comment's time in the author's time zone", () => {
    // 12:05 UTC on 3 March is 14:05 in Jerusalem (UTC+2 until late March).
    expect(renderDigest(digest()).text).toMatch(/דנה לוי.*Mar 3, 2026, 2:05\s?PM/);
    expect(renderDigest(digest(undefined, { lang: "he" })).text).toMatch(/דנה לוי.*3 במרץ 2026, 14:05/);
    expect(renderDigest(digest(undefined, { timeZone: "America/New_York" })).text).toMatch(/דנה לוי.*Mar 3, 2026, 7:05\s?AM/);
  });

  it("says what the scorer decided and why: the score and the top three reasons", () => {
    const { text, html } = renderDigest(digest());
    expect(text).toContain("Held for you · score 0.41 · why: first comment from this address, contains a link, very short\n");
    expect(text).not.toContain("posted 3 s after page load");
    expect(html).toContain("Approved automatically · score 0.02 · why: known commenter");
    expect(text).toContain("Awaiting you (not scored yet)");
  });

  it("links approve / spam / trash, minus the move already made; held spam gets one rescue link", () => {
    const { text, html } = renderDigest(digest());
    const links = hrefs(html);
    for (const action of ["view", "approve", "spam", "trash"] as const) expect(links).toContain(linksFor(1)[action]);
    expect(links).not.toContain(linksFor(2).approve); // already approved
    expect(links).toContain(linksFor(2).spam);
    expect(links).toContain(linksFor(4).approve);
    expect(links).not.toContain(linksFor(4).spam);
    expect(links).not.toContain(linksFor(4).trash);
    expect(html).toContain("Not spam? Approve</a>");
    // Every link of ours stands alone on its line in the text part.
    const lines = text.split("\n");
    for (const url of [linksFor(1).approve, linksFor(1).spam, linksFor(1).trash, linksFor(4).approve, ADMIN, HEBREW_POST.url]) expect(lines).toContain(url);
  });

  it("shows held spam compactly: one line each, the text cut short", () => {
    const long = comment({ status: "spam", decidedBy: "auto", score: 0.99, body: "spam ".repeat(500), authorName: "Spammer" });
    const { text } = renderDigest(digest([long]));
    const line = text.split("\n").find((l) => l.includes("Spammer"))!;
    expect(line.startsWith("* ")).toBe(true);
    expect(line.length).toBeLessThan(200);
    expect(line).toContain("score 0.99");
  });

  it("trims a long comment to 600 characters, whole, with a link to the rest", () => {
    const body = "א".repeat(COMMENT_PREVIEW_LENGTH - 1) + "😍" + "tail-that-must-not-show";
    const { text, html } = renderDigest(digest([comment({ id: 7, body })]));
    const preview = "א".repeat(COMMENT_PREVIEW_LENGTH - 1) + "😍…";
    expect(text).toContain(`\n${preview}\n`);
    expect(html).toContain(`>${preview}</div>`);
    expect(text).not.toContain("tail-that-must-not-show");
    expect(text).toContain(`Read the whole comment:\n${linksFor(7).view}\n`);
    expect(html).toContain(`>Read the whole comment</a>`);
  });

  it("summarizes what the cap left out, pointing to the moderation page", () => {
    const { text, html } = renderDigest(digest(undefined, {}, 800));
    expect(text).toContain(`…and 800 more comments. See the moderation page.\n${ADMIN}\n`);
    expect(html).toContain(`<a href="${ADMIN}" style="color:#1a56a8;">…and 800 more comments. See the moderation page.</a>`);
    expect(renderDigest(digest(undefined, { lang: "he" }, 1)).text).toContain("…ועוד תגובה אחת.");
    expect(renderDigest(digest()).text).not.toContain("more comment");
  });
});

describe("renderDigest: HTML that mail clients render, and that user text cannot break", () => {
  it("sets <html lang dir> from the interface language", () => {
    expect(renderDigest(digest()).html).toMatch(/<html lang="en" dir="ltr">/);
    const he = renderDigest(digest(undefined, { lang: "he", blogTitle: "מטבח קטן" }));
    expect(he.html).toMatch(/<html lang="he" dir="rtl">/);
    expect(he.html).toContain("ממתינות לך");
    expect(he.subject).toBe("[מטבח קטן] 4 תגובות חדשות, 2 ממתינות לך");
  });

  it("puts every comment paragraph and every name in its own direction (dir=auto)", () => {
    const { html } = renderDigest(digest());
    expect(html).toContain(`<strong dir="auto">דנה לוי</strong>`);
    expect(html).toContain(`<strong dir="auto">Avi 🎉</strong>`);
    expect(html).toContain(`in reply to <span dir="auto">דנה לוי</span>`);
    // A Hebrew post's title, like its comments, is a right-aligned block in an English digest.
    expect(html).toMatch(new RegExp(`<h2 lang="he" dir="auto" style="[^"]*text-align:right;[^"]*"><a [^>]*>${HEBREW_POST.title}</a></h2>`));
    // Every line is its own block with its own direction.
    for (const line of HEBREW_BODY.split("\n").filter((l) => l !== "")) expect(html).toContain(`<div dir="auto">${line}</div>`);
    expect(html).toMatch(/<div dir="auto">Great read\./);
  });

  it("escapes everything user-written and links nothing the commenter supplied", () => {
    const { html } = renderDigest(digest());
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<b>great/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Thanks &amp; &quot;cheers&quot;");
    expect(html).toContain("Sam &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("javascript:alert(1)\"");
    expect(html).not.toContain(`href="http://spam.example`);
    // '&' inside our links is escaped in the attribute
    expect(html).toContain(`href="${linksFor(1).approve.replace("&", "&amp;")}"`);
    for (const href of hrefs(html)) expect(href.startsWith(BLOG + "/")).toBe(true);
  });

  it("uses inline styles only: no <style>, classes, scripts, images or anything fetched", () => {
    const { html } = renderDigest(digest());
    expect(html).not.toMatch(/<(style|link|img|script|iframe|object|embed|video|audio|form)\b/i);
    expect(html).not.toMatch(/\bclass=/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toMatch(/<meta http-equiv="Content-Type" content="text\/html; charset=UTF-8">/);
  });

  it("drops control characters and keeps a name on one line", () => {
    const odd = comment({ authorName: "Eve\r\nBcc: x\u0000\u0007", body: "a\u0000b\r\nc\rd\uD800e" });
    const { text, html } = renderDigest(digest([odd]));
    expect(text).toContain("\u2068Eve Bcc: x\u2069");
    expect(text).toContain("\nab\nc\nde\n");
    expect(html).not.toMatch(/[\u0000-\u0008\uD800]/);
  });
});

describe("trimText", () => {
  it("never splits a surrogate pair, an emoji sequence or a letter from its marks", () => {
    expect(trimText("a".repeat(9) + "😍😍", 10).text).toBe("a".repeat(9) + "😍…");
    const family = "👩‍👩‍👧";
    expect(trimText("a".repeat(9) + family + "bbb", 10).text).toBe("a".repeat(9) + family + "…");
    const niqqud = "שָׁלוֹם"; // letters with points: 4 graphemes
    expect(trimText(niqqud + "x", 4).text).toBe(niqqud + "…");
    expect(trimText("short", 10)).toEqual({ text: "short", trimmed: false });
  });

  it("backs up to a space near the end rather than cut a word", () => {
    expect(trimText("one two three four five six seven", 30).text).toBe("one two three four five six…");
  });
});

describe("the digest as sent", () => {
  for (const lang of ["en", "he"]) {
    it(`arrives intact through buildMessage and postal-mime (${lang})`, async () => {
      const title = lang === "he" ? "מטבח קטן 🍞" : "Edge Notes 🍞";
      const rendered = renderDigest(digest(undefined, { lang, blogTitle: title }));
      const raw = buildMessage({
        from: { name: title, address: "digest@blog.example" },
        to: { name: "דנה", address: "dana@example.com" },
        ...rendered,
        date: new Date(Date.UTC(2026, 2, 4, 5, 0)),
        headers: { ...DIGEST_HEADERS },
      });
      expect(/[^\x00-\x7f]/.test(raw)).toBe(false);
      for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
      const email = await parse(raw);
      expect(email.subject).toBe(rendered.subject);
      expect(email.subject).toContain("🍞");
      expect(email.from).toEqual({ name: title, address: "digest@blog.example" });
      expect(email.to).toEqual([{ name: "דנה", address: "dana@example.com" }]);
      for (const part of [email.text!, email.html!]) {
        expect(part).toContain("איזה מתכון מעולה! 🍞😍");
        expect(part).toContain("דנה לוי");
        expect(part).toContain("שקשוקה של שבת 🍳");
        expect(part).toContain("Avi 🎉");
      }
      expect(email.html).toContain(`<div dir="auto">איזה מתכון מעולה! 🍞😍`);
      expect(email.html).not.toMatch(/<script/i);
      expect(email.html).toContain("&lt;script&gt;");
      expect(email.text).toContain(SCRIPT_BODY);
      expect(email.headers.find((h) => h.key === "auto-submitted")?.value).toBe("auto-generated");
    });
  }
});
