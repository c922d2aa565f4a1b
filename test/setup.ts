import { env } from "cloudflare:workers";
import { applySchema } from "../src/schema";

// The real schema.sql, applied to this test file's fresh D1 database.
await applySchema(env.DB, env.SCHEMA_SQL);
