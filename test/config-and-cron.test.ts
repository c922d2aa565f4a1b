/** Config validation (one clear error naming the variable) and cron dispatch. */
import { env } from "cloudflare:workers";
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { buildBlog } from "./worker";
import { ConfigError, loadConfig, type Env } from "../src/config";
import { runScheduled, type ScheduledJobs } from "../src/scheduled";

describe("config", () => {
  it("parses the wrangler.toml vars", () => {
    const config = loadConfig(env);
    expect(config.BASE_URL).toBe("http://127.0.0.1:8787");
    expect(config.TIME_ZONE).toBe("Asia/Jerusalem");
  });

  it.each([
    ["BASE_URL", "not a url", /BASE_URL must be an absolute http\(s\) URL.*"not a url"/],
    ["BASE_URL", undefined, /BASE_URL is missing/],
    ["TIME_ZONE", "Mars/Olympus", /TIME_ZONE must be an IANA time zone/],
    ["AUTHOR_EMAIL", "nobody", /AUTHOR_EMAIL must be an email address/],
    ["BLOG_LANG", "english please", /BLOG_LANG must be a language tag/],
    ["BLOG_TITLE", "   ", /BLOG_TITLE must not be empty/],
  ])("names %s when it is %j", (name, value, message) => {
    const bad = { ...env, [name]: value } as Env;
    expect(() => loadConfig(bad)).toThrow(ConfigError);
    expect(() => loadConfig(bad)).toThrow(message);
  });

  it("names a bad secret without showing its value", () => {
    for (const [name, value] of [["ADMIN_TOKEN", "short-secret"], ["APP_SECRET", "too-short-app-secret"], ["AKISMET_KEY", "not a key!"]] as [string, string][]) {
      const bad = { ...env, [name]: value } as Env;
      expect(() => loadConfig(bad)).toThrow(new RegExp(`${name} must`));
      try {
        loadConfig(bad);
      } catch (err) {
        expect((err as Error).message).not.toContain(value);
      }
    }
    expect(() => loadConfig({ ...env, BLOG_LANG: "en-12" } as Env)).toThrow(/BLOG_LANG must be a language tag/);
  });

  it("answers requests with a 500 that names the variable, not a stack trace", async () => {
    const app = buildBlog();
    const res = await app.fetch(new Request("http://127.0.0.1:8787/"), { ...env, BASE_URL: "ftp://x" } as Env, createExecutionContext());
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("Configuration error: BASE_URL");
    expect(text).not.toMatch(/at \w+ \(/);
  });
});

describe("scheduled", () => {
  const calls: string[] = [];
  const jobs: ScheduledJobs = {
    scoreComments: async (_env, now) => void calls.push(`score@${now}`),
    sendDigest: async (_env, now) => void calls.push(`digest@${now}`),
  };

  it("dispatches on controller.cron with the scheduled time", async () => {
    const ctx = createExecutionContext();
    expect(await runScheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime: 1000 }), env, ctx, jobs)).toBe("scoreComments");
    expect(await runScheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: 2000 }), env, ctx, jobs)).toBe("sendDigest");
    expect(await runScheduled(createScheduledController({ cron: "1 2 3 4 5", scheduledTime: 3000 }), env, ctx, jobs)).toBe("none");
    expect(calls).toEqual(["score@1000", "digest@2000"]);
  });
});
