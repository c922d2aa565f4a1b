// delete and restore for posts: to the posts' trash and back, or out of it for good.
// `restore` is shared with the comments' command: whole numbers are comment ids (as
// before), anything else post slugs; --post reads every argument as a slug.
import { CliError } from "../errors.js";
import { restore as restoreComments } from "./comments.js";

/** Runs `act` for each slug; a refused one is reported and the rest go on. */
async function eachSlug(ctx, positionals, act) {
  const api = ctx.client();
  let failed = 0;
  for (const raw of positionals) {
    const slug = raw.normalize("NFC");
    try {
      await act(api, slug);
    } catch (e) {
      if (!(e instanceof CliError) || e.fatal) throw e;
      ctx.err(`${slug}: ${e.message}`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

const day = (iso) => iso.slice(0, 10);

export const deletePosts = {
  usage: "delete [--permanently] <slug>…",
  summary: "move posts to the trash (restorable for 30 days, with their comments)",
  help: `A post in the trash is off the blog (its page, the lists, the feeds and the
sitemap) but kept with its comments; \`restore <slug>\` brings it back as it
was (published, scheduled or draft). After 30 days the blog deletes it and
its comments for good.

  --permanently   delete posts already in the trash for good, now, with
                  their comments (a post not in the trash is refused)`,
  options: { permanently: { type: "boolean" } },
  async run(ctx, { positionals, values }) {
    if (positionals.length === 0) throw new CliError("delete: give the slug of a post, e.g.  npm run blog -- delete hello-world");
    const permanently = values?.permanently === true;
    return eachSlug(ctx, positionals, async (api, slug) => {
      const path = `/api/admin/posts/${encodeURIComponent(slug)}${permanently ? "?permanently=1" : ""}`;
      const answer = await api.delete(path);
      if (permanently) ctx.out(`deleted ${slug} for good, with its ${answer.comments} comments`);
      else ctx.out(`${answer.alreadyInTrash ? "already in the trash" : "moved to the trash"}: ${slug}, with its ${answer.comments} comments; restore it until ${day(answer.restorableUntil)} (npm run blog -- restore ${slug})`);
    });
  },
};

export const restore = {
  usage: "restore <id>… | restore [--post] <slug>…",
  summary: "put comments back in the queue as pending, or posts back from the trash",
  help: `With comment ids (whole numbers, as \`comments\` lists them), puts those
comments back in the queue as pending. With post slugs, takes those posts out
of the trash, back as they were (published, scheduled or draft), with their
comments. A post whose slug is a whole number: restore --post 2026.`,
  options: { post: { type: "boolean" } },
  async run(ctx, args) {
    const { positionals, values } = args;
    if (positionals.length === 0) throw new CliError("restore: give comment ids (restore 12 13) or post slugs (restore hello-world)");
    const numeric = positionals.filter((p) => /^\d+$/.test(p));
    if (values?.post !== true && numeric.length === positionals.length) return restoreComments.run(ctx, args);
    if (values?.post !== true && numeric.length > 0) throw new CliError(`restore: give either comment ids or post slugs, not both (${numeric.join(", ")} look like comment ids; for posts with such slugs use --post).`);
    return eachSlug(ctx, positionals, async (api, slug) => {
      const answer = await api.post(`/api/admin/posts/${encodeURIComponent(slug)}/restore`);
      ctx.out(`restored ${slug}: ${answer.post.status} again, with its comments${answer.post.status === "published" ? ` (${answer.post.url})` : ""}`);
    });
  },
};
