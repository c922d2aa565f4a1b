import { describe, expect, it } from "vitest";
import { emptyModel, train } from "../../src/spam/bayes";
import {
  DEFAULT_APPROVE_THRESHOLD,
  DEFAULT_SPAM_SETTINGS,
  DEFAULT_SPAM_THRESHOLD,
  decide,
  scoreComment,
  spamHostsIn,
  type ScoringContext,
  type ScoringInput,
  type SpamSettings,
} from "../../src/spam/score";
import { commentTokens } from "../../src/spam/tokens";

const NO_HISTORY: ScoringContext = { ipSpamCount: 0, emailSpamCount: 0, spamHosts: [], approvedBefore: false, duplicateCount: 0 };

function comment(body: string, fields: Partial<ScoringInput> = {}): ScoringInput {
  return { name: "Dana", email: "dana@example.org", url: null, body, formAgeMs: 45_000, ...fields };
}

function signalsOf(input: ScoringInput, context: Partial<ScoringContext> = {}, settings: SpamSettings = DEFAULT_SPAM_SETTINGS) {
  const result = scoreComment(input, { ...NO_HISTORY, ...context }, emptyModel(), settings);
  return Object.fromEntries(result.signals.map((s) => [s.name, s]));
}

describe("link signals", () => {
  it("counts links with a scheme, www. and bare domains with a path", () => {
    const s = signalsOf(comment("see www.x.example and y.example/path and https://z.org/ and also cheap.com"));
    expect(s.LINKS?.reason).toBe("4 links");
    expect(s.LINKS?.points).toBeGreaterThan(2);
  });

  it("lets one link pass lightly", () => {
    const s = signalsOf(comment("Here is the map I used: https://www.openstreetmap.org/#map=12/32.9/35.5 hope it helps"));
    expect(s.LINKS).toMatchObject({ reason: "1 link", points: 0.3 });
    expect(s.LINK_ONLY).toBeUndefined();
  });

  it("notices a comment that is nothing but a link", () => {
    expect(signalsOf(comment("https://casino.example/x")).LINK_ONLY?.reason).toBe("nothing but a link");
    expect(signalsOf(comment("wow!! http://a.example http://b.example")).LINK_ONLY).toBeDefined();
  });

  it("notices a URL in the name", () => {
    expect(signalsOf(comment("hi", { name: "cheap-pills.com" })).NAME_HAS_URL?.reason).toBe("name contains a URL");
    expect(signalsOf(comment("hi", { name: "Visit http://x.example" })).NAME_HAS_URL).toBeDefined();
    expect(signalsOf(comment("hi", { name: "Dr. J.R.R. Tolkien" })).NAME_HAS_URL).toBeUndefined();
  });

  it("notices BBCode and HTML anchors, which a plain-text form never needs", () => {
    expect(signalsOf(comment("nice [url=http://pills.example]pills[/url]")).LINK_MARKUP?.reason).toBe("uses [url=…] link markup");
    expect(signalsOf(comment('nice <a href="http://pills.example">pills</a>')).LINK_MARKUP?.reason).toBe("uses <a href> link markup");
  });
});

