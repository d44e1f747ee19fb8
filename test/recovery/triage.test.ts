/**
 * The triage on hand-built ledgers (the in-memory trace store of test/analytics/trace plus the few record reads a
 * triage makes): amounts per holding and per complaint follow from the FIFO rules in docs/FORMATS.md, worked out in
 * each test's comments. Freeze requests built from such a triage are stored in a real embedded store's records.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TransferEdge } from "../../model/graph.js";
import type { ComplaintRecord } from "../../model/records.js";
import { buildFreezeRequests, buildTriage, type TriageStore } from "../../server/recovery/index.js";
import { openEmbeddedStore } from "../../server/store/embedded/index.js";
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
      links: 0,
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

// C1's drop D1 pays 13k of C1's money into VA (d1) before VA's salary (c1); the thief takes 40k from VA (a1, C2's
// loss), which FIFO makes C1's 13k and 27k of salary. C2 counts all 40k of a1 as its own, C1 its 13k riding on it:
// D2 holds 40k for C2 and 13k for C1. D1 keeps C1's other 37k.
const sharedLedger = (): TransferEdge[] => [
  tx("b1", "VB", "D1", 1, 50_000),
  tx("d1", "D1", "VA", 2, 13_000),
  tx("c1", "EMPLOYER", "VA", 3, 100_000),
  tx("a1", "VA", "D2", 10, 40_000),
];
const sharedComplaints = (): ComplaintRecord[] => [
  complaint("C1", "VB", 50_000, 0),
  complaint("C2", "VA", 40_000, 8),
];

describe("recovery triage", () => {
  it("lists a holding fed by a victim's stolen payment that carried another complaint's money with both amounts", async () => {
    const store = new FakeTriageStore(sharedLedger(), sharedComplaints());
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
    // D2 received 40k of traced money, once: C1's 13k is inside C2's 40k, so the split adds up to 13k more.
    expect(triage.holdings.map((h) => [h.account, h.heldKzt, h.overlapKzt])).toEqual([
      ["D2", 40_000, 13_000],
      ["D1", 37_000, 0],
    ]);
    expect(triage.totalHoldingKzt).toBe(90_000);
    expect(triage.totalHeldKzt).toBe(77_000);
    expect(triage.complaints.map((c) => [c.caseNo, c.holdingKzt, c.untracedKzt, c.recoverableShare])).toEqual(
      [
        ["C1", 50_000, 0, 1],
        ["C2", 40_000, 0, 1],
      ],
    );
  });
});

describe("freeze requests where two complaints share the money of an account", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "mulegraph-recovery-overlap-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("ask for the money the account holds and list each complaint's claim, which adds up to more, saying so", async () => {
    const records = await openEmbeddedStore({ dataDir: root });
    try {
      const fake = new FakeTriageStore(sharedLedger(), sharedComplaints());
      // The ledger from the fake, the requests and the audit trail in the real store's records.
      const store = Object.assign(fake, {
        putFreezeRequest: records.putFreezeRequest.bind(records),
        getFreezeRequest: records.getFreezeRequest.bind(records),
        listFreezeRequests: records.listFreezeRequests.bind(records),
        freezeRequestContent: records.freezeRequestContent.bind(records),
        appendFreezeOutcome: records.appendFreezeOutcome.bind(records),
        listFreezeOutcomes: records.listFreezeOutcomes.bind(records),
        appendAudit: records.appendAudit.bind(records),
        lastAudit: records.lastAudit.bind(records),
        auditEntries: records.auditEntries.bind(records),
      });
      const [request] = await buildFreezeRequests(store, {
        accounts: ["D2", "D1"],
        by: "ivan",
        now: Date.UTC(2026, 0, 5),
      });
      expect(request!.totalKzt).toBe(77_000);
      expect(request!.items.map((i) => [i.account, i.requestedKzt, i.byComplaint])).toEqual([
        ["D2", 40_000, { C2: 40_000, C1: 13_000 }],
        ["D1", 37_000, { C1: 37_000 }],
      ]);
      const json = JSON.parse(
        new TextDecoder().decode((await records.freezeRequestContent(request!.id, `${request!.id}.json`))!),
      ) as {
        accounts: { account: string; amountKzt: number; claimedKzt: number; complaintsOverlap: boolean }[];
      };
      expect(json.accounts.map((a) => [a.account, a.amountKzt, a.claimedKzt, a.complaintsOverlap])).toEqual([
        ["D2", 40_000, 53_000, true],
        ["D1", 37_000, 37_000, false],
      ]);
      const csv = new TextDecoder().decode(
        (await records.freezeRequestContent(request!.id, `${request!.id}.csv`))!,
      );
      expect(csv).toMatch(/,D2,40000,/);
      expect(csv).not.toMatch(/,D2,53000,/);
    } finally {
      await records.close();
    }
  });
});
