/**
 * Valibot rules that measure and refuse the way zod 4 did, so that moving to
 * valibot changed no answer:
 * - lengths of text in characters (Unicode code points): valibot's own
 *   minLength/maxLength count UTF-16 units, in which an emoji is two;
 * - a list longer than its limit is refused for that alone, before any of
 *   its items is looked at;
 * - a number that is not whole is refused with one issue and nothing more.
 */
import * as v from "valibot";

/** safeParse's config everywhere: a rule without a message of its own says "Invalid input", as under zod/mini. */
export const INVALID_INPUT = { message: "Invalid input" } as const;

/** Characters (Unicode code points; a lone surrogate counts as one). */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** At most `max` characters (within `max` UTF-16 units is within `max` characters: nothing to count). */
export const maxChars = (max: number, message?: string) => v.check((s: string) => s.length <= max || codePoints(s) <= max, message);

/** At least `min` characters (2 × `min` UTF-16 units are at least `min` characters: nothing to count). */
export const minChars = (min: number, message?: string) => v.check((s: string) => s.length >= 2 * min || codePoints(s) >= min, message);

/** An array of at most `max` items, each checked by `item`; a longer one gets `message` alone. */
export const list = <const T extends v.GenericSchema>(item: T, max: number, message?: string) => v.pipe(v.array(v.unknown()), v.maxLength(max, message), v.array(item));

/** A whole number, as zod's int(): what is not one gets one issue and no further checks; a whole one must also be a safe integer. */
export const int = v.pipe(v.custom<number>(Number.isInteger), v.safeInteger());
