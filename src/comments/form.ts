/**
 * The comment form's fields and their rules (one valibot schema), shared by the
 * HTML form and the JSON API. Values are normalized first (NFC, controls
 * removed, trimmed), then checked; every rule failure names its field and a
 * message key, so the form comes back with the reason beside the field.
 */
import * as v from "valibot";
import { codePoints, maxChars } from "../checks";
import { isBlank, isHttpUrl, normalizeLine, normalizeText } from "./text";
import type { CommentMessages } from "./messages";

export const LIMITS = { name: 100, email: 254, url: 200, comment: 10_000 } as const;

/** What the form takes for an email address (and the import keeps): something@host.tld, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

export type Field = "author" | "email" | "url" | "comment" | "comment_parent";

/** What the reader typed, as strings, kept for re-rendering the form. */
export interface FormValues {
  author: string;
  email: string;
  url: string;
  comment: string;
  parent: string;
  remember: boolean;
}

export const EMPTY_VALUES: FormValues = { author: "", email: "", url: "", comment: "", parent: "", remember: false };

export interface ValidComment {
  name: string;
  email: string;
  url: string | null;
  body: string;
  parentId: number | null;
  remember: boolean;
}

/** Error keys are keys of the message table; the length of an over-long comment rides along. */
type ErrorKey = Exclude<keyof CommentMessages, "commentTooLong" | "rateLimited" | "tokenTooFast">;

/** WordPress accepts "example.com" for a website: so do we, as http(s). */
function withScheme(url: string): string {
  return url === "" || /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`;
}

const Schema = v.object({
  author: v.pipe(v.string(), v.check((s: string) => !isBlank(s), "nameRequired"), maxChars(LIMITS.name, "nameTooLong")),
  email: v.pipe(
    v.string(),
    v.minLength(1, "emailRequired"),
    maxChars(LIMITS.email, "emailTooLong"),
    v.regex(EMAIL_PATTERN, "emailInvalid"),
  ),
  url: v.pipe(v.string(), maxChars(LIMITS.url, "urlTooLong"), v.check((s: string) => s === "" || isHttpUrl(s), "urlInvalid")),
  comment: v.pipe(v.string(), v.check((s: string) => !isBlank(s), "commentRequired"), maxChars(LIMITS.comment, "commentTooLong")),
  comment_parent: v.pipe(v.string(), v.regex(/^(|0|[1-9][0-9]{0,15})$/, "parentInvalid")),
});

/** Reads the form's fields from a parsed body (form or JSON); anything missing is empty. */
export function valuesFrom(fields: Record<string, unknown>): FormValues {
  const own = (key: string) => (Object.hasOwn(fields, key) ? fields[key] : undefined);
  const str = (key: string) => {
    const value = own(key);
    return typeof value === "string" ? value : typeof value === "number" ? String(value) : "";
  };
  const remember = own("remember");
  return {
    author: str("author"),
    email: str("email"),
    url: str("url"),
    comment: str("comment"),
    parent: str("comment_parent"),
    remember: remember === true || remember === "1" || remember === "on" || remember === "yes",
  };
}

export type Validation = { ok: true; comment: ValidComment; values: FormValues } | { ok: false; errors: Partial<Record<Field, string>>; values: FormValues };

/** Normalizes, then checks. `values` in the result are the normalized ones, shown back to the reader. */
export function validateComment(raw: FormValues, t: CommentMessages): Validation {
  const values: FormValues = {
    author: normalizeLine(raw.author),
    email: normalizeLine(raw.email),
    url: withScheme(normalizeLine(raw.url)),
    comment: normalizeText(raw.comment),
    parent: raw.parent.trim(),
    remember: raw.remember,
  };
  const result = v.safeParse(Schema, { author: values.author, email: values.email, url: values.url, comment: values.comment, comment_parent: values.parent });
  if (!result.success) {
    const errors: Partial<Record<Field, string>> = {};
    for (const issue of result.issues) {
      const field = issue.path![0].key as Field;
      if (errors[field]) continue;
      const key = issue.message as ErrorKey | "commentTooLong";
      errors[field] = key === "commentTooLong" ? t.commentTooLong(codePoints(values.comment)) : String(t[key] ?? issue.message);
    }
    return { ok: false, errors, values };
  }
  const parentId = values.parent === "" || values.parent === "0" ? null : Number(values.parent);
  return {
    ok: true,
    values,
    comment: { name: values.author, email: values.email, url: values.url || null, body: values.comment, parentId, remember: values.remember },
  };
}
