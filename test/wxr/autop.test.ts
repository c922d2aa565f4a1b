/**
 * wpautop() behaves as WordPress's (the cases follow WordPress's own tests
 * for it), and contentToHtml() picks autop or block delimiters as WordPress
 * does.
 */
import { describe, expect, it } from "vitest";
import { contentToHtml, wpautop } from "../../src/admin/wxr/autop";
import { expandCaptions, unrenderedShortcodes } from "../../src/admin/wxr/shortcodes";

describe("wpautop", () => {
  it("makes paragraphs of blank-line-separated text and <br /> of single newlines", () => {
    expect(wpautop("One.\n\nTwo, line a\nline b\n")).toBe("<p>One.</p>\n<p>Two, line a<br />\nline b</p>\n");
    expect(wpautop("  \n\n ")).toBe("");
    expect(wpautop("Windows\r\nline ends\r\n\r\ntoo")).toBe("<p>Windows<br />\nline ends</p>\n<p>too</p>\n");
  });

  it("does not wrap block elements in paragraphs", () => {
    expect(wpautop("First things first:\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nThen more\ntext.")).toBe(
      "<p>First things first:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>Then more<br />\ntext.</p>\n",
    );
    expect(wpautop("<h2>Title</h2>\nText\n<hr />\nMore")).toBe("<h2>Title</h2>\n<p>Text</p>\n<hr />\n<p>More</p>\n");
    expect(wpautop("<table><tr><td>cell</td></tr></table>")).toBe("<table>\n<tr>\n<td>cell</td>\n</tr>\n</table>\n");
    expect(wpautop("<div>text in a div</div>")).toBe("<div>text in a div</div>\n");
  });

  it("moves a paragraph into a blockquote", () => {
    expect(wpautop("<blockquote>Quote\nline two</blockquote>")).toBe("<blockquote><p>Quote<br />\nline two</p></blockquote>\n");
  });

  it("leaves <pre> exactly as it is, <br>s and newlines included", () => {
    const pre = "<pre>Line1<br />Line2<br>Line3\n\nAfter a blank line\n  indented</pre>";
    expect(wpautop(pre).trim()).toBe(pre);
    expect(wpautop(`Look at this code\n\n${pre}\n\nCool.`).trim()).toBe(`<p>Look at this code</p>\n${pre}\n<p>Cool.</p>`);
  });

  it("takes newlines inside tags and comments for what they are", () => {
    expect(wpautop('A <a href="x"\ntitle="y">link</a> here')).toBe('<p>A <a href="x"\ntitle="y">link</a> here</p>\n');
    expect(wpautop("<!-- a\ncomment -->\nText")).toBe("<p><!-- a\ncomment --><br />\nText</p>\n");
  });

  it("adds no line breaks inside inline forms, media and figures", () => {
    expect(wpautop('Pick: <select name="s"><option value="1">One</option>\n<option value="2">Two</option></select>')).toBe(
      '<p>Pick: <select name="s"><option value="1">One</option><option value="2">Two</option></select></p>\n',
    );
    expect(wpautop('<video controls>\n\t<source src="a.mp4" />\n\t<track src="a.vtt" />\n</video>')).toBe('<p><video controls><source src="a.mp4" /><track src="a.vtt" /></video></p>\n');
    expect(wpautop('<figure><img src="a.png" />\n<figcaption>Cap</figcaption>\n</figure>')).toBe('<figure><img src="a.png" /><figcaption>Cap</figcaption></figure>\n');
  });

  it("keeps newlines of scripts and styles (the sanitizer removes those later)", () => {
    expect(wpautop("<style>\na{}\nb{}\n</style>")).toBe("<style>\na{}\nb{}\n</style>\n");
  });

  it("turns double <br>s into a paragraph break", () => {
    expect(wpautop("One<br /><br />Two")).toBe("<p>One</p>\n<p>Two</p>\n");
  });
});

describe("contentToHtml", () => {
  it("runs autop over classic content and unwraps <!--more-->", () => {
    expect(contentToHtml("Intro.\n<!--more-->\n\nRest.")).toEqual({ html: "<p>Intro.</p>\n<!--more-->\n<p>Rest.</p>\n", editor: "classic", unrendered: [] });
    expect(contentToHtml("Intro.\n\n<!--more Keep reading-->\n\nRest.").html).toBe("<p>Intro.</p>\n<!--more Keep reading-->\n<p>Rest.</p>\n");
    expect(contentToHtml("Intro.\n\n<!--more-->\nRest.").html).toBe("<p>Intro.</p>\n<!--more-->\n<p>Rest.</p>\n");
    expect(contentToHtml("Intro <!--more--> rest.").html).toBe("<p>Intro <!--more--> rest.</p>\n");
  });

  it("drops block delimiters and keeps each block's HTML as saved", () => {
    const content = `<!-- wp:paragraph {"align":"center"} -->\n<p class="has-text-align-center">Hi</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:core/more -->\n<!--more-->\n<!-- /wp:core/more -->\n\n<!-- wp:list -->\n<ul><!-- wp:list-item -->\n<li>a</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->`;
    expect(contentToHtml(content)).toEqual({ html: `<p class="has-text-align-center">Hi</p>\n\n<!--more-->\n\n<ul><li>a</li></ul>`, editor: "block", unrendered: [] });
  });

  it("does not autop block content, whose line breaks are not <br>s", () => {
    expect(contentToHtml("<!-- wp:html -->\n<p>a\nb</p>\n\n<pre>x\n\ny</pre>\n<!-- /wp:html -->").html).toBe("<p>a\nb</p>\n\n<pre>x\n\ny</pre>");
  });

  it("lists dynamic blocks and shortcodes only WordPress renders", () => {
    const result = contentToHtml(`<!-- wp:latest-posts {"postsToShow":5} /-->\n<!-- wp:archives /-->\n<!-- wp:paragraph -->\n<p>[contact-form-7 id="12"]</p>\n<!-- /wp:paragraph -->`);
    expect(result.unrendered).toEqual(["wp:latest-posts", "wp:archives", "[contact-form-7]"]);
    expect(contentToHtml("[gallery]\n\nText [sic] and [1].").unrendered).toEqual(["[gallery]"]);
  });
});

describe("captions", () => {
  it("become the figure WordPress renders", () => {
    expect(expandCaptions(`[caption id="attachment_5" align="aligncenter" width="300"]<img src="a.jpg" alt="" /> A <em>fine</em> loaf[/caption]`)).toBe(
      `<figure class="wp-caption aligncenter"><img src="a.jpg" alt="" /><figcaption class="wp-caption-text">A <em>fine</em> loaf</figcaption></figure>`,
    );
    expect(expandCaptions(`[caption caption="Old style" align="evil onclick"]<img src="a.jpg" />[/caption]`)).toBe(
      `<figure class="wp-caption"><img src="a.jpg" /><figcaption class="wp-caption-text">Old style</figcaption></figure>`,
    );
  });
  it("are left alone when they hold no image", () => {
    expect(expandCaptions("[caption]no image[/caption]")).toBe("[caption]no image[/caption]");
    expect(unrenderedShortcodes("[caption]no image[/caption]")).toEqual(["[caption]"]);
  });
  it("sit in classic content without a paragraph around them", () => {
    expect(contentToHtml(`Before.\n\n[caption align="alignnone"]<img src="a.jpg" /> Cap[/caption]\n\nAfter.`).html).toBe(
      `<p>Before.</p>\n<figure class="wp-caption alignnone"><img src="a.jpg" /><figcaption class="wp-caption-text">Cap</figcaption></figure>\n<p>After.</p>\n`,
    );
  });
});
