import { describe, expect, it } from "vitest";
import { isSafeUrl, sanitizePostHtml } from "../src/posts/sanitize";

/**
 * XSS vectors, mostly from the OWASP XSS Filter Evasion Cheat Sheet and the
 * known DOMPurify/mXSS bypasses, plus broken markup at the end of the input.
 */
const VECTORS: string[] = [
  `<script>alert(1)</script>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>`,
  `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`,
  `<scr<script>ipt>alert(1)</script>`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=javascript:alert('XSS')>`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>">`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>`,
  `<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
  `<IMG SRC="jav&#x0D;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<IMG SRC="livescript:[code]">`,
  `<IMG DYNSRC="javascript:alert('XSS')">`,
  `<IMG LOWSRC="javascript:alert('XSS')">`,
  `<IMG STYLE="xss:expr/*XSS*/ession(alert('XSS'))">`,
  `<image src=x onerror=alert(1)>`,
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<a href="#" onclick="alert(1)">x</a>`,
  `<a href="  javascript:alert(1)">x</a>`,
  `<a href=" JAVASCRIPT:alert(1)">x</a>`,
  `<a href="jav&#x09;ascript:alert(1)">x</a>`,
  `<a href="jav&Tab;ascript:alert(1)">x</a>`,
  `<a href="javascript&colon;alert(1)">x</a>`,
  `<a href="javascript&#x3A;alert(1)">x</a>`,
  `<a href="&#106avascript&#58alert(1)">x</a>`,
  `<a href="&#x6A;avascript:alert(1)">x</a>`,
  `<a href="java\u0000script:alert(1)">x</a>`,
  `<a href="\u0001javascript:alert(1)">x</a>`,
  `<a href=javascript:alert(1)//https://example.com>x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="ｊａｖａｓｃｒｉｐｔ:alert(1)">x</a>`,
  `<a href="https://example.com" href="javascript:alert(1)">x</a>`,
  `<a href="javascript:alert(1)" href="https://example.com">x</a>`,
  `<img src="x" src="javascript:alert(1)">`,
  `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
  `<img src="data:text/html,<script>alert(1)</script>">`,
  `<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^\`=alert("XSS")>`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<body onload=alert(1)>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<style>@import 'javascript:alert(1)';</style>`,
  `<div style="width: expression(alert('XSS'));">x</div>`,
  `<div style="background-image: url(javascript:alert('XSS'))">x</div>`,
  `<DIV STYLE="background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058.1053\\0053\\0027\\0029'\\0029">`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<link rel=stylesheet href=javascript:alert(1)>`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<TABLE BACKGROUND="javascript:alert('XSS')"><TR><TD BACKGROUND="javascript:alert('XSS')">x</TD></TR></TABLE>`,
  `<iframe src=http://xss.rocks/scriptlet.html <`,
  `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`,
  `<object data="javascript:alert(1)">`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" type="image/svg+xml" AllowScriptAccess="always"></EMBED>`,
  `<form action="javascript:alert(1)"><button>x</button></form>`,
  `<button formaction=javascript:alert(1)>x`,
  `<isindex action=javascript:alert(1) type=image>`,
  `<details open ontoggle=alert(1)>x</details>`,
  `<marquee onstart=alert(1)>x</marquee>`,
  `<x onclick=alert(1)>click</x>`,
  `<p onclick=alert(1)>x</p><h1 onmouseover=alert(1)>y</h1>`,
  `<video><source onerror="alert(1)"></video>`,
  `<audio src=x onerror=alert(1)>`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>`,
  `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`,
  `<svg><p><style><img src=x onerror=alert(1)></style></p></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
  `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>`,
  `<xmp><script>alert(1)</script></xmp>`,
  `<title><img src=x onerror=alert(1)></title>`,
  `<textarea><img src=x onerror=alert(1)></textarea>`,
  `<template><img src=x onerror=alert(1)></template>`,
  `<plaintext><img src=x onerror=alert(1)>`,
  `<!--<img src=x onerror=alert(1)>-->`,
  `<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->`,
  `<![CDATA[<img src=x onerror=alert(1)>]]>`,
  `<?xml-stylesheet href="javascript:alert(1)"?>`,
  `<a href="https://example.com/" target="_blank">new window</a>`,
  `<a href="https://example.com/" target="_top">frame-buster</a>`,
  // Broken markup at the end: a page would complete these with its own markup.
  `<p>ok<img src=x onerror=alert(1) `,
  `<p>ok<img src=x onerror=alert(1)`,
  `<p>ok<img src="x`,
  `<p>ok<a href='javascript:alert(1)`,
  `<p>ok<a href="https://example.com" title="x' onmouseover='alert(1)`,
  `<p>ok<!-- <img src=x onerror=alert(1)>`,
  `<p>ok<`,
  `<p>ok</`,
  `<p>ok<script>alert(1)`,
  `<p>ok<svg><img src=x onerror=alert(1)`,
  `<p>ok<style><img src=x onerror=alert(1)>`,
  `<p><b><i>unclosed formatting`,
];

