/**
 * The comment section's words in English and Hebrew: labels, notices, and
 * the reason shown beside a field when a submission is turned back.
 */
import { localeOf, type Locale } from "../views/i18n";

const en = {
  leaveComment: "Leave a comment",
  leaveReplyTo: "Leave a reply to",
  cancelReply: "Cancel reply",
  name: "Name",
  email: "Email",
  emailNote: "Your email address will not be published.",
  website: "Website",
  comment: "Comment",
  required: "required",
  remember: "Save my name, email and website in this browser for the next time I comment.",
  submit: "Post comment",
  reply: "Reply",
  awaiting: "Your comment is awaiting moderation.",
  inReplyTo: "in reply to",
  authorBadge: "Author",
  honeypot: "Leave this field empty",
  closed: "Comments are closed.",
  unavailable: "Comments are unavailable right now. Please try again in a few minutes.",
  noComments: "No comments yet.",
  commentFeed: "Comments feed",
  yourText: "Your comment, so you can keep it:",
  // Why a submission came back.
  notPosted: "Your comment was not posted.",
  fixFields: "Please check the fields marked below; everything you wrote is still here.",
  nameRequired: "Please enter your name.",
  nameTooLong: "Names can be at most 100 characters.",
  emailRequired: "Please enter your email address.",
  emailInvalid: "This does not look like an email address.",
  emailTooLong: "Email addresses can be at most 254 characters.",
  urlInvalid: "The website must be an http:// or https:// address.",
  urlTooLong: "Website addresses can be at most 200 characters.",
  commentRequired: "Please write a comment.",
  commentTooLong: (n: number) => `Comments can be at most 10,000 characters; this one has ${n.toLocaleString("en")}.`,
  parentInvalid: "The comment you are replying to is not available any more. Your reply is kept: send it as a new comment.",
  tokenExpired: "The form had expired. Your text is kept below: press “Post comment” again.",
  tokenTooFast: "That was quicker than anyone types. Your text is kept below: press “Post comment” again.",
  tokenForged: "This form could not be verified, so nothing was posted. Your text is kept below: press “Post comment” to send it with a fresh form.",
  tokenUsed: "This form was already used to post a comment, so this text was not posted. It is kept below: press “Post comment” to send it as a new comment.",
  rateLimited: (seconds: number) => `You are commenting faster than we allow. Please wait ${seconds} seconds and press “Post comment” again; your text is kept below.`,
  tooLarge: "This comment is too large to send (the limit is 64 KiB). It is kept below: shorten it and send again.",
  badEncoding: "Part of what your browser sent was not valid text and was replaced with �. Please check your comment and send it again.",
  malformed: "The form arrived incomplete. Please check your comment and send it again.",
  storeUnavailable: "We could not save your comment just now. Nothing was lost: your text is kept below. Please try again in a minute.",
};

export type CommentMessages = typeof en;

const he: CommentMessages = {
  leaveComment: "כתיבת תגובה",
  leaveReplyTo: "תגובה ל",
  cancelReply: "ביטול תגובה",
  name: "שם",
  email: "אימייל",
  emailNote: "כתובת האימייל שלך לא תפורסם.",
  website: "אתר",
  comment: "תגובה",
  required: "חובה",
  remember: "שמירת השם, האימייל והאתר שלי בדפדפן הזה לפעם הבאה שאגיב.",
  submit: "פרסום תגובה",
  reply: "השב",
  awaiting: "התגובה שלך ממתינה לאישור.",
  inReplyTo: "בתגובה ל",
  authorBadge: "הכותבת",
  honeypot: "נא להשאיר שדה זה ריק",
  closed: "התגובות סגורות.",
  unavailable: "התגובות אינן זמינות כרגע. נא לנסות שוב בעוד כמה דקות.",
  noComments: "אין עדיין תגובות.",
  commentFeed: "פיד התגובות",
  yourText: "התגובה שלך, כדי שתוכלו לשמור אותה:",
  notPosted: "התגובה לא פורסמה.",
  fixFields: "נא לבדוק את השדות המסומנים; כל מה שכתבת עדיין כאן.",
  nameRequired: "נא למלא שם.",
  nameTooLong: "שם יכול להכיל עד 100 תווים.",
  emailRequired: "נא למלא כתובת אימייל.",
  emailInvalid: "זו לא נראית כמו כתובת אימייל.",
  emailTooLong: "כתובת אימייל יכולה להכיל עד 254 תווים.",
  urlInvalid: "כתובת האתר צריכה להתחיל ב־http://‎ או ב־https://‎.",
  urlTooLong: "כתובת אתר יכולה להכיל עד 200 תווים.",
  commentRequired: "נא לכתוב תגובה.",
  commentTooLong: (n) => `תגובה יכולה להכיל עד 10,000 תווים; בתגובה הזאת יש ${n.toLocaleString("he")}.`,
  parentInvalid: "התגובה שעליה ניסית להגיב כבר לא זמינה. התשובה שלך נשמרה כאן: אפשר לשלוח אותה כתגובה חדשה.",
  tokenExpired: "תוקף הטופס פג. הטקסט שלך נשמר למטה: נא ללחוץ שוב על „פרסום תגובה”.",
  tokenTooFast: "זה היה מהיר מכדי שאדם יקליד. הטקסט שלך נשמר למטה: נא ללחוץ שוב על „פרסום תגובה”.",
  tokenForged: "לא הצלחנו לאמת את הטופס, ולכן דבר לא פורסם. הטקסט שלך נשמר למטה: לחיצה על „פרסום תגובה” תשלח אותו עם טופס חדש.",
  tokenUsed: "הטופס הזה כבר שימש לפרסום תגובה, ולכן הטקסט הזה לא פורסם. הוא נשמר למטה: לחיצה על „פרסום תגובה” תשלח אותו כתגובה חדשה.",
  rateLimited: (seconds) => `נשלחות ממך תגובות מהר מדי. נא להמתין ${seconds} שניות וללחוץ שוב על „פרסום תגובה”; הטקסט שלך נשמר למטה.`,
  tooLarge: "התגובה גדולה מכדי לשלוח אותה (המגבלה היא 64KiB). היא נשמרה למטה: נא לקצר ולשלוח שוב.",
  badEncoding: "חלק ממה שהדפדפן שלח לא היה טקסט תקין והוחלף ב־�. נא לבדוק את התגובה ולשלוח שוב.",
  malformed: "הטופס הגיע חסר. נא לבדוק את התגובה ולשלוח שוב.",
  storeUnavailable: "לא הצלחנו לשמור את התגובה כרגע. דבר לא אבד: הטקסט שלך נשמר למטה. נא לנסות שוב בעוד דקה.",
};

const tables: Record<Locale, CommentMessages> = { en, he };

export function commentMessages(lang: string): CommentMessages {
  return tables[localeOf(lang)];
}
