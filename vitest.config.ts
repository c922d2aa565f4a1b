import { readFileSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with the real KV and D1 bindings of wrangler.toml;
// storage is fresh per test file. The schema text reaches the setup file as a binding.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          SCHEMA_SQL: readFileSync(new URL("./schema.sql", import.meta.url), "utf8"),
          // Test secrets, so tests never depend on a developer's .dev.vars.
          APP_SECRET: "test-app-secret-0123456789abcdef0123456789",
          ADMIN_TOKEN: "test-admin-token",
        },
      },
    }),
  ],
  test: {
    setupFiles: ["./test/setup.ts"],
    include: ["test/**/*.test.{ts,tsx}"],
    // Two cores run several workerd instances at once: the first request of a file can be slow.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
