/**
 * The one stylesheet, served at /style.css?v=<hash> with a year-long cache.
 * System fonts, a readable measure, dark mode by prefers-color-scheme, and
 * logical properties (margin-inline-start, border-inline-start…) so the same
 * rules lay out Hebrew right to left and English left to right.
 */
export const STYLESHEET = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fdfdfc;--card:#f3f2ef;--line:#dedcd6;--field:#858279;--accent:#0b57d0;--warn:#8a4b00;--ok:#17623a;--err:#b3261e}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--muted:#a8a49e;--bg:#161615;--card:#21201e;--line:#3a3835;--field:#8a867e;--accent:#8ab4f8;--warn:#f0b35a;--ok:#7fd19b;--err:#f2b8b5}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","Arial Hebrew",Arial,sans-serif}
a{color:var(--accent);text-underline-offset:.15em}
.sr-only{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;inset-inline-start:-999px}.skip:focus{inset-inline-start:1rem;top:1rem;background:var(--bg);padding:.5rem}
.site,.page{max-width:42rem;margin-inline:auto;padding-inline:1.25rem}
.site{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.5rem 1rem;padding-block:1.25rem;border-block-end:1px solid var(--line)}
.site-title{font-weight:700;font-size:1.25rem;color:inherit;text-decoration:none}
.site nav a{margin-inline-start:1rem}
.page{padding-block:1.5rem 3rem}
h1,h2,h3{line-height:1.25;margin-block:1.6em .5em}
h1{font-size:2rem;margin-block-start:.5em}
.entry{padding-block:1.25rem;border-block-end:1px solid var(--line)}
.entry h2{margin:0 0 .25rem;font-size:1.4rem}.entry h2 a{color:inherit;text-decoration:none}.entry h2 a:hover{text-decoration:underline}
.meta{color:var(--muted);font-size:.92rem}
.meta>*+*::before{content:"·";display:inline-block;margin-inline:.45em;color:var(--muted);text-decoration:none}
time{white-space:nowrap}
.tags{list-style:none;padding:0;margin:.5rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem}
.tags a{display:inline-block;padding:.05rem .6rem;border-radius:1rem;background:var(--card);color:inherit;font-size:.85rem;text-decoration:none}
.post-body{overflow-wrap:break-word}
.post-body img,.post-body video,.cover img{max-width:100%;height:auto}.cover{margin:0 0 1.5rem}
.post-body pre{overflow-x:auto;padding:1rem;background:var(--card);border-radius:.4rem;direction:ltr;text-align:start}
.post-body table{border-collapse:collapse;margin-block:1rem;display:block;overflow-x:auto;max-inline-size:100%}
.post-body th,.post-body td{border:1px solid var(--field);padding:.35rem .7rem;text-align:start;vertical-align:top}.post-body th{background:var(--card)}
.post-body blockquote{margin-inline:0;padding-inline-start:1rem;border-inline-start:3px solid var(--line);color:var(--muted)}
.author-box{margin-block:2.5rem;padding:1rem 1.25rem;background:var(--card);border-radius:.6rem}
.author-box h2{margin:0 0 .25rem;font-size:1rem}
.pager{display:flex;justify-content:space-between;gap:1rem;margin-block:2rem;flex-wrap:wrap}
.comments{margin-block-start:3rem;border-block-start:1px solid var(--line)}
.notice{padding:.75rem 1rem;border-radius:.4rem;background:var(--card);border-inline-start:4px solid var(--warn)}
.notice.ok{border-inline-start-color:var(--ok)}.notice.err{border-inline-start-color:var(--err)}
.comment-list,.children{list-style:none;margin:0;padding:0}
.children{margin-inline-start:1.25rem;padding-inline-start:.9rem;border-inline-start:2px solid var(--line)}
.comment-card{padding-block:1rem .25rem}
.comment-meta{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .6rem;font-size:.92rem;color:var(--muted)}
.comment-author{font-weight:600;color:var(--fg)}.comment-author a{color:inherit}
.comment-date{color:inherit}
.comment-body p{margin-block:.4rem}.comment-body .line{display:block}
.comment.pending>.comment-card{opacity:.85}
.reply{margin:0;font-size:.9rem}
.badge{font-size:.75rem;padding:0 .45rem;border-radius:1rem;background:var(--accent);color:var(--bg)}
.avatar{display:inline-grid;place-items:center;inline-size:2rem;block-size:2rem;border-radius:50%;font-weight:700;color:#fff;background:#6b7280}
.av-0{background:#b91c1c}.av-1{background:#c2410c}.av-2{background:#a16207}.av-3{background:#4d7c0f}.av-4{background:#15803d}.av-5{background:#0f766e}.av-6{background:#0e7490}.av-7{background:#1d4ed8}.av-8{background:#4338ca}.av-9{background:#7e22ce}.av-10{background:#a21caf}.av-11{background:#be185d}
.respond{margin-block-start:2rem}
.comment-form .field{display:flex;flex-direction:column;gap:.25rem;margin-block:.9rem}
.comment-form input[type=text],.comment-form input[type=email],.comment-form input[type=url],.comment-form textarea,textarea[readonly]{font:inherit;padding:.5rem .6rem;border:1px solid var(--field);border-radius:.35rem;background:var(--bg);color:var(--fg);inline-size:100%}
.editor select,.editor input[type=datetime-local],.editor input[type=file]{font:inherit;padding:.4rem;border:1px solid var(--field);border-radius:.35rem;background:var(--bg);color:var(--fg);max-inline-size:100%}
.editor fieldset{border:1px solid var(--field);border-radius:.35rem;display:flex;flex-direction:column;gap:.35rem}
.editor .actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.button-link{display:inline-block;padding:.45rem 1rem;border-radius:.35rem;background:var(--accent);color:var(--bg);text-decoration:none}
.default-action{position:absolute;inset-inline-start:-10000px}
.author-view{margin-block-end:1.5rem}
.saved{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}.saved dd{margin:0}
.comment-form [aria-invalid=true]{border-color:var(--err);outline:1px solid var(--err)}
.field-error{color:var(--err);font-size:.9rem}
.field-note,.required{color:var(--muted);font-size:.85rem;font-weight:400}
.hp{position:absolute;inset-inline-start:-10000px;inline-size:1px;block-size:1px;overflow:hidden}
.remember{display:flex;gap:.5rem;align-items:baseline;font-size:.92rem}
button{font:inherit;padding:.55rem 1.2rem;border:0;border-radius:.35rem;background:var(--accent);color:var(--bg);cursor:pointer}
.page.wide,.admin .site{max-width:56rem}
.inline{display:inline}
button.link{background:none;color:var(--accent);padding:0;margin-inline-start:1rem;text-decoration:underline}
button.secondary{background:var(--card);color:var(--fg);border:1px solid var(--field)}
.filters a{margin-inline-end:.8rem}.filters a[aria-current=page]{font-weight:700;text-decoration:none}
.queue{list-style:none;padding:0}
.queue-item{padding:.9rem 0;border-block-end:1px solid var(--line)}.media-row{display:flex;gap:1rem;align-items:flex-start}.media-row img{max-width:120px;height:auto;border:1px solid var(--line)}
.queue-item.status-pending{border-inline-start:4px solid var(--warn);padding-inline-start:.8rem}
.queue-head{display:flex;flex-wrap:wrap;gap:.3rem .7rem;align-items:baseline}
.reasons{font-size:.88rem;color:var(--warn);margin:.2rem 0}
.row-actions button,.bulk button{margin-inline-end:.4rem;padding:.3rem .8rem;font-size:.9rem}
.search-form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-block:1rem 1.5rem}.search-form label{flex-basis:100%}
.search-form input[type=search]{flex:1;min-inline-size:10rem;font:inherit;padding:.5rem .6rem;border:1px solid var(--field);border-radius:.35rem;background:var(--bg);color:var(--fg)}
.snippet{margin-block:.4rem}mark{background:#fde68a;color:#1d1d1f;border-radius:.15em;padding-inline:.1em}
footer.site-footer{max-width:42rem;margin:0 auto;padding:1.5rem 1.25rem 3rem;color:var(--muted);font-size:.9rem;border-block-start:1px solid var(--line)}
.post-nav{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1.5rem;margin-block:2rem 0;padding-block-start:1rem;border-block-start:1px solid var(--line)}.post-nav p{margin:0;max-inline-size:100%}.post-nav-next{margin-inline-start:auto;text-align:end}.post-nav .meta{display:block}
.archive-months{list-style:none;padding:0;columns:2 12rem}.archive-months li{margin-block:.2rem}
@media (max-width:30rem){body{font-size:1rem}h1{font-size:1.6rem}}
`.trim();

/** A short content hash for the stylesheet's URL, so it can be cached for a year. */
export const STYLESHEET_VERSION = fnv1a(STYLESHEET);

export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}
