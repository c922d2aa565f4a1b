/**
 * What the HTML and the plain-text parts of the digest say the same way:
 * times in the author's zone, the scorer's decision in words, which actions a
 * comment offers, and the trimmed preview of its text. Both parts build on
 * this, so they cannot drift apart.
 */
import type { DigestComment, DigestData } from "./model";
import { digestMessages, type DigestMessages } from "./messages";
import { cleanText, COMMENT_PREVIEW_LENGTH, httpUrl, oneLine, trimText } from "./text";
import { dirOf } from "../views/i18n";

/** The scorer's reasons shown per comment; the rest are on the moderation page. */
export const REASONS_SHOWN = 3;

export type ActionKind = "approve" | "spam" | "trash";

export interface Action {
  kind: ActionKind;
  label: string;
  url: string;
}

export interface DigestFormat {
  t: DigestMessages;
  lang: string;
  dir: "ltr" | "rtl";
  time: (ms: number) => string;
  /** "Held for you · score 0.62 · why: a, b, c": no user-written text in it. */
  decision: (comment: DigestComment) => string;
  /** "score 0.97", or null before the scorer has seen the comment. */
  score: (comment: DigestComment) => string | null;
  actions: (comment: DigestComment) => Action[];
  preview: (comment: DigestComment) => { text: string; trimmed: boolean };
  /** A link of ours, or null if it is not absolute http(s) (then it is shown unlinked rather than break the digest). */
  url: (url: string) => string | null;
  name: (text: string) => string;
}

// Intl formatters are costly to build and immutable: keep one per (language, zone).
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function timeFormat(lang: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone });
    timeFormats.set(key, format);
  }
  return format;
}

export function digestFormat(data: DigestData): DigestFormat {
  const t = digestMessages(data.lang);
  const times = timeFormat(data.lang, data.timeZone);
  const scores = new Intl.NumberFormat(data.lang, { maximumFractionDigits: 2 });
  const score = (c: DigestComment) => (c.score !== null && Number.isFinite(c.score) ? t.score(scores.format(c.score)) : null);
  return {
    t,
    lang: data.lang,
    dir: dirOf(data.lang),
    time: (ms) => times.format(ms),
    decision: (c) => {
      const parts = [t.decision(c.status, c.decidedBy, c.score !== null)];
      const scored = score(c);
      if (scored) parts.push(scored);
      const reasons = c.reasons.map(oneLine).filter(Boolean).slice(0, REASONS_SHOWN);
      if (reasons.length > 0) parts.push(t.reasons(reasons.join(", ")));
      return parts.join(" · ");
    },
    score,
    actions: (c) => {
      // Offer every move except the one already made.
      const all: Action[] = [
        { kind: "approve", label: c.status === "spam" ? t.rescue : t.approve, url: c.links.approve },
        { kind: "spam", label: t.spam, url: c.links.spam },
        { kind: "trash", label: t.trash, url: c.links.trash },
      ];
      const current: Record<DigestComment["status"], ActionKind | null> = { pending: null, approved: "approve", spam: "spam", trash: "trash" };
      return all.filter((a) => a.kind !== current[c.status]);
    },
    preview: (c) => trimText(cleanText(c.body), COMMENT_PREVIEW_LENGTH),
    url: httpUrl,
    name: oneLine,
  };
}
