/**
 * Timestamps in exports → epoch milliseconds (UTC).
 *
 * Accepted forms: `DD.MM.YYYY HH:MM:SS`, `DD.MM.YYYY HH:MM`, `DD.MM.YYYY`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`,
 * ISO `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±hh:mm|±hhmm]`. Zone-less times are local time in an IANA zone (default
 * Asia/Almaty), resolved through Intl so that zone history is honoured: Almaty was UTC+6 until 2024-03-01 00:00 and
 * UTC+5 from then (the clocks went back from 00:00 to 23:00 on 29 Feb, so 23:00–23:59 local on 2024-02-29 happened
 * twice). Ambiguous local times take the earlier instant and local times in a gap move forward by the gap, the same
 * rule as Temporal's "compatible" disambiguation.
 */
import { InvalidValueError, quoteValue } from "./invalid-value.js";

/** The zone of every zone-less timestamp in Kazakh exports. */
export const DEFAULT_ZONE = "Asia/Almaty";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Offsets are cached per 15-minute bucket of UTC time: zone transitions fall on quarter hours. */
const BUCKET = 15 * MINUTE;

interface ZoneCache {
  fmt: Intl.DateTimeFormat;
  offsets: Map<number, number>;
  /** Per local day (days since epoch of the wall time): its offset when no transition is near, else NaN. */
  days: Map<number, number>;
}
const zones = new Map<string, ZoneCache>();

let lastZone = "";
let lastCache: ZoneCache | null = null;

function zoneCache(zone: string): ZoneCache {
  if (zone === lastZone && lastCache !== null) return lastCache;
  let z = zones.get(zone);
  if (!z) {
    let fmt: Intl.DateTimeFormat;
    try {
      fmt = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new InvalidValueError(
        `time zone ${quoteValue(zone)} is not an IANA zone this runtime knows`,
        zone,
      );
    }
    z = { fmt, offsets: new Map(), days: new Map() };
    zones.set(zone, z);
  }
  lastZone = zone;
  lastCache = z;
  return z;
}

/** The zone's UTC offset (ms, east positive) at a UTC instant. */
export function utcOffsetMs(instant: number, zone: string = DEFAULT_ZONE): number {
  const z = zoneCache(zone);
  const bucket = Math.floor(instant / BUCKET);
  const hit = z.offsets.get(bucket);
  if (hit !== undefined) return hit;
  const at = bucket * BUCKET;
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const p of z.fmt.formatToParts(at)) {
    switch (p.type) {
      case "year":
        y = Number(p.value);
        break;
      case "month":
        mo = Number(p.value);
        break;
      case "day":
        d = Number(p.value);
        break;
      case "hour":
        h = Number(p.value);
        break;
      case "minute":
        mi = Number(p.value);
        break;
      case "second":
        s = Number(p.value);
        break;
    }
  }
  const off = utcFields(y, mo, d, h, mi, s, 0) - at;
  if (z.offsets.size > 100_000) z.offsets.clear();
  z.offsets.set(bucket, off);
  return off;
}

/** Date.UTC that also works for years 0..99 (Date.UTC maps those to 1900..1999). */
function utcFields(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (y >= 0 && y < 100) return new Date(t).setUTCFullYear(y);
  return t;
}

/**
 * The UTC instant of a local wall-clock time in `zone`. Ambiguous times (clocks going back) give the earlier
 * instant; times skipped by a gap (clocks going forward) are moved forward by the gap.
 */
