// Types of support.js for the browser tests: written by hand so the project's
// tsconfig (Workers types only, no Node types) checks the tests without
// reading the Node-side module.
import type { Browser } from "playwright-core";

export const ROOT: string;
export const ARTIFACTS: string;
export const ADMIN_TOKEN: string;
export const CHROMIUM: string;

export function launchChromium(): Promise<Browser>;

export interface SentEmail {
  /** Where Miniflare wrote the message (deleted when the blog stops). */
  file: string;
  raw: Uint8Array;
}

export interface E2EBlog {
  /** http://127.0.0.1:<port>, also the blog's BASE_URL. */
  url: string;
  DB: D1Database;
  POSTS: KVNamespace;
  stop(): Promise<void>;
  runCron(cron: string, scheduledTime: number): Promise<{ outcome: string }>;
  sentEmails(count?: number, timeoutMs?: number): Promise<SentEmail[]>;
}

export function startE2EBlog(options?: { captureEmail?: boolean; bindings?: Record<string, string> }): Promise<E2EBlog>;

export function artifact(name: string): string;
export function keepArtifact(file: string, name: string): string;
export function sleep(ms: number): Promise<void>;
