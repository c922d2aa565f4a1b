import { env } from "cloudflare:workers";
import { applyMigrations } from "../src/schema";

// The real migrations, applied to this test file's fresh D1 database.
await applyMigrations(env.DB, env.MIGRATIONS);
