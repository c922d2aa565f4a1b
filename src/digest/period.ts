/**
 * Which digest is due: the author's local day, starting at DIGEST_HOUR.
 * Cron Triggers run in UTC and daylight-saving moves the UTC time of 07:00
 * local, so the cron fires hourly and this decides: at 07:00 local or later
 * the digest named for today is due; before that, yesterday's (already sent,
 * unless it failed, in which case this run is the retry).
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function localParts(ms: number, timeZone: string) {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * The period key of the digest due at `now`, a local date such as
 * "2026-11-26", and whether it is new: from DIGEST_HOUR on, today's digest
 * may be started; before it, only yesterday's may be retried (a run at 03:00
 * must not start a digest that 07:00 will send again).
 */
export function duePeriod(now: number, timeZone: string, digestHour: number): { period: string; mayStart: boolean } {
  const local = localParts(now, timeZone);
  if (local.hour >= digestHour) return { period: local.date, mayStart: true };
  // The previous calendar date: date arithmetic on the date alone, so DST cannot shift it.
  const [y, m, d] = local.date.split("-").map(Number) as [number, number, number];
  return { period: new Date(Date.UTC(y, m - 1, d - 1, 12)).toISOString().slice(0, 10), mayStart: false };
}
