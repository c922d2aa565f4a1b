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
}

// Hebrew letters; a Hebrew phrase must not continue a longer word on either side.
const HE = "\u05D0-\u05EA";
const HE_PREFIXES = "[והבלמשכ]{0,2}";
/** A Hebrew alternative: optional attached prefixes, then the phrase, then no further Hebrew letter. */
const hebrew = (...phrases: string[]) => `(?<![${HE}])${HE_PREFIXES}(?:${phrases.join("|")})(?![${HE}])`;
/** An English alternative, bounded by ASCII word boundaries. */
const english = (...phrases: string[]) => `\\b(?:${phrases.join("|")})\\b`;
const family = (...alternatives: string[]) => new RegExp(alternatives.join("|"));

// What a self-promoter asks readers to visit: their channel, site, music, profile.
const OWN_THING =
  "(?:new |own |first |latest |official |youtube |music |gaming |little |small )?" +
  "(?:channel|vids?|videos?|vlogs?|page|website|web ?site|site|blog|music|songs?|tracks?|covers?|remix(?:es)?|mixtape|album|ep|beats?|" +
  "account|insta(?:gram)?|twitter|facebook|fb|tiktok|soundcloud|twitch|profile|stream|shop|store|app|book|ebook|podcast|art(?:work)?|stuff|work|content)";
// A reader is asked to go somewhere: check it out, visit, subscribe, follow.
const ASK_TO_VISIT =
  "(?:check(?:ing)?(?: out)?|chek|chk|visit|(?<!(?:i|you|u|we|they|he|she|not|n't|did|to|can|could|will|would) )see|go (?:to|and (?:see|check|watch))|come (?:to|and (?:see|check|watch))|head (?:over )?to|" +
  "take a look at|have a look at|look at|listen to|watch|view|subscribe to|sub to|follow|support|like|share|join|hear)";

