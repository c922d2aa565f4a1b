/**
 * A raw RFC 5322 message, as the send_email binding's EmailMessage takes it:
 * multipart/alternative with a plain-text part, then an HTML part.
 *
 * Everything on the wire is 7-bit ASCII with CRLF line endings, so no relay
 * has to (or gets to) re-encode it: bodies are UTF-8 in base64 lines of 76
 * characters, non-ASCII header text becomes RFC 2047 encoded-words of at most
 * 75 characters that never split a character, and headers are folded to 78
 * characters where they can be (998 is the hard limit of RFC 5322).
 */

export interface MailAddress {
  name?: string;
  /** ASCII only: the binding does not speak SMTPUTF8. */
  address: string;
}

export interface MessageInput {
  /** Must be the envelope sender given to `new EmailMessage(from, …)`, or the binding refuses the message. */
  from: MailAddress;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  date: Date;
  /** `<id@domain>`; generated from the sender's domain when absent (see newMessageId). */
  messageId?: string;
  /** Extra header fields, e.g. Auto-Submitted. They cannot replace the ones built here. */
  headers?: Record<string, string>;
}

/**
 * The most a message may weigh. Cloudflare's Email Service limits documents
 * 5 MiB per message (25 MiB only for messages to verified addresses), so the
 * smaller one holds whatever the author's address is.
 */
export const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/** Room kept for the header block when estimating a message's size before building it. */
export const HEADER_ALLOWANCE = 16 * 1024;

const CRLF = "\r\n";
const HEADER_LINE = 78;
/** RFC 2047 2: a line holding an encoded-word is at most 76 characters. */
const ENCODED_LINE = 76;
const BASE64_LINE = 76;
const ENCODED_WORD_MAX = 75;
const ENCODED_WORD_OVERHEAD = "=?UTF-8?B??=".length;

const RESERVED_HEADERS = new Set(["from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding"]);
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
/** A conservative addr-spec: dot-atom local part, host name. */
const ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;

const encoder = new TextEncoder();

function base64(bytes: Uint8Array): string {
  let out = "";
  // btoa takes a "binary string"; chunks keep String.fromCharCode's argument list small,
  // and a chunk length divisible by 3 keeps padding out of the middle.
  const chunk = 3 * 8192;
  for (let i = 0; i < bytes.length; i += chunk) out += btoa(String.fromCharCode(...bytes.subarray(i, i + chunk)));
  return out;
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Text bodies travel in canonical form: every line break is CRLF (RFC 2046 4.1.1). */
const canonical = (text: string) => text.replace(/\r\n|\r|\n/g, CRLF);

function base64Lines(text: string): string {
  const encoded = base64(encoder.encode(canonical(text)));
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += BASE64_LINE) lines.push(encoded.slice(i, i + BASE64_LINE));
  return lines.join(CRLF);
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);
/** How many UTF-8 bytes fit in an encoded-word of `length` characters. */
const wordPayload = (length: number) => Math.floor((length - ENCODED_WORD_OVERHEAD) / 4) * 3;

/**
 * `text` as RFC 2047 "B" encoded-words. Each word holds whole characters (a
 * decoder may decode each word on its own) and is at most 75 characters; the
 * first is shorter when the header's name leaves less room on its line.
 */
function encodedWords(text: string, firstRoom: number): string[] {
  const words: string[] = [];
  let limit = wordPayload(Math.min(ENCODED_WORD_MAX, firstRoom));
  let start = 0;
  let bytes = 0;
  let i = 0;
  for (const ch of text) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    if (bytes + size > limit && i > start) {
      words.push(text.slice(start, i));
      start = i;
      bytes = 0;
      limit = wordPayload(ENCODED_WORD_MAX);
    }
    bytes += size;
    i += ch.length;
  }
  words.push(text.slice(start));
  return words.map((word) => `=?UTF-8?B?${base64(encoder.encode(word))}?=`);
}

/** Joins tokens with spaces, folding before a token that would take the line past `max` characters. */
function foldHeader(name: string, tokens: string[], max = HEADER_LINE): string {
  const lines: string[] = [];
  let line = `${name}:`;
  for (const token of tokens) {
    if (line.length + 1 + token.length > max && line.length > name.length + 1) {
      lines.push(line);
      line = "";
    }
    line += ` ${token}`;
  }
  lines.push(line);
  return lines.join(CRLF);
}