describe("the author's word lists", () => {
  const settings: SpamSettings = { ...DEFAULT_SPAM_SETTINGS, disallowedWords: ["casino", "קזינו", "payday loan"], moderationWords: ["loan", "הלוואה"] };

  it("sends a disallowed word to spam, whatever else the comment has", () => {
    const result = scoreComment(comment("I love the CASINO scene in this film"), { ...NO_HISTORY, approvedBefore: true }, emptyModel(), settings);
    expect(result.reasons[0]).toMatch(/^matches disallowed word 'casino'/);
    expect(decide(result.score, settings, true, true)).toBe("spam");
  });

  it("matches whole words in Latin script, but Hebrew words inside prefixed forms", () => {
    expect(signalsOf(comment("The casinos of Monaco"), {}, settings).DISALLOWED_WORD).toBeUndefined();
    expect(signalsOf(comment("ביקרתי בקזינו במונקו"), {}, settings).DISALLOWED_WORD?.reason).toBe("matches disallowed word 'קזינו'");
    expect(signalsOf(comment("get a payday   Loan today"), {}, settings).DISALLOWED_WORD?.reason).toBe("matches disallowed word 'payday loan'");
  });

  it("looks at the name, email and website too, after Unicode folding", () => {
    expect(signalsOf(comment("hello", { name: "ＣＡＳＩＮＯ king" }), {}, settings).DISALLOWED_WORD).toBeDefined();
    expect(signalsOf(comment("hello", { email: "casino@example.com" }), {}, settings).DISALLOWED_WORD).toBeDefined();
    expect(signalsOf(comment("hello", { url: "https://casino.example" }), {}, settings).DISALLOWED_WORD).toBeDefined();
    expect(signalsOf(comment("ca\u200Bsino night"), {}, settings).DISALLOWED_WORD).toBeDefined();
  });

  it("holds a moderation word for the author even for a trusted commenter", () => {
    const result = scoreComment(comment("Can I get a loan to buy your book?"), { ...NO_HISTORY, approvedBefore: true }, emptyModel(), settings);
    expect(result.signals.map((s) => s.name)).toContain("MODERATION_WORD");
    expect(result.score).toBeGreaterThan(settings.approveThreshold);
    expect(decide(result.score, settings, true, true)).toBe("pending");
    expect(signalsOf(comment("צריך הלוואה דחוף"), {}, settings).MODERATION_WORD?.reason).toBe("matches moderation word 'הלוואה'");
  });
});

describe("reputation, duplicates and form timing", () => {
  it("counts earlier spam from the same address and email", () => {
    const s = signalsOf(comment("hello"), { ipSpamCount: 2, emailSpamCount: 1 });
    expect(s.ADDRESS_SENT_SPAM).toMatchObject({ points: 2, reason: "2 earlier comments from this address marked spam" });
    expect(s.EMAIL_SENT_SPAM).toMatchObject({ points: 2, reason: "1 earlier comment from this email marked spam" });
    expect(signalsOf(comment("hello"), { ipSpamCount: 50 }).ADDRESS_SENT_SPAM?.points).toBe(3);
  });

  it("notices links to hosts that were marked spam before, subdomains included", () => {
    const s = signalsOf(comment("see https://www.promo.casino.example/x"), { spamHosts: ["casino.example"] });
    expect(s.SPAM_HOST?.reason).toBe("links to promo.casino.example, marked spam before");
    expect(signalsOf(comment("hi", { url: "https://casino.example" }), { spamHosts: ["casino.example"] }).SPAM_HOST).toBeDefined();
    expect(signalsOf(comment("see https://notcasino.example"), { spamHosts: ["casino.example"] }).SPAM_HOST).toBeUndefined();
  });

  it("finds spam hosts in the model the job loaded anyway", () => {
    const model = emptyModel();
    train(model, commentTokens({ body: "buy at http://pills.example" }), "spam");
    train(model, commentTokens({ body: "docs at https://developers.cloudflare.com" }), "ham");
    expect(spamHostsIn(model, ["pills.example", "developers.cloudflare.com", "unknown.example"])).toEqual(["pills.example"]);
  });

  it("counts a commenter approved before in their favour", () => {
    expect(signalsOf(comment("hello"), { approvedBefore: true }).APPROVED_BEFORE?.points).toBeLessThan(0);
  });

  it("counts copies of a long text, but a short one only when repeated often", () => {
    const long = "This is a fairly long comment that someone pasted under many posts";
    expect(signalsOf(comment(long), { duplicateCount: 1 }).DUPLICATE?.reason).toBe("same text as 1 other comment");
    expect(signalsOf(comment("Thanks, great post!"), { duplicateCount: 2 }).DUPLICATE).toBeUndefined();
    expect(signalsOf(comment("Check out my new video"), { duplicateCount: 5 }).DUPLICATE?.points).toBe(2.5);
    expect(signalsOf(comment("thanks!"), { duplicateCount: 50 }).DUPLICATE).toBeUndefined();
  });

  it("notices a form sent implausibly fast", () => {
    expect(signalsOf(comment("hi", { formAgeMs: 1200 })).FAST_FORM?.reason).toBe("form sent 1.2 s after it was shown");
    expect(signalsOf(comment("x".repeat(10) + " word".repeat(100), { formAgeMs: 5000 })).FAST_LONG_FORM).toBeDefined();
    expect(signalsOf(comment("short and sweet", { formAgeMs: 5000 })).FAST_LONG_FORM).toBeUndefined();
    expect(signalsOf(comment("hi", { formAgeMs: null })).FAST_FORM).toBeUndefined();
  });
});

