/**
 * Plausible time: every timestamp a row carries must fall inside a window (by default from 1990-01-01, local time of
 * the ingest's zone, to the ingest time plus one day). A row dated 2099-12-31 or 1900-01-01 is a typo or a broken
 * export, and accepting it would stretch the case's time range and the tracing windows built on it (issue 22), so
 * the row is rejected with the reason. The window also keeps each file's time range (first and last timestamp of the
 * rows it kept) for the check report.
 */
import { InvalidValueError, quoteValue } from "../model/invalid-value.js";
import { parseTimestamp, utcOffsetMs } from "../model/time.js";

const DAY = 86_400_000;

/** The earliest plausible date when nothing else is configured. */
export const DEFAULT_NOT_BEFORE = "1990-01-01";

/** The window as options and settings give it; epoch ms. `notAfter` defaults to the ingest time plus one day. */
export interface PlausibleTime {
  notBefore?: number;
  notAfter?: number;
}

/** A file's time range: first and last timestamp of its accepted and duplicate rows (ISO 8601, UTC). */
export interface TimeRange {
  first: string;
  last: string;
}

/** `YYYY-MM-DD HH:MM` of an instant as local time in `zone`, for messages (the way the export writes dates). */
function local(ms: number, zone: string): string {
  return new Date(ms + utcOffsetMs(ms, zone)).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * Parse a date setting (`1990-01-01`, `31.12.2025`, ISO with time) as local time in `zone`; throws
 * InvalidValueError naming `what` (a setting or option) when it is not a date.
 */
export function parseTimeSetting(raw: string, what: string, zone: string): number {
  try {
    return parseTimestamp(raw, zone);
  } catch (e) {
    if (e instanceof InvalidValueError) {
      throw new InvalidValueError(`${what}: ${quoteValue(raw)} is not a date (use YYYY-MM-DD)`, raw);
    }
    throw e;
  }
}

/** The plausible window of one file, and the time range of the rows it kept. */
export class TimeWindow {
  readonly notBefore: number;
  readonly notAfter: number;
  private readonly defaultAfter: boolean;
  private rowMin = Infinity;
  private rowMax = -Infinity;
  private min = Infinity;
  private max = -Infinity;

  constructor(
    readonly zone: string,
    range: PlausibleTime = {},
    now: number = Date.now(),
  ) {
    this.notBefore = range.notBefore ?? parseTimestamp(DEFAULT_NOT_BEFORE, zone);
    this.defaultAfter = range.notAfter === undefined;
    this.notAfter = range.notAfter ?? now + DAY;
    if (!(this.notBefore < this.notAfter)) {
      throw new RangeError(
        `ingest: the plausible time window is empty: not before ${new Date(this.notBefore).toISOString()}, ` +
          `not after ${new Date(this.notAfter).toISOString()}`,
      );
    }
  }

  /**
   * Parse a timestamp cell and check it is plausible; throws InvalidValueError (a reject naming the column, through
   * FieldReader.parse) when it is not a timestamp or falls outside the window.
   */
  readonly parse = (raw: string): number => {
    const ts = parseTimestamp(raw, this.zone);
    if (ts < this.notBefore) {
      throw new InvalidValueError(
        `date ${quoteValue(raw)} is before ${local(this.notBefore, this.zone).replace(" 00:00", "")}, the earliest ` +
          `plausible date (MULEGRAPH_TIME_NOT_BEFORE or --not-before changes it)`,
        raw,
      );
    }
    if (ts > this.notAfter) {
      const why = this.defaultAfter
        ? "the ingest time plus one day"
        : "MULEGRAPH_TIME_NOT_AFTER or --not-after";
      throw new InvalidValueError(
        `date ${quoteValue(raw)} is after ${local(this.notAfter, this.zone)} (${this.zone}), the latest plausible ` +
          `time (${why}): a date in the future is a typo or a broken export`,
        raw,
      );
    }
    if (ts < this.rowMin) this.rowMin = ts;
    if (ts > this.rowMax) this.rowMax = ts;
    return ts;
  };

  /** Start a row: timestamps parsed from now on belong to it. */
  startRow(): void {
    this.rowMin = Infinity;
    this.rowMax = -Infinity;
  }

  /** The row was kept (accepted or a duplicate): its timestamps count toward the file's time range. */
  keepRow(): void {
    if (this.rowMin < this.min) this.min = this.rowMin;
    if (this.rowMax > this.max) this.max = this.rowMax;
  }

  /** First and last timestamp of the kept rows; undefined when no kept row had one. */
  range(): TimeRange | undefined {
    if (this.min > this.max) return undefined;
    return { first: new Date(this.min).toISOString(), last: new Date(this.max).toISOString() };
  }
}
