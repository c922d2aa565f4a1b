// Bootstraps the spam learner from a labeled file (CSV with CONTENT and CLASS
// columns, or TSV label<TAB>text), in batches, with a progress bar.
import { CliError } from "../errors.js";
import { progressBar } from "../progress.js";
import { readLabeled, LabeledFileError } from "../../lib/labeled.js";
import { resolvePath } from "../files.js";

const PER_REQUEST = 100;

export const train = {
  usage: "train <file.csv|file.tsv>",
  summary: "teach the spam learner from labeled examples (CSV: CONTENT,CLASS; TSV: label<TAB>text)",
  async run(ctx, { positionals }) {
    if (positionals.length !== 1) throw new CliError("Give one labeled file: train <file.csv|file.tsv>.");
    let examples;
    try {
      examples = readLabeled(resolvePath(positionals[0]));
    } catch (err) {
      if (err instanceof LabeledFileError) throw new CliError(err.message);
      if (err.code === "ENOENT") throw new CliError(`No such file: ${positionals[0]}`);
      throw err;
    }
    const api = ctx.client();
    const bar = progressBar("examples", { total: examples.length });
    let model = { spam: 0, ham: 0 };
    for (let i = 0; i < examples.length; i += PER_REQUEST) {
      const chunk = examples.slice(i, i + PER_REQUEST).map((e) => ({ label: e.spam ? "spam" : "ham", text: e.text.slice(0, 20_000) })).filter((e) => e.text.trim() !== "");
      if (chunk.length > 0) model = (await api.post("/api/admin/spam/train", { examples: chunk })).model;
      bar.update(Math.min(i + PER_REQUEST, examples.length));
    }
    bar.finish();
    const spam = examples.filter((e) => e.spam).length;
    ctx.out(`Trained on ${examples.length} examples (${spam} spam, ${examples.length - spam} ham). The model now counts ${model.spam} spam and ${model.ham} ham.`);
    return 0;
  },
};