const isPlainAscii = (text: string) => /^[\x20-\x7e]*$/.test(text) && !text.includes("=?");

/**
 * An unstructured field (Subject, or an extra header). ASCII that folds at its
 * spaces is kept readable; anything else (non-ASCII, a word too long to fold,
 * a literal "=?" a decoder would misread) is encoded. Line breaks inside the
 * value become spaces, so a value cannot start a header of its own.
 */
function unstructured(name: string, value: string): string {
  const text = value.replace(/\s+/g, " ").trim();
  const words = text.split(" ");
  if (isPlainAscii(text) && words.every((w) => w.length <= HEADER_LINE - 2)) return foldHeader(name, words);
  return foldHeader(name, encodedWords(text, ENCODED_LINE - name.length - 2), ENCODED_LINE);
}

function mailboxHeader(name: string, mailbox: MailAddress): string {
  if (!ADDRESS.test(mailbox.address)) throw new TypeError(`buildMessage: ${name} address ${JSON.stringify(mailbox.address)} is not a plain ASCII address`);
  const display = (mailbox.name ?? "").replace(/\s+/g, " ").trim();
  if (!display) return foldHeader(name, [mailbox.address]);
  const address = `<${mailbox.address}>`;
  if (isPlainAscii(display) && display.length <= HEADER_LINE - 4) return foldHeader(name, [`"${display.replace(/[\\"]/g, "\\$&")}"`, address]);
  return foldHeader(name, [...encodedWords(display, ENCODED_LINE - name.length - 2), address], ENCODED_LINE);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 5322 3.3 date-time, in UTC: "Tue, 03 Mar 2026 05:00:00 +0000". */
export function rfc5322Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new TypeError("buildMessage: invalid date");
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

/** A fresh Message-ID under the sender's domain, for when the caller wants to record it. */
export function newMessageId(fromAddress: string): string {
  return `<${randomHex(16)}@${fromAddress.slice(fromAddress.lastIndexOf("@") + 1)}>`;
}

function extraHeaders(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => {
    if (!HEADER_NAME.test(name)) throw new TypeError(`buildMessage: invalid header name ${JSON.stringify(name)}`);
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new TypeError(`buildMessage: header ${name} is built by buildMessage itself`);
    return unstructured(name, value);
  });
}

function textPart(boundary: string, type: string, body: string): string {
  return `--${boundary}${CRLF}Content-Type: ${type}; charset=UTF-8${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${base64Lines(body)}${CRLF}`;
}

export function buildMessage(input: MessageInput): string {
  const messageId = input.messageId ?? newMessageId(input.from.address);
  if (!MESSAGE_ID.test(messageId)) throw new TypeError(`buildMessage: invalid Message-ID ${JSON.stringify(messageId)}`);
  // "=_" cannot occur in base64 (its alphabet has no "_", and "=" is only
  // trailing padding), so this boundary cannot occur in either encoded body.
  const boundary = `=_edgepress_${randomHex(16)}`;
  const head = [
    `Date: ${rfc5322Date(input.date)}`,
    mailboxHeader("From", input.from),
    mailboxHeader("To", input.to),
    unstructured("Subject", input.subject),
    `Message-ID: ${messageId}`,
    ...extraHeaders(input.headers ?? {}),
    "MIME-Version: 1.0",
    foldHeader("Content-Type", ["multipart/alternative;", `boundary="${boundary}"`]),
  ];
  return (
    head.join(CRLF) +
    CRLF +
    CRLF +
    textPart(boundary, "text/plain", input.text) +
    textPart(boundary, "text/html", input.html) +
    `--${boundary}--${CRLF}`
  );
}

/** Octets on the wire (the message is ASCII, but count honestly). */
export function messageSize(raw: string): number {
  return encoder.encode(raw).byteLength;
}

/** The size buildMessage would produce for these bodies: exact for the bodies, HEADER_ALLOWANCE for the rest. */
export function estimateMessageSize(parts: { text: string; html: string }): number {
  const encoded = (text: string) => {
    const chars = 4 * Math.ceil(encoder.encode(canonical(text)).byteLength / 3);
    return chars + 2 * Math.ceil(chars / BASE64_LINE);
  };
  return encoded(parts.text) + encoded(parts.html) + HEADER_ALLOWANCE;
}
