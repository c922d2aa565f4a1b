// The pages `npm run audit` (scripts/audit.js) checks, and which tool checks
// each. Edit this list to add a page: `path` is asked of the running demo blog
// as is (percent-encode non-ASCII), `status` is the answer it must give (200
// unless said), `desk: true` asks it signed in (the ep_admin cookie), and
// `tools` picks among "lighthouse" (4 categories, mobile and desktop),
// "html" (html-validate, .htmlvalidate.json) and "axe" (axe-core, light and
// dark, phone and desktop).

const ALL = ["lighthouse", "html", "axe"];
const NO_LIGHTHOUSE = ["html", "axe"];

/** `demo`: what the harness seeded (HEBREW_DEMO_SLUG). */
export function auditPages(demo) {
  const hebrewPost = `/${encodeURIComponent(demo.HEBREW_DEMO_SLUG)}`;
  return [
    { name: "home", path: "/", tools: ALL },
    { name: "Hebrew post", path: hebrewPost, tools: ALL },
    { name: "tag page", path: "/tag/writing", tools: ALL },
    // Lighthouse's SEO counts noindex against a page: the search page itself is indexable, its results (one page
    // per query, an endless space for crawlers) are noindex by design, so they get html-validate and axe only.
    { name: "search", path: "/search", tools: ALL },
    { name: "search results", path: "/search?q=edge", tools: NO_LIGHTHOUSE },
    // Issue 14: the archive (all months) and one month's page.
    { name: "archive", path: "/archive/", tools: ALL },
    { name: "month archive", path: "/2026/10/", tools: ALL },
    // Other public pages readers meet: the reply form, a comment page, the 404.
    { name: "Hebrew post, replying", path: `${hebrewPost}?replytocom=1`, tools: NO_LIGHTHOUSE },
    { name: "not found", path: "/no-such-page", status: 404, tools: NO_LIGHTHOUSE },
    // The author's pages: the sign-in page, then the desk signed in.
    { name: "admin sign-in", path: "/admin", tools: NO_LIGHTHOUSE },
    { name: "desk: moderation", path: "/admin", desk: true, tools: NO_LIGHTHOUSE },
    { name: "desk: posts", path: "/admin/posts", desk: true, tools: NO_LIGHTHOUSE },
    { name: "desk: new post", path: "/admin/posts/new", desk: true, tools: NO_LIGHTHOUSE },
    { name: "desk: media", path: "/admin/media", desk: true, tools: NO_LIGHTHOUSE },
  ];
}
