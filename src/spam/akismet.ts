/**
 * Optional Akismet, off unless the author sets AKISMET_KEY. When on, each new
 * comment is also sent to Akismet's comment-check (which means the commenter's
 * name, email, website, text, address and browser leave the blog: README says
 * so), and the author's decisions are reported back (submit-spam/submit-ham).
 * A failed or slow call never loses or blocks a comment: the job leaves it
 * unscored and asks again on its next run.
 */
import type { Config } from "../config";
import type { CommentRow } from "../comments/model";
import { decryptText } from "../crypto";
import { slugPath } from "../posts/slug";
import { scoringInput } from "./input";

export const AKISMET_TIMEOUT_MS = 3_000;
const ENDPOINT = "https://rest.akismet.com/1.1";

interface Fields {
  name: string;
  email: string | null;
  url: string | null;
  body: string;
}

async function form(config: Config, row: CommentRow, fields: Fields): Promise<URLSearchParams> {
  const ip = row.ip_sealed ? await decryptText(config.APP_SECRET, row.ip_sealed) : null;
  return new URLSearchParams({
    api_key: config.AKISMET_KEY ?? "",
    blog: config.BASE_URL + "/",
    user_ip: ip ?? "",
    user_agent: row.user_agent ?? "",
    permalink: config.BASE_URL + slugPath(row.post_slug),
    comment_type: row.parent_id === null ? "comment" : "reply",
    comment_author: fields.name,
    comment_author_email: fields.email ?? "",
    comment_author_url: fields.url ?? "",
    comment_content: fields.body,
    comment_date_gmt: new Date(row.created_at).toISOString(),
    blog_lang: config.BLOG_LANG,
    blog_charset: "UTF-8",
  });
}

async function call(fetcher: typeof fetch, path: string, body: URLSearchParams): Promise<string> {
  const res = await fetcher(`${ENDPOINT}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "edgepress/0.1" },
    body,
    signal: AbortSignal.timeout(AKISMET_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`Akismet ${path}: HTTP ${res.status}`);
  return (await res.text()).trim();
}

/** "spam", "ham", or "error" (network, timeout, invalid key): the caller retries on its next run. */
export async function akismetCheck(fetcher: typeof fetch, config: Config, row: CommentRow, fields: Fields): Promise<"spam" | "ham" | "error"> {
  try {
    const answer = await call(fetcher, "comment-check", await form(config, row, fields));
    if (answer === "true") return "spam";
    if (answer === "false") return "ham";
    console.warn(`Akismet comment-check answered "${answer.slice(0, 80)}"`);
    return "error";
  } catch (err) {
    console.warn("Akismet comment-check failed; the comment stays unscored until the next run", err);
    return "error";
  }
}

/** Reports an author's decision. Best effort: a failure is logged, never thrown. */
export async function akismetReport(fetcher: typeof fetch, config: Config, row: CommentRow, label: "spam" | "ham"): Promise<void> {
  try {
    await call(fetcher, label === "spam" ? "submit-spam" : "submit-ham", await form(config, row, await scoringInput(config.APP_SECRET, row)));
  } catch (err) {
    console.warn(`Akismet submit-${label} failed`, err);
  }
}
