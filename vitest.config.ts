import { readMigrations } from "./scripts/lib/migrations.js";
import { writeDeskConfig } from "./scripts/lib/desk-config.js";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Two projects:
// - "workers": tests inside workerd with the real KV, D1 and R2 bindings of
//   wrangler.toml (storage fresh per test file); the migrations reach the
//   setup file as a binding. The Worker is test/worker.ts: the reader Worker
//   with the desk's app in the same isolate (no service binding needed).
// - "node": tests that drive the built Worker from outside, as its users do
//   (the author's CLI over HTTP against a locally served blog).
// The desk's config is made from wrangler.toml; the node tests' harness runs it.
writeDeskConfig();

export default defineConfig({
  test: {
    // Two cores run several workerd instances at once: the first request of a file can be slow.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        plugins: [
          cloudflareTest({
            main: "./test/worker.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // The desk runs in the test Worker itself (test/worker.ts): nothing answers here.
              serviceBindings: { DESK: () => new Response("test/worker.ts serves the desk in-process", { status: 500 }) },
              // Limiters of the tests' own, for the tests that exhaust them, so no other test file is locked out.
              ratelimits: { TEST_SIGN_IN_LIMITER_ALL: { simple: { limit: 60, period: 60 } }, TEST_ADMIN_API_LIMITER: { simple: { limit: 5, period: 60 } } },
              bindings: {
                MIGRATIONS: readMigrations(),
                // Test secrets, so tests never depend on a developer's .dev.vars.
                APP_SECRET: "test-app-secret-0123456789abcdef0123456789",
                ADMIN_TOKEN: "test-admin-token-0123456789abcdef-xyz",
              },
            },
          }),
        ],
        test: {
          name: "workers",
          setupFiles: ["./test/setup.ts"],
          include: ["test/**/*.test.{ts,tsx}"],
          exclude: ["test/node/**", "test/e2e/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["test/node/**/*.test.{ts,js}"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One blog process at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
