import { defineConfig } from "vitest/config";

// The browser tests (test/e2e/*.e2e.ts): Node drives Debian's Chromium
// (playwright-core) against the built Worker, served by scripts/lib/harness.js
// with fresh KV and D1 and the demo content. Not part of `npm test` (its
// projects never match *.e2e.ts): run `bash scripts/ensure-chromium.sh` and
// `vitest run --config vitest.e2e.config.ts`.
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["test/e2e/**/*.e2e.ts"],
    // One blog and one browser at a time on a 2-core machine; each file starts its own.
    fileParallelism: false,
    // Building the Worker and starting workerd and Chromium take a while when other work shares the cores.
    hookTimeout: 180_000,
    testTimeout: 90_000,
  },
});
