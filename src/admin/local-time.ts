/**
 * The blog's wall clock: the editor's publish date is a `datetime-local`
 * field ("2026-12-24T09:00") read in the blog's TIME_ZONE, so an author in
 * Jerusalem schedules for 09:00 Jerusalem time, whatever the server's zone.
 */

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `timeZone` at `ms`, as the UTC ms with those same fields. */
function wallClock(ms: number, timeZone: string): number {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    clocks.set(timeZone, clock);
  }
  const f: Record<string, number> = {};
  for (const part of clock.formatToParts(ms)) if (part.type !== "literal") f[part.type] = Number(part.value);
  return Date.UTC(f.year!, f.month! - 1, f.day!, f.hour!, f.minute!, f.second!);
}

/** The value a `datetime-local` field shows for `ms` in the blog's zone: "2026-12-24T09:00". */
export function toLocalInput(ms: number, timeZone: string): string {
  return new Date(wallClock(ms, timeZone)).toISOString().slice(0, 16);
}

/**
 * The UTC ms of a wall-clock time typed in the blog's zone ("2026-12-24T09:00",
 * seconds optional, a space for the T), or null when there is no such date
 * (2026-02-30, 25:00) or it is not in that shape. A time the clocks skip (a
 * DST gap) is taken as the same wall time after the change.
 */
export function fromLocalInput(value: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((n) => Number(n ?? 0)) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(guess);
  // Date.UTC rolls an impossible date over (February 30 → March 2): such a date was never typed right.
  if (y < 1970 || back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  // The zone's offsets half a day either side: the same one, or the two of a change of clocks between them.
  const offsets = [guess - 12 * 3_600_000, guess + 12 * 3_600_000].map((at) => wallClock(at, timeZone) - at);
  const shown = offsets.map((offset) => guess - offset).filter((utc) => wallClock(utc, timeZone) === guess);
  // Twice on the wall (clocks going back): the first. Never (going forward): read with the offset before the change.
  return shown.length > 0 ? Math.min(...shown) : guess - offsets[0]!;
}
