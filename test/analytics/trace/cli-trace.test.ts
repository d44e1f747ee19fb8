/**
 * `mulegraph trace` argument parsing and its table output (cli/commands/trace.ts), on a hand-built trace.
 */
import { describe, expect, it } from "vitest";
import { formatKzt, parseTraceArgs, renderTrace } from "../../../cli/commands/trace.js";
import { UsageError } from "../../../cli/context.js";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { complaint, FakeTraceStore, tx } from "./store.fake.js";

describe("mulegraph trace", () => {
  it("reads repeated complaints and transfers, the method and the limits", () => {
    expect(
      parseTraceArgs([
        "--complaint",
        "241500031000123",
        "--complaint=241500031000124",
        "--tx",
        "REF1",
        "--method",
        "proportional",
        "--window-days",
        "7",
        "--max-hops",
        "5",
        "--min-kzt",
        "100",
        "--fx",
        "usd=470",
      ]),
    ).toEqual({
      complaints: ["241500031000123", "241500031000124"],
      txIds: ["REF1"],
      method: "proportional",
      windowMs: 7 * 24 * 3_600_000,
      maxHops: 5,
      minTracedKzt: 100,
      fxTable: { USD: 470 },
    });
  });

  it.each([
    [[]],
    [["--method", "lifo", "--complaint", "1"]],
    [["--complaint"]],
    [["--complaint", "1", "--max-hops", "2.5"]],
    [["--complaint", "1", "--window-days", "-1"]],
    [["--complaint", "1", "--bogus"]],
  ])("refuses %j as a usage error", (args) => {
    expect(() => parseTraceArgs(args)).toThrow(UsageError);
  });

  it("prints exits and the freeze list as tables", async () => {
    const store = new FakeTraceStore(
      [tx("v1", "V", "D", 10, 1_250_000), tx("d1", "D", "X", 40, 1_125_000)],
      [{ key: "X", bank: "CASPKZKA", watchlist: "exchange" }],
      [complaint("C1", "V", 1_250_000, 0)],
    );
    const lines = renderTrace(await traceFunds(store, { complaints: ["C1"] }));
    const text = lines.join("\n");
    expect(text).toContain("traced 1 250 000.00 KZT = exits 1 125 000.00 + still held 125 000.00");
    expect(lines).toContainEqual(expect.stringMatching(/^X\s+watchlist\s+1 125 000\.00\s+d1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^D\s+CASPKZKA\s+125 000\.00\s+\d\d\.\d\d\.2024/));
    expect(formatKzt(-1234.5)).toBe("-1 234.50");
  });
});
