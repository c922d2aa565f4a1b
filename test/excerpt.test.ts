/** Excerpts made from a post's HTML: lists keep their items apart, and in order whatever their script. */
import { describe, expect, it } from "vitest";
import { excerptFromHtml, isAutomaticExcerpt } from "../src/posts/excerpt";

const FSI = "\u2068";
const PDI = "\u2069";

describe("excerptFromHtml", () => {
  it("keeps a list's items apart, each isolated, with a dot between them", () => {
    const html = "<p>What I packed:</p><ul><li>Apples</li><li>תפוחים <b>ירוקים</b></li><li>Bread</li></ul><p>Then we left.</p>";
    expect(excerptFromHtml(html)).toBe(`What I packed: ${FSI}Apples${PDI} · ${FSI}תפוחים ירוקים${PDI} · ${FSI}Bread${PDI} Then we left.`);
  });

  it("takes items WordPress left unclosed, and ordered lists", () => {
    expect(excerptFromHtml("<ol><li>one<li>שתיים</ol>")).toBe(`${FSI}one${PDI} · ${FSI}שתיים${PDI}`);
  });

  it("closes an item the cut ends inside", () => {
    const long = `<ul><li>${"word ".repeat(100)}</li></ul>`;
    const excerpt = excerptFromHtml(long, 40);
    expect(excerpt.endsWith(`${PDI}…`)).toBe(true);
    expect(excerpt.split(FSI).length).toBe(excerpt.split(PDI).length);
  });

  it("leaves text without lists as it was", () => {
    expect(excerptFromHtml("<h2>Title</h2><p>Some <em>text</em> here.</p>")).toBe("Title Some text here.");
  });
});

describe("isAutomaticExcerpt", () => {
  const html = "<p>Packing list:</p><ul><li>Apples</li><li>תפוחים</li></ul><p>More.</p>";
  it("knows an excerpt made from the text, today's or an earlier version's", () => {
    expect(isAutomaticExcerpt(excerptFromHtml(html), html)).toBe(true);
    // Before lists were set apart: the items ran together.
    expect(isAutomaticExcerpt("Packing list: Apples תפוחים More.", html)).toBe(true);
    expect(isAutomaticExcerpt("Packing list: Apples…", html)).toBe(true);
  });
  it("keeps the author's own", () => {
    expect(isAutomaticExcerpt("What I take on a long walk.", html)).toBe(false);
  });
});
