/**
 * Phrase families of comment spam, SpamAssassin style: each family is one
 * named signal with its points and a reason that quotes what matched. Why
 * each family is generic (and not fitted to any data set) is written at the
 * top of signals.ts; the patterns are here.
 *
 * Patterns run on normalizeText() output: NFKC-folded, lower case, no
 * invisible or bidi characters, no Hebrew points. English patterns use ASCII
 * word boundaries. Hebrew writes the prepositions and "and", "the", "that"
 * as one-letter prefixes (ו ה ב ל מ ש כ), so a Hebrew phrase may start after
 * such letters, and must not sit inside a longer word.
 */

/** A phrase family: one signal, several ways of saying the same thing. */
export interface PhraseFamily {
  /** The signal's name, e.g. SELF_PROMOTION. */
  name: string;
  points: number;
  /** What the family means, for the digest: 'self-promotion ("check out my channel")'. */
  label: string;
  pattern: RegExp;
  /** Matched against the text with its letter case kept (for keywords written in capitals), not lower-cased. */
  cased?: boolean;
}

// Hebrew letters; a Hebrew phrase must not continue a longer word on either side.
const HE = "\u05D0-\u05EA";
const HE_PREFIXES = "[והבלמשכ]{0,2}";
/** A Hebrew alternative: optional attached prefixes, then the phrase, then no further Hebrew letter. */
const hebrew = (...phrases: string[]) => `(?<![${HE}])${HE_PREFIXES}(?:${phrases.join("|")})(?![${HE}])`;
/** An English alternative, bounded by ASCII word boundaries. */
const english = (...phrases: string[]) => `\\b(?:${phrases.join("|")})\\b`;
const family = (...alternatives: string[]) => new RegExp(alternatives.join("|"));

// "Subscribe" and the ways it is misspelt in a hurry.
const SUBSCRIBE = "(?:subscri?be?|suscri?be|subcribe|sucscribe|subsribe|subscibe)";
// What a self-promoter asks readers to visit: their channel, site, music, profile.
const OWN_THING =
  "(?:new |newest |own |first |latest |official |youtube |music |gaming |little |small )?" +
  "(?:channel|vids?|videos?|vlogs?|page|website|web ?site|site|blog|music|songs?|single|tracks?|sounds?|raps?|covers?|remix(?:es)?|mixtape|album|ep|beats?|" +
  "account|insta(?:gram)?|twitter|facebook|fb|tiktok|soundcloud|twitch|profile|stream|shop|store|app|book|ebook|podcast|art(?:work)?|stuff|work|content)";
// A reader is asked to go somewhere: check it out, visit, subscribe, follow.
const ASK_TO_VISIT =
  "(?:check(?:ing)?(?: out)?|chek|chk|visit|(?<!(?:i|you|u|we|they|he|she|not|n't|did|to|can|could|will|would) )see|go (?:to|and (?:see|check|watch))|come (?:to|and (?:see|check|watch))|head (?:over )?to|" +
  "take a look at|have a look at|look at|listen to|watch|view|subscribe to|sub to|follow|support|like|share|join|hear)";

