/**
 * WordPress's date formats: `2026-10-12 06:30:00` (MySQL DATETIME, in UTC for
 * the `_gmt` fields and in the site's time zone for the others) and the
 * RFC 822 dates of RSS's `<pubDate>`.
 */

const WP_DATE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** The date read as UTC, in ms; null for WordPress's "never" (`0000-00-00 00:00:00`) and anything unreadable. */
export function parseWpDate(value: string): number | null {
  const m = WP_DATE.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (year === 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** UTC ms as WordPress writes it, in UTC or in the given IANA time zone. */
export function formatWpDate(ms: number, timeZone = "UTC"): string {
  if (timeZone === "UTC") return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}`;
}

/** `Mon, 12 Oct 2026 06:30:00 +0000`, as WordPress writes `<pubDate>`. */
export function rssDate(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

/**
 * Turns a site-local WordPress date into UTC when its `_gmt` twin is missing
 * (drafts carry `0000-00-00 00:00:00` there). The export does not name the
 * site's time zone, so the offset comes from the nearest date in the file
 * that has both forms; daylight saving makes the nearest one the best guess.
 */
export class LocalTimeGuesser {
  private readonly samples: { local: number; offset: number }[] = [];
  private sorted = true;

  /** Records a pair of dates of one thing (local and GMT), when both are known. */
  learn(local: string, gmt: string): void {
    const l = parseWpDate(local);
    const g = parseWpDate(gmt);
    if (l === null || g === null) return;
    this.samples.push({ local: l, offset: l - g });
    this.sorted = false;
  }

  /** UTC ms for a local date, or null when it is unreadable. */
  toUtc(local: string): number | null {
    const l = parseWpDate(local);
    if (l === null) return null;
    if (this.samples.length === 0) return l;
    if (!this.sorted) {
      this.samples.sort((a, b) => a.local - b.local);
      this.sorted = true;
    }
    // Binary search for the nearest sample by local time.
    let lo = 0;
    let hi = this.samples.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.samples[mid]!.local < l) lo = mid + 1;
      else hi = mid;
    }
    const after = this.samples[lo]!;
    const before = this.samples[Math.max(0, lo - 1)]!;
    const nearest = Math.abs(before.local - l) <= Math.abs(after.local - l) ? before : after;
    return l - nearest.offset;
  }
}
