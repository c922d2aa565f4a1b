/**
 * A small hand-made, multilingual check of the whole scorer: a blog about
 * bread, hiking and small software, with readers writing Hebrew, Arabic,
 * Russian, English, mixed scripts and emoji. The model learns from a dozen
 * or so decisions of each kind (training set below), then scores comments
 * it has never seen. No legitimate comment may be marked spam; most spam must be.
 * (All texts written for this test; links use reserved .example domains.)
 */
import { describe, expect, it } from "vitest";
import { emptyModel, train, type BayesModel } from "../../src/spam/bayes";
import { DEFAULT_SPAM_SETTINGS, decide, scoreComment, spamHostsIn, type ScoringContext, type ScoringInput } from "../../src/spam/score";
import { commentTokens, linkHosts } from "../../src/spam/tokens";

const TRAIN_HAM = [
  "Great post! I tried the sourdough recipe this weekend and it came out perfect.",
  "תודה על הפוסט, ניסיתי את המתכון של השקשוקה והיא יצאה מעולה",
  "Thanks for the trail guide, we hiked the Nahal Amud route last spring.",
  "מסלול יפה מאוד, הלכנו בו עם הילדים בחופש הגדול",
  "I disagree a bit about the caching part: KV's eventual consistency bit me once.",
  "شكرا على المقال، الوصفة رائعة جدا وسهلة",
  "Love this 😍 my kids ask for shakshuka every Friday now",
  "קראתי את הפוסט על הבלוג וזה ממש נתן לי השראה לכתוב שוב 🙏",
  "Which flour do you use for the bread? Mine always comes out too dense.",
  "Nice write-up. Here's the docs page I mentioned: https://developers.cloudflare.com/workers/",
  "Спасибо, очень полезная статья про выпечку хлеба!",
  "איזה קמח אתם ממליצים ללחם מחמצת? שלי יוצא שטוח",
  "The photos from the Golan hike are beautiful, what camera was that?",
  "מעניין מאוד, לא ידעתי שאפשר להריץ בלוג שלם על Workers",
  "Good point about comments being plain text. Markdown in comments always ends badly.",
];

const TRAIN_SPAM = [
  "Best online casino bonus! Win real money now at https://casino-royal.example/bonus",
  "קזינו אונליין הכי טוב בישראל! בונוס הרשמה 500 ₪ היכנסו עכשיו https://best-casino.example",
  "Cheap viagra and cialis online, no prescription needed, fast shipping http://pharma-shop.example",
  "הלוואות מהירות ללא בדיקת BDI, כסף תוך 24 שעות! התקשרו 050-1234567",
  "Need a quick loan? Get approved in minutes, bad credit OK http://fastloan.example/apply",
  "Buy followers and likes cheap!!! www.socialboost.example",
  "Nice post. Check out my site for SEO services: http://seo-cheap.example http://seo-cheap.example/pricing",
  "Make $5000 a week working from home!!! Click here http://easy-money.example",
  "ربح المال بسرعة من الكازينو اون لاين https://casino-arab.example",
  "הימורי ספורט וקזינו בלייב, בונוס ענק למצטרפים חדשים www.bet-il.example",
  "Replica watches and designer bags at 90% off, visit replica-store.example/sale",
  "כדורים להגדלת כוח גברא, ויאגרה במחיר הכי זול, משלוח דיסקרטי",
  "Crypto investment opportunity, double your bitcoin in 7 days http://btc-double.example",
  "Great article thanks for sharing [url=http://payday.example]payday loans[/url]",
  "Получите кредит без проверки кредитной истории http://credit.example",
];