/**
 * Start tags of elements that can run code, load a document, or hide markup
 * from a reader. (End tags without a start tag pass through the sanitizer,
 * which does not build a tree; browsers ignore them.)
 */
const DANGEROUS_ELEMENT = /<(script|style|svg|math|iframe|frame|object|embed|applet|form|input|button|textarea|select|base|meta|link|template|noscript|noembed|xmp|title|plaintext|image|body|isindex|marquee|video|audio|source)\b/i;

/**
 * Everything a browser could execute in the sanitized HTML, found with a
 * rewriter pass plus plain string checks, so the two can disagree.
 */
async function executableParts(html: string): Promise<string[]> {
  const found: string[] = [];
  let ended = false;
  await new HTMLRewriter()
    .on("*", {
      element(el) {
        if (el.tagName === "x-end-of-input") {
          ended = true;
          return;
        }
        if (DANGEROUS_ELEMENT.test(`<${el.tagName}>`)) found.push(`element <${el.tagName}>`);
        for (const [name = "", value = ""] of el.attributes) {
          if (/^on|^style$|^srcdoc$|action$|^background$|src$|^data$|^xlink:|^xmlns/.test(name) && name !== "src") found.push(`attribute ${name}`);
          if (["href", "src", "cite"].includes(name) && !strictlySafeUrl(value, el.tagName === "img")) found.push(`url ${name}=${value}`);
        }
      },
    })
    .onDocument({
      comments(c) {
        if (c.text !== "more") found.push(`comment ${c.text}`);
      },
    })
    .transform(new Response(html + "<x-end-of-input>"))
    .text();
  if (!ended) found.push("the HTML ends inside a tag, comment or raw-text element");
  if (DANGEROUS_ELEMENT.test(html)) found.push("a dangerous tag in the text");
  for (const tag of html.match(/<[a-z](?:"[^"]*"|'[^']*'|[^>"'])*>/gi) ?? []) {
    // Quoted values are text to the browser: only what is outside them can be an attribute.
    const outside = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    if (/[\s/]on[a-z]+\s*=|\sstyle\s*=|script:/i.test(outside)) found.push(`tag ${tag}`);
  }
  return found;
}

/** The test's own URL check: every reference decoded, every control and space removed. */
function strictlySafeUrl(raw: string, image: boolean): boolean {
  const url = raw
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16) || 0xfffd))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d) || 0xfffd))
    .replace(/&colon;/gi, ":")
    .replace(/[\u0000-\u0020]/g, "")
    .toLowerCase();
  if (/^(javascript|vbscript|livescript):/.test(url) || url.includes("script:")) return false;
  if (url.startsWith("data:")) return image && /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/.test(url);
  return true;
}

describe("sanitizePostHtml against XSS vectors", () => {
  it.each(VECTORS)("%s", async (vector) => {
    const clean = await sanitizePostHtml(vector);
    expect(await executableParts(clean)).toEqual([]);
    // Sanitizing is stable: a second pass finds nothing more to change.
    expect(await sanitizePostHtml(clean)).toBe(clean);
  });

  it("also survives every vector pasted into the middle of a normal post", async () => {
    for (const vector of VECTORS) {
      const clean = await sanitizePostHtml(`<p>before</p>${vector}<p>after</p>`);
      expect(await executableParts(clean), vector).toEqual([]);
    }
  });

  it("keeps what is safe around what it removes", async () => {
    expect(await sanitizePostHtml(`<p onclick="alert(1)" class="lead">Hi</p>`)).toBe(`<p class="lead">Hi</p>`);
    expect(await sanitizePostHtml(`<img src=x onerror=alert(1)>`)).toBe(`<img src=x>`);
    expect(await sanitizePostHtml(`<a href="javascript:alert(1)" title="t">x</a>`)).toBe(`<a title="t">x</a>`);
    expect(await sanitizePostHtml(`<p>a<script>alert(1)</script>b</p>`)).toBe(`<p>ab</p>`);
    expect(await sanitizePostHtml(`<p>a<svg onload=alert(1)><circle/></svg>b</p>`)).toBe(`<p>ab</p>`);
    expect(await sanitizePostHtml(`<font color="red"><center>text</center></font>`)).toBe(`text`);
    expect(await sanitizePostHtml(`<h1 id="top">Title</h1>`)).toBe(`<h2 id="top">Title</h2>`);
    expect(await sanitizePostHtml(`<img src="x" src="javascript:alert(1)" alt="a">`)).toBe(`<img src="x" alt="a">`);
    expect(await sanitizePostHtml(`<a href="https://e.example/" target="_blank">x</a>`)).toBe(`<a href="https://e.example/" target="_blank" rel="noopener">x</a>`);
    expect(await sanitizePostHtml(`<a href="https://e.example/" target="_blank" rel="nofollow">x</a>`)).toBe(`<a href="https://e.example/" target="_blank" rel="nofollow noopener">x</a>`);
    expect(await sanitizePostHtml(`<a href="https://e.example/" target="evil">x</a>`)).toBe(`<a href="https://e.example/">x</a>`);
    expect(await sanitizePostHtml(`<p>ok<img src=x onerror=alert(1) `)).toBe(`<p>ok<img src=x>`);
    expect(await sanitizePostHtml(`<p>ok<script>alert(1)`)).toBe(`<p>ok`);
    expect(await sanitizePostHtml(`a < b <`)).toBe(`a < b &lt;`);
  });

  it("keeps WordPress's more marker, in its one spelling, and drops every other comment", async () => {
    expect(await sanitizePostHtml(`<p>a</p><!--more--><p>b</p>`)).toBe(`<p>a</p><!--more--><p>b</p>`);
    expect(await sanitizePostHtml(`<p>a</p><!--more Read on…--><p>b</p>`)).toBe(`<p>a</p><!--more--><p>b</p>`);
    expect(await sanitizePostHtml(`<p>a</p><!-- wp:paragraph --><!--noteaser--><p>b</p>`)).toBe(`<p>a</p><p>b</p>`);
  });
});

