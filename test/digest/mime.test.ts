/**
 * The raw message, checked two ways: its bytes (7-bit, CRLF, line lengths,
 * encoded-words) and what a real MIME parser (postal-mime) reads back from it.
 */
import { describe, expect, it } from "vitest";
import { buildMessage, estimateMessageSize, MAX_MESSAGE_BYTES, messageSize, rfc5322Date, type MessageInput } from "../../src/digest/mime";
import { parse, unix } from "./fixtures";

const HEBREW_SUBJECT = "[הבלוג של דנה] 5 תגובות חדשות, 2 ממתינות לך 🍞😍";
const TEXT = "שלום דנה! 🍞😍\nA line in English.\r\nAnother, after a CRLF.\rAnd after a lone CR.\n\n" + "ארוך ".repeat(400);
const HTML = `<!DOCTYPE html><html lang="he" dir="rtl"><body><p dir="auto">שלום 🍞😍 &amp; <b>bold</b></p><p>${"ארוך ".repeat(400)}</p></body></html>`;

function input(fields: Partial<MessageInput> = {}): MessageInput {
  return {
    from: { name: "הבלוג של דנה 🍞", address: "digest@blog.example" },
    to: { name: "Dana Levi", address: "dana@example.com" },
    subject: HEBREW_SUBJECT,
    text: TEXT,
    html: HTML,
    date: new Date(Date.UTC(2026, 2, 3, 5, 0, 7)),
    ...fields,
  };
}

/** Header block lines, with folded continuations kept as separate lines. */
const headerLines = (raw: string) => raw.slice(0, raw.indexOf("\r\n\r\n")).split("\r\n");

