/**
 * The learner's way in: every status the author sets teaches the model.
 * Approved → counted as ham, spam → counted as spam, anything else → not
 * counted. A comment remembers what it was counted as (`trained_as`), so an
 * author who changes their mind moves its counts instead of adding twice.
 */
import type { DecisionHook } from "../comments/moderate";
import type { CommentRow, CommentStatus } from "../comments/model";
import { scoringInput } from "./input";
import { commentTokens } from "./tokens";
import { trainingStatements, type Label } from "./bayes";
import { akismetReport } from "./akismet";
import type { Config } from "../config";

const labelFor = (status: CommentStatus): Label | null => (status === "approved" ? "ham" : status === "spam" ? "spam" : null);

/** Statements per D1 batch: a few comments' training each, well inside D1's limits. */
const STATEMENTS_PER_BATCH = 40;


export function learner(config: Config, fetcher: typeof fetch = fetch): DecisionHook {
  const secret = config.APP_SECRET;
  return async (stores, decisions) => {
    const db = stores.DB;
    let pending: D1PreparedStatement[] = [];
    for (const { comment, to } of decisions) {
      const label = labelFor(to);
      const before = comment.trained_as;
      if (before === label) continue;
      // Exactly the tokens the comment was scored with.
      const tokens = commentTokens(await scoringInput(secret, comment));
      // One comment's untraining, training and marker always go in the same batch (all or nothing).
      const group = [
        ...(before ? trainingStatements(db, tokens, before, -1) : []),
        ...(label ? trainingStatements(db, tokens, label, 1) : []),
        db.prepare("UPDATE comments SET trained_as = ?2 WHERE id = ?1").bind(comment.id, label),
      ];
      if (pending.length > 0 && pending.length + group.length > STATEMENTS_PER_BATCH) {
        await db.batch(pending);
        pending = [];
      }
      pending.push(...group);
      // The author opted in to Akismet: tell it what they decided, so it learns too.
      if (config.AKISMET_KEY && label) await akismetReport(fetcher, config, comment, label);
    }
    if (pending.length > 0) await db.batch(pending);
  };
}