const TEST_HAM = [
  "The bread turned out great, thanks for the tips about hydration!",
  "שאלה: כמה זמן צריך להתסיס את הבצק בלילה?",
  "Shabbat shalom! ניסיתי את החלה מהמתכון שלך 🥖❤️",
  "I hiked this trail in 2019, it's even more beautiful in winter.",
  "Here is the map I used: https://www.openstreetmap.org/#map=12/32.9/35.5 hope it helps",
  "מסכים עם כל מילה. הבלוג הזה הוא פנינה 👏👏👏",
  "مرحبا، هل يمكن استخدام دقيق القمح الكامل؟",
  "LOL 😂😂😂😂😂",
  "חחחחחחחחחח אהבתי את הסיפור על הכלב",
  "Thanks! I fixed my wrangler config with your post: the cron needed UTC.",
  "Very nice photos. Was the water cold? 🏞️",
  "Привет из Хайфы! Отличный рецепт, спасибо 🙂",
  "I run a small bakery too, we use the same 70% hydration. Great minds!",
  "תודה רבה! איפה קונים את הקמח הזה בתל אביב?",
  "Could you write about D1 migrations next? Would love that.",
  "The link to the recipe PDF is broken, can you fix it?",
  "כתבת שהמסלול לוקח 4 שעות, לנו זה לקח 6 עם הילדים 😅",
  "Loved the Hebrew post, even with Google Translate it reads beautifully.",
  "شكرا جزيلا، سأجرب الوصفة في نهاية الأسبوع 🌙",
  "Mixed feelings: the שקשוקה was great, but I added feta 🧀 and it was even better",
  "בְּתֵאָבוֹן! המתכון עם הניקוד נראה חגיגי",
  "I lost money at a casino once, so I bake bread now. Cheaper therapy 😄",
  // Close to the phrase rules, and legitimate.
  "You should check out the Workers docs on cron triggers, they explain it well",
  "כנסו לאתר של רשות הטבע והגנים כדי להזמין מקום בחניון",
  "I won the prize at the county fair for my rye, thanks to your starter guide!",
  "Please share the recipe for the challah!",
  "לקחנו הלוואה לשיפוץ המטבח, והפוסט על הארונות עזר מאוד",
  "My phone died halfway up the trail, so no photos, sorry 😅",
  "עקבו אחרי הסימון הכחול עד המעיין, אי אפשר לפספס",
  "Are you making money from this blog? Curious how the Workers bill looks.",
];

const TEST_SPAM = [
  "Online casino with the biggest bonus, play now https://lucky-casino.example/vip",
  "קזינו חדש! 200 סיבובים חינם בהרשמה https://casino-il.example",
  "Buy cheap cialis and viagra without prescription http://meds-online.example",
  "הלוואה חוץ בנקאית מהירה, גם למוגבלים! 052-7654321",
  "Payday loans approved instantly, no credit check http://quick-cash.example",
  "Earn $300 per day from home, click http://work-home.example http://work-home.example/join",
  "🎰🎰 WIN BIG 🎰🎰 www.slots-win.example",
  "Nice blog! Visit my website http://seo-pro.example for cheap SEO services and backlinks",
  "أفضل كازينو اون لاين، بونوس مجاني https://arab-bet.example",
  "ויאגרה וסיאליס במשלוח עד הבית, מחיר מבצע",
  "הימורים בלייב עם בונוס הפקדה 100% www.betting-il.example",
  "Cheap replica Rolex watches, visit replica-shop.example/rolex",
  "Bitcoin doubler: invest 0.1 BTC, get 0.2 BTC back in 24 hours http://btc-x2.example",
  "[url=http://pills.example]buy pills online[/url] [url=http://pills.example/cheap]cheap pills[/url]",
  '<a href="http://loans.example">fast loans</a> best rates guaranteed',
  "Кредит онлайн без отказа, деньги сразу http://zaim.example",
  "SEO services, cheap backlinks http://links.example http://links2.example http://links3.example",
  "Free iPhone giveaway!!! claim your prize now http://prize.example",
  "הלוואות ללא ערבים, כסף מהיר תוך שעה, התקשרו עכשיו",
  "Hot singles in your area want to meet you http://dating.example",
  // Spam the phrase rules know, in both languages.
  "הירשמו לערוץ שלי ביוטיוב, מתכונים חדשים כל יום!",
  "רוצים להרוויח 10,000 ₪ בחודש מהבית? לחצו כאן https://easy-cash.example",
  "Check out my channel for bread videos!! sub4sub",
  "Congratulations! You have been selected to win a free iPad, claim your prize at http://prize-il.example",
  "כנסו לקישור בביו וקבלו מתנה חינם",
  "Text BREAD to 80086 for daily recipes, 150p/msg, reply STOP to end",
];

