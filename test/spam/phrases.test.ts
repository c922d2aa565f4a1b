/**
 * The phrase families, one by one: what each catches in English and Hebrew,
 * and the everyday sentences near them that it must leave alone (a blog
 * about bread, hiking and small software, as in multilingual.test.ts).
 */
import { describe, expect, it } from "vitest";
import { PHRASE_FAMILIES, SHORTENER_HOSTS, isReferralLink, matchPhrases } from "../../src/spam/phrases";
import { contentSignals } from "../../src/spam/signals";
import { foldText, normalizeText } from "../../src/spam/text";

const families = (text: string) => matchPhrases(normalizeText(text), foldText(text)).map((m) => m.family.name);

const CATCHES: Record<string, string[]> = {
  SELF_PROMOTION: [
    "Check out my channel for more covers!",
    "pls subscribe to my youtube channel",
    "sub4sub anyone?",
    "help me reach 1000 subscribers before Friday",
    "follow me on instagram @breadguy",
    "הירשמו לערוץ שלי, יש סרטונים חדשים כל שבוע",
    "כנסו לאינסטגרם שלי",
    "בקרו באתר שלי לעוד מתכונים",
    "תעקבו אחריי בטיקטוק",
  ],
  CALL_TO_ACTION: ["Click here for the full list", "Sign up now and save", "check it out", "לחצו כאן לפרטים", "היכנסו לקישור בביו"],
  ENGAGEMENT_BAIT: ["Like this comment if you agree", "give it a like!", "תנו לייק אם אהבתם"],
  MONEY_MAKING: ["Earn $300 per day from home", "make money online with this one trick", "passive income guaranteed", "הרוויחו 5000 ₪ בחודש", "כסף מהיר בלי מאמץ"],
  SPAM_PRODUCT: ["cheap viagra no prescription", "best online casino bonus", "buy followers today", "ויאגרה במשלוח דיסקרטי", "הלוואה חוץ בנקאית לכל מטרה"],
  MONEY_TOPIC: ["casino", "crypto", "קזינו", "הלוואות"],
  ADULT_CONTENT: ["hot singles in your area", "xxx videos free", "נערות ליווי בתל אביב"],
  PRIZE_CLAIM: ["You have won a £1000 prize!", "claim your reward now", "free iPhone giveaway", "קזינו חדש, 200 סיבובים חינם", "זכית בהגרלה!"],
  CONTACT_NUMBER: ["call 0800 505060 now", "text WIN to 80086", "התקשרו עכשיו 052-7654321", "חייגו אלינו"],
  KEYWORD_REPLY: ["txt HORO followed by your sign", "just reply with SING now", "שלחו את המילה כן"],
  PLEA: ["please subscribe guys", "vote for me in the contest", "donate to my fundraiser via paypal", "הצביעו לנו בתחרות"],
  BULK_FINE_PRINT: ["Reply STOP to end", "T&Cs apply", "150p/msg, 18+ only", "להסרה השיבו הסר"],
  URGENCY: ["act now, limited time only", "רק היום במחיר מיוחד"],
  PRICE: ["only $5", "10 ₪", "150p per week", "40 שקלים"],
};

// Sentences a reader of the blog could write, each close to some family.
const LEAVES_ALONE = [
  "I checked out the library you mentioned and it works great",
  "I wrote about this on my blog last year",
  "Follow me on this one: hydration matters more than flour",
  "Please share the recipe for the challah!",
  "Please help, my bread is flat every time",
  "Are you making money from this blog?",
  "I tried to click the link but it is broken",
  "Visit the site of the parks authority for the permit",
  "You won the bake-off, congratulations!",
  "I won the prize at the county fair for my rye",
  "The race is on 2024-05-01 10:00 and 150 people signed up",
  "1000000000 views, wow",
  "pick a number: 1 2 3 4 5 6 7 8 9",
  "I opted out of the newsletter, too many emails",
  "Love this, subscribe me to the newsletter please",
  "Thanks for the links, xxx",
  "עקבתי אחרי המתכון שלך והלחם יצא מעולה",
  "עקבו אחרי הסימון הכחול עד המעיין",
  "כנסו לאתר של רשות הטבע והגנים כדי להזמין מקום",
  "הירשמו לאתר של רשות הטבע והגנים מראש, אחרת אין כניסה",
  "לחצתי על הקישור והוא לא עובד",
  "הלוואי שהייתי שם איתכם",
  "זכיתי בפרס בתחרות אפייה בזכות המתכון",
  "המתכון בחינם? תודה רבה!",
  "זה הימור, אבל אולי כדאי להוסיף עוד מים",
  "עזרו לי להבין למה הבצק לא תופח",
  "נכנסו לאתר והזמנו מקום",
];

describe("phrase families", () => {
  for (const [name, examples] of Object.entries(CATCHES)) {
    it(`${name} catches its phrases in English and Hebrew`, () => {
      for (const text of examples) expect(families(text), text).toContain(name);
    });
  }

  it("covers every family with examples", () => {
    expect(Object.keys(CATCHES).sort()).toEqual(PHRASE_FAMILIES.map((f) => f.name).sort());
  });

  it("leaves everyday sentences alone, but for the mildest hints", () => {
    // "Subscribe", a price, "loans": everyday words too, worth a point or less.
    const hints = new Set(["CALL_TO_ACTION", "PRICE", "MONEY_TOPIC", "URGENCY"]);
    for (const text of LEAVES_ALONE) expect(families(text).filter((f) => !hints.has(f)), text).toEqual([]);
  });

  it("matches through look-alike letters and invisible characters", () => {
    expect(families("Ｃｈｅｃｋ ｏｕｔ ｍｙ ｃｈａｎｎｅｌ")).toContain("SELF_PROMOTION");
    expect(families("sub\u200Bscribe to my channel")).toContain("SELF_PROMOTION");
    expect(families("הירשמו\u200F לערוץ שלי")).toContain("SELF_PROMOTION");
  });

  it("keeps every family below the default spam threshold on its own", () => {
    for (const family of PHRASE_FAMILIES) expect(family.points, family.name).toBeLessThan(3);
  });

  it("quotes what matched in the reason", () => {
    const signal = contentSignals({ body: "Nice post! Check out my channel" }).find((s) => s.name === "SELF_PROMOTION");
    expect(signal?.reason).toBe('self-promotion: "check out my channel"');
    const hebrew = contentSignals({ body: "הירשמו לערוץ שלי" }).find((s) => s.name === "SELF_PROMOTION");
    expect(hebrew?.reason).toBe('self-promotion: "הירשמו לערוץ"');
  });
});

describe("link signals from phrases.ts", () => {
  it("knows the public URL shorteners", () => {
    expect(SHORTENER_HOSTS.has("bit.ly")).toBe(true);
    const signals = contentSignals({ body: "see https://bit.ly/3xYz and https://example.org" });
    expect(signals.find((s) => s.name === "SHORTENED_LINK")?.reason).toBe("link through a URL shortener (bit.ly)");
  });

  it("notices referral and affiliate codes", () => {
    expect(isReferralLink("http://shop.example/?ref=abc123")).toBe(true);
    expect(isReferralLink("https://site.example/ref/tom99")).toBe(true);
    expect(isReferralLink("https://example.org/docs?page=2")).toBe(false);
    expect(contentSignals({ body: "easy money http://paid.example/?aff=77" }).map((s) => s.name)).toContain("REFERRAL_LINK");
  });
});
