// `npm run bench`: throughput and latency of the built Worker on 127.0.0.1,
// next to trivial Workers in the same runtime (workerd via Miniflare), plus
// the bundle size. Every load runs for a fixed time at a fixed concurrency,
// then stops by itself.
//   BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default 32), BENCH_POSTS (default 3000), BENCH_ROUNDS (default 3)
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWorker, startBlog, startTrivial } from "./lib/harness.js";
import { ROOT, offlineEnv } from "./lib/local.js";
import { BUDGET_GZIP_KIB } from "./bundle-size.js";

// `npm run bench -- --scale`: the same Worker at 10,000 posts and 10,000 comments on one post.
if (process.argv.includes("--scale")) {
  await import("./bench-scale.js");
  process.exit(process.exitCode ?? 0);
}

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const postAmount = Number(process.env.BENCH_POSTS ?? 3000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

// Yardstick 1: a fixed 10 KB HTML page, no storage, no rendering.
const TRIVIAL_PAGE = `<!DOCTYPE html><html><body>${"<p>edgepress benchmark filler text.</p>".repeat(260)}</body></html>`.slice(0, 10240);
const TRIVIAL_PAGE_WORKER = `const page = ${JSON.stringify(TRIVIAL_PAGE)};
export default { fetch() { return new Response(page, { headers: { "content-type": "text/html; charset=UTF-8" } }); } };`;

// Yardstick 2: read a urlencoded form, insert one row into D1, redirect 303.
const TRIVIAL_INSERT_WORKER = `export default { async fetch(request, env) {
  const form = new URLSearchParams(await request.text());
  const row = await env.DB.prepare("INSERT INTO c (body, created_at) VALUES (?1, ?2) RETURNING id").bind(form.get("comment"), Date.now()).first();
  return new Response(null, { status: 303, headers: { location: "/post#comment-" + row.id } });
} };`;

async function load(label, options) {
  // Writes run a fixed number of requests (all answered, so 303s can be matched to rows);
  // reads run for a fixed time. Both stop by themselves.
  const limit = options.method === "POST" || options.requests ? { amount: postAmount } : { duration: seconds };
  const started = performance.now();
  const result = await autocannon({ connections, pipelining: 1, ...limit, ...options });
  const elapsed = (performance.now() - started) / 1000;
  const expected = options.expect ?? 200;
  const ok = expected === 303 ? result["3xx"] : result["2xx"];
  // Requests over measured elapsed time: autocannon's per-second figures are coarse for short runs.
  return { label, rps: result.requests.total / elapsed, p50: result.latency.p50, p99: result.latency.p99, bad: result.requests.total - ok + result.errors + result.timeouts, ok, total: result.requests.total };
}

function table(rows) {
  const header = ["target", "req/s", "p50 ms", "p99 ms", "not ok", "÷ yardstick"];
  const lines = rows.map((r) => [r.label, r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), String(r.bad), r.ratio === undefined ? "" : r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  return [fmt(header), "| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |", ...lines.map(fmt)].join("\n");
}

/** Brings the Hebrew demo post to 23 approved comments, threaded, as the benchmark asks. */
async function give23Comments(blog) {
  const slug = blog.code.HEBREW_DEMO_SLUG;
  const { n } = await blog.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE post_slug = ?1 AND status = 'approved'").bind(slug).first();
  const base = Date.parse("2026-10-24T08:00:00Z");
  let parent = null;
  for (let i = n; i < 23; i++) {
    const row = await blog.DB.prepare(
      "INSERT INTO comments (post_slug, parent_id, author_name, body, status, created_at) VALUES (?1, ?2, ?3, ?4, 'approved', ?5) RETURNING id",
    )
      .bind(slug, i % 3 === 0 ? null : parent, `קורא ${i}`, `תגובה מספר ${i}: עברית, English, ו־emoji 🌿 ביחד.\nשורה שנייה עם קישור https://example.com/${i}`, base + i * 60_000)
      .first();
    parent = row.id;
  }
  // With the Worker's vars, as the Worker would rebuild them: the threads rendered ahead of time, as readers get them.
  await blog.code.rebuildCommentSnapshots({ ...blog.vars, DB: blog.DB, POSTS: blog.POSTS }, [slug]);
  return "/" + encodeURIComponent(slug);
}

/**
 * Comment POSTs with a distinct client address, text and form token each (a
 * token is good for one comment), tokens minted ahead so minting is not timed.
 */
let posted = 0; // across rounds: every comment has its own client and text

async function commentPostLoad(url, slug, tokens, label) {
  return load(label, {
    url: `${url}/${encodeURIComponent(slug)}/comments`,
    expect: 303,
    requests: [
      {
        method: "POST",
        setupRequest(request) {
          const n = ++posted;
          request.headers = { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
          request.body = new URLSearchParams({ author: `Bench ${n}`, email: `bench${n}@example.com`, comment: `bench comment ${n} שלום`, token: tokens[n % tokens.length] }).toString();
          return request;
        },
      },
    ],
  });
}

/** Seconds from spawning a fresh `wrangler dev` (empty local state) to its first 200. */
async function startupSeconds(port = 8799) {
  const state = mkdtempSync(join(tmpdir(), "edgepress-startup-"));
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--show-interactive-dev-session=false"], { cwd: ROOT, env: offlineEnv(), stdio: "ignore" });
  try {
    for (;;) {
      if (performance.now() - started > 120_000) throw new Error("wrangler dev did not answer within 120 s");
      try {
        if ((await fetch(`http://127.0.0.1:${port}/robots.txt`)).status === 200) return (performance.now() - started) / 1000;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill("SIGTERM");
    rmSync(state, { recursive: true, force: true });
  }
}

/** The spam evaluation's pooled lines (the real scorer on the shared labeled data), if the data is there. */
function spamSummary() {
  const run = spawnSync(process.execPath, [join(ROOT, "scripts/spam-eval.js")], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const lines = (run.stdout ?? "").split("\n");
  const keep = lines.filter((l) => /^(YouTube|SMS|pooled|target|scoring time|model trained)/.test(l.trim()) || /no labeled data/i.test(l));
  return keep.length ? keep.join("\n") : "(spam evaluation printed nothing: see npm run spam:eval)";
}

const size = buildWorker();
const blog = await startBlog({ rateLimit: { limit: 1_000_000, period: 60 } });
const page = await startTrivial(TRIVIAL_PAGE_WORKER);
const insert = await startTrivial(TRIVIAL_INSERT_WORKER, { d1Databases: ["DB"] });
try {
  const insertDb = await insert.mf.getD1Database("DB");
  await insertDb.exec("CREATE TABLE IF NOT EXISTS c (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT, created_at INTEGER)");
  const hebrew = await give23Comments(blog);
  // Warm up every target, so no row pays a first-request cost.
  await Promise.all([fetch(blog.url + "/"), fetch(blog.url + hebrew), fetch(page.url)]);
  for (let i = 0; i < 20; i++) await fetch(insert.url + "/post/comments", { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "comment=warm" });

  // The load generator shares two cores with the Workers, so one run of a row says little:
  // each target runs ROUNDS times, interleaved with its yardstick, and the medians are reported.
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summarize = (label, runs) => ({
    label,
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    bad: runs.reduce((sum, r) => sum + r.bad, 0),
    ok: runs.reduce((sum, r) => sum + r.ok, 0),
  });
  const pageRuns = { base: [], index: [], post: [] };
  const postRuns = { base: [], ours: [] };
  const before = (await blog.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE body LIKE 'bench comment %'").first()).n;
  const tokens = await Promise.all(Array.from({ length: rounds * postAmount + 1 }, () => blog.formToken("hello-from-the-edge")));
  for (let round = 0; round < rounds; round++) {
    pageRuns.base.push(await load("yardstick", { url: page.url + "/" }));
    pageRuns.index.push(await load("index", { url: blog.url + "/" }));
    pageRuns.post.push(await load("post", { url: blog.url + hebrew }));
    postRuns.base.push(
      await load("insert", {
        url: insert.url + "/post/comments",
        expect: 303,
        requests: [{ method: "POST", setupRequest: (r) => ({ ...r, headers: { "content-type": "application/x-www-form-urlencoded" }, body: `comment=${Math.random()}` }) }],
      }),
    );
    postRuns.ours.push(await commentPostLoad(blog.url, "hello-from-the-edge", tokens, "posts"));
  }
  const pageBase = summarize("yardstick: fixed 10 KB page", pageRuns.base);
  const insertBase = summarize("yardstick: insert 1 row + 303", postRuns.base);
  const rows = [
    pageBase,
    { ...summarize("GET / (index)", pageRuns.index), ratio: median(pageRuns.index.map((r, i) => r.rps / pageRuns.base[i].rps)) },
    { ...summarize("GET /<Hebrew post, 23 comments>", pageRuns.post), ratio: median(pageRuns.post.map((r, i) => r.rps / pageRuns.base[i].rps)) },
    insertBase,
    { ...summarize("POST /<post>/comments", postRuns.ours), ratio: median(postRuns.ours.map((r, i) => r.rps / postRuns.base[i].rps)) },
  ];
  const posts = rows[4];
  const stored = (await blog.DB.prepare("SELECT COUNT(*) AS n FROM comments WHERE body LIKE 'bench comment %'").first()).n - before;

  console.log(`\nedgepress bench: ${rounds} interleaved rounds, medians; GETs ${seconds} s and POSTs ${postAmount} requests per run; ${connections} connections; 127.0.0.1; the built worker in workerd (Miniflare)\n`);
  console.log(table(rows));
  console.log(`\ncomment POSTs: ${posts.ok} answered 303, ${stored} rows stored: ${posts.ok === stored ? "every 303 is one row" : "MISMATCH"}`);
  for (const [name, s] of [["reader", size.reader], ["desk", size.desk]]) console.log(`${name} worker bundle (wrangler deploy --dry-run): ${s.rawKiB.toFixed(1)} KiB raw, ${s.gzipKiB.toFixed(1)} KiB gzip (budget ${BUDGET_GZIP_KIB[name]} KiB)`);
  console.log(`start-up: a fresh \`wrangler dev\` answered its first request after ${(await startupSeconds()).toFixed(1)} s`);
  console.log(`\nspam evaluation (npm run spam:eval, pooled):\n${spamSummary()}`);
  console.log(`reproduce: npm run bench   (BENCH_SECONDS=${seconds} BENCH_CONNECTIONS=${connections} BENCH_POSTS=${postAmount} BENCH_ROUNDS=${rounds})`);
  if (posts.ok !== stored) process.exitCode = 1;
} finally {
  await Promise.all([blog.stop(), page.stop(), insert.stop()]);
}