export const PHRASE_FAMILIES: readonly PhraseFamily[] = [
  {
    name: "SELF_PROMOTION",
    points: 2.5,
    label: "self-promotion",
    pattern: family(
      english(
        `${ASK_TO_VISIT}(?: (?:out|at|on|in|to))? (?:my|our|me on|us on) ${OWN_THING}`,
        `(?:my|our) (?:new |own |youtube |official )?(?:channel|vlogs?|mixtape|soundcloud|twitch|instagram)`,
        // ("Subscribe me to the newsletter" asks the author for something: not this.)
        `(?:sub|${SUBSCRIBE}) to (?:me|my|us|our)`,
        "sub (?:me|us)",
        "sub ?(?:4|for) ?sub|follow ?(?:4|for) ?follow|like ?(?:4|for) ?like|f4f|l4l",
        "follow (?:me|us) (?:on (?:twitter|x|instagram|insta|ig|facebook|fb|tiktok|youtube|twitch|soundcloud|spotify)|@)",
        // Asking strangers for followers to reach a goal: "help me reach 100 subscribers".
        "(?:if (?:i|we)|help (?:me|us)|get (?:me|us)|till (?:i|we)|until (?:i|we)|trying to|want to|wanna|need to|need) (?:get |reach |hit |get to |make it to )?(?:[0-9][0-9,.]*k?|a hundred|a thousand) (?:more )?(?:subscribers|subs|followers|likes|views)",
        "(?:i|we) (?:just )?(?:made|started|created|launched|opened) (?:a|my|our) (?:new |own |youtube |gaming |music )?channel",
        "(?:i|we) (?:will|'?ll) (?:sub(?:scribe)?|follow) (?:back|you back)",
      ),
      hebrew(
        // "Go to the site" is everyday advice; "go to my site" and "my channel" are not.
        "(?:ה|ת)?(?:י)?רשמו ל(?:ערוץ|עמוד (?:שלי|שלנו)|דף (?:שלי|שלנו)|אתר (?:שלי|שלנו))",
        "(?:ה|ת)?(?:י)?כנסו ל(?:ערוץ|אינסטגרם|טיקטוק|פרופיל|עמוד (?:שלי|שלנו)|דף (?:שלי|שלנו)|אתר (?:שלי|שלנו)|בלוג (?:שלי|שלנו))",
        "(?:ת)?בקרו ב(?:ערוץ|עמוד|דף|אתר|בלוג) (?:שלי|שלנו)",
        "תעקבו אחרי(?:י|נו)?",
        "עקבו אחרי(?:י|נו)",
        "עקבו אחרי ב(?:ערוץ|אינסטגרם|טיקטוק|פייסבוק|טוויטר)",
        "(?:ה)?(?:ערוץ|אינסטגרם|טיקטוק) (?:שלי|שלנו)",
      ),
    ),
  },
  {
    name: "CALL_TO_ACTION",
    points: 1,
    label: "call to action",
    pattern: family(
      english(
        "check(?:ing)? (?:it|this|these|that|them|'em|me|us) out",
        "check out(?! time)",
        "(?:take|have) a look at (?:this|these|my|our)",
        // Not "I tried to click the link": only the imperative forms a spammer writes.
        "click (?:here|below|now)",
        "click (?:on )?(?:the|this|my) link (?:below|here|now|to|in)",
        "(?:sign|signup|sign-up) (?:up )?(?:now|today|here|free)",
        "(?:register|join|apply|order|buy|shop) (?:now|today)",
        SUBSCRIBE,
        "visit (?:us|our|my)",
        "(?:link|details) (?:below|in (?:my|the) (?:bio|profile|description))",
      ),
      hebrew(
        "(?:ת)?לחצו (?:כאן|על הקישור|על הלינק|עכשיו)",
        "לחץ (?:כאן|על הקישור|על הלינק)",
        "(?:ה|ת)?(?:י)?כנסו (?:לקישור|ללינק|עכשיו|כאן)",
        "(?:ה|ת)?(?:י)?רשמו (?:עכשיו|כאן|היום)",
        "פרטים (?:בקישור|בלינק|בפרטי)",
        "הקישור בביו",
      ),
    ),
  },
  {
    name: "ENGAGEMENT_BAIT",
    points: 2.5,
    label: "asks for likes",
    pattern: family(
      english(
        "(?:like|thumbs up|upvote) (?:this|my) comment",
        "(?:give|leave|drop) (?:it|this|me|us) a (?:like|thumbs up)",
        "like,? (?:comment,? )?(?:and|&) (?:subscribe|share)",
      ),
      hebrew("(?:ת)?(?:נו|עשו) לייק", "לייק (?:ו)?(?:שיתוף|שתפו|תשתפו)", "לייק לתגובה"),
    ),
  },
  {
    name: "MONEY_MAKING",
    points: 2,
    label: "promises easy money",
    pattern: family(
      english(
        // Not "are you making money from the blog?": an amount, or the promise of easy money.
        "(?:earn|make|making|earning) (?:up to )?(?:[$£€₪][0-9]|[0-9]+ ?(?:k|dollars|pounds|euros|bucks)|(?:real|extra|easy|fast|quick|free|big|serious) (?:money|cash|income))",
        "(?:earn|make) (?:money|cash) (?:online|fast|now|today|from home)",
        "(?:jobs?|income|earn(?:ing)?|money|cash) (?:from|at) home",
        "work(?:ing)? (?:from|at) home (?:and|&|to) (?:earn|make|get paid)",
        "passive income",
        "get rich",
        "double your (?:money|bitcoin|investment|income)",
        "(?:per|a|each) (?:day|week|month|hour) (?:from|at|working) home",
        "investment (?:opportunity|plan|platform)",
        "(?:binary options|forex (?:signals|trading))",
      ),
      "[$£€₪]\\s?[0-9][0-9,.]*\\s?(?:\\/|per |a |an |each )(?:day|week|month|hour|hr)\\b",
      hebrew("(?:ת)?הרוויחו", "להרוויח (?:כסף|אלפי|מהבית|בקלות)", "כסף (?:מהיר|קל)", "הכנסה פסיבית", "עבודה מהבית", "השקעה (?:בטוחה|מובטחת)"),
    ),
  },
  {
    name: "SPAM_PRODUCT",
    points: 1,
    label: "classic spam product",
    pattern: family(
      english(
        "viagra|cialis|levitra",
        "(?:online|sports?) (?:betting|gambling|slots|casinos?)",
        "betting (?:site|tips|odds)",
        "casino (?:bonus|online|games?|site)",
        "payday",
        "(?:quick|fast|instant|easy|cash|private) loans?",
        "replica (?:watches|bags|rolex)",
        "(?:weight loss|diet) pills?",
        "cheap (?:meds|pills|followers|likes|backlinks)",
        "buy (?:followers|likes|views|subscribers|backlinks)",
        "seo services",
        "backlinks",
      ),
      hebrew("ויאגרה", "סיאליס", "קזינו (?:אונליין|און ליין|חי|בלייב)", "הימורי (?:ספורט|אונליין)", "הלוואה (?:חוץ בנקאית|מהירה|ללא)", "הלוואות (?:חוץ בנקאיות|מהירות|ללא)"),
    ),
  },
  {
    name: "MONEY_TOPIC",
    points: 0.5,
    label: "gambling, loans or crypto",
    // Mentioned alone these are also everyday words ("I lost money at a
    // casino once"), hence the low points; the learned model weighs them per blog.
    pattern: family(
      english("casinos?", "gambling", "loans?", "bitcoins?", "crypto(?:currency|currencies)?", "forex"),
      hebrew("קזינו", "הימורים", "הלוואה", "הלוואות", "ביטקוין", "קריפטו"),
    ),
  },
  {
    name: "ADULT_CONTENT",
    points: 2,
    label: "adult content offer",
    pattern: family(
      english(
        // ("xxx" alone is kisses at the end of a message.)
        "xxx (?:pics|photos|videos?|movies?|site|chat)",
        "porn(?:o|ography)?",
        "nude (?:pics|photos|videos|girls)",
        "(?:sexy|hot|naughty|horny|filthy|lonely) (?:girls|babes|singles|ladies|women|pics|photos|videos|chat|stories|dates?)",
        "adult (?:content|parties|chat|dating|videos|pics|site)",
        "escorts? (?:service|girls|agency)",
        "hookups?",
        "horny",
      ),
      hebrew("פורנו", "נערות ליווי", "דירות דיסקרטיות", "דירה דיסקרטית", "סקס (?:מזדמן|בתשלום)", "שירותי ליווי"),
    ),
  },
  {
    name: "PRIZE_CLAIM",
    points: 2,
    label: "prize or reward to claim",
    pattern: family(
      english(
        // Not "you won the bake-off!": the announcement form of a prize draw.
        "(?:you|u)(?:'ve| have| hav) (?:been )?(?:won|selected|chosen)(?!['’a-z])",
        "(?:you|u)(?: are|'re| r) (?:a |the )?(?:lucky )?(?:winner|selected)",
        "claim (?:your|now|it now|a free|the prize|the reward)",
        "cash (?:prize|award|bonus)",
        "win (?:a |an )?(?:free |guaranteed )?(?:prize|cash|iphone|ipad|gift card|voucher|holiday|trip|car)",
        "(?:free|guaranteed) (?:gift|prize|entry|iphone|ipad|voucher|tickets?|cash|spins?|bonus|followers|likes|subscribers|ringtones?)",
        "prize (?:draw|guaranteed)",
      ),
      hebrew("זכית(?:ם)? ב(?:הגרלה|אייפון|שובר)", "(?:קבל|קבלו|תקבלו) מתנה", "סיבובים (?:חינם|בחינם)", "בונוס (?:חינם|הרשמה|הפקדה|ענק)", "מתנה (?:חינם|בחינם)"),
    ),
  },
  {
    name: "CONTACT_NUMBER",
    points: 2,
    label: "asks to call or text a number",
    pattern: family(
      // A phone number: nine to fifteen digits, maybe grouped by spaces or dashes.
      // (Not a date and time, 2019-12-31 14:00, nor a round count, 1000000000.)
      // Groups after the first have two digits or more, so "1 2 3 4 5 6 7 8 9" is a list.
      "(?<![0-9.,])(?![0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9]*00000)(?=\\+?[0-9](?:[ -]?[0-9]){8,14}(?![0-9]))\\+?[0-9]{1,5}(?:[ -]?[0-9]{2,})+",
      // A short code: "text WIN to 80086", "reply STOP to 87239", "send yes to 8007".
      english("(?:text|txt|sms|send|reply|call|ring)(?: [a-z0-9]+){0,2} (?:to|on) [0-9]{4,6}"),
      hebrew("(?:ת)?חייגו", "(?:ת)?התקשרו (?:עכשיו|היום|אלינו|לטלפון|ל-?[0-9])", "שלחו (?:הודעה|וואטסאפ|sms)"),
    ),
  },
  {
    name: "PLEA",
    points: 1,
    label: "asks readers to vote, donate or share",
    pattern: family(
      english(
        // Not "please share the recipe" or "please help, my bread is flat".
        "please (?:donate|vote|subscribe|sub|follow (?:me|us))",
        "please (?:help|support) (?:me|us) (?:get|reach|win|by)",
        "vote (?:for (?:me|us|my|our|him|her|them)|daily|now)",
        "donate (?:to|now|here|at|via)",
        "gofundme",
      ),
      hebrew(`(?:ת)?תרמו (?:ל[${HE}]*|עכשיו|כאן)`, `(?:ת)?הצביעו (?:ל|עבור)[${HE}]*`),
    ),
  },
  {
    name: "BULK_FINE_PRINT",
    points: 2,
    label: "bulk-message fine print",
    pattern: family(
      english(
        "(?:reply|send|text|txt|sms) stop",
        "stop to [0-9]{3,6}",
        "to (?:opt[ -]?out|unsubscribe)",
        "opt[ -]?out (?:reply|text|txt|send|call|sms)",
        "unsubscribe (?:here|below|at|from)",
        "t ?& ?c'?s? apply",
        "t&c'?s?",
        "terms (?:and|&) conditions apply",
        "(?:std|standard|network) (?:txt|text|sms|msg|ntwk|network) (?:rates?|charges?|chg)",
        "std (?:rates?|chg)",
        "[0-9]+p ?(?:per|/) ?(?:msg|min|txt|text|wk|week)",
        "prem(?:ium)? rate",
        "po ?box ?[0-9]+",
        "18\\+ only|over 18s? only",
      ),
      "(?:\\bgbp|[£$€])[0-9.]* ?/ ?(?:sms|msg|txt|text|min|wk|week)\\b",
      hebrew("להסרה", "להסרת (?:הדיוור|המנוי)", "בכפוף לתקנון", "התקנון באתר"),
    ),
  },
  {
    name: "KEYWORD_REPLY",
    points: 1.5,
    label: "asks to text a keyword",
    cased: true,
    pattern: family(
      // "txt HORO", "reply with SING now", "text back the keyword PICS1": a
      // keyword in capitals that a machine on the other end reads. The verb
      // must not be in capitals too, or a shouted message would match.
      `\\b(?:[Rr]eply|[Tt]e?xt|[Ss]end|[Ss]ms)(?: back)?(?: with)?(?: the (?:key)?word)? (?!(?:ME|US|YOU|U|UR|IT|OK|THE|TO|BACK|NOW|IN|ON|AND|OR|FOR|A|I|NO)\\b)[A-Z][A-Z0-9#]{1,11}(?![A-Za-z0-9])`,
      hebrew("(?:ת)?שלחו (?:את )?המילה", "(?:ת)?השיבו (?:את )?המילה", "(?:ת)?כתבו (?:את )?המילה"),
    ),
  },
  {
    name: "URGENCY",
    points: 0.5,
    label: "urgency",
    pattern: family(
      english("act now", "limited time", "last chance", "today only", "offer (?:ends|expires)", "expires (?:today|soon|on)", "final (?:notice|attempt|reminder)", "don'?t miss (?:out|this)", "while (?:stocks|supplies) last"),
      hebrew("רק היום", "לזמן מוגבל", "מהרו", "אל תפספסו", "מבצע מטורף", "הזדמנות אחרונה"),
    ),
  },
  {
    name: "PRICE",
    points: 0.5,
    label: "price or amount of money",
    // Patterns that start with a digit start only where a number starts, so a
    // long run of digits costs one pass, not one per digit.
    pattern: family(
      "[$£€₪¥₹₽]\\s?[0-9]+(?:[.,][0-9]+)*",
      "(?<![0-9.,])[0-9]+(?:[.,][0-9]+)*\\s?[$£€₪]",
      // "150p", not "10pm" or "1080p m…".
      "(?<![0-9a-z])[0-9]+(?:\\.[0-9]+)?p\\b(?! ?m\\b)",
      english("[0-9]+(?:[.,][0-9]+)? ?(?:usd|eur|gbp|dollars|pounds|euros|bucks)", "per (?:min|minute|msg|txt|text|call)"),
      "\\/(?:min|msg|txt)\\b",
      "(?<![0-9])[0-9]+ ?(?:ש\"ח|ש״ח|שקלים|שקל)",
    ),
  },
];

