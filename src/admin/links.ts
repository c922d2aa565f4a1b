/**
 * Signed one-click moderation links for the digest email: an HMAC over the
 * comment id, the action, the comment's state when the link was made (its
 * status and the time of its last decision) and the expiry, with a key
 * derived from APP_SECRET. Following one (GET) only shows a confirm page; the
 * POST from that page acts, because mail scanners fetch every link in a
 * message. A link acts only while the comment is still in the state it was
 * in when the link was made: once anyone has decided otherwise, the link
 * says what was decided and changes nothing (no replaying "spam" over the
 * author's later "approve").
 */
import { hmac, keyFor, verifyHmac } from "../crypto";
import { COMMENT_STATUSES, type CommentStatus } from "../comments/model";
import { MODERATION_ACTIONS, type CommentState, type ModerationAction } from "../comments/moderate";

export const ACTION_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface ActionLink {
  id: number;
  action: ModerationAction;
  /** The comment's state when the link was made. */
  state: CommentState;
  expires: number;
}

const message = (link: ActionLink) => `act\n${link.id}\n${link.action}\n${link.state.status}\n${link.state.decidedAt ?? 0}\n${link.expires}`;

export async function signActionLink(secret: string, baseUrl: string, comment: { id: number } & CommentState, action: ModerationAction, now = Date.now(), ttlMs = ACTION_LINK_TTL_MS): Promise<string> {
  const link: ActionLink = { id: comment.id, action, state: { status: comment.status, decidedAt: comment.decidedAt }, expires: now + ttlMs };
  const sig = await hmac(await keyFor(secret, "action-link"), message(link));
  return `${baseUrl}/admin/act?c=${link.id}&a=${action}&f=${link.state.status}&v=${link.state.decidedAt ?? 0}&e=${link.expires}&s=${sig}`;
}

export type LinkCheck = { ok: true; link: ActionLink } | { ok: false; reason: "tampered" | "expired" };

/** Checks the signature before the expiry, so a forged link never learns whether its date would pass. */
export async function checkActionLink(secret: string, params: Record<string, string | undefined>, now = Date.now()): Promise<LinkCheck> {
  const { c, a, f, v, e, s } = params;
  if (
    !c || !a || !f || !v || !e || !s ||
    !/^[1-9][0-9]{0,15}$/.test(c) || !/^[0-9]{1,16}$/.test(e) || !/^[0-9]{1,16}$/.test(v) ||
    !MODERATION_ACTIONS.includes(a as ModerationAction) || !COMMENT_STATUSES.includes(f as CommentStatus)
  ) {
    return { ok: false, reason: "tampered" };
  }
  const decidedAt = Number(v);
  const link: ActionLink = { id: Number(c), action: a as ModerationAction, state: { status: f as CommentStatus, decidedAt: decidedAt === 0 ? null : decidedAt }, expires: Number(e) };
  if (!(await verifyHmac(await keyFor(secret, "action-link"), message(link), s))) return { ok: false, reason: "tampered" };
  if (link.expires < now) return { ok: false, reason: "expired" };
  return { ok: true, link };
}

/** The link's parameters, as the confirm page posts them back. */
export const ACTION_LINK_PARAMS = ["c", "a", "f", "v", "e", "s"] as const;
