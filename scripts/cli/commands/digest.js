// The next daily digest, printed without sending anything (--dry-run is the only mode).
import { CliError } from "../errors.js";

export const digest = {
  usage: "digest --dry-run [--html]",
  summary: "print what the next daily digest would contain (sends nothing)",
  options: { "dry-run": { type: "boolean" }, html: { type: "boolean" } },
  async run(ctx, { values }) {
    if (!values["dry-run"]) throw new CliError("The digest is sent by the daily cron; use `digest --dry-run` to see what it would contain.");
    const preview = await ctx.client().get("/api/admin/digest/preview");
    const since = new Date(preview.from).toISOString().slice(0, 16).replace("T", " ");
    ctx.out(`Subject: ${preview.subject}`);
    ctx.out(`Covers comments since ${since} UTC: ${preview.comments}. ${preview.wouldSend ? "It would be sent." : "Nothing new: it would not be sent."}`);
    ctx.out("");
    ctx.out(values.html ? preview.html : preview.text);
    return 0;
  },
};
