/** Digest test data: Hebrew, emoji (4-byte UTF-8), hostile names and bodies, and a helper to parse what we send. */
import PostalMime, { type Email } from "postal-mime";
import type { DigestComment, DigestFrame, DigestPostInfo } from "../../src/digest/model";

export const BLOG = "https://blog.example";
export const ADMIN = `${BLOG}/admin/comments`;

export const HEBREW_POST: DigestPostInfo = {
  slug: "שקשוקה",
  title: "שקשוקה של שבת 🍳",
  url: `${BLOG}/${encodeURIComponent("שקשוקה")}`,
  lang: "he",
};
export const ENGLISH_POST: DigestPostInfo = { slug: "hello-edge", title: "Hello from the edge", url: `${BLOG}/hello-edge`, lang: "en" };
export const POSTS = [HEBREW_POST, ENGLISH_POST];

export const HEBREW_BODY = "איזה מתכון מעולה! 🍞😍 ניסיתי אתמול והילדים התלהבו.\n\nשאלה: אפשר בלי פלפל חריף?";
export const SCRIPT_BODY = `<script>alert("x")</script> Thanks & "cheers" — it's <b>great</b>`;

/** Signed links have '&' in them: in HTML attributes they must come out as &amp;. */
export function linksFor(id: number) {
  const link = (action: string) => `${BLOG}/admin/c/${id}/${action}?exp=1772600000&sig=Zm9v_YmFy-${id}`;
  return { view: link("view"), approve: link("approve"), spam: link("spam"), trash: link("trash") };
}

let nextId = 1000;

export function comment(fields: Partial<DigestComment> = {}): DigestComment {
  const id = fields.id ?? nextId++;
  return {
    id,
    postSlug: ENGLISH_POST.slug,
    postTitle: ENGLISH_POST.title,
    authorName: "Sam",
    authorUrl: null,
    createdAt: Date.UTC(2026, 2, 3, 9, 0),
    body: "Nice post.",
    status: "pending",
    decidedBy: null,
    decidedAt: null,
    score: null,
    reasons: [],
    inReplyTo: null,
    links: linksFor(id),
    ...fields,
  };
}

/** One of each kind the digest shows, on two posts; the Hebrew post has the most recent comment. */
export function sampleComments(): DigestComment[] {
  return [
    comment({
      id: 1,
      postSlug: HEBREW_POST.slug,
      postTitle: HEBREW_POST.title,
      authorName: "דנה לוי",
      authorUrl: "https://dana.example/בלוג",
      createdAt: Date.UTC(2026, 2, 3, 12, 5),
      body: HEBREW_BODY,
      status: "pending",
      decidedBy: "auto",
      score: 0.41,
      reasons: ["first comment from this address", "contains a link", "very short", "posted 3 s after page load"],
    }),
    comment({
      id: 2,
      postSlug: HEBREW_POST.slug,
      postTitle: HEBREW_POST.title,
      authorName: `Sam <script>alert(1)</script>`,
      authorUrl: "javascript:alert(1)",
      createdAt: Date.UTC(2026, 2, 3, 13, 30),
      body: SCRIPT_BODY,
      status: "approved",
      decidedBy: "auto",
      score: 0.02,
      reasons: ["known commenter"],
      inReplyTo: "דנה לוי",
    }),
    comment({
      id: 3,
      authorName: "Avi 🎉",
      createdAt: Date.UTC(2026, 2, 3, 8, 0),
      body: "Great read. Question about the KV write limits: one write a second per key?",
      status: "pending",
      decidedBy: null,
      score: null,
    }),
    comment({
      id: 4,
      authorName: "Cheap Pills",
      authorUrl: "http://spam.example/?a=1&b=2",
      createdAt: Date.UTC(2026, 2, 3, 10, 0),
      body: "BUY NOW http://spam.example/?a=1&b=2 best prices!!!",
      status: "spam",
      decidedBy: "auto",
      score: 0.987,
      reasons: ["3 links", "known spam words"],
    }),
  ];
}

export function frame(fields: Partial<DigestFrame> = {}): DigestFrame {
  return {
    blogTitle: "Edge Notes",
    blogUrl: BLOG,
    lang: "en",
    timeZone: "Asia/Jerusalem",
    periodStart: Date.UTC(2026, 2, 3, 5, 0),
    periodEnd: Date.UTC(2026, 2, 4, 5, 0),
    adminUrl: ADMIN,
    ...fields,
  };
}

export const parse = (raw: string): Promise<Email> => PostalMime.parse(raw);

/** Bodies come back with the CRLF line breaks they travelled with. */
export const unix = (text: string | undefined) => (text ?? "").replace(/\r\n/g, "\n");
