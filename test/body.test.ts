/** Request bodies: the byte limit and the form parser that notices bad encodings instead of hiding them. */
import { describe, expect, it } from "vitest";
import { parseJsonObject, parseUrlEncoded, readLimited } from "../src/http/body";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseUrlEncoded", () => {
  it("decodes UTF-8, + and %2B, keeps the first of repeated names and every value in `all`", () => {
    const form = parseUrlEncoded(bytes("comment=%D7%A9%D7%9C%D7%95%D7%9D+%F0%9F%8D%9E&plus=a%2Bb&ids=1&ids=2&empty=&flag"));
    expect(form.fields).toEqual({ comment: "שלום 🍞", plus: "a+b", ids: "1", empty: "", flag: "" });
    expect(form.all.ids).toEqual(["1", "2"]);
    expect(form).toMatchObject({ invalidUtf8: false, malformed: false });
  });

  it.each([
    ["Latin-1 é", "c=caf%E9", "caf\uFFFD"],
    ["an overlong slash", "c=%C0%AF", "\uFFFD\uFFFD"],
    ["a lone surrogate (CESU-8)", "c=%ED%A0%80", "\uFFFD\uFFFD\uFFFD"],
    ["a truncated sequence", "c=%E2%82", "\uFFFD"],
  ])("flags invalid UTF-8 (%s) and shows it as U+FFFD", (_label, body, shown) => {
    const form = parseUrlEncoded(bytes(body));
    expect(form.invalidUtf8).toBe(true);
    expect(form.fields.c).toBe(shown);
  });

  it("flags a % not followed by two hex digits, keeping the text", () => {
    const form = parseUrlEncoded(bytes("c=100%25+sure+and+50%+off"));
    expect(form.malformed).toBe(true);
    expect(form.fields.c).toBe("100% sure and 50% off");
  });
});

describe("readLimited", () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://x/", { method: "POST", body, headers });

  it("reads a body within the limit, with or without a Content-Length", async () => {
    expect(await readLimited(post("abc"), 10)).toMatchObject({ tooLarge: false, truncated: false });
    const stream = new ReadableStream({ start: (c) => (c.enqueue(bytes("abc")), c.close()) });
    const streamed = await readLimited(post(stream), 10);
    expect(new TextDecoder().decode(streamed.bytes)).toBe("abc");
  });

  it("reads a body over the limit up to keepUpTo (so a form can come back), and refuses beyond it", async () => {
    const over = await readLimited(post("x".repeat(20)), 10, 100);
    expect(over).toMatchObject({ tooLarge: true, truncated: false });
    expect(over.bytes.byteLength).toBe(20);
    const way = await readLimited(post("x".repeat(200)), 10, 100);
    expect(way).toMatchObject({ tooLarge: true, truncated: true });
    const stream = new ReadableStream({ start: (c) => (c.enqueue(bytes("x".repeat(200))), c.close()) });
    expect(await readLimited(post(stream), 10, 100)).toMatchObject({ tooLarge: true, truncated: true });
  });
});

describe("parseJsonObject", () => {
  it("takes objects only, in valid UTF-8", () => {
    expect(parseJsonObject(bytes(`{"a":"שלום"}`))).toEqual({ a: "שלום" });
    for (const bad of ["[1]", "null", "{", '"x"']) expect(parseJsonObject(bytes(bad))).toBeNull();
    expect(parseJsonObject(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBeNull();
  });
});
