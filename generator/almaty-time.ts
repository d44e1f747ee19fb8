/**
 * Almaty local time for the generator. Asia/Almaty moved from UTC+6 to UTC+5 at local midnight of 2024-03-01
 * (2024-02-29T18:00Z), so the local hour 23:00–24:00 of 29 February happened twice. Zone-less exports cannot say
 * which one they mean, so the generator never emits a time in that hour.
 *
 * It does so with two clocks: the simulation runs on a *virtual* clock without the ambiguous two UTC hours
 * (17:00Z–19:00Z on 29 February), and every emitted time is `emitted(virtual)`, a strictly increasing map that adds
 * those two hours back after the gap. Order (and so FIFO) is preserved exactly; a duration that spans the gap gets
 * two hours longer.
 */

/** 2024-03-01T00:00 local at UTC+6, in epoch seconds. */
export const ALMATY_SWITCH = Date.UTC(2024, 1, 29, 18, 0, 0) / 1000;
const GAP_START = ALMATY_SWITCH - 3600;
const GAP = 7200;

/** UTC offset of Asia/Almaty, in seconds, at the given instant (epoch seconds). */
export function almatyOffset(utcSeconds: number): number {
  return utcSeconds < ALMATY_SWITCH ? 6 * 3600 : 5 * 3600;
}

/** Virtual seconds → the emitted instant (epoch seconds UTC). */
export function emitted(virtual: number): number {
  return virtual < GAP_START ? virtual : virtual + GAP;
}

/** Intended instant (epoch seconds UTC) → virtual seconds; instants inside the ambiguous gap move to its end. */
export function toVirtual(utc: number): number {
  if (utc < GAP_START) return utc;
  if (utc < GAP_START + GAP) return GAP_START;
  return utc - GAP;
}

/** The UTC instant (epoch seconds) of local midnight starting the given local date (month 1-based; day may overflow). */
export function localMidnightUtc(y: number, mo: number, d: number): number {
  const local = Date.UTC(y, mo - 1, d) / 1000;
  return local - 6 * 3600 < ALMATY_SWITCH ? local - 6 * 3600 : local - 5 * 3600;
}

/** Local wall-clock fields of an instant. */
export interface LocalParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** Local Almaty wall-clock fields of an emitted instant. */
export function localParts(utcSeconds: number): LocalParts {
  const dt = new Date((utcSeconds + almatyOffset(utcSeconds)) * 1000);
  return {
    y: dt.getUTCFullYear(),
    mo: dt.getUTCMonth() + 1,
    d: dt.getUTCDate(),
    h: dt.getUTCHours(),
    mi: dt.getUTCMinutes(),
    s: dt.getUTCSeconds(),
  };
}

const p2 = (n: number) => (n < 10 ? "0" + n : String(n));

/** Date/time styles used by the bank profiles (all of them listed in docs/FORMATS.md). */
export type DateStyle = "dmy-hms" | "dmy-hm" | "dmy" | "iso-space";

/** Format an emitted instant as local Almaty time in the given style. */
export function formatLocal(utcSeconds: number, style: DateStyle): string {
  const t = localParts(utcSeconds);
  const dmy = `${p2(t.d)}.${p2(t.mo)}.${t.y}`;
  switch (style) {
    case "dmy":
      return dmy;
    case "dmy-hm":
      return `${dmy} ${p2(t.h)}:${p2(t.mi)}`;
    case "dmy-hms":
      return `${dmy} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`;
    case "iso-space":
      return `${t.y}-${p2(t.mo)}-${p2(t.d)} ${p2(t.h)}:${p2(t.mi)}:${p2(t.s)}`;
  }
}

/**
 * The case's calendar: day `d` (0-based from the start date) and a local second of that day → virtual seconds.
 */
export class Calendar {
  /** Local midnight of the start date, as if it were UTC (epoch seconds). */
  private readonly startLocal: number;

  constructor(
    start: string,
    readonly days: number,
  ) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
    if (!m) throw new RangeError(`generator/almaty-time: start "${start}" is not YYYY-MM-DD`);
    this.startLocal = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 1000;
    if (Number.isNaN(this.startLocal))
      throw new RangeError(`generator/almaty-time: start "${start}" is not a date`);
  }

  /** Intended UTC instant of local `secondOfDay` on day `d` (may be negative or beyond the period). */
  utcAt(d: number, secondOfDay: number): number {
    const local = this.startLocal + d * 86400 + secondOfDay;
    const asPlus6 = local - 6 * 3600;
    return asPlus6 < ALMATY_SWITCH ? asPlus6 : local - 5 * 3600;
  }

  /** Virtual seconds of local `secondOfDay` on day `d`. */
  at(d: number, secondOfDay: number): number {
    return toVirtual(this.utcAt(d, secondOfDay));
  }

  /** Virtual start (local midnight of day 0) and end (local midnight after the last day). */
  get startVirtual(): number {
    return this.at(0, 0);
  }

  get endVirtual(): number {
    return this.at(this.days, 0);
  }

  /** Local calendar fields of day `d`. */
  dayParts(d: number): { y: number; mo: number; d: number; weekday: number } {
    const dt = new Date((this.startLocal + d * 86400) * 1000);
    return { y: dt.getUTCFullYear(), mo: dt.getUTCMonth() + 1, d: dt.getUTCDate(), weekday: dt.getUTCDay() };
  }
}
