// `node scripts/profile-view.js <blog folder> <path> [sibling path]`: where a
// page's first view in a fresh isolate spends its time. Starts the built
// Workers on a blog kept by the scale benchmark (SCALE_DIR=… npm run bench --
// --scale), views `sibling` (default /robots.txt) so the code is compiled and
// the storage started, then views `path` under the V8 sampling profiler
// (Chrome DevTools Protocol) and prints the functions that took the most of it,
// with the wall time and the KV wait the Worker reported. PROFILE_RUNS
// (default 5) fresh isolates, their samples added up.
import { startBlog } from "./lib/harness.js";
import { WebSocket } from "ws";

const [dir, path, sibling = "/robots.txt"] = process.argv.slice(2);
if (!dir || !path) {
  console.error("usage: node scripts/profile-view.js <blog folder> <path> [sibling path]");
  process.exit(2);
}
const RUNS = Number(process.env.PROFILE_RUNS ?? 5);
const INSPECTOR = 9229 + Math.floor(Math.random() * 500);

async function devtools(port) {
  // The reader Worker's isolate ("core:user:<name>").
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const target = targets.find((t) => t.id === "core:user:edgepress") ?? targets[0];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let id = 0;
  const waiting = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(String(data));
    if (msg.id && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg);
      waiting.delete(msg.id);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const n = ++id;
      waiting.set(n, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return { send, close: () => ws.close() };
}

const self = new Map();
const allocated = new Map();
const inclusive = new Map();
let sampledMs = 0;
const walls = [];
for (let run = 0; run < RUNS; run++) {
  const blog = await startBlog({ persistDir: dir, seed: false, bindings: { KV_STATS: "1" }, inspectorPort: INSPECTOR });
  try {
    for (const page of sibling.split(",")) await (await fetch(blog.url + page)).arrayBuffer();
    const cdp = await devtools(INSPECTOR);
    await cdp.send("HeapProfiler.enable");
    await cdp.send("Profiler.enable");
    // What the view allocates: sampled by V8 (every 4 KiB allocated), grouped by the function that allocated.
    if (process.env.PROFILE_HEAP) await cdp.send("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    await cdp.send("Profiler.setSamplingInterval", { interval: 50 });
    await cdp.send("Profiler.start");
    const t = performance.now();
    const res = await fetch(blog.url + path, { headers: { "x-kv-stats": "cold-timing" } });
    const bytes = (await res.arrayBuffer()).byteLength;
    const ms = performance.now() - t;
    const { profile } = await cdp.send("Profiler.stop");
    if (process.env.PROFILE_HEAP) {
      const { profile: heap } = await cdp.send("HeapProfiler.stopSampling");
      const walk = (node) => {
        const f = node.callFrame;
        const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
        for (const sample of node.selfSize ? [node.selfSize] : []) allocated.set(name, (allocated.get(name) ?? 0) + sample);
        for (const child of node.children ?? []) walk(child);
      };
      walk(heap.head);
    }
    cdp.close();
    walls.push({ ms, status: res.status, bytes, timing: res.headers.get("server-timing") });
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    profile.samples.forEach((sample, i) => {
      const node = byId.get(sample);
      const f = node.callFrame;
      if (f.functionName === "(idle)" || f.functionName === "(program)") return;
      const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      self.set(name, (self.get(name) ?? 0) + dt);
      sampledMs += dt;
      // Each function on the sample's stack once (recursion counted once).
      const seen = new Set();
      for (let at = parent.get(sample); at !== undefined; at = parent.get(at)) {
        const g = byId.get(at).callFrame;
        if (!g.url) continue;
        seen.add(`${g.functionName || "(anonymous)"} ${g.url.split("/").pop()}:${g.lineNumber + 1}`);
      }
      seen.add(name);
      for (const n of seen) inclusive.set(n, (inclusive.get(n) ?? 0) + dt);
    });
  } finally {
    await blog.stop();
  }
}
for (const w of walls) console.log(`${path}: ${w.status}, ${(w.bytes / 1024).toFixed(1)} KiB, ${w.ms.toFixed(1)} ms wall; ${w.timing ?? ""}`);
console.log(`\nJavaScript on the reader's isolate, ${RUNS} first views: ${(sampledMs / RUNS).toFixed(1)} ms a view (samples outside idle); most self time:`);
for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(ms / RUNS).toFixed(2).padStart(7)} ms  ${name}`);
console.log("\nmost time with what they call (inclusive):");
for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(ms / RUNS).toFixed(2).padStart(7)} ms  ${name}`);
if (process.env.PROFILE_HEAP) {
  const total = [...allocated.values()].reduce((a, b) => a + b, 0);
  console.log(`\nallocated a view (sampled): ${(total / RUNS / 1024).toFixed(0)} KiB; most by:`);
  for (const [name, bytes] of [...allocated].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(bytes / RUNS / 1024).toFixed(1).padStart(8)} KiB  ${name}`);
}
