import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { TOKENS_PER_STATEMENT, applyTraining, emptyModel, loadModelFor, modelIsReady, probability, train, trainingStatements, untrain, type BayesModel } from "../../src/spam/bayes";
import { commentTokens, tokenize } from "../../src/spam/tokens";

// The tables as the migrations make them (IF NOT EXISTS: harmless once it does).
const SPAM_MODEL_DDL = [
  "CREATE TABLE IF NOT EXISTS spam_tokens (token TEXT PRIMARY KEY, spam INTEGER NOT NULL DEFAULT 0, ham INTEGER NOT NULL DEFAULT 0)",
  "CREATE TABLE IF NOT EXISTS spam_totals (id INTEGER PRIMARY KEY CHECK (id = 1), spam_docs INTEGER NOT NULL, ham_docs INTEGER NOT NULL)",
];

beforeAll(async () => {
  await env.DB.batch(SPAM_MODEL_DDL.map((sql) => env.DB.prepare(sql)));
});

const SPAM = ["Win money at the online casino https://casino.example", "Cheap casino bonus, win money now", "casino jackpot win win win"];
const HAM = ["Lovely bread recipe, thanks!", "The hike looks beautiful, thanks for the photos", "Thanks, the sourdough came out great"];

function trained(): BayesModel {
  const model = emptyModel();
  for (const text of SPAM) train(model, tokenize(text), "spam");
  for (const text of HAM) train(model, tokenize(text), "ham");
  return model;
}

const snapshot = (model: BayesModel) => ({ spamDocs: model.spamDocs, hamDocs: model.hamDocs, tokens: [...model.tokens].sort() });

describe("naive Bayes in memory", () => {
  it("knows nothing when empty: 0.5, and not ready", () => {
    const model = emptyModel();
    expect(probability(model, tokenize("anything at all"))).toBe(0.5);
    expect(modelIsReady(model)).toBe(false);
  });

  it("learns: spam-like text scores high, ham-like text low", () => {
    const model = trained();
    expect(modelIsReady(model)).toBe(true);
    expect(probability(model, tokenize("casino bonus, win money"))).toBeGreaterThan(0.9);
    expect(probability(model, tokenize("thanks for the bread recipe"))).toBeLessThan(0.1);
    expect(probability(model, tokenize("completely unrelated words"))).toBe(0.5);
  });

  it("counts a token once per comment, however often it repeats", () => {
    const model = emptyModel();
    train(model, ["win", "win", "win"], "spam");
    expect(model.tokens.get("win")).toEqual({ spam: 1, ham: 0 });
  });

  it("untrain is the exact inverse of train, in any order", () => {
    const model = trained();
    const before = snapshot(model);
    const extra = tokenize("Changed my mind: this casino comment was fine, thanks");
    train(model, extra, "spam");
    train(model, tokenize("another one"), "ham");
    untrain(model, extra, "spam");
    untrain(model, tokenize("another one"), "ham");
    expect(snapshot(model)).toEqual(before);
    for (const text of SPAM) untrain(model, tokenize(text), "spam");
    for (const text of HAM) untrain(model, tokenize(text), "ham");
    expect(snapshot(model)).toEqual(snapshot(emptyModel()));
  });

  it("untrains exactly what a whole comment trained, signal tokens included", () => {
    const comments = [
      { name: "Best Loans", email: "x@loans.example", url: "https://loans.example", body: "Check out my channel! https://bit.ly/x 050-1234567" },
      { name: "דנה", body: "הירשמו לערוץ שלי, לחצו כאן" },
      { body: "Lovely bread, thanks for the recipe" },
    ];
    const model = trained();
    const before = snapshot(model);
    for (const c of comments) train(model, commentTokens(c), "spam");
    expect(model.tokens.get("signal:SELF_PROMOTION")).toEqual({ spam: 2, ham: 0 });
    for (const c of comments) untrain(model, commentTokens(c), "spam");
    expect(snapshot(model)).toEqual(before);
  });

  it("never counts below zero", () => {
    const model = emptyModel();
    untrain(model, ["ghost"], "spam");
    expect(model.spamDocs).toBe(0);
    expect(model.tokens.has("ghost")).toBe(false);
  });

  it("gives a comment with strong clues both ways an unsure middle", () => {
    const model = trained();
    const p = probability(model, tokenize("casino win money; thanks for the bread recipe and photos"));
    expect(p).toBeGreaterThan(0.1);
    expect(p).toBeLessThan(0.9);
  });
});

