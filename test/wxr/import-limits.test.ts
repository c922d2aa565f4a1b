/**
 * fitImportedComment(): an imported comment held to the comment form's
 * limits (LIMITS), shortening or leaving out what does not fit, with a note
 * for each, instead of refusing the import.
 */
import { describe, expect, it } from "vitest";
import { fitImportedComment, type ImportedFields } from "../../src/admin/import-limits";
import { LIMITS } from "../../src/comments/form";

const fields = (f: Partial<ImportedFields> = {}): ImportedFields => ({ authorName: "Dana", authorEmail: "dana@example.com", authorUrl: "", body: "Hello.", ...f });
const codePoints = (s: string) => [...s].length;

describe("fitImportedComment", () => {
  it("leaves a comment that fits as it is, without notes", () => {
    expect(fitImportedComment(fields({ authorUrl: "https://dana.example/" }))).toEqual({ comment: { name: "Dana", email: "dana@example.com", url: "https://dana.example/", body: "Hello." }, notes: [] });
  });

  it("counts code points as the form does: 100 emoji are a name that fits", () => {
    const name = "🍞".repeat(LIMITS.name);
    expect(fitImportedComment(fields({ authorName: name }))).toMatchObject({ comment: { name }, notes: [] });
  });

  it("shortens a long name to the limit, whole characters only, with a note", () => {
    const fit = fitImportedComment(fields({ authorName: `${"x".repeat(99)}👩‍👩‍👧 and more` }));
    if (!("comment" in fit)) throw new Error("skipped");
    expect(fit.comment.name).toBe("x".repeat(99)); // the family emoji (5 code points) would not fit whole
    expect(fit.notes).toEqual([`its author's name was ${99 + 5 + 9} characters long: shortened to 100`]);
    const long = fitImportedComment(fields({ authorName: "n".repeat(5000) }));
    expect("comment" in long && long.comment.name).toBe("n".repeat(100));
  });

  it("names a commenter with nothing visible in the name “Anonymous”", () => {
    for (const name of ["", "   ", "\u200B\u200D\u2060", "\u3164", "\t\u00A0\u180E"]) {
      const fit = fitImportedComment(fields({ authorName: name }));
      expect("comment" in fit && fit.comment.name, JSON.stringify(name)).toBe("Anonymous");
      expect("comment" in fit && fit.notes).toEqual([expect.stringContaining("“Anonymous”")]);
    }
  });

  it("leaves out an email that is too long or not an email, and a website that is not http(s) or too long", () => {
    const fit = fitImportedComment(fields({ authorEmail: `${"e".repeat(250)}@example.com`, authorUrl: "javascript:alert(1)" }));
    expect(fit).toEqual({
      comment: { name: "Dana", email: "", url: null, body: "Hello." },
      notes: ["its author's email address was 262 characters long (at most 254) and was left out", "its author's website “javascript:alert(1)” is not an http(s) address and was left out"],
    });
    const other = fitImportedComment(fields({ authorEmail: "not-an-email", authorUrl: `https://example.com/${"a".repeat(200)}` }));
    expect(other).toEqual({
      comment: { name: "Dana", email: "", url: null, body: "Hello." },
      notes: ["its author's email address “not-an-email” is not an email address and was left out", "its author's website was 220 characters long (at most 200) and was left out"],
    });
  });

  it("shortens a long text to 10,000 code points ending in “…”, saying how long it was", () => {
    const body = "שלום 🍞 ".repeat(2000); // 7 code points each: 14,000
    const fit = fitImportedComment(fields({ body }));
    if (!("comment" in fit)) throw new Error("skipped");
    expect(codePoints(fit.comment.body)).toBeLessThanOrEqual(LIMITS.comment);
    expect(codePoints(fit.comment.body)).toBeGreaterThan(LIMITS.comment - 10);
    expect(fit.comment.body.endsWith("…")).toBe(true);
    expect(body.startsWith(fit.comment.body.slice(0, -1))).toBe(true);
    expect(fit.notes).toEqual([`its text was 13,999 characters long: shortened to 10,000, ending in “…”`]); // trimmed of its last space first
    const exactly = "a".repeat(LIMITS.comment);
    expect(fitImportedComment(fields({ body: exactly }))).toMatchObject({ comment: { body: exactly }, notes: [] });
  });

  it("skips a comment without text", () => {
    expect(fitImportedComment(fields({ body: " \n\t " }))).toEqual({ skip: "empty text" });
  });
});
