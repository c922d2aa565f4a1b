// Every command, by name: { usage, summary, help?, options?, run(ctx, args) → exit code }.
// A new command is one entry here (and its module).
import { publish, unpublish } from "./posts.js";
import { comments, approve, spam, trash, restore } from "./comments.js";
import { importWordpress, exportSite } from "./transfer.js";
import { help } from "./help.js";
import { digest } from "./digest.js";
import { train } from "./train.js";
import { media } from "./media.js";

export const COMMANDS = {
  publish,
  unpublish,
  media,
  "import-wordpress": importWordpress,
  export: exportSite,
  comments,
  approve,
  spam,
  trash,
  restore,
  digest,
  train,
  help,
};
