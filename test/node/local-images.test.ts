/**
 * The local images of a Markdown post (scripts/cli/local-images.js): what
 * `publish` uploads, found in every way Markdown and inline HTML write an
 * image, and nothing inside code; rewritten with alt text and titles kept.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: plain JS module of the CLI
import { findLocalImages, rewriteLocalImages, localPath } from "../../scripts/cli/local-images.js";

type Found = { path: string; written: string; line: number; start: number; end: number; quote: string };
const find = findLocalImages as (markdown: string) => Found[];
const rewrite = rewriteLocalImages as (markdown: string, replacements: (Found & { url: string })[]) => string;

describe("findLocalImages", () => {
  const markdown = [
    "# Title", // 1
    "![A photo](./photo.png)", // 2
    '![With a title](images/x.jpg "The title") and ![](my%20photo.png)', // 3
    "![Spaces](<./my photo.png> 'single')", // 4
    '<p><img alt="inline" src="./inline.png"></p>', // 5
    "![remote](https://example.com/a.png) ![lib](/media/0123456789abcdef0123456789abcdef.png) ![data](data:image/png;base64,AAAA) ![abs](/srv/x.png)", // 6
    "`![code](./in-code.png)` and", // 7
    "```", // 8
    "![fenced](./fenced.png)", // 9
    "```", // 10
    "[![linked](./thumb.png)](./full.png)", // 11
    "[ref]: ./ref.webp", // 12
    "[page]: ./notes.html", // 13
    "![multi", // 14
    "line alt](./wrapped.gif)", // 15
    "<!-- ![commented](./commented.png) -->", // 16
    "![parens](./photo_(1).png)", // 17
  ].join("\n");
  const found = find(markdown);

  it("finds every local image with its line, and nothing in code, comments, or on the web", () => {
    expect(found.map((f) => [f.line, f.path])).toEqual([
      [2, "./photo.png"],
      [3, "images/x.jpg"],
      [3, "my photo.png"],
      [4, "./my photo.png"],
      [5, "./inline.png"],
      [11, "./thumb.png"],
      [12, "./ref.webp"],
      [15, "./wrapped.gif"], // the line of its address
      [17, "./photo_(1).png"],
    ]);
  });

  it("rewrites each address, keeping alt text, titles and quotes", () => {
    const out = rewrite(markdown, found.map((f) => ({ ...f, url: `/media/${f.path.replace(/\W/g, "")}.png` })));
    const lines = out.split("\n");
    expect(lines[1]).toBe("![A photo](/media/photopng.png)");
    expect(lines[2]).toBe('![With a title](/media/imagesxjpg.png "The title") and ![](/media/myphotopng.png)');
    expect(lines[3]).toBe("![Spaces](/media/myphotopng.png 'single')");
    expect(lines[4]).toBe('<p><img alt="inline" src="/media/inlinepng.png"></p>');
    expect(lines[6]).toBe("`![code](./in-code.png)` and");
    expect(lines[8]).toBe("![fenced](./fenced.png)");
    expect(lines[10]).toBe("[![linked](/media/thumbpng.png)](./full.png)");
    expect(lines[11]).toBe("[ref]: /media/refwebp.png");
    expect(lines[14]).toBe("line alt](/media/wrappedgif.png)");
    expect(lines[16]).toBe("![parens](/media/photo_1png.png)");
  });

  it("tells local paths from addresses", () => {
    expect(localPath("./a.png")).toBe("./a.png");
    expect(localPath("a%20b.png?x=1#top")).toBe("a b.png");
    expect(localPath("100%.png")).toBe("100%.png");
    for (const address of ["https://x/a.png", "HTTP://x/a.png", "//x/a.png", "/media/a.png", "data:image/png,", "mailto:a@b", "#top", ""]) expect(localPath(address)).toBeNull();
  });
});
