/**
 * Keys and the few primitives the blog signs, hashes and encrypts with.
 *
 * One secret, APP_SECRET, is stretched with HKDF into a separate key per
 * purpose (form tokens, cookies, digest links, address hashing, email
 * encryption), so a leak of one derived key reveals nothing about the others
 * and the operator manages a single secret. Keys are derived once per isolate.
 */

export type KeyPurpose = "form-token" | "cookie" | "action-link" | "client-hash" | "email-hash" | "email-encryption" | "cookie-encryption" | "admin-session" | "desk-call";

/** The purposes whose key is an AES-GCM key (sealing); every other key is HMAC-SHA-256. */
export type SealPurpose = "email-encryption" | "cookie-encryption";
const SEALING: ReadonlySet<KeyPurpose> = new Set<SealPurpose>(["email-encryption", "cookie-encryption"]);

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

async function baseKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"]);
}

/** An HMAC-SHA-256 key (or AES-GCM for the sealing purposes) for one purpose. */
export function keyFor(secret: string, purpose: KeyPurpose): Promise<CryptoKey> {
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    const params = { name: "HKDF", hash: "SHA-256", salt: encoder.encode("edgepress/v1"), info: encoder.encode(purpose) };
    key = baseKey(secret).then((base) =>
      SEALING.has(purpose)
        ? crypto.subtle.deriveKey(params, base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"])
        : crypto.subtle.deriveKey(params, base, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign", "verify"]),
    );
    keyCache.set(cacheKey, key);
  }
  return key;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

export async function hmac(key: CryptoKey, message: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(message))));
}

/** Checks an HMAC in constant time (crypto.subtle.verify compares without early exit). */
export async function verifyHmac(key: CryptoKey, message: string, signature: string): Promise<boolean> {
  const bytes = fromBase64Url(signature);
  // Only the canonical spelling: the last character's unused bits must be zero, so one signature has one text.
  if (!bytes || bytes.length !== 32 || toBase64Url(bytes) !== signature) return false;
  return crypto.subtle.verify("HMAC", key, bytes, encoder.encode(message));
}

/** SHA-256 of a text or bytes, as hex: uploaded files, body hashes for duplicate checks, session ids at rest, over-long KV key names. */
export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Compares two secrets in constant time, whatever their lengths. */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  // Hash both so the comparison is over equal-length digests and timing reveals nothing of either.
  const [a, b] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(given)), crypto.subtle.digest("SHA-256", encoder.encode(expected))]);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/** A keyed hash for lookups (client address, email): stable, not reversible without the secret. */
export async function keyedHash(secret: string, purpose: "client-hash" | "email-hash", value: string): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await keyFor(secret, purpose), encoder.encode(value));
  return toBase64Url(new Uint8Array(signature).slice(0, 18));
}

/** AES-GCM with a random 96-bit IV; the result is base64url(iv ‖ ciphertext). */
export async function encryptText(secret: string, plaintext: string, purpose: SealPurpose = "email-encryption"): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await keyFor(secret, purpose), encoder.encode(plaintext));
  const out = new Uint8Array(12 + ciphertext.byteLength);
  out.set(iv);
  out.set(new Uint8Array(ciphertext), 12);
  return toBase64Url(out);
}

export async function decryptText(secret: string, sealed: string, purpose: SealPurpose = "email-encryption"): Promise<string | null> {
  const bytes = fromBase64Url(sealed);
  if (!bytes || bytes.length < 13) return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes.slice(0, 12) }, await keyFor(secret, purpose), bytes.slice(12));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