describe("phrase signals", () => {
  it("names what a comment asks the reader to do, in English and Hebrew, with the words that matched", () => {
    const english = signalsOf(comment("Great vid! Check out my channel and subscribe, link in bio"));
    expect(english.SELF_PROMOTION).toMatchObject({ points: 2.5, reason: 'self-promotion: "check out my channel"' });
    expect(english.CALL_TO_ACTION?.reason).toMatch(/^call to action: "/);
    const hebrew = signalsOf(comment("הירשמו לערוץ שלי ותנו לייק! לחצו כאן"));
    expect(hebrew.SELF_PROMOTION?.points).toBe(2.5);
    expect(hebrew.ENGAGEMENT_BAIT?.reason).toBe('asks for likes: "ותנו לייק"'); // the attached "and" is quoted too
    expect(hebrew.CALL_TO_ACTION?.reason).toBe('call to action: "לחצו כאן"');
  });

  it("catches offers by their small print even with no model", () => {
    const result = scoreComment(comment("WINNER! You have won a £1000 prize. Call 09061701461 now, T&Cs apply, 150p/msg"), NO_HISTORY, emptyModel());
    expect(result.signals.map((s) => s.name)).toEqual(expect.arrayContaining(["PRIZE_CLAIM", "CONTACT_NUMBER", "BULK_FINE_PRINT"]));
    expect(decide(result.score, DEFAULT_SPAM_SETTINGS, false, false)).toBe("spam");
  });

  it("stays fast on a huge comment full of numbers and near-phrases", () => {
    const body = "check out 0501234567 1 2 3 4 5 6 7 8 9 please help me reach 100 ".repeat(400) + "9".repeat(5000);
    const start = performance.now();
    scoreComment(comment(body), NO_HISTORY, emptyModel());
    expect(performance.now() - start).toBeLessThan(100);
  });
});

describe("text shape", () => {
  it("notices SHOUTING in scripts with case only", () => {
    expect(signalsOf(comment("BUY NOW THE BEST PILLS IN TOWN CHEAP")).SHOUTING).toBeDefined();
    expect(signalsOf(comment("Great post, I loved the part about NASA and the ISS")).SHOUTING).toBeUndefined();
    expect(signalsOf(comment("שלום לכולם, אני כותב בעברית ואין בה אותיות גדולות בכלל")).SHOUTING).toBeUndefined();
  });

  it("treats emoji and non-Latin scripts as text", () => {
    expect(signalsOf(comment("😂😂😂😂😂😂 ❤️❤️❤️❤️ 👍🏽👍🏽👍🏽")).MOSTLY_NON_TEXT).toBeUndefined();
    expect(signalsOf(comment("مرحبا بكم جميعا، شكرا على المقال الرائع")).MOSTLY_NON_TEXT).toBeUndefined();
    expect(signalsOf(comment("$$$ ### >>> *** <<< ### $$$ === %%% ^^^")).MOSTLY_NON_TEXT).toBeDefined();
  });

  it("lets laughter repeat letters, but not symbols", () => {
    expect(signalsOf(comment("חחחחחחחחחחחח אהבתי")).REPEATED_CHARACTERS).toBeUndefined();
    expect(signalsOf(comment("hahahahahahaha so good!!!")).REPEATED_CHARACTERS).toBeUndefined();
    expect(signalsOf(comment("CLICK HERE $$$$$$$$$$$$")).REPEATED_CHARACTERS?.reason).toBe('"$" repeated 12 times');
  });

  it("has no signal for a language or a script", () => {
    for (const body of ["שלום, פוסט מעולה", "مقال رائع", "Отличная статья", "素晴らしい記事", "Great post"]) {
      expect(scoreComment(comment(body), NO_HISTORY, emptyModel()).signals).toEqual([]);
    }
  });
});

describe("the learned model in the score", () => {
  const model = emptyModel();
  for (const text of ["casino bonus win money", "win money casino now", "best casino jackpot money"]) train(model, commentTokens({ body: text }), "spam");
  for (const text of ["lovely bread recipe", "thanks for the hike photos", "the bread came out great"]) train(model, commentTokens({ body: text }), "ham");

  it("adds a BAYES band with the learned probability in the reason", () => {
    const spam = scoreComment(comment("casino money, win"), NO_HISTORY, model);
    expect(spam.signals[0]?.name).toMatch(/^BAYES_(80|9)/);
    expect(spam.reasons[0]).toMatch(/^resembles earlier spam \(learned \d+(\.\d)?% spam\) \(\+\d/);
    const ham = scoreComment(comment("thanks, lovely bread"), NO_HISTORY, model);
    expect(ham.signals[0]?.name).toMatch(/^BAYES_(00|05|20)$/);
    expect(ham.score).toBeLessThan(0);
  });

  it("stays out while the model has too few decisions", () => {
    const young = emptyModel();
    train(young, commentTokens({ body: "casino money" }), "spam");
    train(young, commentTokens({ body: "bread" }), "ham");
    const signals = scoreComment(comment("casino money"), NO_HISTORY, young).signals;
    expect(signals.filter((signal) => signal.name.startsWith("BAYES"))).toEqual([]);
  });
});

describe("score and decision", () => {
  it("sums the signals and lists reasons strongest first", () => {
    const result = scoreComment(comment("[url=http://a.example]a[/url] http://b.example http://c.example", { name: "www.spam.example", formAgeMs: 900 }), NO_HISTORY, emptyModel());
    const points = result.signals.map((s) => Math.abs(s.points));
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(result.score).toBeCloseTo(result.signals.reduce((sum, s) => sum + s.points, 0), 5);
    expect(result.reasons).toContain("form sent 0.9 s after it was shown (+2.5)");
    expect(decide(result.score, DEFAULT_SPAM_SETTINGS, false, false)).toBe("spam");
  });

  it("decides by the thresholds, approving only the trusted or with auto-approve on", () => {
    const s = DEFAULT_SPAM_SETTINGS;
    expect(DEFAULT_APPROVE_THRESHOLD).toBeLessThan(DEFAULT_SPAM_THRESHOLD);
    expect(decide(DEFAULT_SPAM_THRESHOLD, s, true, true)).toBe("spam");
    expect(decide(DEFAULT_SPAM_THRESHOLD - 0.01, s, true, true)).toBe("pending");
    expect(decide(DEFAULT_APPROVE_THRESHOLD, s, true, false)).toBe("approved");
    expect(decide(DEFAULT_APPROVE_THRESHOLD, s, false, true)).toBe("approved");
    expect(decide(DEFAULT_APPROVE_THRESHOLD, s, false, false)).toBe("pending");
    expect(decide(DEFAULT_APPROVE_THRESHOLD + 0.01, s, true, true)).toBe("pending");
  });

  it("scores a normal first comment as pending, and a returning commenter's as approved", () => {
    const first = scoreComment(comment("Lovely post, thank you!"), NO_HISTORY, emptyModel());
    expect(decide(first.score, DEFAULT_SPAM_SETTINGS, false, false)).toBe("pending");
    const returning = scoreComment(comment("Lovely post, thank you!"), { ...NO_HISTORY, approvedBefore: true }, emptyModel());
    expect(decide(returning.score, DEFAULT_SPAM_SETTINGS, true, false)).toBe("approved");
  });

  it("stays fast on a huge comment", () => {
    const body = "Buy now at http://a.example/x שלום 😀 a.a.a.a ".repeat(2000);
    const start = performance.now();
    scoreComment(comment(body), NO_HISTORY, emptyModel());
    // Generous: a handful of milliseconds on any machine, however long the text.
    expect(performance.now() - start).toBeLessThan(100);
  });
});
