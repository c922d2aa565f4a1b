/**
 * The stored-XSS corpus for test/security/xss.test.ts.
 *
 * Each payload is written with the placeholder MARK, replaced by a unique
 * marker (XSS001, XSS002, …) so that a failing assertion names the payload
 * that got through. Every payload is at most 100 characters after the
 * comment form's normalization, so it fits the name field as well as the
 * comment field and every one of them is stored.
 *
 * `url` is a website that IS http(s) (the form must accept it, and the pages
 * must keep it inside its attribute); `email` is a valid-looking address that
 * carries markup (shown to the author on /admin). REFUSED_WEBSITES are
 * websites that are not http(s) once normalized: the form must refuse them
 * with 422.
 */

export type Category =
  | "script"
  | "event-handler"
  | "url-scheme"
  | "svg-mathml"
  | "broken-nested"
  | "entities"
  | "invisible-bidi"
  | "quote-breakout"
  | "template"
  | "css"
  | "frame-base-meta-form"
  | "autolink";

export interface XssPayload {
  marker: string;
  category: Category;
  /** Goes into both the name and the comment field. */
  text: string;
  /** An http(s) website carrying an attack in its path, query or fragment. */
  url?: string;
  /** An address the form accepts that carries markup. */
  email?: string;
}

export interface RefusedWebsite {
  marker: string;
  /** What the reader typed in the website field. */
  url: string;
  /** A name and a comment that try to break out of the form fields the 422 page refills. */
  author: string;
  comment: string;
}

const TAB = "\t";
const LF = "\n";
const CRLF = "\r\n";

type Row = [Category, string, { url?: string; email?: string }?];

