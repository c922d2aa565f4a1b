/**
 * Signed one-click moderation links for the digest email: an HMAC over the
 * comment id, the action and the expiry, with a key derived from APP_SECRET.
 * Following one (GET) only shows a confirm page; the POST from that page
 * acts, because mail scanners fetch every link in a message.
 */
import { hmac, keyFor, verifyHmac } from "../crypto";
import { MODERATION_ACTIONS, type ModerationAction } from "../comments/moderate";

export const ACTION_LINK_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface ActionLink {
  id: number;
  action: ModerationAction;
  expires: number;
}

const message = (link: ActionLink) => `act\n${link.id}\n${link.action}\n${link.expires}`;

export async function signActionLink(secret: string, baseUrl: string, id: number, action: ModerationAction, now = Date.now(), ttlMs = ACTION_LINK_TTL_MS): Promise<string> {
  const link: ActionLink = { id, action, expires: now + ttlMs };
  const sig = await hmac(await keyFor(secret, "action-link"), message(link));
  return `${baseUrl}/admin/act?c=${id}&a=${action}&e=${link.expires}&s=${sig}`;
}

export type LinkCheck = { ok: true; link: ActionLink } | { ok: false; reason: "tampered" | "expired" };

/** Checks the signature before the expiry, so a forged link never learns whether its date would pass. */
export async function checkActionLink(secret: string, params: Record<string, string | undefined>, now = Date.now()): Promise<LinkCheck> {
  const { c, a, e, s } = params;
  if (!c || !a || !e || !s || !/^[1-9][0-9]{0,15}$/.test(c) || !/^[0-9]{1,16}$/.test(e) || !MODERATION_ACTIONS.includes(a as ModerationAction)) {
    return { ok: false, reason: "tampered" };
  }
  const link: ActionLink = { id: Number(c), action: a as ModerationAction, expires: Number(e) };
  if (!(await verifyHmac(await keyFor(secret, "action-link"), message(link), s))) return { ok: false, reason: "tampered" };
  if (link.expires < now) return { ok: false, reason: "expired" };
  return { ok: true, link };
}
