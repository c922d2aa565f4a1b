// The command line: `blog [--url URL] <command> [options] [arguments]`.
// Options may come before or after the command; each command declares its
// own (node:util parseArgs specs), on top of the global ones.
import { parseArgs } from "node:util";
import { CliError } from "./errors.js";

export const DEFAULT_URL = "http://127.0.0.1:8787";

/** @typedef {Record<string, { type: "string" | "boolean", short?: string }>} OptionSpecs */

/** Options every command takes. @type {OptionSpecs} */
export const GLOBAL_OPTIONS = {
  url: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/** The command's name: the first argument that is neither an option nor an option's value. */
export function findCommand(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") return { name: argv[i + 1] ?? null, rest: [...argv.slice(0, i), ...argv.slice(i + 2)] };
    if (arg.startsWith("-")) {
      if (takesValue(arg)) i++;
      continue;
    }
    return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { name: null, rest: argv };
}

// Only global string options can precede the command, so only they need this.
function takesValue(arg) {
  return arg === "--url";
}

/**
 * The command's options and positionals, or a CliError that says which
 * option is unknown or missing its value.
 * @param {string[]} rest the arguments without the command's name
 * @param {{ name: string, options?: OptionSpecs }} command
 */
export function parseCommandArgs(rest, command) {
  const options = { ...GLOBAL_OPTIONS, ...(command.options ?? {}) };
  try {
    const { values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
    return { values, positionals };
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/\. To specify a positional argument starting with a '-'.*$/s, ".") : String(e);
    throw new CliError(`${command.name}: ${message}\nSee: npm run blog -- help ${command.name}`);
  }
}

/** `--url`, checked: an http(s) address, without a trailing slash. */
export function blogUrl(raw = DEFAULT_URL) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`--url ${raw}: not an address. Give the blog's address, such as ${DEFAULT_URL} or https://blog.example.com`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CliError(`--url ${raw}: only http:// and https:// addresses work.`);
  if (url.search || url.hash) throw new CliError(`--url ${raw}: give the blog's address without ?query or #fragment.`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** Comment ids from the command line: whole numbers from 1, each checked. */
export function commentIds(positionals, commandName) {
  if (positionals.length === 0) throw new CliError(`${commandName}: give at least one comment id (see: npm run blog -- comments).`);
  return positionals.map((raw) => {
    const id = raw.replace(/^#/, "");
    if (!/^[1-9][0-9]{0,15}$/.test(id)) throw new CliError(`${commandName}: “${raw}” is not a comment id (a whole number such as 42).`);
    return Number(id);
  });
}

/** `--page N`: a whole number from 1. */
export function pageNumber(raw) {
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(raw)) throw new CliError(`--page ${raw}: give a whole number from 1.`);
  return Number(raw);
}
