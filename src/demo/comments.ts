/**
 * Demo comments, written for edgepress: a threaded conversation on the
 * Hebrew post (Hebrew, English and emoji mixed, a link, a reply by the
 * author, a thread deeper than one level) and a couple on the English post.
 * `replyTo` points at another demo comment by its index in the same list.
 */
export interface DemoComment {
  author: string;
  url?: string;
  body: string;
  at: string;
  replyTo?: number;
  isAuthor?: boolean;
}

export const DEMO_COMMENTS: Record<string, DemoComment[]> = {
  "למה-לכתוב-בלוג": [
    { author: "יעל כהן", at: "2026-10-20T07:12:00Z", body: "מסכימה עם כל מילה. הבלוג הישן שלי מ־2011 עדיין מביא לי מיילים מאנשים שמצאו שם מתכון לקובה 🙂" },
    { author: "Noa Levi", isAuthor: true, at: "2026-10-20T08:40:00Z", replyTo: 0, body: "קובה מ־2011 זה בדיוק מה שהתכוונתי! המתכון עוד עובד?" },
    { author: "יעל כהן", at: "2026-10-20T09:05:00Z", replyTo: 1, body: "עובד, רק הורדתי קצת מלח. והקישור הישן עדיין חי, מה שהכי מדהים." },
    { author: "David Mizrahi", url: "https://david.example.org/", at: "2026-10-20T11:30:00Z", body: "Great post. One thing I'd add: RSS is the reason I still read blogs at all. I follow ~80 feeds and never miss a post.\n\nDo you publish a full-text feed?" },
    { author: "Noa Levi", isAuthor: true, at: "2026-10-20T12:02:00Z", replyTo: 3, body: "Yes: /feed.xml has every post, and each post has its own comments feed too." },
    { author: "רון", at: "2026-10-21T06:45:00Z", body: "נקודה על הכיוון של הטקסט: סוף סוף מישהו שם לב לזה. כשאני כותב על React או על Node.js באמצע משפט בעברית זה תמיד נשבר לי." },
    { author: "מאיה", at: "2026-10-21T08:20:00Z", replyTo: 5, body: "אותו דבר אצלי עם מספרי גרסאות, למשל 4.86.0 שמתהפך ל־0.86.4 😅" },
    { author: "רון", at: "2026-10-21T09:01:00Z", replyTo: 6, body: "בדיוק! ותנסי לכתוב כתובת כמו https://example.com/path באמצע משפט." },
    { author: "Sam O'Neill", at: "2026-10-22T17:15:00Z", body: "I can't read Hebrew but Google Translate did a fine job, and the page looked right even with the translation bar on top. שלום from Dublin 👋" },
    { author: "תמר", at: "2026-10-23T05:50:00Z", body: "תודה על הרשימה בסוף. \"לכתוב בשביל הקוראת שתגיע בעוד חמש שנים\" — זה ייתלה לי מעל השולחן." },
  ],
  "hello-from-the-edge": [
    { author: "Priya", at: "2026-10-02T10:00:00Z", body: "Nice! Does the comment form really work with JavaScript turned off? Trying it now." },
    { author: "Noa Levi", isAuthor: true, at: "2026-10-02T10:20:00Z", replyTo: 0, body: "It does: this reply went through the same plain form." },
  ],
};
