// `npm run bench`: throughput and latency of the built Worker on 127.0.0.1,
// next to a trivial Worker in the same runtime, plus the bundle size.
// Each load runs for a fixed time at a fixed concurrency, then stops.
//   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 32)
import autocannon from "autocannon";
import { buildWorker, startBlog, startTrivial } from "./lib/harness.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

// The yardstick: a fixed 10 KB HTML page, no storage, no rendering.
const TRIVIAL_PAGE = `<!DOCTYPE html><html><body>${"<p>edgepress benchmark filler text.</p>".repeat(260)}</body></html>`.slice(0, 10240);
const TRIVIAL_SCRIPT = `const page = ${JSON.stringify(TRIVIAL_PAGE)};
export default { fetch() { return new Response(page, { headers: { "content-type": "text/html; charset=UTF-8" } }); } };`;

async function load(url, label) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  const bad = result.non2xx + result.errors + result.timeouts;
  return { label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad, total: result.requests.total };
}

function table(rows) {
  const header = ["target", "req/s", "p50 ms", "p99 ms", "non-2xx/errors", "÷ trivial"];
  const lines = rows.map((r) => [r.label, r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), String(r.bad), r.ratio === undefined ? "" : r.ratio.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  return [fmt(header), "| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |", ...lines.map(fmt)].join("\n");
}

const size = buildWorker();
const blog = await startBlog();
const trivial = await startTrivial(TRIVIAL_SCRIPT);
try {
  const hebrew = "/" + encodeURIComponent("למה-לכתוב-בלוג");
  // Warm both before measuring.
  await Promise.all([fetch(blog.url + "/"), fetch(blog.url + hebrew), fetch(trivial.url)]);
  const base = await load(trivial.url + "/", "trivial worker, fixed 10 KB page");
  const rows = [base];
  for (const [path, label] of [["/", "GET / (index)"], [hebrew, "GET /<Hebrew post>"]]) {
    const row = await load(blog.url + path, label);
    row.ratio = row.rps / base.rps;
    rows.push(row);
  }
  console.log(`\nedgepress bench: ${seconds} s each, ${connections} connections, 127.0.0.1, built worker in workerd (Miniflare)\n`);
  console.log(table(rows));
  console.log(`\nworker bundle (wrangler deploy --dry-run): ${size.rawKiB.toFixed(1)} KiB raw, ${size.gzipKiB.toFixed(1)} KiB gzip (budget 100 KiB)`);
  console.log(`reproduce: npm run bench   (BENCH_SECONDS=${seconds} BENCH_CONNECTIONS=${connections})`);
} finally {
  await blog.stop();
  await trivial.stop();
}
