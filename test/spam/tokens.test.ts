import { describe, expect, it } from "vitest";
import { MAX_TOKENS, commentTokens, duplicateKey, findLinks, hostOf, linkHosts, normalizeText, tokenize } from "../../src/spam/tokens";

describe("normalizeText", () => {
  it("strips Hebrew niqqud and cantillation, so pointed and plain spelling are one word", () => {
    expect(normalizeText("שָׁלוֹם")).toBe("שלום");
    expect(normalizeText("בְּרֵאשִׁ֖ית")).toBe("בראשית");
    expect(tokenize("שָׁלוֹם עוֹלָם")).toEqual(tokenize("שלום עולם"));
  });

  it("keeps Hebrew punctuation that lives in the marks block (maqaf, sof pasuq)", () => {
    expect(normalizeText("בית־ספר׃")).toBe("בית־ספר׃");
  });

  it("strips bidi controls and invisible characters that split or reverse words", () => {
    expect(normalizeText("ca\u202Esino")).toBe("casino");
    expect(normalizeText("\u200Fשלום\u200E \u2067abc\u2069 \u061Cx")).toBe("שלום abc x");
    expect(normalizeText("c\u200Ba\u00ADs\u2060i\uFEFFno")).toBe("casino");
  });

  it("folds look-alike letters with NFKC, and lower-cases", () => {
    expect(normalizeText("ｃａｓｉｎｏ")).toBe("casino");
    expect(normalizeText("𝐂𝐀𝐒𝐈𝐍𝐎")).toBe("casino");
    expect(normalizeText("ﬁnance")).toBe("finance");
  });

  it("keeps emoji joiners so emoji sequences survive", () => {
    expect(normalizeText("👨‍👩‍👧")).toBe("👨‍👩‍👧");
  });
});

describe("tokenize", () => {
  it("gives single words and meta tokens, not word pairs", () => {
    const tokens = tokenize("Check out my channel");
    expect(tokens).toEqual(expect.arrayContaining(["check", "out", "my", "channel", "meta:len:short"]));
    expect(tokens).not.toContain("check out");
  });

  it("adds Hebrew words without attached prefixes, so בקזינו shares a token with קזינו", () => {
    const tokens = tokenize("שיחקתי בקזינו והפסדתי");
    expect(tokens).toEqual(expect.arrayContaining(["בקזינו", "קזינו", "והפסדתי", "הפסדתי", "פסדתי"]));
    // Short words keep their first letter: "בית" is a house, not the prefix ב + "ית".
    expect(tokenize("בית")).not.toContain("ית");
  });

  it("adds Arabic words without the article", () => {
    expect(tokenize("الكازينو")).toEqual(expect.arrayContaining(["الكازينو", "كازينو"]));
  });

  it("keeps Hebrew acronyms with gershayim whole", () => {
    expect(tokenize("צה״ל")).toContain("צה״ל");
  });

  it("makes emoji tokens", () => {
    expect(tokenize("great 😀🎉")).toEqual(expect.arrayContaining(["😀", "🎉", "great"]));
  });

  it("makes character pairs for scripts written without spaces", () => {
    expect(tokenize("在线赌场")).toEqual(expect.arrayContaining(["在线", "线赌", "赌场"]));
  });

  it("makes number-shape tokens, so phone numbers look alike", () => {
    expect(tokenize("call 0501234567")).toContain("shape:#10");
    expect(tokenize("only 150p")).toContain("shape:#3p");
  });

  it("turns links into host tokens, with and without a scheme", () => {
    const tokens = tokenize("visit https://www.Casino.example/offer?x=1, www.pills.example and bit.ly/abc or cheap.com.");
    expect(tokens).toEqual(expect.arrayContaining(["host:casino.example", "host:pills.example", "host:bit.ly", "host:cheap.com", "meta:url", "meta:urls:3+"]));
    // Link paths are not words.
    expect(tokens).not.toContain("offer");
  });

  it("does not take abbreviations, file names or email addresses for links", () => {
    const tokens = tokenize("e.g. node.js and file.txt, write to me@gmail.com");
    expect(tokens.filter((t) => t.startsWith("host:"))).toEqual([]);
    expect(tokens).toContain("meta:email");
  });

  it("caps the tokens of one comment", () => {
    const words = Array.from({ length: 2000 }, (_, i) => `word${i}x`).join(" ");
    expect(tokenize(words).length).toBe(MAX_TOKENS);
  });

  it("is deterministic, so untraining removes exactly what training added", () => {
    const text = "Mixed עברית and English 🙂 https://example.com/x";
    expect(tokenize(text)).toEqual(tokenize(text));
  });
});

describe("comment fields", () => {
  it("tokenizes the website's host, the email domain and the name", () => {
    const tokens = commentTokens({ name: "Cheap Loans", email: "x@Spam-Mail.example", url: "https://www.loans.example/", body: "hi" });
    expect(tokens.slice(0, 2)).toEqual(["host:loans.example", "email:spam-mail.example"]);
    expect(tokens).toEqual(expect.arrayContaining(["name:cheap", "name:loans", "hi"]));
  });

  it("adds a signal: token for each content rule signal, so the model learns what the rules are worth", () => {
    const tokens = commentTokens({ body: "Check out my channel!! https://bit.ly/3xYz" });
    expect(tokens).toEqual(expect.arrayContaining(["signal:SELF_PROMOTION", "signal:CALL_TO_ACTION", "signal:LINKS", "signal:SHORTENED_LINK"]));
    expect(commentTokens({ body: "Lovely bread, thank you" }).filter((t) => t.startsWith("signal:"))).toEqual([]);
    expect(commentTokens({ name: "www.pills.example", body: "hi" })).toContain("signal:NAME_HAS_URL");
  });

  it("keeps the signal tokens under the cap, however long the comment", () => {
    const words = Array.from({ length: 1000 }, (_, i) => `word${i}x`).join(" ");
    const tokens = commentTokens({ body: `${words} subscribe to my channel` });
    expect(tokens.length).toBe(MAX_TOKENS);
    expect(tokens).toContain("signal:SELF_PROMOTION");
  });

  it("never makes tokens of what changes over time (history, duplicates, the author's lists)", () => {
    const tokens = commentTokens({ body: "Buy cheap pills https://pills.example" });
    expect(tokens.filter((t) => /^signal:(ADDRESS|EMAIL|SPAM_HOST|APPROVED|DUPLICATE|FAST|BAYES|DISALLOWED|MODERATION)/.test(t))).toEqual([]);
  });

  it("lists link hosts from the text and the website field", () => {
    expect(linkHosts({ body: "see http://a.example/x and www.b.example", url: "https://c.example" }).sort()).toEqual(["a.example", "b.example", "c.example"]);
    expect(hostOf("HTTPS://user@WWW.Example.COM:8080/path")).toBe("example.com");
  });

  it("finds bare links with paths under any ending, but not dotted words", () => {
    expect(findLinks("x.rocks/offer and kidsstuff.rocks").map((l) => l.host)).toEqual(["x.rocks"]);
  });
});

describe("duplicateKey", () => {
  it("ignores case, punctuation, spacing and invisible characters", () => {
    expect(duplicateKey("Great post!!  Thanks")).toBe(duplicateKey("great post, thanks\u200B"));
    expect(duplicateKey("פוסט מעולה!")).toBe(duplicateKey("פּוֹסְט מעולה"));
  });
});
