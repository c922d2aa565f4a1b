/**
 * Scores a comment and decides what happens to it: adds up the rule signals
 * and the learned model's band, keeps every reason for the digest, and maps
 * the score to spam, approved or pending by the author's thresholds.
 *
 * Pure: the scheduled job loads the model (loadModelFor) and the context from
 * D1, calls scoreComment and decide, and stores the result.
 */
import type { BayesModel } from "./bayes";
import {
  SIGNAL_WEIGHTS,
  bayesSignal,
  contentSignals,
  duplicateSignal,
  formAgeSignal,
  matchWords,
  reputationSignals,
  wordListSignal,
  type ScoringContext,
  type ScoringInput,
  type Signal,
} from "./signals";
import { commentTokens } from "./tokens";
import { linkHosts, normalizeText, scanText } from "./text";

export type { ScoringContext, ScoringInput, Signal } from "./signals";

/**
 * At or above this score a comment is spam: the learned model confident on
 * its own (BAYES_95 and up), or a few rule signals together. Thresholds
 * tuned on labeled data land between 1 and 4 (see scripts/spam-eval.js); a
 * wrong "spam" costs more than a wrong "pending", so the default sits high in
 * that range.
 */
export const DEFAULT_SPAM_THRESHOLD = 3;
/**
 * At or below this score a comment may be approved without the author (see
 * decide()): below zero, so something must vouch for it (the model, or the
 * commenter's history); a comment nothing is known about waits.
 */
export const DEFAULT_APPROVE_THRESHOLD = -0.5;
/** A moderation word keeps the score at least this far above the approve threshold. */
const HOLD_MARGIN = 0.5;

export interface SpamSettings {
  spamThreshold: number;
  approveThreshold: number;
  /** Words that hold a comment for the author (WordPress "comment moderation"). */
  moderationWords: readonly string[];
  /** Words that send a comment to spam (WordPress "disallowed comment keys"). */
  disallowedWords: readonly string[];
}

export const DEFAULT_SPAM_SETTINGS: SpamSettings = {
  spamThreshold: DEFAULT_SPAM_THRESHOLD,
  approveThreshold: DEFAULT_APPROVE_THRESHOLD,
  moderationWords: [],
  disallowedWords: [],
};

export interface ScoreResult {
  /** Sum of the signals' points, rounded to hundredths. */
  score: number;
  /** One line per signal, strongest first, e.g. "3 links (+2)". */
  reasons: string[];
  signals: Signal[];
}

export type SpamDecision = "spam" | "approved" | "pending";

const round = (n: number) => Math.round(n * 100) / 100;
const formatPoints = (points: number) => (points > 0 ? "+" : "") + round(points);

/** `tokens`: the comment's commentTokens(), when the caller already has them (the job does, to load the model). */
export function scoreComment(input: ScoringInput, context: ScoringContext, model: BayesModel, settings: SpamSettings = DEFAULT_SPAM_SETTINGS, tokens: readonly string[] = commentTokens(input)): ScoreResult {
  const body = scanText(input.body);
  const signals: Signal[] = [];
  const push = (signal: Signal | null) => {
    if (signal && signal.points !== 0) signals.push(signal);
  };
  for (const signal of contentSignals(input)) push(signal);
  for (const signal of reputationSignals(input, context, linkHosts(input))) push(signal);
  push(duplicateSignal(body, context.duplicateCount));
  push(formAgeSignal(input.formAgeMs, input.body));
  push(bayesSignal(model, tokens));

  // The author's lists are rules, not hints: a disallowed word is spam and a
  // moderation word is held, whatever the other signals say, so their points
  // are raised as far as needed to cross the threshold.
  const fields = [input.name, input.email ?? "", input.url ?? ""].map(normalizeText).concat(body.normalized);
  const others = signals.reduce((sum, s) => sum + s.points, 0);
  const disallowed = matchWords(settings.disallowedWords, fields);
  if (disallowed.length > 0) {
    push(wordListSignal("DISALLOWED_WORD", disallowed, Math.max(SIGNAL_WEIGHTS.disallowedWord, settings.spamThreshold - others)));
  } else {
    const moderation = matchWords(settings.moderationWords, fields);
    const hold = settings.approveThreshold + HOLD_MARGIN - others;
    push(wordListSignal("MODERATION_WORD", moderation, Math.max(SIGNAL_WEIGHTS.moderationWord, hold)));
  }

  signals.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || b.points - a.points);
  const score = round(signals.reduce((sum, s) => sum + s.points, 0));
  return { score, reasons: signals.map((s) => `${s.reason} (${formatPoints(s.points)})`), signals };
}

/**
 * Spam at or above the spam threshold. Approved at or below the approve
 * threshold, but only for a commenter approved before or when the author
 * turned on auto-approve: a first comment is otherwise the author's call.
 * Everything else waits for the author.
 */
export function decide(score: number, settings: SpamSettings, approvedBefore: boolean, autoApprove: boolean): SpamDecision {
  if (score >= settings.spamThreshold) return "spam";
  if (score <= settings.approveThreshold && (approvedBefore || autoApprove)) return "approved";
  return "pending";
}

/**
 * The hosts among `hosts` that the model has seen only in spam: a way to fill
 * ScoringContext.spamHosts from the model the job loaded anyway (link hosts
 * are `host:` tokens), without a table of its own.
 */
export function spamHostsIn(model: BayesModel, hosts: readonly string[]): string[] {
  return hosts.filter((host) => {
    const counts = model.tokens.get("host:" + host);
    return counts !== undefined && counts.spam > 0 && counts.ham === 0;
  });
}