const input = (body: string): ScoringInput => ({ name: "Reader", email: null, url: null, body, formAgeMs: null });

function trainedModel(): BayesModel {
  const model = emptyModel();
  for (const body of TRAIN_HAM) train(model, commentTokens(input(body)), "ham");
  for (const body of TRAIN_SPAM) train(model, commentTokens(input(body)), "spam");
  return model;
}

/** Scores a comment the way the scheduled job does: spam hosts come from the same model. */
function judge(model: BayesModel, body: string) {
  const comment = input(body);
  const context: ScoringContext = { ipSpamCount: 0, emailSpamCount: 0, spamHosts: spamHostsIn(model, linkHosts(comment)), approvedBefore: false, duplicateCount: 0 };
  const result = scoreComment(comment, context, model, DEFAULT_SPAM_SETTINGS);
  return { body, ...result, decision: decide(result.score, DEFAULT_SPAM_SETTINGS, false, true) };
}

describe("a hand-made multilingual set, after learning from a few decisions", () => {
  const model = trainedModel();

  it("marks no legitimate comment spam", () => {
    const marked = TEST_HAM.map((body) => judge(model, body)).filter((r) => r.decision === "spam");
    expect(marked.map((r) => `${r.body} → ${r.score}: ${r.reasons.join("; ")}`)).toEqual([]);
  });

  it("marks most spam spam, and lets none through", () => {
    const results = TEST_SPAM.map((body) => judge(model, body));
    expect(results.filter((r) => r.decision === "approved").map((r) => r.body)).toEqual([]);
    // 25 of 26 at the time of writing (12 of the first 20 before the phrase
    // rules): after 30 decisions the model and the rules are sure of most
    // spam; the rest waits for the author, with the reasons shown.
    const caught = results.filter((r) => r.decision === "spam");
    expect(caught.length).toBeGreaterThanOrEqual(23);
    expect(caught.map((r) => r.body)).toEqual(expect.arrayContaining([TEST_SPAM[1], TEST_SPAM[10], TEST_SPAM[13]]));
  });

  it("approves over half of the legitimate comments when auto-approve is on, and holds the rest", () => {
    const results = TEST_HAM.map((body) => judge(model, body));
    expect(results.filter((r) => r.decision === "approved").length).toBeGreaterThan(TEST_HAM.length / 2);
    expect(results.every((r) => r.decision !== "spam")).toBe(true);
  });

  it("keeps learning: once the author marks a spam, its twin is caught", () => {
    // (The loan offer this test used to teach is now spam from the start:
    // a phone number, "הלוואה חוץ בנקאית" and the model's 30 decisions.)
    expect(judge(trainedModel(), "הלוואה חוץ בנקאית מהירה, גם למוגבלים! 052-7654321").decision).toBe("spam");
    // Spam no rule knows: a product, and nothing else.
    const twin = "סט סכינים יפני מקצועי במבצע, משלוח עד הבית לכל הארץ";
    const learner = trainedModel();
    expect(judge(learner, twin).decision).toBe("pending");
    train(learner, commentTokens(input("סכינים יפניים במבצע, משלוח חינם עד הבית")), "spam");
    train(learner, commentTokens(input("סט סכינים מקצועי במחיר מבצע לקוראי הבלוג")), "spam");
    expect(judge(learner, twin).decision).toBe("spam");
  });
});