export const PHRASE_FAMILIES: readonly PhraseFamily[] = [
  {
    name: "SELF_PROMOTION",
    points: 2,
    label: "self-promotion",
    pattern: family(
      english(
        `${ASK_TO_VISIT}(?: (?:out|at|on|in|to))? (?:my|our|me on|us on) ${OWN_THING}`,
        `(?:my|our) (?:new |own |youtube |official )?(?:channel|vlogs?|mixtape|soundcloud|twitch|instagram)`,
        "(?:sub(?:scribe)?|suscribe|subcribe|sucscribe) (?:to )?(?:me|my|us|our)",
        "sub ?(?:4|for) ?sub|follow ?(?:4|for) ?follow|like ?(?:4|for) ?like|f4f|l4l",
        "follow (?:me|us) (?:on|at|@)",
        "check (?:me|us) out",
        // Asking strangers for followers to reach a goal: "help me reach 100 subscribers".
        "(?:if (?:i|we)|help (?:me|us)|get (?:me|us)|till (?:i|we)|until (?:i|we)|trying to|want to|wanna|need to|need) (?:get |reach |hit |get to |make it to )?(?:[0-9][0-9,.]*k?|a hundred|a thousand) (?:more )?(?:subscribers|subs|followers|likes|views)",
        "(?:i|we) (?:just )?(?:made|started|created|launched|opened) (?:a|my|our) (?:new |own |youtube |gaming |music )?channel",
        "(?:i|we) (?:will|'?ll) (?:sub(?:scribe)?|follow) (?:back|you back)",
      ),
      hebrew(
        "(?:ה|ת)?(?:י)?רשמו ל(?:ערוץ|עמוד|דף|אתר)",
        "(?:ה|ת)?(?:י)?כנסו ל(?:ערוץ|עמוד|דף|אתר|אינסטגרם|טיקטוק|פרופיל)",
        "(?:ת)?בקרו ב(?:ערוץ|עמוד|דף|אתר|בלוג)",
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
        "check (?:it|this|these|that|them) out",
        "check out (?:this|these|the|my|our|a|an|new)",
        "click (?:here|below|now|the link|this link|on (?:the|this|my) link|the button)",
        "(?:sign|signup|sign-up) (?:up )?(?:now|today|here|free)",
        "(?:register|join|apply|order|buy|shop) (?:now|today)",
        "subscribe",
        "visit (?:us|our|my|the (?:site|website|link|page))",
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
    points: 1,
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
    points: 1.5,
    label: "promises easy money",
    pattern: family(
      english(
        "(?:earn|make|making|earning) (?:up to )?(?:[$£€₪][0-9]|[0-9]+ ?(?:k|dollars|pounds|euros|bucks)|(?:real |extra |easy |fast |quick |free |big |good |some )?(?:money|cash|income))",
        "work(?:ing)? (?:from|at) home",
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
        "casinos?",
        "(?:online|sports?) (?:betting|gambling|slots)",
        "betting (?:site|tips|odds)",
        "payday",
        "loans?",
        "viagra|cialis|levitra",
        "replica (?:watches|bags|rolex)",
        "weight loss pills?",
        "diet pills?",
        "cheap (?:meds|pills|followers|likes|backlinks)",
        "buy (?:followers|likes|views|subscribers|backlinks)",
        "seo services",
        "backlinks",
        "(?:hot|lonely) singles",
        "adult (?:dating|chat)",
      ),
      hebrew("קזינו", "הימורים", "הימור", "הלוואה", "הלוואות", "ויאגרה", "סיאליס"),
    ),
  },
  {
    name: "PRIZE_CLAIM",
    points: 1.5,
    label: "prize or reward to claim",
    pattern: family(
      english(
        "you(?:'ve| have)? (?:been )?(?:won|selected|chosen)(?!['’a-z])",
        "you are (?:a |the )?(?:winner|selected)",
        "claim (?:your|now|it now|a free|the prize|the reward)",
        "cash (?:prize|award|bonus)",
        "(?:won|win) (?:a |an |the )?(?:free |guaranteed )?(?:prize|cash|iphone|ipad|gift|voucher|holiday|trip|car)",
        "(?:free|guaranteed) (?:gift|prize|entry|iphone|ipad|voucher|tickets?|cash|spins?|bonus|followers|likes|subscribers|ringtones?)",
        "prize (?:draw|guaranteed)",
      ),
      hebrew("זכית(?:ם)? ב(?:פרס|הגרלה|מתנה|אייפון|שובר|כרטיס)", "(?:קבל|קבלו|תקבלו) מתנה", "סיבובים (?:חינם|בחינם)", "בונוס (?:חינם|הרשמה|הפקדה|ענק)", "מתנה (?:חינם|בחינם)"),
    ),
  },
  {
    name: "CONTACT_NUMBER",
    points: 1.5,
    label: "asks to call or text a number",
    pattern: family(
      // A phone number: nine to fifteen digits, maybe grouped by spaces, dots or dashes.
      // (Not a date and time, 2019-12-31 14:00, nor a round count, 1000000000.)
      "(?<![0-9.,])(?![0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?![0-9]*00000)\\+?[0-9](?:[ -]?[0-9]){8,14}(?![0-9])",
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
        "please (?:help|donate|vote|support|share|sub|subscribe|follow|check|visit|watch|listen)",
        "(?:vote|voting) (?:for|daily)",
        "donate",
        "donations?",
        "gofundme",
        "fundraiser",
        "spread the word",
      ),
      hebrew("(?:ת)?תרמו", "תרומה", "(?:ת)?הצביעו (?:ל|עבור)", "(?:ת)?שתפו (?:את הפוסט|את הסרטון|בבקשה)", "עזרו לי"),
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
    pattern: family("[$£€₪¥₹₽]\\s?[0-9]", "[0-9]\\s?[$£€₪]", "(?<![0-9a-z])[0-9]+(?:\\.[0-9]+)?p\\b(?! ?m\\b)", english("[0-9]+(?:[.,][0-9]+)? ?(?:usd|eur|gbp|dollars|pounds|euros|bucks)", "per (?:min|minute|msg|txt|text|call)"), "\\/(?:min|msg|txt)\\b", "[0-9]+ ?(?:ש\"ח|ש״ח|שקלים|שקל)"),
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

/** The families whose phrases occur in normalized text, each with the first phrase that matched. */
export function matchPhrases(normalized: string): { family: PhraseFamily; match: string }[] {
  const found: { family: PhraseFamily; match: string }[] = [];
  for (const family of PHRASE_FAMILIES) {
    const match = family.pattern.exec(normalized);
    if (match) found.push({ family, match: match[0].trim() });
  }
  return found;
}