describe("the model in D1", () => {
  it("round-trips training and loads only the tokens asked for", async () => {
    for (const text of SPAM) await applyTraining(env.DB, tokenize(text), "spam", 1);
    for (const text of HAM) await applyTraining(env.DB, tokenize(text), "ham", 1);
    const wanted = tokenize("casino bonus, thanks for the bread");
    const loaded = await loadModelFor(env.DB, wanted);
    const memory = trained();
    expect(loaded.spamDocs).toBe(3);
    expect(loaded.hamDocs).toBe(3);
    expect([...loaded.tokens.keys()].every((t) => wanted.includes(t))).toBe(true);
    for (const [token, counts] of loaded.tokens) expect(counts).toEqual(memory.tokens.get(token));
    expect(probability(loaded, wanted)).toBe(probability(memory, wanted));
  });

  it("stores tokens in any script", async () => {
    const tokens = tokenize("קזינו 🎰 الكازينو Казино 在线赌场");
    await applyTraining(env.DB, tokens, "spam", 1);
    const model = await loadModelFor(env.DB, tokens);
    expect(model.tokens.size).toBe(tokens.length);
    expect(model.tokens.get("🎰")).toEqual({ spam: 1, ham: 0 });
    expect(model.tokens.get("קזינו")).toEqual({ spam: 1, ham: 0 });
    await applyTraining(env.DB, tokens, "spam", -1);
    const after = await loadModelFor(env.DB, tokens);
    expect(after.tokens.has("🎰")).toBe(false);
    expect(after.tokens.has("קזינו")).toBe(false);
  });

  it("moves the counts when the author changes a decision, and deletes rows that fall to zero", async () => {
    const tokens = tokenize("A unique comment about zucchini bread");
    await applyTraining(env.DB, tokens, "spam", 1);
    let model = await loadModelFor(env.DB, tokens);
    expect(model.tokens.get("zucchini")).toEqual({ spam: 1, ham: 0 });
    // The author says: not spam. Both moves in one batch, as the admin route would do.
    await env.DB.batch([...trainingStatements(env.DB, tokens, "spam", -1), ...trainingStatements(env.DB, tokens, "ham", 1)]);
    model = await loadModelFor(env.DB, tokens);
    expect(model.tokens.get("zucchini")).toEqual({ spam: 0, ham: 1 });
    expect(model.spamDocs).toBe(3);
    expect(model.hamDocs).toBe(4);
    await applyTraining(env.DB, tokens, "ham", -1);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM spam_tokens WHERE token = 'zucchini'").first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it("never goes below zero, even untraining what was never trained", async () => {
    await applyTraining(env.DB, ["never-seen-token", "casino"], "ham", -1);
    const model = await loadModelFor(env.DB, ["never-seen-token", "casino"]);
    expect(model.tokens.has("never-seen-token")).toBe(false);
    expect(model.tokens.get("casino")).toEqual({ spam: 3, ham: 0 });
    const negatives = await env.DB.prepare("SELECT count(*) AS n FROM spam_tokens WHERE spam < 0 OR ham < 0").first<{ n: number }>();
    expect(negatives?.n).toBe(0);
    // Only the document count moved (the caller untrains only what it trained).
    await applyTraining(env.DB, [], "ham", 1);
  });

  it("handles far more tokens than D1's 100 bound parameters, in a constant number of statements", async () => {
    const many = Array.from({ length: TOKENS_PER_STATEMENT + 500 }, (_, i) => `bulk-${i}`);
    expect(trainingStatements(env.DB, many, "spam", 1)).toHaveLength(3); // two chunks of upserts, then the totals
    expect(trainingStatements(env.DB, many.slice(0, 300), "spam", 1)).toHaveLength(2);
    await applyTraining(env.DB, many, "spam", 1);
    const model = await loadModelFor(env.DB, [...many, "casino"]);
    expect(model.tokens.size).toBe(many.length + 1);
    expect(model.tokens.get("bulk-2400")).toEqual({ spam: 1, ham: 0 });
    await applyTraining(env.DB, many, "spam", -1);
    expect((await loadModelFor(env.DB, many)).tokens.size).toBe(0);
  });

  it("keeps the document counts at zero or above", async () => {
    for (let i = 0; i < 5; i++) await applyTraining(env.DB, [], "spam", -1);
    const model = await loadModelFor(env.DB, []);
    expect(model.spamDocs).toBe(0);
    expect(model.hamDocs).toBe(3);
  });

  it("loads an empty model when nothing was ever trained", async () => {
    await env.DB.batch([env.DB.prepare("DELETE FROM spam_totals"), env.DB.prepare("DELETE FROM spam_tokens")]);
    const model = await loadModelFor(env.DB, ["casino"]);
    expect(snapshot(model)).toEqual(snapshot(emptyModel()));
  });
});