const rows: Row[] = [
  // <script> variants
  ["script", "<script>alert('MARK')</script>"],
  ["script", "<SCRIPT SRC=//evil.example/MARK.js></SCRIPT>"],
  ["script", "<ScRiPt>alert(`MARK`)</sCrIpT>"],
  ["script", `<script${TAB}type="text/javascript">alert('MARK')</script>`],
  ["script", "<script src=data:text/javascript,alert('MARK')></script>"],
  ["script", "<<script>alert('MARK');//<</script>"],
  ["script", "<scr<script>ipt>alert('MARK')</scr</script>ipt>"],
  ["script", `<script/MARK src="//evil.example/x.js"></script>`],
  ["script", "</script><script>alert('MARK')</script>"],
  ["script", `<script>${LF}alert(String.fromCharCode(88,83,83))//MARK${LF}</script>`],

  // event handlers
  ["event-handler", "<img src=x onerror=alert('MARK')>", { email: `"><img/src=x/onerror=alert('MARK')>@evil.example` }],
  ["event-handler", `<img src="x" onerror="alert('MARK')"/>`],
  ["event-handler", "<body onload=alert('MARK')>"],
  ["event-handler", `<div onmouseover="alert('MARK')">hover me</div>`],
  ["event-handler", "<input onfocus=alert('MARK') autofocus>"],
  ["event-handler", "<details open ontoggle=alert('MARK')>"],
  ["event-handler", `<video><source onerror="alert('MARK')"></video>`],
  ["event-handler", "<marquee onstart=alert('MARK')>scrolling</marquee>"],
  ["event-handler", "<select autofocus onfocus=alert('MARK')></select>"],
  ["event-handler", "<img src=x:alert(alt) onerror=eval(src) alt=MARK>"],
  ["event-handler", "<img/src/onerror=alert('MARK')>"],
  ["event-handler", "<audio src=x onerror=alert('MARK')>"],
  ["event-handler", `<textarea autofocus onfocus=alert('MARK')>`],

  // javascript:, data:, vbscript: URLs, disguised
  ["url-scheme", `<a href="javascript:alert('MARK')">click</a>`],
  ["url-scheme", `<a href="JaVaScRiPt:alert('MARK')">click</a>`],
  ["url-scheme", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert('MARK')">x</a>`],
  ["url-scheme", `<a href="&#x6A;avascript&#x3A;alert('MARK')">x</a>`],
  ["url-scheme", `<a href="java&Tab;script&colon;alert('MARK')">x</a>`],
  ["url-scheme", `<a href="java${TAB}script:alert('MARK')">x</a>`],
  ["url-scheme", `<a href="java${LF}script:alert('MARK')">x</a>`],
  ["url-scheme", `<a href="java${CRLF}script:alert('MARK')">x</a>`],
  ["url-scheme", `<a href=" \u0001javascript:alert('MARK')">x</a>`],
  ["url-scheme", "<a href=javascript&#0000058alert('MARK')>x</a>"],
  ["url-scheme", `<iframe src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">MARK</iframe>`],
  ["url-scheme", `<a href="data:text/html,<script>alert('MARK')</script>">x</a>`],
  ["url-scheme", `<a href="vbscript:msgbox('MARK')">x</a>`],
  ["url-scheme", `<a href="VBScript:MsgBox(&quot;MARK&quot;)">x</a>`],
  ["url-scheme", `<object data="javascript:alert('MARK')"></object>`],
  ["url-scheme", `<embed src="javascript:alert('MARK')">`],
  ["url-scheme", "javascript:alert('MARK')", { email: "javascript:alert('MARK')@evil.example" }],

  // SVG and MathML
  ["svg-mathml", "<svg onload=alert('MARK')>"],
  ["svg-mathml", "<svg><script>alert('MARK')</script></svg>"],
  ["svg-mathml", "<svg><animate onbegin=alert('MARK') attributeName=x dur=1s>"],
  ["svg-mathml", `<svg><a xlink:href="javascript:alert('MARK')"><text y=20>x</text></a></svg>`],
  ["svg-mathml", "<math><mtext><table><mglyph><style><img src=x onerror=alert('MARK')>"],
  ["svg-mathml", `<math href="javascript:alert('MARK')">CLICK</math>`],
  ["svg-mathml", `<svg><foreignObject><iframe srcdoc="<script>alert('MARK')</script>">`],
  ["svg-mathml", "<svg/onload=alert`MARK`>"],

  // broken and nested tags, raw-text element escapes, comments and CDATA
  ["broken-nested", "</textarea><script>alert('MARK')</script>"],
  ["broken-nested", "</title><script>alert('MARK')</script>"],
  ["broken-nested", "</style><script>alert('MARK')</script>"],
  ["broken-nested", `<!--<img src="--><img src=x onerror=alert('MARK')//">`],
  ["broken-nested", "--><script>alert('MARK')</script><!--"],
  ["broken-nested", "<![CDATA[<script>alert('MARK')</script>]]>"],
  ["broken-nested", `<img src="x onerror=alert('MARK')`],
  ["broken-nested", `<a title='x${LF}<b onmouseover=alert('MARK')>bold</b>`],
  ["broken-nested", `<noscript><p title="</noscript><img src=x onerror=alert('MARK')>">`],
  ["broken-nested", "</xmp><img src=x onerror=alert('MARK')>"],
  ["broken-nested", `<IMG """><SCRIPT>alert('MARK')</SCRIPT>">`],
  ["broken-nested", "</bdi></a><script>alert('MARK')</script><bdi>"],

  // HTML entities, numeric references and other encodings that must stay text
  ["entities", "&lt;script&gt;alert('MARK')&lt;/script&gt;"],
  ["entities", "&#60;script&#62;alert('MARK')&#60;/script&#62;"],
  ["entities", "&#x3C;img src=x onerror=alert('MARK')&#x3E;"],
  ["entities", "&lt;img src=x onerror=alert(&#39;MARK&#39;)&gt;"],
  ["entities", "\\x3cscript\\x3ealert('MARK')\\x3c/script\\x3e"],
  ["entities", "\\u003cscript\\u003ealert('MARK')\\u003c/script\\u003e"],
  ["entities", "%3Cscript%3Ealert('MARK')%3C/script%3E"],
  ["entities", "&amp;lt;svg onload=alert('MARK')&amp;gt;"],

  // zero-width and bidi-override characters around dangerous text
  ["invisible-bidi", "<scr\u200Bipt>alert('MARK')</scr\u200Bipt>"],
  ["invisible-bidi", "\u202E<script>alert('MARK')</script>\u202C"],
  ["invisible-bidi", "\u2066<img src=x onerror=alert('MARK')>\u2069"],
  ["invisible-bidi", "\u2067\u2068<svg onload=alert('MARK')>\u2069\u2069"],
  ["invisible-bidi", "\uFEFF<script>alert('MARK')</script>"],
  ["invisible-bidi", `<a href="java\u200Bscript:alert('MARK')">x</a>`],
  ["invisible-bidi", "\u202Dgnp.exe\u202E<img src=x onerror=alert('MARK')>"],
  ["invisible-bidi", `<a href="\u202Ajavascript:alert('MARK')">\u202Bx\u202C</a>`],
  ["invisible-bidi", "&#x202E;<img src=x onerror=alert('MARK')>&#8238;"],

  // quote breakouts (attribute values, both quote kinds, backticks)
  ["quote-breakout", `"><img src=x onerror=alert('MARK')>`, { url: `https://example.com/"><img src=x onerror=alert('MARK')>` }],
  ["quote-breakout", `' onmouseover='alert("MARK")' x='`, { url: "https://example.com/' onmouseover='alert(1)' x='MARK" }],
  ["quote-breakout", `" autofocus onfocus="alert('MARK')" x="`, { url: `http://example.com/" autofocus onfocus="alert('MARK')` }],
  ["quote-breakout", "` onmouseover=alert('MARK') `", { url: "https://example.com/`onmouseover=alert('MARK')`" }],
  ["quote-breakout", "'><svg/onload=alert('MARK')>", { email: "'><svg/onload=alert('MARK')>@evil.example" }],
  ["quote-breakout", `" style="background:url(javascript:alert('MARK'))"`, { url: `https://example.com/?x=" style="background:url(javascript:alert('MARK'))` }],
  ["quote-breakout", `"onmouseover="alert('MARK')`, { url: `https://example.com/"onmouseover="alert('MARK')` }],

  // template-ish strings (client-side template injection, JS template literals)
  ["template", `{{constructor.constructor('alert("MARK")')()}}`],
  ["template", "${alert('MARK')}"],
  ["template", "{{7*7}} [[7*7]] <%= 7*7 %> #{7*7} MARK"],
  ["template", "{{'a'.constructor.prototype.charAt=[].join;$eval('x=alert(`MARK`)')}}"],

  // CSS
  ["css", `<style>@import 'javascript:alert("MARK")';</style>`],
  ["css", `<div style="background:url(javascript:alert('MARK'))">x</div>`],
  ["css", `<style>*{background:url("javascript:alert('MARK')")}</style>`],
  ["css", `<div style="width:expression(alert('MARK'))">x</div>`],
  ["css", `<link rel=stylesheet href="data:text/css,body{background:red}/*MARK*/">`],

  // iframe srcdoc, base, meta refresh, form action / formaction
  ["frame-base-meta-form", `<iframe srcdoc="&lt;script&gt;alert('MARK')&lt;/script&gt;"></iframe>`],
  ["frame-base-meta-form", `<base href="javascript:alert('MARK')//">`],
  ["frame-base-meta-form", `<base href="https://evil.example/MARK/">`],
  ["frame-base-meta-form", `<meta http-equiv="refresh" content="0;url=javascript:alert('MARK')">`],
  ["frame-base-meta-form", `<meta http-equiv="refresh" content="0; url=https://evil.example/MARK">`],
  ["frame-base-meta-form", `<form action="javascript:alert('MARK')"><button>go</button></form>`],
  ["frame-base-meta-form", `<button form=commentform formaction="javascript:alert('MARK')">x</button>`],
  ["frame-base-meta-form", "<form><input type=submit formaction=javascript:alert('MARK')></form>"],

  // URLs the comment text autolinks, and http(s) websites with markup in them
  ["autolink", `https://example.com/"onmouseover="alert('MARK')`, { url: `https://example.com/<script>alert('MARK')</script>` }],
  ["autolink", "www.example.com/<script>alert('MARK')</script>", { url: "https://example.com/?q=<svg/onload=alert('MARK')>" }],
  ["autolink", "https://example.com/?q=<svg/onload=alert('MARK')>", { url: "HTTPS://example.com/#\"><iframe src=javascript:alert('MARK')>" }],
  ["autolink", "https://example.com/'onmouseover='alert(MARK)'", { url: "https://javascript:alert('MARK')@example.com/" }],
  ["autolink", `see https://example.com/a"b<img src=x onerror=alert('MARK')> ok`, { url: "https://example.com/&#x22;&#x3E;&#x3C;script&#x3E;alert('MARK')" }],
];

const marker = (n: number) => `XSS${String(n).padStart(3, "0")}`;
const mark = (s: string, m: string) => s.replaceAll("MARK", m);

export const PAYLOADS: XssPayload[] = rows.map(([category, text, extra], i) => {
  const m = marker(i + 1);
  return {
    marker: m,
    category,
    text: mark(text, m),
    ...(extra?.url ? { url: mark(extra.url, m) } : {}),
    ...(extra?.email ? { email: mark(extra.email, m) } : {}),
  };
});

const refusedRows: string[] = [
  "javascript:alert('MARK')",
  "JaVaScRiPt:alert('MARK')",
  "  JAVASCRIPT:alert('MARK')",
  `java${TAB}script:alert('MARK')`,
  `java${LF}script:alert('MARK')`,
  "\u0001javascript:alert('MARK')",
  "\u202Ejavascript:alert('MARK')",
  "\u2066javascript:alert('MARK')\u2069",
  "\uFEFFjavascript:alert('MARK')",
  "javascript://example.com/%0Aalert('MARK')",
  "data:text/html,<script>alert('MARK')</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#MARK",
  "vbscript:msgbox('MARK')",
  "VBScript:MsgBox(\"MARK\")",
  "feed:javascript:alert('MARK')",
];

export const REFUSED_WEBSITES: RefusedWebsite[] = refusedRows.map((url, i) => {
  const m = marker(PAYLOADS.length + i + 1);
  return {
    marker: m,
    url: mark(url, m),
    author: `"><img src=x onerror=alert('${m}')>`,
    comment: `</textarea><script>alert('${m}')</script>`,
  };
});
