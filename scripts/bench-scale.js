// `npm run bench -- --scale`: does a page view cost the same whatever the
// blog's size? Builds, through the real import path (the admin API the CLI
// uses), a blog of 10,000 posts and one post with 10,000 approved comments
// (a third of them replies), then for each page kind prints: the first view
// of the page in a fresh isolate ("cold": a Worker just started, which has
// served three pages rendered by the same code from other keys, so its code
// is compiled and its start-up garbage collected as on a busy blog; the
// median of several such isolates), a fixed page's first view of the same
// size in the same harness (what any page costs here before the blog does
// anything), the blog's own part (each cold view less the fixed page's taken
// right after it: the median of those differences; the kinds' samples are
// interleaved, so a slow stretch of the machine weighs on every row), the median
// view after it, the HTML bytes, the KV reads and bytes a view makes
// (the Worker reports them under KV_STATS), and req/s, next to the same page
// kind on the demo blog. Also the KV keys and bytes a publish and a
// moderation write. The built Workers in workerd (Miniflare), 127.0.0.1.
//   SCALE_POSTS (default 10000), SCALE_COMMENTS (default 10000), BENCH_SECONDS (default 5),
//   BENCH_CONNECTIONS (default 16), BENCH_ROUNDS (default 3), BENCH_COLD_SAMPLES (default 9: fresh
//   isolates per cold first view, median), SCALE_DIR (keep the built blog in this folder and reuse it
//   next time: for scripts/profile-view.js and repeated runs; the publish and moderation it measures
//   then change it, so a reused blog has one more post; one built by other code is refused), SCALE_COLD_ONLY=1 (print the cold first views and stop), SCALE_KINDS (comma-separated words: only the page kinds
//   whose label holds one)
import autocannon from "autocannon";
import http from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startBlog, startTrivial } from "./lib/harness.js";
import { ROOT, readDevVars } from "./lib/local.js";

const POSTS = Number(process.env.SCALE_POSTS ?? 10_000);
const COMMENTS = Number(process.env.SCALE_COMMENTS ?? 10_000);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COLD_SAMPLES = Number(process.env.BENCH_COLD_SAMPLES ?? 9);
const TOKEN = readDevVars(readFileSync(join(ROOT, ".dev.vars.example"), "utf8")).ADMIN_TOKEN;
const SITE = "https://old-blog.example";
const BIG = "a-very-long-conversation";
const T0 = Date.parse("2016-01-01T00:00:00Z");
const TAGS = ["bread", "trails", "code", "books", "notes", "travel", "photos", "music", "garden", "family"];
// Two thirds of the comments head threads, 50 threads a page: page 100 exists from 7,500 comments on.
const COMMENT_PAGE = Math.min(100, Math.ceil((COMMENTS * 2) / 3 / 50));
const UNLIMITED = { limit: 1_000_000_000, period: 60 };
const words = "the edge serves each page from a key of its own and the reader never waits for the whole blog".split(" ");
const sentence = (n, len) => Array.from({ length: len }, (_, i) => words[(n * 7 + i * 3) % words.length]).join(" ");

async function api(url, method, path, body, retried = false) {
  let res;
  try {
    res = await fetch(url + path, { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "x-kv-stats": "count" }, body: JSON.stringify(body) });
  } catch (err) {
    // After a long request the server may have closed the kept-alive socket the client reuses: send once more.
    if (retried || err?.cause?.code !== "ECONNRESET") throw err;
    return api(url, method, path, body, true);
  }
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return { json: await res.json(), kv: kvOf(res) };
}

/** What the Worker reported about its KV traffic (KV_STATS). */
function kvOf(res) {
  // A fetch Response's headers, or node:http's (timedGet).
  const timing = typeof res.headers.get === "function" ? res.headers.get("server-timing") : res.headers["server-timing"];
  const m = /dur=(\d+);desc="reads=(\d+) read_bytes=(\d+) writes=(\d+) written_bytes=(\d+)/.exec(timing ?? "");
  return m ? { waitMs: +m[1], reads: +m[2], readBytes: +m[3], writes: +m[4], writtenBytes: +m[5] } : null;
}

