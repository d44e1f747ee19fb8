/**
 * Which of a victim's outflows are a complaint's stolen money (server/analytics/trace/seeds.ts): payments to new
 * payees first, an exact match of the loss traced whole, else the outflows in priority order up to the loss.
 */
import { describe, expect, it } from "vitest";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { exactSubset } from "../../../server/analytics/trace/seeds.js";
import { complaint, DAY, FakeTraceStore, tx } from "./store.fake.js";

describe("picking a complaint's stolen transfers", () => {
  it("finds the payments to new payees that add up exactly to the loss, skipping the victim's usual payments", async () => {
    // The victim pays the utility (a payee known from before the incident) in the middle of a two-week investment
    // scam: 20k, 35k and 45k to three new payees add up to the 100k loss; the 10k utility bill is not stolen money.
    const store = new FakeTraceStore(
      [
        tx("u0", "V", "UTIL", -3 * 24 * 60, 10_000),
        tx("s1", "V", "D1", 10, 20_000),
        tx("u1", "V", "UTIL", 3 * 24 * 60, 10_000),
        tx("s2", "V", "D2", 6 * 24 * 60, 35_000),
        tx("s3", "V", "D3", 12 * 24 * 60, 45_000),
      ],
      [],
      [{ ...complaint("C1", "V", 100_000, 10), registeredAt: Date.UTC(2024, 4, 1) + 20 * DAY }],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.byComplaint?.C1?.seedTxIds).toEqual(["s1", "s2", "s3"]);
    expect(r.holdingKzt).toEqual({ D3: 45_000, D2: 35_000, D1: 20_000 });
    expect(r.untracedKzt).toBe(0);
  });

  it("falls back to taking new payees first, then the rest, up to the loss when nothing adds up exactly", async () => {
    // No subset of 70k (new payee), 25k (known payee) and 40k (new payee) makes 100k: the new payees come first
    // (70k + 30k of the 40k).
    const store = new FakeTraceStore(
      [
        tx("k0", "V", "K", -60, 1_000),
        tx("s1", "V", "D1", 10, 70_000),
        tx("k1", "V", "K", 20, 25_000),
        tx("s2", "V", "D2", 30, 40_000),
      ],
      [],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.holdingKzt).toEqual({ D1: 70_000, D2: 30_000 });
    expect(r.byComplaint?.C1?.seedTxIds).toEqual(["s1", "s2"]);
  });

  it("searches subsets in priority order and gives up beyond its budget", () => {
    expect(exactSubset([5, 3, 4, 2], 6)).toEqual([2, 3]);
    expect(exactSubset([5, 3, 4, 2], 8)).toEqual([0, 1]);
    expect(exactSubset([5, 3, 4], 1)).toBeNull();
    expect(
      exactSubset(
        Array.from({ length: 40 }, () => 2),
        41,
        1000,
      ),
    ).toBeNull();
  });
});
