/**
 * Hand-built proportional ("haircut") cases: every outflow carries outflow / balance of each traced lot, floored to
 * to the tiyn by largest remainder (the traced parts of one outflow add up to the rounded traced share). Allocations are worked out in the comments.
 */
import { describe, expect, it } from "vitest";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { complaint, FakeTraceStore, tx } from "./store.fake.js";

const EXCHANGE = { key: "X", bank: "CASPKZKA", watchlist: "exchange" as const };

describe("proportional tracing", () => {
  it("gives every outflow the account's current traced share", async () => {
    // D: 50k clean, then 100k stolen (balance 150k, 2/3 stolen). d1 (120k = 0.8 of the balance) carries
    // 0.8 × 100k = 80k; D keeps 20k stolen + 10k clean. d2 (20k of 30k) carries floor(2/3 × 2 000 000 tiyn)
    // = 1 333 333 tiyn = 13 333.33; D keeps 666 667 tiyn = 6 666.67.
    const store = new FakeTraceStore(
      [
        tx("c1", "C", "D", 1, 50_000),
        tx("v1", "V", "D", 10, 100_000),
        tx("d1", "D", "A", 20, 120_000),
        tx("d2", "D", "B", 30, 20_000),
      ],
      [],
      [complaint("C1", "V", 100_000, 5)],
    );
    const r = await traceFunds(store, { complaints: ["C1"], method: "proportional" });
    expect(r.params.method).toBe("proportional");
    expect(r.holdingKzt).toEqual({ A: 80_000, B: 13_333.33, D: 6_666.67 });
    expect(r.untracedKzt).toBe(0);
  });

  it("splits two victims' mixed money in proportion and keeps each complaint conserved", async () => {
    // D holds C1 100k + C2 50k. d1 (120k of 150k = 0.8): C1 80k, C2 40k to the exchange. D keeps C1 20k, C2 10k.
    // d2 (20k of 30k = 2/3): exactly C1 1 333 333.3 and C2 666 666.7 tiyn; 2 000 000 in all, so the spare tiyn
    // goes to the larger remainder: C1 13 333.33, C2 6 666.67. D keeps C1 6 666.67 and C2 3 333.33.
    const store = new FakeTraceStore(
      [
        tx("v1", "V1", "D", 10, 100_000),
        tx("v2", "V2", "D", 15, 50_000),
        tx("d1", "D", "X", 20, 120_000),
        tx("d2", "D", "E", 30, 20_000),
      ],
      [EXCHANGE],
      [complaint("C1", "V1", 100_000, 0), complaint("C2", "V2", 50_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1", "C2"], method: "proportional" });
    expect(r.byComplaint?.C1).toMatchObject({
      exitsKzt: { X: 80_000 },
      holdingKzt: { E: 13_333.33, D: 6_666.67 },
    });
    expect(r.byComplaint?.C2).toMatchObject({
      exitsKzt: { X: 40_000 },
      holdingKzt: { E: 6_666.67, D: 3_333.33 },
    });
    expect(r.holdingKzt).toEqual({ E: 20_000, D: 10_000 });
  });

  it("follows a cycle and spreads the returning money over the next outflow in proportion", async () => {
    // A 100k → B 90k → C 81k → A 72.9k: A then holds 10k + 72.9k = 82.9k, all stolen, so a3 (80k) carries 80k.
    const store = new FakeTraceStore(
      [
        tx("v1", "V", "A", 10, 100_000),
        tx("a1", "A", "B", 20, 90_000),
        tx("b1", "B", "C", 30, 81_000),
        tx("c1", "C", "A", 40, 72_900),
        tx("a3", "A", "X", 50, 80_000),
      ],
      [EXCHANGE],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"], method: "proportional" });
    expect(r.exitsKzt).toEqual({ X: 80_000 });
    expect(r.holdingKzt).toEqual({ B: 9_000, C: 8_100, A: 2_900 });
  });
});
