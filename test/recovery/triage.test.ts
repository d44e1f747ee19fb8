/**
 * The triage on hand-built ledgers (the in-memory trace store of test/analytics/trace plus the few record reads a
 * triage makes): amounts per holding and per complaint follow from the FIFO rules in docs/FORMATS.md, worked out in
 * each test's comments.
 */
import { describe, expect, it } from "vitest";
import type { TransferEdge } from "../../model/graph.js";
import type { ComplaintRecord } from "../../model/records.js";
import { buildTriage, type TriageStore } from "../../server/recovery/index.js";
import type { StoreStats } from "../../server/store/ports/graph.js";
import type { FreezeOutcome, FreezeRequestRecord } from "../../server/store/ports/recovery.js";
import { complaint, FakeTraceStore, tx } from "../analytics/trace/store.fake.js";

/** The trace store fake with the complaint list, the stats and empty freeze records a triage also reads. */
class FakeTriageStore extends FakeTraceStore implements TriageStore {
  constructor(
    private readonly ledger: TransferEdge[],
    private readonly cases: ComplaintRecord[],
  ) {
    super(ledger, [], cases);
  }

  async complaints(): Promise<ComplaintRecord[]> {
    return this.cases;
  }

  async stats(): Promise<StoreStats> {
    const ts = this.ledger.map((t) => t.ts);
    return {
      accounts: 0,
      persons: 0,
      companies: 0,
      cards: 0,
      phones: 0,
      devices: 0,
      ips: 0,
      wallets: 0,
      transfers: this.ledger.length,
      withdrawals: 0,
      complaints: this.cases.length,
      transferSources: this.ledger.length,
      firstTransferAt: Math.min(...ts),
      lastTransferAt: Math.max(...ts),
    };
  }

  async listFreezeRequests(): Promise<FreezeRequestRecord[]> {
    return [];
  }

  async listFreezeOutcomes(): Promise<FreezeOutcome[]> {
    return [];
  }
}

describe("recovery triage", () => {
  it("lists a holding fed by a victim's stolen payment that carried another complaint's money with both amounts", async () => {
    // C1's drop D1 pays 13k of C1's money into VA (d1) before VA's salary (c1); the thief takes 40k from VA (a1,
    // C2's loss), which FIFO makes C1's 13k and 27k of salary. C2 counts all 40k of a1 as its own, C1 its 13k riding
    // on it: D2 holds 40k for C2 and 13k for C1. D1 keeps C1's other 37k.
    const ledger = [
      tx("b1", "VB", "D1", 1, 50_000),
      tx("d1", "D1", "VA", 2, 13_000),
      tx("c1", "EMPLOYER", "VA", 3, 100_000),
      tx("a1", "VA", "D2", 10, 40_000),
    ];
    const store = new FakeTriageStore(ledger, [
      complaint("C1", "VB", 50_000, 0),
      complaint("C2", "VA", 40_000, 8),
    ]);
    const triage = await buildTriage(store);
    expect(
      triage.holdings.map((h) => [h.account, h.amountKzt, h.complaints.map((c) => [c.caseNo, c.amountKzt])]),
    ).toEqual([
      [
        "D2",
        53_000,
        [
          ["C2", 40_000],
          ["C1", 13_000],
        ],
      ],
      ["D1", 37_000, [["C1", 37_000]]],
    ]);
    expect(triage.complaints.map((c) => [c.caseNo, c.holdingKzt, c.untracedKzt, c.recoverableShare])).toEqual(
      [
        ["C1", 50_000, 0, 1],
        ["C2", 40_000, 0, 1],
      ],
    );
  });
});
