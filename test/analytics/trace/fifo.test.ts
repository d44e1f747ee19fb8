/**
 * Hand-built FIFO cases. Each test works the allocation out in its comments; the expected figures follow from the
 * rules in docs/FORMATS.md, not from running the tracer.
 */
import { describe, expect, it } from "vitest";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { complaint, DAY, FakeTraceStore, MINUTE, T0, tx } from "./store.fake.js";

const EXCHANGE = { key: "X", bank: "CASPKZKA", watchlist: "exchange" as const };

describe("FIFO tracing", () => {
  it("sends 90% of a drop's inflow to the exchange and leaves the drop's 10% on the freeze list", async () => {
    const store = new FakeTraceStore(
      [tx("v1", "V", "D", 10, 100_000), tx("d1", "D", "X", 40, 90_000)],
      [EXCHANGE],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"], asOf: T0 + DAY });
    expect(r.complaints).toEqual(["C1"]);
    expect(r.tracedKzt).toBe(100_000);
    expect(r.exitsKzt).toEqual({ X: 90_000 });
    expect(r.holdingKzt).toEqual({ D: 10_000 });
    expect(r.untracedKzt).toBe(0);
    expect(r.exits).toEqual([
      { id: "X", kind: "watchlist", amountKzt: 90_000, txIds: ["d1"], byComplaint: { C1: 90_000 } },
    ]);
    expect(r.freezeList).toEqual([
      {
        account: "D",
        bank: "CASPKZKA",
        amountKzt: 10_000,
        heldKzt: 10_000,
        arrivedAt: T0 + 10 * MINUTE,
        heldForMs: DAY - 10 * MINUTE,
        txIds: ["v1"],
        byComplaint: { C1: 10_000 },
        amounts: { KZT: 10_000 },
        // D's last transfer is d1, its payment to the exchange.
        lastMovementAt: T0 + 40 * MINUTE,
      },
    ]);
    expect(r.edges.map((e) => [e.from, e.to, e.txId, e.tracedKzt])).toEqual([
      ["V", "D", "v1", 100_000],
      ["D", "X", "d1", 90_000],
    ]);
  });

  it("spends the drop's earlier clean money first", async () => {
    // D holds 50k clean (c1) when the 100k stolen money arrives (v1). d1 (120k) takes the 50k clean and 70k
    // stolen; d2 (20k) takes 20k stolen; 10k stolen stays in D.
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
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.holdingKzt).toEqual({ A: 70_000, B: 20_000, D: 10_000 });
    expect(r.exitsKzt).toEqual({});
    expect(r.untracedKzt).toBe(0);
    expect(r.freezeList.map((f) => f.account)).toEqual(["A", "B", "D"]);
    expect(r.asOf).toBe(T0 + 30 * MINUTE);
  });

  it("does not trace money through an outgoing transfer made before the money arrived", async () => {
    // D pays 100k to the exchange at minute 5 out of its own 100k (c1); the stolen 100k arrives at minute 10 and
    // only the later 50k (d2) can carry it.
    const store = new FakeTraceStore(
      [
        tx("c1", "C", "D", 1, 100_000),
        tx("d1", "D", "X", 5, 100_000),
        tx("v1", "V", "D", 10, 100_000),
        tx("d2", "D", "E", 20, 50_000),
      ],
      [EXCHANGE],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.exitsKzt).toEqual({});
    expect(r.holdingKzt).toEqual({ D: 50_000, E: 50_000 });
  });

  it("does not let money arriving at the same millisecond ride on an outflow, whatever the transfer ids", async () => {
    // At minute 10 D receives v1 and pays a0 (txId sorts before v1) and z9 (after): outflows come first at one ts,
    // so both carry D's 30k clean money and then unknown money; the stolen 100k leaves only with d3 at minute 20.
    const store = new FakeTraceStore(
      [
        tx("c1", "C", "D", 1, 30_000),
        tx("v1", "V", "D", 10, 100_000),
        tx("a0", "D", "X", 10, 20_000),
        tx("z9", "D", "X", 10, 20_000),
        tx("d3", "D", "E", 20, 60_000),
      ],
      [EXCHANGE],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.exitsKzt).toEqual({});
    expect(r.holdingKzt).toEqual({ E: 60_000, D: 40_000 });
  });

  it("follows a cycle back into the first drop and out of it in arrival order", async () => {
    // A keeps 10k of 100k, B keeps 9k of 90k, C keeps 8.1k of 81k, 72.9k returns to A. A's queue is then
    // [10k (hop 1), 72.9k (hop 4)]; a3 (80k) takes 10k + 70k to the exchange; A keeps 2.9k.
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
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.exitsKzt).toEqual({ X: 80_000 });
    expect(r.holdingKzt).toEqual({ B: 9_000, C: 8_100, A: 2_900 });
    expect(r.untracedKzt).toBe(0);

    // With 4 hops allowed, the 72.9k lot has used all 4 (V→A, A→B, B→C, C→A): its 70k in a3 is not followed.
    const short = await traceFunds(store, { complaints: ["C1"], maxHops: 4 });
    expect(short.exitsKzt).toEqual({ X: 10_000 });
    expect(short.untraced).toEqual([
      expect.objectContaining({ account: "A", amountKzt: 70_000, code: "hop_limit", txIds: ["a3"] }),
    ]);
    expect(short.holdingKzt).toEqual({ B: 9_000, C: 8_100, A: 2_900 });
  });

  it("keeps each victim's share apart when their money mixes in one drop", async () => {
    // D: C1's 100k then C2's 50k. d1 (120k) takes C1 100k + C2 20k; d2 (20k, to a German IBAN: an exit) takes
    // C2 20k; C2's last 10k stays in D.
    const DE = "DE89370400440532013000";
    const edges = [
      tx("v1", "V1", "D", 10, 100_000),
      tx("v2", "V2", "D", 15, 50_000),
      tx("d1", "D", "X", 20, 120_000),
      tx("d2", "D", DE, 30, 20_000),
    ];
    const complaints = [complaint("C1", "V1", 100_000, 0), complaint("C2", "V2", 50_000, 0)];
    const store = new FakeTraceStore(edges, [EXCHANGE], complaints);
    const r = await traceFunds(store, { complaints: ["C1", "C2"] });
    expect(r.byComplaint).toEqual({
      C1: {
        victimAccount: "V1",
        seedTxIds: ["v1"],
        tracedKzt: 100_000,
        exitsKzt: { X: 100_000 },
        holdingKzt: {},
        untracedKzt: 0,
      },
      C2: {
        victimAccount: "V2",
        seedTxIds: ["v2"],
        tracedKzt: 50_000,
        exitsKzt: { X: 20_000, [DE]: 20_000 },
        holdingKzt: { D: 10_000 },
        untracedKzt: 0,
      },
    });
    expect(r.exitsKzt).toEqual({ X: 120_000, [DE]: 20_000 });
    expect(r.exits.find((x) => x.id === DE)?.kind).toBe("foreign_bank");
    expect(r.edges.find((e) => e.txId === "d1")?.byComplaint).toEqual({ C1: 100_000, C2: 20_000 });

    // FIFO positions do not depend on whose money is whose: C2 traced alone gets the same answer.
    const alone = await traceFunds(new FakeTraceStore(edges, [EXCHANGE], complaints), { complaints: ["C2"] });
    expect(alone.byComplaint?.C2).toEqual(r.byComplaint?.C2);
  });

  it("counts a victim's stolen payment whole for its complaint even when it carries another complaint's money", async () => {
    // C1's drop D1 pays 13k of C1's money into VA (d1), C2's victim, before VA's own 100k salary (c1). The thief then
    // takes 40k from VA (a1, C2's stolen payment): FIFO, a1 carries C1's 13k and 27k of the salary. Traced alone,
    // C2 follows all 40k of a1 and C1 follows its 13k over a1, so D2 holds 40k of C2's money and 13k of C1's: the same
    // money counted for both, as the generator's truth counts it.
    const edges = [
      tx("b1", "VB", "D1", 1, 50_000),
      tx("d1", "D1", "VA", 2, 13_000),
      tx("c1", "EMPLOYER", "VA", 3, 100_000),
      tx("a1", "VA", "D2", 10, 40_000),
    ];
    const complaints = [complaint("C1", "VB", 50_000, 0), complaint("C2", "VA", 40_000, 8)];
    const r = await traceFunds(new FakeTraceStore(edges, [], complaints), { complaints: ["C1", "C2"] });
    expect(r.byComplaint?.C1).toMatchObject({ holdingKzt: { D1: 37_000, D2: 13_000 }, untracedKzt: 0 });
    expect(r.byComplaint?.C2).toMatchObject({
      seedTxIds: ["a1"],
      holdingKzt: { D2: 40_000 },
      untracedKzt: 0,
    });
    expect(r.holdingKzt).toEqual({ D1: 37_000, D2: 53_000 });
    expect(r.freezeList.find((f) => f.account === "D2")?.byComplaint).toEqual({ C1: 13_000, C2: 40_000 });
    // D2 received 40k of traced money; the split counts C1's 13k inside it again.
    expect(r.freezeList.find((f) => f.account === "D2")).toMatchObject({
      amountKzt: 53_000,
      heldKzt: 40_000,
    });
    expect(r.edges.find((e) => e.txId === "a1")?.byComplaint).toEqual({ C1: 13_000, C2: 40_000 });
    expect(r.untraced).toEqual([]);

    for (const caseNo of ["C1", "C2"]) {
      const alone = await traceFunds(new FakeTraceStore(edges, [], complaints), { complaints: [caseNo] });
      expect(alone.byComplaint?.[caseNo]).toEqual(r.byComplaint?.[caseNo]);
    }
  });

  it("counts money a victim's stolen payment takes back out of the victim's account once for its complaint", async () => {
    // C1's 30k goes V → D (v1) and 10k of it comes back (d1). v2 (20k), also stolen, carries those 10k first: they are
    // C1's money already, so C1 counts 10k of v2 as overlap and follows the 20k once.
    const edges = [
      tx("v1", "V", "D", 10, 30_000),
      tx("d1", "D", "V", 20, 10_000),
      tx("v2", "V", "E", 30, 20_000),
    ];
    const r = await traceFunds(new FakeTraceStore(edges, [], [complaint("C1", "V", 50_000, 0)]), {
      complaints: ["C1"],
    });
    expect(r.holdingKzt).toEqual({ D: 20_000, E: 20_000 });
    expect(r.untraced.map((u) => [u.code, u.amountKzt])).toEqual([["seed_overlap", 10_000]]);
    expect(r.tracedKzt).toBe(50_000);
  });

  it("traces the victim's outflows after the incident up to the loss, the last one in part", async () => {
    // Before the incident (minute 5) p0 is the victim's own payment. After it: v1 150k and v2 50k; the loss is 180k,
    // so v1 whole and the first 30k of v2 are traced. v3 is beyond the loss.
    const store = new FakeTraceStore(
      [
        tx("p0", "V", "SHOP", 1, 7_000),
        tx("v1", "V", "D1", 10, 150_000),
        tx("v2", "V", "D2", 20, 50_000),
        tx("v3", "V", "D3", 30, 5_000),
      ],
      [],
      [complaint("C1", "V", 180_000, 5)],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.holdingKzt).toEqual({ D1: 150_000, D2: 30_000 });
    expect(r.tracedKzt).toBe(180_000);
  });

  it("reports the part of a loss the victim's outflows do not cover as untraced", async () => {
    const store = new FakeTraceStore(
      [tx("v1", "V", "D", 10, 60_000)],
      [],
      [complaint("C1", "V", 100_000, 0)],
    );
    const r = await traceFunds(store, { complaints: ["C1"] });
    expect(r.tracedKzt).toBe(100_000);
    expect(r.holdingKzt).toEqual({ D: 60_000 });
    expect(r.untracedKzt).toBe(40_000);
    expect(r.untraced).toEqual([
      expect.objectContaining({ account: "V", amountKzt: 40_000, code: "not_in_victim_outflows" }),
    ]);
  });

  it("traces a transfer given by id whole, from its own time", async () => {
    const store = new FakeTraceStore(
      [tx("c1", "C", "D", 1, 10_000), tx("s1", "S", "D", 10, 40_000), tx("d1", "D", "X", 20, 45_000)],
      [EXCHANGE],
    );
    const r = await traceFunds(store, { txIds: ["s1"] });
    expect(r.complaints).toEqual([]);
    expect(r.tracedKzt).toBe(40_000);
    // d1 takes c1's 10k first, then 35k of s1's 40k.
    expect(r.exitsKzt).toEqual({ X: 35_000 });
    expect(r.holdingKzt).toEqual({ D: 5_000 });
    expect(r.byComplaint?.["tx:s1"]?.exitsKzt).toEqual({ X: 35_000 });
  });
});