async function build(url) {
  const started = performance.now();
  for (let i = 0; i < POSTS; i += 25) {
    const posts = [];
    for (let n = i; n < Math.min(POSTS, i + 25); n++) {
      const slug = n === 0 ? BIG : `post-${n}`;
      posts.push({
        wpId: n + 1,
        slug,
        title: n === 0 ? "A very long conversation" : `Post number ${n}: ${sentence(n, 5)}`,
        lang: "en",
        html: `<p>${sentence(n, 60)}.</p><p>${sentence(n + 1, 80)}.</p>`,
        excerpt: "",
        tags: [TAGS[n % TAGS.length], TAGS[(n * 3 + 1) % TAGS.length]],
        status: "published",
        // The conversation's post is the newest; the others spread over the ten years before it.
        publishedAt: n === 0 ? T0 + POSTS * 8 * 3_600_000 : T0 + n * 8 * 3_600_000,
        updatedAt: T0 + n * 8 * 3_600_000,
        commentsOpen: true,
      });
    }
    await api(url, "POST", "/api/admin/import/posts", { site: SITE, posts });
  }
  const postsDone = performance.now();
  for (let i = 0; i < COMMENTS; i += 200) {
    const comments = [];
    for (let n = i; n < Math.min(COMMENTS, i + 200); n++) {
      // A third are replies, to a comment a little before them (in this batch or an earlier one).
      const parent = n % 3 === 2 ? n - 1 - (n % 7) : null;
      comments.push({
        wpId: n + 1,
        postWpId: 1,
        parentWpId: parent === null || parent < 0 ? null : parent + 1,
        authorName: `Reader ${n % 400}`,
        authorEmail: `reader${n % 400}@example.com`,
        authorUrl: "",
        authorIp: "",
        body: `${sentence(n, 25)} (${n})`,
        status: "approved",
        createdAt: T0 + POSTS * 8 * 3_600_000 + n * 60_000,
        isAuthor: false,
      });
    }
    await api(url, "POST", "/api/admin/import/comments", { site: SITE, comments });
  }
  let { json } = await api(url, "POST", "/api/admin/import/finish", { slugs: [BIG] });
  while (json.listsPending) ({ json } = await api(url, "POST", "/api/admin/import/finish", { slugs: [] }));
  console.log(`built through the import API: ${POSTS} posts in ${((postsDone - started) / 1000).toFixed(1)} s, ${COMMENTS} comments in ${((performance.now() - postsDone) / 1000).toFixed(1)} s`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The first view of `path` in a Worker just started (a fresh isolate, as a
 * reader meets after a deploy or when the isolate was evicted), right after
 * views of `siblings` there (rendered by the same code from other keys, so
 * the isolate's start-up is paid: its code compiled, and the garbage
 * collection of what starting made, which lands on one of its first few
 * requests; what is left is this page's KV reads and rendering, with its KV
 * memory empty). The median of COLD_SAMPLES fresh isolates, so one slow
 * moment of the shared machine does not make the row. firstRequest() gives
 * what the start-up itself costs.
 */
/**
 * A GET with node:http on a kept-alive connection: what the timed views use.
 * Node's fetch (undici, web streams) adds about 2 ms of its own to each
 * request, more than a view's KV wait; this client adds well under one
 * (measured on a Worker that returns a fixed page), so the times are the
 * Worker's and the runtime's, not the client's.
 */
const agent = new http.Agent({ keepAlive: true });
function timedGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

async function coldSample(path, siblings) {
  const fresh = await startBlog({ persistDir: scaleDir, rateLimit: UNLIMITED, bindings, seed: false });
  try {
    for (const sibling of siblings) {
      const seen = await timedGet(fresh.url + sibling);
      if (seen.status !== 200) throw new Error(`${sibling}: ${seen.status}`);
    }
    // Timed: the KV reads and their wait are reported, their bytes are not counted (work a real view does not do).
    const t = performance.now();
    const first = await timedGet(fresh.url + path, { "x-kv-stats": "cold-timing" });
    const ms = performance.now() - t;
    if (first.status !== 200) throw new Error(`${path}: ${first.status}`);
    // The same reads again (an empty KV memory), counted in bytes.
    const counted = await timedGet(fresh.url + path, { "x-kv-stats": "cold" });
    return { ms, kv: { ...kvOf(counted), waitMs: kvOf(first)?.waitMs }, bytes: first.body.length };
  } finally {
    await fresh.stop();
  }
}

/**
 * Each page kind's cold first view and the fixed page's, COLD_SAMPLES times,
 * interleaved (one of each kind, then again), so that a slow stretch of the
 * shared machine weighs on every row alike instead of making one; each cold
 * view is paired with a fixed page's first view taken right after it, and
 * their difference is the blog's own part of that view.
 */
async function coldViews(rows) {
  for (const row of rows) Object.assign(row, { runs: [], floors: [], own: [] });
  for (let i = 0; i < COLD_SAMPLES; i++) {
    for (const row of rows) {
      const run = await coldSample(row.path, row.siblings);
      const floor = await fixedColdSample(run.bytes);
      row.runs.push(run);
      row.floors.push(floor);
      row.own.push(run.ms - floor);
    }
  }
  for (const row of rows) {
    const runs = [...row.runs].sort((a, b) => a.ms - b.ms);
    const middle = runs[Math.floor(runs.length / 2)];
    Object.assign(row, { cold: middle.ms, coldRange: [runs[0].ms, runs[runs.length - 1].ms], kv: middle.kv, bytes: middle.bytes, floor: median(row.floors), ownMs: median(row.own) });
  }
}

/** An isolate's very first request, `path` itself: compiling the code it runs, and often the start-up collection. */
async function firstRequest(path) {
  const runs = [];
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const fresh = await startBlog({ persistDir: scaleDir, rateLimit: UNLIMITED, bindings, seed: false });
    try {
      const t = performance.now();
      await timedGet(fresh.url + path);
      runs.push(performance.now() - t);
    } finally {
      await fresh.stop();
    }
  }
  return median(runs);
}

const fixedWorker = (bytes) => `const page = ${JSON.stringify("x".repeat(bytes))};\nexport default { fetch() { return new Response(page, { headers: { "content-type": "text/html; charset=UTF-8" } }); } };`;

/**
 * The same first view of a Worker that returns a fixed page of that size
 * (no storage, no rendering), in the same runtime and harness: what any
 * page's first view costs here before the blog does anything.
 */
async function fixedColdSample(bytes) {
  const fixed = await startTrivial(fixedWorker(bytes));
  try {
    await timedGet(fixed.url + "/sibling");
    const t = performance.now();
    await timedGet(fixed.url + "/");
    return performance.now() - t;
  } finally {
    await fixed.stop();
  }
}

/** The median of 30 views of `path` in a Worker that has served it already (rendered page in isolate memory). */
async function warmView(blog, path) {
  await timedGet(blog.url + path);
  const warm = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await timedGet(blog.url + path);
    warm.push(performance.now() - t);
  }
  return { warm: median(warm) };
}