export function localTimeToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  zone: string = DEFAULT_ZONE,
): number {
  const wall = utcFields(year, month, day, hour, minute, second, ms);
  // Fast path: one lookup per local day whose offset is the same a day before and a day after.
  const z = zoneCache(zone);
  const dayIndex = Math.floor(wall / DAY);
  let dayOffset = z.days.get(dayIndex);
  if (dayOffset === undefined) {
    const a = utcOffsetMs(dayIndex * DAY - 2 * DAY, zone);
    const b = utcOffsetMs(dayIndex * DAY + 2 * DAY, zone);
    dayOffset = a === b ? a : NaN;
    if (z.days.size > 100_000) z.days.clear();
    z.days.set(dayIndex, dayOffset);
  }
  if (dayOffset === dayOffset) return wall - dayOffset; // not NaN
  const before = utcOffsetMs(wall - DAY, zone);
  const after = utcOffsetMs(wall + DAY, zone);
  const uBefore = wall - before;
  const uAfter = wall - after;
  const okBefore = utcOffsetMs(uBefore, zone) === before;
  const okAfter = utcOffsetMs(uAfter, zone) === after;
  if (okBefore && okAfter) return Math.min(uBefore, uAfter);
  if (okBefore) return uBefore;
  if (okAfter) return uAfter;
  // In a gap: read the wall time with the offset in force before the gap, which lands after it.
  return uBefore;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

function checkFields(raw: string, y: number, mo: number, d: number, h: number, mi: number, s: number): void {
  if (mo < 1 || mo > 12)
    throw new InvalidValueError(`date ${quoteValue(raw)}: month ${mo} does not exist`, raw);
  if (d < 1 || d > daysIn(y, mo)) {
    throw new InvalidValueError(
      `date ${quoteValue(raw)}: day ${d} does not exist in ${y}-${String(mo).padStart(2, "0")}`,
      raw,
    );
  }
  if (h > 23 || mi > 59 || s > 59)
    throw new InvalidValueError(`date ${quoteValue(raw)}: time of day out of range`, raw);
}

/** Two ASCII digits at i, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

const DMY = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?)?$/;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parse a timestamp from an export into epoch ms (UTC). Zone-less values are local time in `zone`.
 * Throws InvalidValueError for anything else, including dates that do not exist (31.02.2024).
 */
export function parseTimestamp(raw: string, zone: string = DEFAULT_ZONE): number {
  const s =
    raw.length > 0 && (raw.charCodeAt(0) === 32 || raw.charCodeAt(raw.length - 1) === 32) ? raw.trim() : raw;
  // Hot path: DD.MM.YYYY HH:MM:SS, the common bank format, without a regex.
  if (s.length === 19 && s.charCodeAt(2) === 46 && s.charCodeAt(5) === 46 && s.charCodeAt(10) === 32) {
    const d = d2(s, 0),
      mo = d2(s, 3),
      y1 = d2(s, 6),
      y2 = d2(s, 8),
      h = d2(s, 11),
      mi = d2(s, 14),
      sec = d2(s, 17);
    if (
      d >= 0 &&
      mo >= 0 &&
      y1 >= 0 &&
      y2 >= 0 &&
      h >= 0 &&
      mi >= 0 &&
      sec >= 0 &&
      s.charCodeAt(13) === 58 &&
      s.charCodeAt(16) === 58
    ) {
      const y = y1 * 100 + y2;
      checkFields(raw, y, mo, d, h, mi, sec);
      return localTimeToUtc(y, mo, d, h, mi, sec, 0, zone);
    }
  }
  let m = DMY.exec(s);
  if (m) {
    const y = Number(m[3]),
      mo = Number(m[2]),
      d = Number(m[1]);
    const h = m[4] ? Number(m[4]) : 0,
      mi = m[5] ? Number(m[5]) : 0,
      sec = m[6] ? Number(m[6]) : 0;
    const ms = m[7] ? Number(m[7].padEnd(3, "0")) : 0;
    checkFields(raw, y, mo, d, h, mi, sec);
    return localTimeToUtc(y, mo, d, h, mi, sec, ms, zone);
  }
  // `YYYY/MM/DD` (IBM AMLworld, many English exports) is ISO order with slashes: unambiguous, read as ISO.
  const iso =
    s.charCodeAt(4) === 47 && s.charCodeAt(7) === 47 ? `${s.slice(0, 4)}-${s.slice(5, 7)}-${s.slice(8)}` : s;
  m = ISO.exec(iso);
  if (m) {
    const y = Number(m[1]),
      mo = Number(m[2]),
      d = Number(m[3]);
    const h = m[4] ? Number(m[4]) : 0,
      mi = m[5] ? Number(m[5]) : 0,
      sec = m[6] ? Number(m[6]) : 0;
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
    checkFields(raw, y, mo, d, h, mi, sec);
    const off = m[8];
    if (off === undefined) return localTimeToUtc(y, mo, d, h, mi, sec, ms, zone);
    if (off === "Z" || off === "z") return utcFields(y, mo, d, h, mi, sec, ms);
    const sign = off[0] === "-" ? -1 : 1;
    const oh = Number(off.slice(1, 3));
    const om = off.length > 3 ? Number(off.slice(-2)) : 0;
    if (oh > 14 || om > 59)
      throw new InvalidValueError(`date ${quoteValue(raw)}: UTC offset out of range`, raw);
    return utcFields(y, mo, d, h, mi, sec, ms) - sign * (oh * HOUR + om * MINUTE);
  }
  throw new InvalidValueError(
    `date ${quoteValue(raw)} is not in a known format (DD.MM.YYYY HH:MM:SS, YYYY-MM-DD HH:MM:SS or ISO 8601)`,
    raw,
  );
}

/** Local wall-clock fields of a UTC instant in `zone`. */
export function localFields(
  instant: number,
  zone: string = DEFAULT_ZONE,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const t = new Date(instant + utcOffsetMs(instant, zone));
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
  };
}

/**
 * Format a UTC instant as local time in `zone`, the way exports print it: "dmy" → `DD.MM.YYYY HH:MM:SS`,
 * "iso-local" → `YYYY-MM-DD HH:MM:SS`, "iso-offset" → `YYYY-MM-DDTHH:MM:SS+05:00`.
 */
export function formatLocal(
  instant: number,
  style: "dmy" | "iso-local" | "iso-offset" = "dmy",
  zone: string = DEFAULT_ZONE,
): string {
  const f = localFields(instant, zone);
  const p2 = (n: number) => String(n).padStart(2, "0");
  const time = `${p2(f.hour)}:${p2(f.minute)}:${p2(f.second)}`;
  const year = String(f.year).padStart(4, "0");
  if (style === "dmy") return `${p2(f.day)}.${p2(f.month)}.${year} ${time}`;
  const date = `${year}-${p2(f.month)}-${p2(f.day)}`;
  if (style === "iso-local") return `${date} ${time}`;
  const off = utcOffsetMs(instant, zone);
  const a = Math.abs(off) / MINUTE;
  return `${date}T${time}${off < 0 ? "-" : "+"}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}
