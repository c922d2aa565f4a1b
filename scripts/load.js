// `npm run test:load`: mixed traffic against the built Worker on 127.0.0.1,
// for a fixed time, then it stops by itself: 90% page reads across posts,
// 10% comment POSTs with distinct clients and texts. Passes when there is no
// 5xx and every 303 matches exactly one stored row. Prints p50/p99.
//   LOAD_SECONDS (default 60), LOAD_CONNECTIONS (default 16)
import { startBlog } from "./lib/harness.js";

const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 16);
const POST_SHARE = 0.1;

const blog = await startBlog({ rateLimit: { limit: 1_000_000, period: 60 } });
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

try {
  const { posts } = await (await fetch(`${blog.url}/api/posts`)).json();
  const paths = ["/", "/feed.xml", ...posts.map((p) => new URL(p.url).pathname)];
  const slugs = posts.map((p) => p.slug);

  const stats = { read: [], post: [], statuses: {}, created: [], errors: 0 };
  let n = 0;
  const deadline = Date.now() + seconds * 1000;
  async function worker() {
    while (Date.now() < deadline) {
      const i = n++;
      const isPost = Math.random() < POST_SHARE;
      const started = performance.now();
      try {
        let res;
        if (isPost) {
          const slug = slugs[i % slugs.length];
          const text = `load comment ${i} · עברית 🌿`;
          res = await fetch(`${blog.url}/${encodeURIComponent(slug)}/comments`, {
            method: "POST",
            redirect: "manual",
            headers: { "content-type": "application/x-www-form-urlencoded", "cf-connecting-ip": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
            body: new URLSearchParams({ author: `Load ${i}`, email: `load${i}@example.com`, comment: text, token: await blog.formToken(slug) }),
          });
          if (res.status === 303) stats.created.push({ id: Number(/#comment-(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]), text, slug });
        } else {
          res = await fetch(blog.url + paths[i % paths.length]);
        }
        await res.arrayBuffer();
        stats[isPost ? "post" : "read"].push(performance.now() - started);
        stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
      } catch (err) {
        stats.errors++;
        if (stats.errors <= 3) console.error("request failed:", err.message);
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - t0) / 1000;

  // Every 303 must be exactly one row with the text that was sent, and no row may exist without its 303.
  const { results } = await blog.DB.prepare("SELECT id, body, post_slug FROM comments WHERE body LIKE 'load comment %'").all();
  const rows = new Map(results.map((r) => [r.id, r]));
  const mismatched = stats.created.filter((c) => rows.get(c.id)?.body !== c.text || rows.get(c.id)?.post_slug !== c.slug);
  const fiveXx = Object.entries(stats.statuses).filter(([s]) => s >= 500).reduce((sum, [, count]) => sum + count, 0);

  const line = (label, xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `| ${label.padEnd(22)} | ${String(xs.length).padStart(7)} | ${(xs.length / elapsed).toFixed(0).padStart(6)} | ${percentile(sorted, 50).toFixed(1).padStart(6)} | ${percentile(sorted, 99).toFixed(1).padStart(6)} |`;
  };
  console.log(`\nedgepress load: ${elapsed.toFixed(1)} s, ${connections} connections, ${Math.round(POST_SHARE * 100)}% comment POSTs, 127.0.0.1, built worker in workerd\n`);
  console.log("| traffic                | requests |  req/s | p50 ms | p99 ms |");
  console.log("| ---------------------- | -------: | -----: | -----: | -----: |");
  console.log(line("page reads", stats.read));
  console.log(line("comment POSTs", stats.post));
  console.log(line("all", [...stats.read, ...stats.post]));
  console.log(`\nstatuses: ${JSON.stringify(stats.statuses)}; network errors: ${stats.errors}`);
  console.log(`comment POSTs answered 303: ${stats.created.length}; rows stored: ${results.length}; mismatched: ${mismatched.length}`);
  const ok = fiveXx === 0 && stats.errors === 0 && mismatched.length === 0 && results.length === stats.created.length && stats.created.length > 0;
  console.log(ok ? "PASS: no 5xx, every 303 is exactly one stored row" : "FAIL");
  process.exitCode = ok ? 0 : 1;
} finally {
  await blog.stop();
}