/** Shortened-link hosts: the destination is hidden from the reader (and from the scorer). */
export const SHORTENER_HOSTS: ReadonlySet<string> = new Set([
  "bit.ly",
  "bitly.com",
  "tinyurl.com",
  "goo.gl",
  "t.co",
  "ow.ly",
  "is.gd",
  "v.gd",
  "buff.ly",
  "adf.ly",
  "tiny.cc",
  "shorturl.at",
  "cutt.ly",
  "rebrand.ly",
  "rb.gy",
  "t.ly",
  "shorte.st",
  "ouo.io",
  "linktr.ee",
  "tr.im",
  "x.co",
  "lnkd.in",
  "s.id",
]);

// Referral and affiliate parameters or paths: the link pays whoever posted it.
const REFERRAL = /[?&](?:ref|aff|affid|aff_id|affiliate|referral|refer|referrer|partner|invite|invite_code)=[^&#\s]+|\/(?:ref|refer|referral|aff|affiliate|invite)\/[a-z0-9]/;

/** Whether a link carries a referral or affiliate code. */
export function isReferralLink(url: string): boolean {
  return REFERRAL.test(url);
}

/** The families whose phrases occur in the text (normalized, and folded with case kept), each with the first phrase that matched. */
export function matchPhrases(normalized: string, folded: string): { family: PhraseFamily; match: string }[] {
  const found: { family: PhraseFamily; match: string }[] = [];
  for (const family of PHRASE_FAMILIES) {
    const match = family.pattern.exec(family.cased ? folded : normalized);
    if (match) found.push({ family, match: match[0].trim() });
  }
  return found;
}
