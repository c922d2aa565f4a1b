/**
 * Demo content, written for edgepress: what `npm start` shows a newcomer.
 * One long Hebrew post, one English, one mixing both (with niqqud and emoji,
 * so combining marks and 4-byte characters are on screen from the first run).
 * Dates are fixed so seeding twice writes the same thing.
 */
import type { PostInput } from "../posts/model";

const day = (iso: string) => Date.parse(iso);

export const HEBREW_DEMO_SLUG = "למה-לכתוב-בלוג";

export const DEMO_POSTS: PostInput[] = [
  {
    slug: "hello-from-the-edge",
    title: "Hello from the edge",
    lang: "en",
    tags: ["edgepress", "cloudflare", "writing"],
    status: "published",
    publishedAt: day("2026-10-02T07:30:00Z"),
    updatedAt: day("2026-10-02T07:30:00Z"),
    html: `<p>This blog is served by <strong>edgepress</strong>, a small blog engine that runs on Cloudflare Workers. When you opened this page, the post and its comments came out of a key–value store that is copied to every data centre, so the page was put together a few milliseconds from you.</p>
<!--more-->
<h2>What happens when you comment</h2>
<p>The comment form below is a plain HTML form. It works with JavaScript switched off, it keeps what you typed if something goes wrong, and after you send it you see your own comment right away, marked as awaiting moderation. Nobody else sees it until the author approves it.</p>
<p>Every few minutes a scheduled job scores new comments for spam. It does that on its own, without sending your words or your address to anyone else, and it explains each decision in plain words: “3 links”, “the name contains a URL”. The author's clicks teach it.</p>
<h2>What the author gets</h2>
<p>Once a day the author gets one email: the new comments since the last one, grouped by post, with what the spam filter thought of each and links to approve or remove them. One email, not one per comment.</p>
<blockquote><p>Write for the reader who arrives in five years from a search engine. They will not have your context; give it to them.</p></blockquote>
<p>That is the whole idea. The rest of this blog is demo content: a long post in Hebrew, and a recipe in two languages at once.</p>`,
  },
  {
    slug: HEBREW_DEMO_SLUG,
    title: "למה לכתוב בלוג ב־2026",
    lang: "he",
    tags: ["כתיבה", "בלוגים", "אינטרנט"],
    status: "published",
    publishedAt: day("2026-10-20T05:00:00Z"),
    updatedAt: day("2026-10-21T18:15:00Z"),
    html: `<p>כל כמה שנים מישהו מכריז שהבלוג מת. קודם הרשתות החברתיות היו אמורות להחליף אותו, אחר כך הניוזלטרים, ועכשיו הצ'אטבוטים שעונים על כל שאלה בלי לשלוח אתכם לשום מקום. ובכל זאת, כשאני מחפשת תשובה אמיתית לשאלה אמיתית — איך מתקנים ברז מטפטף, איזה שביל בכרמל פתוח אחרי הגשם, למה הלחם שלי לא תופח — אני מוצאת אותה כמעט תמיד בבלוג של מישהו.</p>
<!--more-->
<h2>בית, לא דוכן בשוק</h2>
<p>רשת חברתית היא דוכן בשוק של מישהו אחר. אפשר למכור בו, אפשר לצעוק בו, אבל בעל השוק מחליט מתי לסגור, מה יוצג בכניסה ומי בכלל יעבור ליד. בלוג הוא בית. הכתובת שלכם, הכללים שלכם, והארכיון שלכם: רשומה שכתבתם לפני עשר שנים עדיין נמצאת באותו מקום, ומי שקישר אליה אז מגיע אליה גם היום.</p>
<p>זה נשמע רומנטי, אבל יש לזה צד מעשי מאוד. כשפלטפורמה משנה את האלגוריתם, מי שבנה עליה קהל מתחיל מאפס. מי שכותב בבית שלו מאבד לכל היותר קצת תנועה מחיפוש, והקוראים הקבועים ממשיכים להגיע דרך הפיד.</p>
<h2>התגובות הן חצי מהבלוג</h2>
<p>הרשומות הכי טובות שקראתי היו טובות בגלל התגובות שמתחתן: קוראת שתיקנה טעות בנתונים, מישהו שהוסיף טיפ שהכותב לא הכיר, ויכוח מנומס שבסופו שני הצדדים למדו משהו. לכן המערכת הזאת שומרת כל תגובה, מציגה שרשורים של תשובות, ולא מבקשת מכם להירשם לשום דבר כדי להגיב.</p>
<p>היא גם לא שולחת את מה שכתבתם לשירות חיצוני כדי לבדוק אם זה ספאם. הסינון נעשה כאן, על השרת של הבלוג, ולומד מההחלטות של הכותבת עצמה. כתובת המייל שלכם נשמרת מוצפנת, ואף פעם לא מוצגת בעמוד.</p>
<h2>עברית, אנגלית, ואמוג'י באותה שורה</h2>
<p>מי שכותב בעברית יודע כמה זה מתסכל: משפט שמתחיל בעברית ומסתיים במילה באנגלית, כמו Cloudflare Workers, מתהפך פתאום, והנקודה קופצת לצד הלא נכון. כאן כל כותרת, שם ותגית מבודדים כך שהכיוון שלהם נשמר, וכל תגובה מוצגת בכיוון של השפה שבה נכתבה. גם ניקוד נשמר כמו שהוא: שָׁלוֹם, עוֹלָם. וגם 🌿 ו־🍞.</p>
<h2>אז מה עושים עם זה</h2>
<ul>
<li>כתבו על מה שאתם יודעים לעשות, גם אם זה נראה לכם מובן מאליו.</li>
<li>כתבו בשביל הקוראת שתגיע בעוד חמש שנים ממנוע חיפוש, בלי ההקשר שיש לכם היום.</li>
<li>ענו לתגובות. שם נמצאים הקוראים הכי טובים שלכם.</li>
</ul>
<p>ואם יש לכם מחשבות על כל זה, התגובות פתוחות למטה. אני קוראת את כולן, פעם ביום, במייל אחד.</p>`,
  },
  {
    slug: "shakshuka-שקשוקה",
    title: "Shakshuka / שַׁקְשׁוּקָה: one recipe, two languages 🍳",
    lang: "en",
    tags: ["recipes", "מתכונים", "breakfast"],
    status: "published",
    publishedAt: day("2026-11-08T09:00:00Z"),
    updatedAt: day("2026-11-08T09:00:00Z"),
    html: `<p>My grandmother wrote her recipes in Hebrew with the odd English word in the middle, and my friends read them in English with the odd Hebrew word in the middle. So here is shakshuka — <span lang="he" dir="rtl">שקשוקה</span> — written both ways at once.</p>
<!--more-->
<h2>What you need · <span lang="he" dir="rtl">מה צריך</span></h2>
<ul>
<li>6 ripe tomatoes, or one 800 g tin — <span lang="he" dir="rtl">6 עגבניות בשלות</span></li>
<li>1 red pepper, sliced — <span lang="he" dir="rtl">פלפל אדום אחד</span></li>
<li>3 cloves of garlic — <span lang="he" dir="rtl">3 שיני שום</span></li>
<li>1 tsp sweet paprika, ½ tsp cumin, a pinch of chili</li>
<li>4–6 eggs — <span lang="he" dir="rtl">4 עד 6 ביצים</span></li>
</ul>
<h2>How · <span lang="he" dir="rtl">איך</span></h2>
<p>Soften the pepper and garlic in olive oil, add the spices for a minute, then the tomatoes. Let it bubble for 15 minutes until it is thick enough that a spoon leaves a trail. Make small wells, break an egg into each, cover, and wait: 5 minutes for runny yolks.</p>
<p dir="rtl" lang="he">הטיפ של סבתא: לא לערבב אחרי שהביצים בפנים, ולהגיש ישר מהמחבת, עם הרבה לחם. בתיאבון! 😋</p>
<p>Combining marks survive here too: the title's niqqud (שַׁקְשׁוּקָה) is stored and served byte for byte, and so is “cafe\u0301”, written with a combining accent rather than a precomposed é.</p>`,
  },
  {
    slug: "reading-on-small-screens",
    title: "Notes on reading long posts on small screens",
    lang: "en",
    tags: ["writing", "design"],
    status: "published",
    publishedAt: day("2026-09-14T16:45:00Z"),
    updatedAt: day("2026-09-14T16:45:00Z"),
    html: `<p>Most readers of this blog arrive on a phone, on a bus, with one thumb free. A few things help them stay.</p>
<!--more-->
<ol>
<li><strong>A line that fits the eye.</strong> Around 65 characters on a desktop; the whole width on a phone, with a little margin.</li>
<li><strong>Type the phone already has.</strong> System fonts load instantly and read well in Hebrew and English.</li>
<li><strong>Dark mode when the reader asks for it</strong>, and not otherwise.</li>
<li><strong>No script needed to read or to comment.</strong> The page works on the slowest connection you can find.</li>
</ol>
<pre><code>@media (prefers-color-scheme: dark) { :root { --bg: #161615 } }</code></pre>
<p>That is all this theme does, and it is enough.</p>`,
  },
];
