/**
 * The time histogram's bins (client/src/graph/histogram.ts): equal spans over the transfers' extent, every timed
 * transfer in exactly one bin with its amount, the latest in the last bin.
 */
import { describe, expect, it } from "vitest";
import { binByTime } from "../../../client/src/graph/histogram.js";

describe("time histogram bins", () => {
  it("counts and sums every timed transfer in the bin of its time", () => {
    const items = [
      { ts: 0, amountKzt: 10 },
      { ts: 24, amountKzt: 5 },
      { ts: 25, amountKzt: 7 },
      { ts: 100, amountKzt: 1 },
      { amountKzt: 1000 },
    ];
    const bins = binByTime(items, 4);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 1]);
    expect(bins.map((b) => b.sumKzt)).toEqual([15, 7, 0, 1]);
    expect(bins[0]!.from).toBe(0);
    expect(bins[3]!.to).toBe(100);
  });

  it("gives no bins without a timed transfer, and one full bin when all share one time", () => {
    expect(binByTime([{ amountKzt: 5 }], 10)).toEqual([]);
    const same = binByTime(
      [
        { ts: 7, amountKzt: 1 },
        { ts: 7, amountKzt: 2 },
      ],
      3,
    );
    expect(same.reduce((s, b) => s + b.count, 0)).toBe(2);
  });
});
