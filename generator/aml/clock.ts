/**
 * Time in the "aml" world: the period in epoch seconds UTC, and when people act. The bank sits in a time zone drawn
 * per seed (UTC−8 to UTC+3) and its customers act in their local daytime, so the register's UTC hours differ from
 * case to case and no detector can lean on one fixed "night".
 */
import type { Rng } from "../prng.js";

export const DAY = 86_400;
export const HOUR = 3_600;

export class AmlClock {
  /** First second of the period (00:00 UTC of the start day). */
  readonly start: number;
  readonly end: number;
  /** The bank's offset from UTC, hours. */
  readonly offsetHours: number;
  /** Per day of the period: day of the month and day of the week (asked for millions of times). */
  private readonly monthDays: Uint8Array;
  private readonly weekdays: Uint8Array;

  constructor(
    startDay: string,
    readonly days: number,
    rng: Rng,
  ) {
    this.start = Date.parse(`${startDay}T00:00:00Z`) / 1000;
    this.end = this.start + days * DAY;
    this.offsetHours = rng.int(-8, 3);
    this.monthDays = new Uint8Array(days);
    this.weekdays = new Uint8Array(days);
    for (let d = 0; d < days; d++) {
      const noon = new Date((this.start + d * DAY + 12 * HOUR) * 1000);
      this.monthDays[d] = noon.getUTCDate();
      this.weekdays[d] = noon.getUTCDay();
    }
  }

  /** A moment of local daytime (about 07:00–23:00, busiest around midday) on day `d` of the period. */
  daytime(rng: Rng, d: number): number {
    const localHour = 7 + 16 * ((rng.next() + rng.next() + rng.next()) / 3);
    return this.clamp(this.start + d * DAY + (localHour - this.offsetHours) * HOUR);
  }

  /** Local business hours (09:00–17:00) on day `d`. */
  officeHours(rng: Rng, d: number): number {
    return this.clamp(this.start + d * DAY + (rng.range(9, 17) - this.offsetHours) * HOUR);
  }

  /** Day of the period of a second. */
  dayOf(t: number): number {
    return Math.floor((t - this.start) / DAY);
  }

  /** Local day of the week of day `d` (0 = Sunday). */
  weekday(d: number): number {
    return this.weekdays[d]!;
  }

  /** Day of the month of day `d` (1–31). */
  monthDay(d: number): number {
    return this.monthDays[d]!;
  }

  /**
   * Squeeze a moment into local daytime: the local day's 24 hours map linearly onto 07:00–23:00. Monotonic, so
   * moments keep their order (gaps shrink by a third), which is what lets a scheme plan on the plain clock.
   */
  toDaytime(t: number): number {
    const local = t + this.offsetHours * HOUR;
    const day = Math.floor(local / DAY);
    const x = local - day * DAY;
    return Math.floor(day * DAY + 7 * HOUR + (x * 16) / 24 - this.offsetHours * HOUR);
  }

  /** Keep a moment inside the period. */
  clamp(t: number): number {
    return Math.min(this.end - 1, Math.max(this.start, Math.floor(t)));
  }
}
