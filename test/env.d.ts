// The bindings tests see (the Worker's own, plus what vitest.config.ts adds),
// and the main module, so `exports.default.fetch` is typed.
import type { Env as WorkerEnv } from "../src/config";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      MIGRATIONS: import("../src/schema").Migration[];
      TEST_SIGN_IN_LIMITER_ALL: RateLimit;
      TEST_ADMIN_API_LIMITER: RateLimit;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
export {};
