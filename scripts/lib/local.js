// Helpers for scripts that work on the local blog's own KV and D1 (the ones
// `wrangler dev` persists under .wrangler/state): bundle a TypeScript entry
// from src/ with esbuild so Node can run it, and open the local bindings.
import { build } from "esbuild";
import { mkdtempSync, rmSync, copyFileSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Quiet, offline wrangler: no metrics, no Request.cf download. */
export function offlineEnv(extra = {}) {
  return { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", ...extra };
}

/** KEY=VALUE lines, as wrangler reads .dev.vars: `#` comments, optional quotes. */
export function readDevVars(text) {
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith("#")) continue;
    let value = m[2];
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    vars[m[1]] = value;
  }
  return vars;
}

/**
 * Copies .dev.vars.example to .dev.vars the first time, so local secrets
 * exist; warns about a .dev.vars from before ADMIN_TOKEN needed 32
 * characters, which would otherwise answer every page with a config error.
 */
export function ensureDevVars() {
  const target = join(ROOT, ".dev.vars");
  if (!existsSync(target)) {
    copyFileSync(join(ROOT, ".dev.vars.example"), target);
    console.log("created .dev.vars from .dev.vars.example (local development secrets)");
    return;
  }
  const token = readDevVars(readFileSync(target, "utf8")).ADMIN_TOKEN;
  if (token !== undefined && token.length < 32) {
    console.warn(`.dev.vars: ADMIN_TOKEN has ${token.length} characters; it needs at least 32 (openssl rand -base64 32), or delete .dev.vars to get a fresh one from .dev.vars.example.`);
  }
}

/** Bundles a TypeScript module to a temporary ESM file and imports it. */
export async function importTs(entry) {
  const dir = mkdtempSync(join(tmpdir(), "edgepress-"));
  const outfile = join(dir, "entry.mjs");
  try {
    await build({ entryPoints: [join(ROOT, entry)], bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "warning", jsx: "automatic", jsxImportSource: "hono/jsx", mainFields: ["module", "main"] });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The local KV/D1 bindings of wrangler.toml, persisted where `wrangler dev` keeps them. */
export async function openLocalBindings() {
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const { getPlatformProxy } = await import("wrangler");
  return getPlatformProxy({ configPath: join(ROOT, "wrangler.toml"), persist: true, remoteBindings: false });
}
