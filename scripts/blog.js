#!/usr/bin/env node
// The author's CLI: `npm run blog -- <command>` (or `node scripts/blog.js <command>`).
// Talks to a blog's admin API over HTTP; see `npm run blog -- help`.
import { main } from "./cli/main.js";

// `npm run blog -- comments | head`: a closed pipe ends the output, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
