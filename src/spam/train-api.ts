/**
 * POST /api/admin/spam/train: bootstraps the learner from labeled examples
 * (`blog train <file>`), in batches. Examples are counted like the author's
 * decisions, but they are not comments: nothing to untrain later.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import type { AppEnv } from "../config";
import { jsonResponse } from "../http/respond";
import { parseBody, readJsonBody } from "../admin/json";
import { list, maxChars } from "../checks";
import { commentTokens } from "./tokens";
import { trainingStatements } from "./bayes";

export const MAX_EXAMPLES_PER_REQUEST = 100;
const STATEMENTS_PER_BATCH = 40;

const TrainBody = v.object({
  examples: v.pipe(
    list(v.object({ label: v.picklist(["spam", "ham"]), text: v.pipe(v.string(), v.minLength(1), maxChars(20_000)) }), MAX_EXAMPLES_PER_REQUEST, `at most ${MAX_EXAMPLES_PER_REQUEST} examples a request`),
    v.minLength(1, "give at least one example"),
  ),
});

export const trainApi = new Hono<AppEnv>();

trainApi.post("/train", async (c) => {
  const { examples } = parseBody(TrainBody, await readJsonBody(c));
  const db = c.env.DB;
  let batch: D1PreparedStatement[] = [];
  for (const example of examples) {
    const group = trainingStatements(db, commentTokens({ body: example.text }), example.label, 1);
    if (batch.length > 0 && batch.length + group.length > STATEMENTS_PER_BATCH) {
      await db.batch(batch);
      batch = [];
    }
    batch.push(...group);
  }
  if (batch.length > 0) await db.batch(batch);
  const totals = await db.prepare("SELECT spam_docs, ham_docs FROM spam_totals WHERE id = 1").first<{ spam_docs: number; ham_docs: number }>();
  return jsonResponse(c, { trained: examples.length, model: { spam: totals?.spam_docs ?? 0, ham: totals?.ham_docs ?? 0 } }, 200, "no-store");
});
