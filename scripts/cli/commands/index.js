// Every command, by name: { usage, summary, help?, options?, run(ctx, args) → exit code }.
// A new command is one entry here (and its module).
import { publish, unpublish } from "./posts.js";
import { comments, approve, spam, trash } from "./comments.js";
import { deletePosts, restore } from "./post-trash.js";
import { importWordpress, exportSite } from "./transfer.js";
import { help } from "./help.js";
import { digest } from "./digest.js";
import { train } from "./train.js";
import { media } from "./media.js";
import { posts, pull, reply, editComment } from "./studio.js";

export const COMMANDS = {
  publish,
  unpublish,
  posts,
  pull,
  delete: deletePosts,
  media,
  "import-wordpress": importWordpress,
  export: exportSite,
  comments,
  approve,
  spam,
  trash,
  restore,
  reply,
  "edit-comment": editComment,
  digest,
  train,
  help,
};
