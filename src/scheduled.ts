/**
 * The scheduled side: one Worker, two Cron Triggers, dispatched on
 * controller.cron. The expressions live in vars (SPAM_CRON, DIGEST_CRON) that
 * must equal wrangler.toml's [triggers].crons.
 */
import { loadConfig, type Env } from "./config";
import { scoreNewComments } from "./spam/job";
import { sendDailyDigest } from "./digest/job";
import { listDuePosts, rebuildLists } from "./posts/list-build";
import { purgeTrash, TRASH_DAYS } from "./admin/post-trash";
import { indexQueuedPosts } from "./search/store";

export type ScheduledJob = (env: Env, now: number, ctx: ExecutionContext) => Promise<void>;

export interface ScheduledJobs {
  scoreComments: ScheduledJob;
  sendDigest: ScheduledJob;
}

export const jobs: ScheduledJobs = {
  scoreComments: async (env, now) => {
    // Scheduled posts whose time has come join the lists in D1 first (one query when none has); their
    // chunks are written after scoring, which then leaves those chunks alone: each key is written once.
    const lists = await listDuePosts(env, now);
    const run = await scoreNewComments(env, now);
    await rebuildLists(env, lists.marks, now);
    if (run.scored || run.deferred) console.log(`spam scoring: ${run.scored} scored (${run.spam} spam, ${run.approved} approved, ${run.pending} left for the author), ${run.deferred} deferred, ${run.queries} D1 queries`);
    if (lists.marks.length > 0) console.log(`post lists: ${lists.listed} scheduled posts listed, ${lists.marks.length} lists rewritten`);
    // Posts trashed more than TRASH_DAYS ago go for good, with their comments (a few a run; the rest next run).
    const trash = await purgeTrash(env, now);
    if (trash.purged.length > 0) console.log(`trash: ${trash.purged.length} posts deleted for good after ${TRASH_DAYS} days (${trash.purged.join(", ")}), with ${trash.comments} comments`);
    // Posts from before search existed (migration 0008 queued them) join the index a hundred a run.
    await indexQueuedPosts(env.DB, 100);
  },
  sendDigest: async (env, now) => {
    const outcome = await sendDailyDigest(env, now);
    if (outcome.result !== "already-done") console.log(`digest ${outcome.period}: ${outcome.result}${outcome.result === "sent" ? ` (${outcome.comments} comments)` : ""}`);
  },
};

export async function runScheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext, table: ScheduledJobs = jobs): Promise<string> {
  const config = loadConfig(env);
  const now = controller.scheduledTime;
  if (controller.cron === config.SPAM_CRON) {
    await table.scoreComments(env, now, ctx);
    return "scoreComments";
  }
  if (controller.cron === config.DIGEST_CRON) {
    await table.sendDigest(env, now, ctx);
    return "sendDigest";
  }
  console.warn(`scheduled: no job for cron "${controller.cron}"; expected "${config.SPAM_CRON}" or "${config.DIGEST_CRON}"`);
  return "none";
}
