// What scripts/spam-eval.js runs in Node: the real scorer from src/spam, nothing copied.
export { commentTokens, duplicateKey, linkHosts } from "../src/spam/tokens";
export { emptyModel, train } from "../src/spam/bayes";
export { scoreComment, decide, spamHostsIn, DEFAULT_SPAM_SETTINGS, DEFAULT_SPAM_THRESHOLD, DEFAULT_APPROVE_THRESHOLD } from "../src/spam/score";
