/**
 * The daily digest email's content: subject, plain text and HTML, from the
 * DigestData the job collected. Pure: the same data renders the same email,
 * so it is tested without D1, a clock or a mail transport.
 */
import type { DigestData } from "./model";
import { digestFormat } from "./format";
import { digestHtml } from "./html";
import { digestText } from "./plain";
import { oneLine } from "./text";

export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
}

/**
 * Headers the digest should be sent with: it is machine-made (RFC 3834), so
 * vacation responders and Exchange's auto-replies must not answer it.
 */
export const DIGEST_HEADERS: Readonly<Record<string, string>> = {
  "Auto-Submitted": "auto-generated",
  "X-Auto-Response-Suppress": "All",
};

export function renderDigest(data: DigestData): RenderedDigest {
  const f = digestFormat(data);
  const subject = f.t.subject(oneLine(data.blogTitle), data.counts.new, data.counts.awaiting);
  return { subject, text: digestText(data, f), html: digestHtml(data, f, subject) };
}