function sourceStamp() {
  try {
    const git = (...args) => execFileSync("git", args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).toString();
    return `${git("rev-parse", "HEAD:src").trim()} ${createHash("sha256").update(git("diff", "HEAD", "--", "src")).digest("hex").slice(0, 12)}`;
  } catch {
    return "no git";
  }
}

async function rps(url, path) {
  const result = await autocannon({ url: url + path, connections, duration: seconds });
  return result.requests.total / seconds;
}


const keep = process.env.SCALE_DIR;
const scaleDir = keep ?? mkdtempSync(join(tmpdir(), "edgepress-scale-"));
// What a kept blog was built with: the posts this script builds, and the code that wrote their keys (src/ as committed, and any change to it not committed yet).
const BUILT = `bench 2, ${POSTS} posts, ${COMMENTS} comments, ${sourceStamp()}`;
const reuse = keep !== undefined && existsSync(join(keep, "built"));
if (reuse && readFileSync(join(keep, "built"), "utf8").split("\n")[1] !== BUILT) {
  console.error(`${keep} was built by another version of this script or of the blog (its keys may lack what pages read now): remove it, or choose another SCALE_DIR`);
  process.exit(1);
}
const demoDir = mkdtempSync(join(tmpdir(), "edgepress-scale-demo-"));
const bindings = { KV_STATS: "1" };
try {
  let blog = await startBlog({ persistDir: scaleDir, rateLimit: UNLIMITED, bindings, seed: !reuse });
  if (!reuse) await build(blog.url);
  const lastIndexPage = Math.min(500, Math.ceil(POSTS / 10));
  // [label, path, pages viewed just before (same code, other KV keys: warm code, cold data), the same kind on the demo blog]
  // A page with comment pages has another such post's before it (post-30: three pages), so the pager's code is warm too.
  // The big post's page comes first and its comment page last, so the keys they share (the post, the summary) are long out of isolate memory.
  const kinds = [
    [`post, ${COMMENTS} comments`, `/${BIG}`, ["/post-30", "/post-23", "/post-25"], null],
    ["index", "/", [`/tag/${TAGS[3]}`, `/tag/${TAGS[5]}`, `/tag/${TAGS[6]}`], "/"],
    [`index page ${lastIndexPage}`, `/?page=${lastIndexPage}`, [`/tag/${TAGS[4]}?page=40`, `/tag/${TAGS[7]}?page=45`, `/tag/${TAGS[8]}?page=50`], "/"],
    ["tag", `/tag/${TAGS[1]}`, [`/tag/${TAGS[2]}`, `/tag/${TAGS[3]}`, `/tag/${TAGS[4]}`], "/tag/bread"],
    ["post, 23 comments", "/post-23", ["/post-24", "/post-25", `/${BIG}/comment-page-2/`], null],
    ["feed", "/feed.xml", [`/${BIG}/comments.xml`, "/post-23/comments.xml", "/post-24/comments.xml"], "/feed.xml"],
    ["sitemap", "/sitemap.xml", ["/sitemap-2.xml", "/sitemap-3.xml", "/sitemap-4.xml"], "/sitemap.xml"],
    [`comment page ${COMMENT_PAGE}`, `/${BIG}/comment-page-${COMMENT_PAGE}/`, ["/post-30/comment-page-2/", "/post-30/comment-page-3/", "/post-23"], null],
  ];
  if (!reuse) {
    // 23 approved comments on one ordinary post, threaded, for the small-post row; 120 threads on another (three comment pages), viewed before the pages with a pager.
    const small = [];
    for (let n = 0; n < 23; n++) small.push({ wpId: 900_000 + n, postWpId: 24, parentWpId: n % 3 === 2 ? 900_000 + n - 1 : null, authorName: `Guest ${n}`, authorEmail: "", authorUrl: "", authorIp: "", body: sentence(n, 30), status: "approved", createdAt: T0 + n * 60_000, isAuthor: false });
    for (let n = 0; n < 120; n++) small.push({ wpId: 910_000 + n, postWpId: 31, parentWpId: null, authorName: `Visitor ${n}`, authorEmail: "", authorUrl: "", authorIp: "", body: sentence(n, 20), status: "approved", createdAt: T0 + n * 60_000, isAuthor: false });
    await api(blog.url, "POST", "/api/admin/import/comments", { site: SITE, comments: small });
    await api(blog.url, "POST", "/api/admin/import/finish", { slugs: ["post-23", "post-30"] });
    if (keep) writeFileSync(join(keep, "built"), `${new Date().toISOString()}\n${BUILT}\n`);
  }

  // Cold first views, each in fresh isolates of their own (the blog is stopped meanwhile: one workerd on the files).
  await blog.stop();
  // SCALE_KINDS=post,comment: only the page kinds whose label holds one of these words (with SCALE_COLD_ONLY, a quick look).
  const only = process.env.SCALE_KINDS?.split(",").filter(Boolean);
  const rows = kinds.filter(([label]) => !only || only.some((word) => label.includes(word))).map(([label, path, siblings, demoPath]) => ({ label, path, siblings, demoPath }));
  await coldViews(rows);
  const startup = { post: await firstRequest(`/${BIG}`), index: await firstRequest("/") };
  const startupLine = `An isolate's very first request (the same pages, compiling the code they run): the post with ${COMMENTS} comments ${startup.post.toFixed(1)} ms, the index ${startup.index.toFixed(1)} ms (medians of ${COLD_SAMPLES}).`;
  if (process.env.SCALE_COLD_ONLY) {
    // Only the first views (a quick look while working on them): no load, nothing written.
    console.log("| page | cold first view ms (range) | of it, waiting for KV | a fixed page's first view | the blog's own part | HTML KiB | KV reads (KiB) |");
    for (const r of rows) console.log(`| ${r.label} | ${r.cold.toFixed(1)} (${r.coldRange.map((x) => x.toFixed(1)).join("–")}) | ${r.kv ? r.kv.waitMs : "?"} | ${r.floor.toFixed(1)} | ${r.ownMs.toFixed(1)} | ${(r.bytes / 1024).toFixed(1)} | ${r.kv ? `${r.kv.reads} (${(r.kv.readBytes / 1024).toFixed(1)})` : "?"} |`);
    console.log(`\n${startupLine}`);
    rmSync(demoDir, { recursive: true, force: true });
    if (!keep) rmSync(scaleDir, { recursive: true, force: true });
    process.exit(0);
  }
  blog = await startBlog({ persistDir: scaleDir, rateLimit: UNLIMITED, bindings, seed: false });
  for (const row of rows) Object.assign(row, await warmView(blog, row.path));
  // What a publish and a moderation write, on the big blog (after the views: it changes the lists and the big post).
  const publish = await api(blog.url, "PUT", "/api/admin/posts/a-new-post", { title: "A new post", markdown: "Fresh words.", tags: [TAGS[0]] });
  const { json: list } = await fetch(`${blog.url}/api/admin/comments?status=approved&post=${BIG}`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(async (r) => ({ json: await r.json() }));
  const someone = list.comments[0].id;
  const trash = await api(blog.url, "POST", "/api/admin/comments/moderate", { ids: [someone], action: "trash" });
  const back = await api(blog.url, "POST", "/api/admin/comments/moderate", { ids: [someone], action: "approve" });

  // Throughput, next to the same page kind on the demo blog and to a Worker that returns a fixed page
  // of the same size (no storage, no rendering): all running at once, rounds interleaved, medians,
  // so the machine's drift weighs on every column alike.
  const demo = await startBlog({ persistDir: demoDir, rateLimit: UNLIMITED, bindings });
  const demoPosts = (await (await fetch(`${demo.url}/api/posts`)).json()).posts;
  const demoPost = new URL(demoPosts.find((p) => p.lang === "he")?.url ?? demoPosts[0].url).pathname;
  const fixed = [];
  for (const row of rows) fixed.push(await startTrivial(fixedWorker(row.bytes)));
  for (const row of rows) Object.assign(row, { runs: [], demoRuns: [], fixedRuns: [] });
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, row] of rows.entries()) {
      row.runs.push(await rps(blog.url, row.path));
      row.demoRuns.push(await rps(demo.url, row.demoPath ?? demoPost));
      row.fixedRuns.push(await rps(fixed[i].url, "/"));
    }
  }
  for (const row of rows) {
    Object.assign(row, { rps: median(row.runs), demoRps: median(row.demoRuns), fixedRps: median(row.fixedRuns) });
    row.demoRatio = median(row.runs.map((r, i) => r / row.demoRuns[i]));
    row.fixedRatio = median(row.runs.map((r, i) => r / row.fixedRuns[i]));
  }
  await Promise.all([blog.stop(), demo.stop(), ...fixed.map((f) => f.stop())]);

  console.log(`\nedgepress at scale: ${POSTS} posts, one post with ${COMMENTS} comments (a third replies); built Workers in workerd; cold views: median of ${COLD_SAMPLES} fresh isolates; ${connections} connections, ${seconds} s a load, ${ROUNDS} interleaved rounds, medians; 127.0.0.1\n`);
  console.log("| page | cold first view ms (range) | of it, waiting for KV | a fixed page's first view | the blog's own part | cached view ms | HTML KiB | KV reads (KiB) | req/s | demo blog req/s | ÷ demo | ÷ fixed page of that size |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    console.log(`| ${r.label} | ${r.cold.toFixed(1)} (${r.coldRange.map((x) => x.toFixed(1)).join("–")}) | ${r.kv ? r.kv.waitMs : "?"} | ${r.floor.toFixed(1)} | ${r.ownMs.toFixed(1)} | ${r.warm.toFixed(1)} | ${(r.bytes / 1024).toFixed(1)} | ${r.kv ? `${r.kv.reads} (${(r.kv.readBytes / 1024).toFixed(1)})` : "?"} | ${r.rps.toFixed(0)} | ${r.demoRps.toFixed(0)} | ${r.demoRatio.toFixed(2)} | ${r.fixedRatio.toFixed(2)} |`);
  }
  console.log(`\n${startupLine}`);
  const w = (x) => (x.kv ? `${x.kv.writes} keys, ${(x.kv.writtenBytes / 1024).toFixed(1)} KiB` : "?");
  console.log(`\nKV written: publishing a post ${w(publish)}; trashing a comment of the ${COMMENTS}-comment post ${w(trash)}; approving it again ${w(back)}`);
  const over = rows.filter((r) => r.bytes > 150 * 1024).map((r) => r.label);
  console.log(over.length ? `pages over 150 KB of HTML: ${over.join(", ")}` : "no page over 150 KB of HTML");
} finally {
  if (!keep) rmSync(scaleDir, { recursive: true, force: true });
  rmSync(demoDir, { recursive: true, force: true });
}
