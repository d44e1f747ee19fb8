import { describe, expect, it } from "vitest";
import { adjustedRandIndex, scoreDetection } from "./truth-score.js";

describe("truth scoring", () => {
  it("gives the adjusted Rand index of published examples", () => {
    // The first two from scikit-learn's adjusted_rand_score documentation, the third worked by hand.
    expect(adjustedRandIndex(["0", "0", "1", "1"], ["1", "1", "0", "0"])).toBe(1);
    expect(adjustedRandIndex(["0", "0", "1", "1"], ["0", "0", "1", "2"])).toBeCloseTo(0.5714285714, 9);
    expect(adjustedRandIndex(["0", "0", "0", "1", "1", "1"], ["0", "0", "1", "1", "2", "2"])).toBeCloseTo(
      0.2424242424,
      9,
    );
    expect(adjustedRandIndex(["a", "a", "a", "a"], ["a", "b", "c", "d"])).toBe(0);
  });

  it("counts hits per role, real top clusters and flagged hard negatives", () => {
    const truth = {
      accounts: {
        d1: { role: "drop", ring: "R1", hardNegative: false },
        d2: { role: "drop", ring: "R1", hardNegative: false },
        h1: { role: "hub", ring: "R1", hardNegative: false },
        m1: { role: "ordinary", ring: null, hardNegative: true },
        o1: { role: "ordinary", ring: null, hardNegative: false },
      },
      rings: { R1: { members: ["d1", "d2", "h1"] } },
    };
    const result = {
      run: { runId: "r", startedAt: 0, finishedAt: 0, params: {} },
      accounts: [
        { id: "d1", community: "C1", role: "drop" as const, score: 80, reasons: [] },
        { id: "h1", community: "C1", role: "drop" as const, score: 80, reasons: [] },
        { id: "m1", community: "C2", role: "drop" as const, score: 60, reasons: [] },
        { id: "o1", community: "C2", role: "drop" as const, score: 60, reasons: [] },
      ],
      clusters: [
        { id: "C1", rank: 1, score: 90, members: ["d1", "h1"], reasons: [] },
        { id: "C2", rank: 2, score: 50, members: ["m1", "o1"], reasons: [] },
      ],
    };
    const s = scoreDetection(result, truth);
    expect(s.drops).toMatchObject({ truth: 2, found: 4, hits: 1, precision: 0.25, recall: 0.5 });
    expect(s.hubs).toMatchObject({ truth: 1, found: 0, hits: 0, recall: 0, f1: 0 });
    expect(s.suspects).toMatchObject({ hits: 2, precision: 0.5 });
    expect(s.topReal).toBe(1);
    expect(s.top).toBe(2);
    expect(s.hardNegativesFlagged).toEqual(["m1"]);
  });
});
