/**
 * The digest's interface strings, in English and Hebrew. They live here, not
 * in views/i18n.ts, because an email has its own vocabulary (counts, actions,
 * what the scorer did) that no page uses. Functions that take a name or a
 * title get it already escaped or isolated by the caller: these strings only
 * put the words around it.
 */
import type { CommentStatus, Decider } from "../comments/model";
import { localeOf, nameJoint, type Locale } from "../views/i18n";

export interface DigestMessages {
  subject: (blog: string, fresh: number, awaiting: number) => string;
  heading: string;
  period: (from: string, to: string) => string;
  timesIn: (timeZone: string) => string;
  nothingNew: string;
  countNew: string;
  countAwaiting: string;
  countAutoApproved: string;
  countHeldSpam: string;
  /** `name` as the message shows it (isolated, escaped); `plain` the name itself, which decides how Hebrew joins it. */
  inReplyTo: (name: string, plain: string) => string;
  website: string;
  decision: (status: CommentStatus, decidedBy: Decider | null, scored: boolean) => string;
  score: (score: string) => string;
  reasons: (reasons: string) => string;
  readAll: string;
  view: string;
  approve: string;
  spam: string;
  trash: string;
  rescue: string;
  spamHeading: string;
  omitted: (n: number) => string;
  moderationPage: string;
  footer: string;
}

/** 1,000 rather than 1000: digits grouped the same way in both languages. */
const count = (n: number) => n.toLocaleString("en-US");

const en: DigestMessages = {
  subject: (blog, fresh, awaiting) =>
    `[${blog}] ` +
    (fresh === 0 ? "No new comments" : fresh === 1 ? "1 new comment" : `${count(fresh)} new comments`) +
    (awaiting > 0 ? `, ${count(awaiting)} awaiting you` : ""),
  heading: "New comments",
  period: (from, to) => `From ${from} to ${to}`,
  timesIn: (timeZone) => `Times are in ${timeZone}.`,
  nothingNew: "No new comments in this period.",
  countNew: "new",
  countAwaiting: "awaiting you",
  countAutoApproved: "auto-approved",
  countHeldSpam: "held as spam",
  inReplyTo: (name) => `in reply to ${name}`,
  website: "Website",
  decision: (status, decidedBy, scored) => {
    if (status === "pending") return scored ? "Held for you" : "Awaiting you (not scored yet)";
    if (status === "approved") return decidedBy === "author" ? "Approved by you" : "Approved automatically";
    if (status === "spam") return decidedBy === "author" ? "Marked as spam by you" : "Held as spam";
    return "In the trash";
  },
  score: (score) => `score ${score}`,
  reasons: (reasons) => `why: ${reasons}`,
  readAll: "Read the whole comment",
  view: "View the comment",
  approve: "Approve",
  spam: "Spam",
  trash: "Trash",
  rescue: "Not spam? Approve",
  spamHeading: "Held as spam",
  omitted: (n) => (n === 1 ? "…and 1 more comment. See the moderation page." : `…and ${n} more comments. See the moderation page.`),
  moderationPage: "Moderation page",
  footer: "You get this email once a day. Each link opens a page that asks you to confirm; nothing changes until you do.",
};

const he: DigestMessages = {
  subject: (blog, fresh, awaiting) =>
    `[${blog}] ` +
    (fresh === 0 ? "אין תגובות חדשות" : fresh === 1 ? "תגובה חדשה אחת" : `${count(fresh)} תגובות חדשות`) +
    (awaiting === 0 ? "" : awaiting === 1 ? ", אחת ממתינה לך" : `, ${count(awaiting)} ממתינות לך`),
  heading: "תגובות חדשות",
  period: (from, to) => `מ־${from} עד ${to}`,
  timesIn: (timeZone) => `השעות לפי אזור הזמן ${timeZone}.`,
  nothingNew: "אין תגובות חדשות בתקופה הזאת.",
  countNew: "חדשות",
  countAwaiting: "ממתינות לך",
  countAutoApproved: "אושרו אוטומטית",
  countHeldSpam: "עוכבו כספאם",
  inReplyTo: (name, plain) => `בתגובה ל${nameJoint("he", plain)}${name}`,
  website: "אתר",
  decision: (status, decidedBy, scored) => {
    if (status === "pending") return scored ? "ממתינה לאישורך" : "ממתינה לאישורך (טרם נבדקה)";
    if (status === "approved") return decidedBy === "author" ? "אישרת אותה" : "אושרה אוטומטית";
    if (status === "spam") return decidedBy === "author" ? "סימנת אותה כספאם" : "עוכבה כספאם";
    return "בפח";
  },
  score: (score) => `ציון ${score}`,
  reasons: (reasons) => `סיבות: ${reasons}`,
  readAll: "לתגובה המלאה",
  view: "לצפייה בתגובה",
  approve: "אישור",
  spam: "ספאם",
  trash: "לפח",
  rescue: "לא ספאם? לאישור",
  spamHeading: "עוכבו כספאם",
  omitted: (n) => (n === 1 ? "…ועוד תגובה אחת. אפשר לראות אותה בדף ניהול התגובות." : `…ועוד ${n} תגובות. אפשר לראות אותן בדף ניהול התגובות.`),
  moderationPage: "דף ניהול התגובות",
  footer: "המייל הזה נשלח פעם ביום. כל קישור פותח דף שמבקש אישור; שום דבר לא משתנה לפני שמאשרים.",
};

const tables: Record<Locale, DigestMessages> = { en, he };

export function digestMessages(lang: string): DigestMessages {
  return tables[localeOf(lang)];
}
