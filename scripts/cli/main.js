// The CLI's one entry: find the command, parse its options, run it, and turn
// an expected failure into a message and exit code 1 (a stack trace only for
// a bug, and only with EDGEPRESS_DEBUG=1).
import { CliError } from "./errors.js";
import { blogUrl, findCommand, parseCommandArgs } from "./args.js";
import { adminClient } from "./http.js";
import { resolveToken } from "./token.js";
import { COMMANDS } from "./commands/index.js";

/**
 * @param {string[]} argv
 * @param {{ env?: NodeJS.ProcessEnv, stdout?: NodeJS.WritableStream, stderr?: NodeJS.WritableStream & { isTTY?: boolean } }} [io]
 * @returns {Promise<number>} the exit code
 */
export async function main(argv, { env = process.env, stdout = process.stdout, stderr = process.stderr } = {}) {
  const out = (line) => stdout.write(`${line}\n`);
  const err = (line) => stderr.write(`${line}\n`);
  try {
    const found = findCommand(argv);
    const wantsHelp = found.name === null || found.rest.includes("--help") || found.rest.includes("-h");
    if (found.name !== null && !COMMANDS[found.name]) {
      throw new CliError(`There is no command “${found.name}”. Commands: ${Object.keys(COMMANDS).join(", ")}.\nSee: npm run blog -- help`);
    }
    if (wantsHelp) return await COMMANDS.help.run({ out, err }, { positionals: found.name && found.name !== "help" ? [found.name] : [], values: {} });
    const command = COMMANDS[found.name];
    const args = parseCommandArgs(found.rest, { name: found.name, ...command });
    const url = blogUrl(/** @type {string | undefined} */ (args.values.url) ?? env.BLOG_URL ?? undefined);
    let client;
    const ctx = {
      url,
      env,
      stderr,
      out,
      err,
      /** The admin API, with the token resolved on first use (help and --dry-run never need one). */
      client: () => (client ??= adminClient({ url, credentials: resolveToken(url, env) })),
    };
    return await command.run(ctx, args);
  } catch (e) {
    if (e instanceof CliError) {
      err(e.message);
      return 1;
    }
    err(`Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    if (env.EDGEPRESS_DEBUG) err(e instanceof Error && e.stack ? e.stack : String(e));
    else err("This is a bug in the CLI; run again with EDGEPRESS_DEBUG=1 for the details.");
    return 1;
  }
}
