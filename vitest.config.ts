import { readMigrations } from "./scripts/lib/migrations.js";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Two projects:
// - "workers": tests inside workerd with the real KV and D1 bindings of
//   wrangler.toml (storage fresh per test file); the migrations reach the
//   setup file as a binding.
// - "node": tests that drive the built Worker from outside, as its users do
//   (the author's CLI over HTTP against a locally served blog).
export default defineConfig({
  test: {
    // Two cores run several workerd instances at once: the first request of a file can be slow.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
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
