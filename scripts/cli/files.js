// Reading and writing the author's files, with one clear message per failure.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError } from "./errors.js";

/**
 * Where relative paths start: `npm run blog` runs in the repo root, but the
 * author typed the path in the folder npm was started from (INIT_CWD).
 */
export function baseDir(env = process.env) {
  return env.npm_lifecycle_event === "blog" && env.INIT_CWD ? env.INIT_CWD : process.cwd();
}

export function resolvePath(file, env = process.env) {
  return resolve(baseDir(env), file);
}

/** A UTF-8 text file, or a CliError naming the file and what is wrong. */
export function readText(file, env = process.env) {
  try {
    return readFileSync(resolvePath(file, env), "utf8");
  } catch (e) {
    throw fileError(file, e, "read");
  }
}

/** Writes next to the target first, then renames: an interrupted export never leaves half a file. */
export function writeText(file, text, env = process.env) {
  const path = resolvePath(file, env);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, "utf8");
    renameSync(temporary, path);
  } catch (e) {
    throw fileError(file, e, "write");
  }
  return path;
}

// Not fatal: a command working through several files reports the bad one and goes on.
function fileError(file, e, verb) {
  const code = /** @type {NodeJS.ErrnoException} */ (e).code;
  if (code === "ENOENT") return new CliError(verb === "read" ? `${file}: no such file.` : `${file}: the folder does not exist.`, { fatal: false });
  if (code === "EISDIR") return new CliError(`${file}: is a folder, not a file.`, { fatal: false });
  if (code === "EACCES" || code === "EPERM") return new CliError(`${file}: permission denied.`, { fatal: false });
  return new CliError(`${file}: cannot ${verb} it (${e instanceof Error ? e.message : String(e)}).`, { fatal: false });
}
