import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidValueError } from "../../model/invalid-value.js";
import { formatLocal, localTimeToUtc, parseTimestamp, utcOffsetMs } from "../../model/time.js";

const H = 3_600_000;

describe("Asia/Almaty timestamps", () => {
  it.each([
    // UTC+6 before the switch
    ["15.01.2024 12:00:00", "2024-01-15T06:00:00.000Z"],
    ["29.02.2024 22:59:59", "2024-02-29T16:59:59.000Z"],
    // 00:00 on 1 March 2024 exists only in UTC+5 (the clocks went from 00:00 back to 23:00 on 29 February)
    ["01.03.2024 00:00:00", "2024-02-29T19:00:00.000Z"],
    ["01.03.2024 12:00:00", "2024-03-01T07:00:00.000Z"],
    ["15.07.2024 09:30", "2024-07-15T04:30:00.000Z"],
    ["15.01.2024", "2024-01-14T18:00:00.000Z"],
    ["2024-01-15 12:00:00", "2024-01-15T06:00:00.000Z"],
    ["2024-07-15T12:00:00", "2024-07-15T07:00:00.000Z"],
    ["2024-07-15", "2024-07-14T19:00:00.000Z"],
  ])("reads zone-less %s as %s", (raw, iso) => {
    expect(new Date(parseTimestamp(raw)).toISOString()).toBe(iso);
  });

  it("knows the offset on both sides of 2024-03-01 from the IANA zone", () => {
    expect(utcOffsetMs(Date.parse("2024-02-29T17:59:59Z"))).toBe(6 * H);
    expect(utcOffsetMs(Date.parse("2024-02-29T18:00:00Z"))).toBe(5 * H);
  });

  it("reads the repeated hour of 29 February 2024 (23:00-23:59 happened twice) as its first occurrence, UTC+6", () => {
    expect(new Date(parseTimestamp("29.02.2024 23:30:00")).toISOString()).toBe("2024-02-29T17:30:00.000Z");
    // Both instants print as the same local time; the later one is an hour on.
    expect(formatLocal(Date.parse("2024-02-29T17:30:00Z"))).toBe("29.02.2024 23:30:00");
    expect(formatLocal(Date.parse("2024-02-29T18:30:00Z"))).toBe("29.02.2024 23:30:00");
  });

  it("moves a local time inside a gap forward by the gap (Almaty's last summer time, 28 March 2004)", () => {
    // 02:00 local on 2004-03-28 jumped to 03:00 (UTC+6 → UTC+7): 02:30 did not exist.
    const t = localTimeToUtc(2004, 3, 28, 2, 30, 0, 0);
    expect(formatLocal(t)).toBe("28.03.2004 03:30:00");
    expect(new Date(t).toISOString()).toBe("2004-03-27T20:30:00.000Z");
  });

  it.each([
    ["2024-03-01T00:00:00Z", "2024-03-01T00:00:00.000Z"],
    ["2024-03-01T05:00:00+05:00", "2024-03-01T00:00:00.000Z"],
    ["2024-03-01T05:00:00+0500", "2024-03-01T00:00:00.000Z"],
    ["2024-03-01T00:00:00.250-03:00", "2024-03-01T03:00:00.250Z"],
  ])("takes the explicit offset of %s", (raw, iso) => {
    expect(new Date(parseTimestamp(raw)).toISOString()).toBe(iso);
  });

  it("reads YYYY/MM/DD (ISO order with slashes, as IBM AMLworld and many English exports write it)", () => {
    expect(new Date(parseTimestamp("2024/01/15 10:30", "UTC")).toISOString()).toBe(
      "2024-01-15T10:30:00.000Z",
    );
    expect(new Date(parseTimestamp("2024/01/15")).toISOString()).toBe("2024-01-14T18:00:00.000Z");
  });

  it("can read zone-less times in another IANA zone", () => {
    expect(new Date(parseTimestamp("01.07.2024 12:00:00", "Europe/Moscow")).toISOString()).toBe(
      "2024-07-01T09:00:00.000Z",
    );
  });

  it.each([
    ["31.02.2024 10:00:00", /day 31/],
    ["29.02.2023", /day 29/],
    ["15.13.2024", /month 13/],
    ["15.01.2024 24:00:00", /time of day/],
    ["15/01/2024", /not in a known format/],
    ["2024/13/01 10:00", /month 13/],
    ["вчера", /not in a known format/],
    ["", /not in a known format/],
  ])("rejects %s", (raw, message) => {
    expect(() => parseTimestamp(raw)).toThrow(InvalidValueError);
    expect(() => parseTimestamp(raw)).toThrow(message);
  });

  it("reads back every instant it prints, except the second pass through a repeated hour", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2035, 0, 1) }), (ms) => {
        const t = Math.floor(ms / 1000) * 1000;
        const back = parseTimestamp(formatLocal(t));
        // Outside a repeated hour the round trip is exact; inside one, the earlier instant comes back.
        if (back !== t) {
          expect(back).toBe(t - (utcOffsetMs(t - 2 * H) - utcOffsetMs(t)));
          expect(utcOffsetMs(back)).toBeGreaterThan(utcOffsetMs(t));
        }
        expect(parseTimestamp(formatLocal(t, "iso-offset"))).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with the ISO form for every date format it prints", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }), (ms) => {
        const t = Math.floor(ms / 1000) * 1000;
        expect(parseTimestamp(formatLocal(t, "dmy"))).toBe(parseTimestamp(formatLocal(t, "iso-local")));
      }),
    );
  });
});