/** The physical lines of one header field: its first line and its folded continuations. */
function fieldLines(raw: string, name: string): string[] {
  const lines = headerLines(raw);
  const start = lines.findIndex((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  expect(start).toBeGreaterThanOrEqual(0);
  const out = [lines[start] as string];
  for (let i = start + 1; i < lines.length && /^[ \t]/.test(lines[i] as string); i++) out.push(lines[i] as string);
  return out;
}

function decodeWord(word: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
  expect(m, word).not.toBeNull();
  const bytes = Uint8Array.from(atob(m![1]!), (c) => c.charCodeAt(0));
  // fatal: a word holding half a UTF-8 character throws here.
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
}

describe("buildMessage", () => {
  it("round-trips Hebrew and emoji through a real parser: subject, names, both parts", async () => {
    const email = await parse(buildMessage(input()));
    expect(email.subject).toBe(HEBREW_SUBJECT);
    expect(email.from).toEqual({ name: "הבלוג של דנה 🍞", address: "digest@blog.example" });
    expect(email.to).toEqual([{ name: "Dana Levi", address: "dana@example.com" }]);
    expect(unix(email.text)).toBe(TEXT.replace(/\r\n?/g, "\n"));
    expect(email.text).toContain("שלום דנה! 🍞😍");
    expect(email.html).toBe(HTML);
    expect(email.attachments).toEqual([]);
    expect(email.date).toBe("2026-03-03T05:00:07.000Z");
  });

  it("is 7-bit ASCII with CRLF line endings, body lines of at most 76 and every line at most 998 octets", () => {
    const raw = buildMessage(input());
    expect(/[^\x00-\x7f]/.test(raw)).toBe(false);
    expect(raw.endsWith("\r\n")).toBe(true);
    const lines = raw.split("\r\n");
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(line.length).toBeLessThanOrEqual(998);
    }
    const body = raw.slice(raw.indexOf("\r\n\r\n") + 4).split("\r\n");
    for (const line of body) expect(line.length).toBeLessThanOrEqual(78);
    for (const line of headerLines(raw)) expect(line.length).toBeLessThanOrEqual(78);
  });

  it("declares MIME multipart/alternative: text/plain, then text/html, both UTF-8 in base64", async () => {
    const raw = buildMessage(input());
    expect(raw).toMatch(/\r\nMIME-Version: 1\.0\r\n/);
    const boundary = /boundary="([^"]+)"/.exec(raw)?.[1];
    expect(boundary).toBeDefined();
    const parts = raw.split(`--${boundary}`);
    // preamble (headers), text, html, and the closing "--\r\n"
    expect(parts).toHaveLength(4);
    expect(parts[1]).toMatch(/^\r\nContent-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n/);
    expect(parts[2]).toMatch(/^\r\nContent-Type: text\/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n/);
    expect(parts[3]).toBe("--\r\n");
    // The text part travels in canonical form: every line break CRLF, whatever the input had.
    const email = await parse(raw);
    expect(email.text).toContain("A line in English.\r\nAnother, after a CRLF.\r\nAnd after a lone CR.\r\n");
  });

  it("splits a long Hebrew subject into encoded-words of at most 75 characters that each hold whole characters", async () => {
    const subject = ("סיכום התגובות היומי של הבלוג: " + "מתכון לחלה מתוקה עם צימוקים 🍞😍 ").repeat(6).trim();
    const raw = buildMessage(input({ subject }));
    const lines = fieldLines(raw, "Subject");
    expect(lines.length).toBeGreaterThan(3);
    const words = lines.join(" ").slice("Subject:".length).trim().split(/\s+/);
    expect(words.length).toBeGreaterThan(3);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(76);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(words.map(decodeWord).join("")).toBe(subject);
    expect((await parse(raw)).subject).toBe(subject);
  });

  it("encodes a non-ASCII display name in encoded-words, and quotes an ASCII one", async () => {
    const longName = "צוות הבלוג ".repeat(8) + "🍞";
    const raw = buildMessage(input({ from: { name: longName, address: "digest@blog.example" }, to: { name: 'Dana "D" Levi', address: "dana@example.com" } }));
    for (const line of fieldLines(raw, "From")) expect(line.length).toBeLessThanOrEqual(76);
    expect(fieldLines(raw, "To")).toEqual(['To: "Dana \\"D\\" Levi" <dana@example.com>']);
    const email = await parse(raw);
    expect(email.from).toEqual({ name: longName.replace(/\s+/g, " ").trim(), address: "digest@blog.example" });
    expect(email.to).toEqual([{ name: 'Dana "D" Levi', address: "dana@example.com" }]);
  });

  it("keeps an ASCII subject readable, folded at spaces", async () => {
    const subject = "[Edge Notes] 12 new comments, 3 awaiting you " + "and then some more words ".repeat(4).trim();
    const raw = buildMessage(input({ subject }));
    const lines = fieldLines(raw, "Subject");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join("")).not.toContain("=?");
    expect((await parse(raw)).subject).toBe(subject);
  });

  it("generates a Message-ID under the sender's domain, fresh per message, and keeps a given one", async () => {
    const a = (await parse(buildMessage(input()))).messageId;
    const b = (await parse(buildMessage(input()))).messageId;
    expect(a).toMatch(/^<[0-9a-f]{32}@blog\.example>$/);
    expect(a).not.toBe(b);
    expect((await parse(buildMessage(input({ messageId: "<digest-2026-03-03@blog.example>" })))).messageId).toBe("<digest-2026-03-03@blog.example>");
    expect(() => buildMessage(input({ messageId: "no-brackets@blog.example" }))).toThrow(/Message-ID/);
  });

  it("writes the Date in RFC 5322 form, in UTC", () => {
    expect(rfc5322Date(new Date(Date.UTC(2026, 0, 5, 3, 4, 5)))).toBe("Mon, 05 Jan 2026 03:04:05 +0000");
    expect(buildMessage(input())).toMatch(/^Date: Tue, 03 Mar 2026 05:00:07 \+0000\r\n/);
  });

  it("uses a boundary that occurs nowhere but on its delimiter lines", () => {
    const raw = buildMessage(input());
    const boundary = /boundary="([^"]+)"/.exec(raw)![1]!;
    const occurrences = raw.split(boundary).length - 1;
    expect(occurrences).toBe(4); // the header, two part delimiters, the close delimiter
    expect(boundary).toContain("=_");
  });

  it("adds extra headers, folded and encoded, and never lets a value start a header of its own", async () => {
    const raw = buildMessage(input({ headers: { "Auto-Submitted": "auto-generated", "X-Digest-Period": "2026-03-03 יום ג׳", "X-Evil": "a\r\nBcc: victim@example.com" } }));
    expect(raw).toContain("\r\nAuto-Submitted: auto-generated\r\n");
    expect(raw).not.toMatch(/\r\nBcc:/i);
    const email = await parse(raw);
    const header = (key: string) => email.headers.find((h) => h.key === key)?.value;
    expect(header("x-evil")).toBe("a Bcc: victim@example.com");
    expect(email.bcc).toBeUndefined();
    expect(header("x-digest-period")).toMatch(/^=\?UTF-8\?B\?/);
  });

  it("refuses what would make a broken or forged message: bad addresses, reserved or invalid header names", () => {
    expect(() => buildMessage(input({ to: { address: "dana@example.com\r\nBcc: x@example.com" } }))).toThrow(TypeError);
    expect(() => buildMessage(input({ to: { address: "דנה@example.com" } }))).toThrow(TypeError);
    expect(() => buildMessage(input({ headers: { Subject: "again" } }))).toThrow(/Subject/);
    expect(() => buildMessage(input({ headers: { "Bad Name": "x" } }))).toThrow(/header name/);
    expect(() => buildMessage(input({ date: new Date(NaN) }))).toThrow(/date/);
  });

  it("measures the message in octets, and estimates it from above before it is built", () => {
    const big = { text: TEXT.repeat(200), html: HTML.repeat(200) };
    const raw = buildMessage(input(big));
    expect(messageSize(raw)).toBe(raw.length);
    expect(estimateMessageSize(big)).toBeGreaterThanOrEqual(messageSize(raw));
    expect(estimateMessageSize(big) - messageSize(raw)).toBeLessThan(20_000);
    expect(MAX_MESSAGE_BYTES).toBe(5 * 1024 * 1024);
  });
});