describe("sanitizePostHtml on ordinary content", () => {
  const ORDINARY: string[] = [
    `<p>שלום עולם! זה פוסט בעברית, עם English words ו־emoji 🍞😍👩🏽‍💻.</p>`,
    `<p dir="rtl" lang="he">טקסט <strong>מודגש</strong>, <em>נטוי</em> ו<a href="https://he.wikipedia.org/wiki/%D7%9C%D7%97%D7%9D">קישור</a>.</p>`,
    `<h2>Heading</h2><h3 id="sub">Sub</h3><p>Text with <code>x &lt; y &amp;&amp; y &gt; z</code> and a <a href="/other-post#part">relative link</a>, a <a href="#top">fragment</a>, <a href="mailto:noa@example.com">mail</a>.</p>`,
    `<ul>\n<li>one</li>\n<li>two <b>bold</b></li>\n</ul>\n<ol start="3"><li>three</li></ol>`,
    `<pre><code class="language-js">const a = "<b>";\nif (a &lt; b) { return; }\n</code></pre>`,
    `<figure class="wp-block-image size-full"><img src="http://127.0.0.1:8081/wp-content/uploads/2026/11/carmel-trail.png" alt="שביל עפר בין עצי אלון" class="wp-image-11"/><figcaption class="wp-element-caption">הוואדי בשבע בבוקר</figcaption></figure>`,
    `<img src="/images/a.png" alt="" width="640" height="480"><img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">`,
    `<blockquote cite="https://example.com/q"><p>Quote</p></blockquote><hr><p>x<br>y<br />z</p>`,
    `<table><caption>Prices</caption><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td colspan="2">b</td></tr></tbody></table>`,
    `<p>H<sub>2</sub>O, E=mc<sup>2</sup>, <del>old</del> <ins>new</ins>, <abbr title="HyperText Markup Language">HTML</abbr>, <mark>hi</mark>, <small>fine print</small>, <s>no</s>, <u>under</u>, <i>it</i>, <span class="x">span</span>, <time datetime="2026-11-26">today</time>.</p>`,
    `<div class="wp-block-group"><p>In a div</p></div>`,
    `<p>Before the fold.</p>\n<!--more-->\n<p>After the fold: AT&amp;T, 5 &lt; 6, “quotes” — dashes…</p>`,
    `<p>URL with query: <a href="https://example.com/?a=1&amp;b=2">link</a> and <a href="HTTPS://EXAMPLE.COM/">upper-case scheme</a> and <a href="//cdn.example.com/x">protocol-relative</a>.</p>`,
    `<p>A path with a colon: <a href="/wiki/Help:Contents">help</a>, <a href="?q=a:b">query</a>.</p>`,
  ];

  it.each(ORDINARY)("%s", async (html) => {
    expect(await sanitizePostHtml(html)).toBe(html);
  });
});

describe("isSafeUrl", () => {
  it("allows web, mail, relative and fragment URLs", () => {
    for (const url of ["https://example.com", "http://x", "mailto:a@b.c", "/path", "path/to", "#frag", "?q=1", "//cdn.example", "/wiki/Help:Contents", "", " https://example.com "]) {
      expect(isSafeUrl(url), url).toBe(true);
    }
  });
  it("refuses every other scheme, however it is spelled", () => {
    for (const url of ["javascript:alert(1)", " JAVASCRIPT:x", "jav\tascript:x", "jav&#x09;ascript:x", "javascript&colon;x", "&#106;avascript:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd", "ftp://x", "blob:https://x/y", "livescript:x"]) {
      expect(isSafeUrl(url), url).toBe(false);
    }
  });
  it("allows inline raster images only where asked, never SVG", () => {
    expect(isSafeUrl("data:image/png;base64,AAAA", true)).toBe(true);
    expect(isSafeUrl("data:image/png;base64,AAAA")).toBe(false);
    expect(isSafeUrl("data:image/svg+xml;base64,AAAA", true)).toBe(false);
  });
});
