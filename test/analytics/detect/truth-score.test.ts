import { describe, expect, it } from "vitest";
import { adjustedRandIndex, scoreDetection, scoreLaundering } from "./truth-score.js";

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

  it("counts schemes found by their size, a scheme found when 0.7 of its accounts are flagged", () => {
    const ids = (p: string, n: number) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    const small = ids("s", 3);
    const middle = ids("m", 10);
    const large = ids("l", 20);
    const accounts = Object.fromEntries(
      [...small, ...middle, ...large].map((k) => [
        k,
        { laundering: true, typologies: ["fan_in"], hardNegative: false },
      ]),
    );
    const truth = {
      accounts,
      schemes: {
        S1: { typology: "fan_in", accounts: small },
        S2: { typology: "fan_in", accounts: middle },
        S3: { typology: "fan_in", accounts: large },
      },
    };
    // Two of three small accounts (0.67: missed), seven of ten (found), all twenty (found).
    const flagged = [...small.slice(0, 2), ...middle.slice(0, 7), ...large];
    const result = {
      run: { runId: "r", startedAt: 0, finishedAt: 0, params: {} },
      accounts: flagged.map((id) => ({ id, community: "C1", role: "drop" as const, score: 80, reasons: [] })),
      clusters: [],
    };
    const s = scoreLaundering(result, truth);
    expect(s.bySchemeSize).toEqual([
      { label: "2–5", schemes: 1, found: 0, truth: 3, hits: 2 },
      { label: "6–15", schemes: 1, found: 1, truth: 10, hits: 7 },
      { label: "16+", schemes: 1, found: 1, truth: 20, hits: 20 },
    ]);
    expect(scoreLaundering(result, { accounts }).bySchemeSize).toEqual([]);
  });
});
