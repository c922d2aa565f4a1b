// Where the admin token comes from: ADMIN_TOKEN in the environment, or else,
// for a blog on this machine, the ADMIN_TOKEN line of .dev.vars in the repo
// root (the secret `npm start` runs the local blog with). The source is kept,
// so a refused token can be traced to where it was read.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "./errors.js";
import { ROOT, readDevVars } from "../lib/local.js";

export { readDevVars };
export const DEV_VARS = join(ROOT, ".dev.vars");

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "0.0.0.0"]);

export function isLocal(url) {
  return LOCAL_HOSTS.has(new URL(url).hostname);
}

/**
 * @returns {{ token: string, source: string, fromEnv: boolean }}
 */
export function resolveToken(url, env = process.env, devVarsPath = DEV_VARS) {
  const fromEnv = env.ADMIN_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: "the ADMIN_TOKEN environment variable", fromEnv: true };
  if (!isLocal(url)) {
    throw new CliError(
      `No admin token for ${url}: set ADMIN_TOKEN in the environment to the blog's token\n` +
        `(the value given to \`wrangler secret put ADMIN_TOKEN\`), e.g.\n  ADMIN_TOKEN=… npm run blog -- … --url ${url}`,
    );
  }
  const fromFile = existsSync(devVarsPath) ? readDevVars(readFileSync(devVarsPath, "utf8")).ADMIN_TOKEN : undefined;
  if (fromFile) return { token: fromFile, source: `${devVarsPath} (ADMIN_TOKEN=…)`, fromEnv: false };
  throw new CliError(
    existsSync(devVarsPath)
      ? `No admin token: ADMIN_TOKEN is not set, and ${devVarsPath} has no ADMIN_TOKEN line.\nAdd ADMIN_TOKEN=… to it (then restart npm start), or set ADMIN_TOKEN in the environment.`
      : `No admin token: ADMIN_TOKEN is not set, and there is no ${devVarsPath}.\nRun npm start once (it creates .dev.vars from .dev.vars.example), or set ADMIN_TOKEN in the environment.`,
  );
}

/** What to tell the author when the blog refuses the token. */
export function tokenAdvice(credentials, url) {
  if (credentials.fromEnv) {
    return `The token came from ${credentials.source}: set it to the blog's ADMIN_TOKEN${isLocal(url) ? ` (for the local blog, the ADMIN_TOKEN line of ${DEV_VARS})` : " (the value given to `wrangler secret put ADMIN_TOKEN`)"}.`;
  }
  return `The token came from ${credentials.source}, which the blog at ${url} does not use or no longer matches: restart npm start after editing .dev.vars, or set ADMIN_TOKEN in the environment.`;
}
