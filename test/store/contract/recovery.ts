/**
 * The recovery records port (RecoveryRecordStore): freeze requests, their files and their outcomes.
 * Part of the store contract (test/store/contract.ts), run against both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphWritePort } from "../../../server/store/ports/graph.js";
import type { RecoveryRecordStore } from "../../../server/store/ports/recovery.js";
import type { FreezeOutcome, FreezeRequestRecord } from "../../../server/store/types.js";
import { ACC } from "../store.fixtures.js";
import { a, openFresh, type Closable } from "./known-case.js";

/** The recovery contract for one store: `open` gives it (fresh or shared), `reset` empties a shared one. */
export function recoveryContract<S extends GraphWritePort & RecoveryRecordStore & Closable>(
  name: string,
  open: () => Promise<S>,
  reset?: (s: S) => Promise<void>,
): void {
  describe(`${name} store: freeze requests and their outcomes`, () => {
    let store: S;
    beforeAll(async () => {
      store = await openFresh(open, reset);
    });
    afterAll(async () => {
      await store?.close();
    });

    // Bytes that are not valid UTF-8 (a PDF's binary marker), so a text round trip would alter them.
    const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]);
    const csv = new TextEncoder().encode("account,amountKzt\nKZ01,150000.5\n");
    const request = (
      id: string,
      bank: string,
      createdAt: number,
      complaints: string[],
    ): FreezeRequestRecord => ({
      id,
      bank,
      createdAt,
      createdBy: "ivan",
      complaints,
      items: [
        {
          account: a(ACC.D1),
          amountKzt: 150_000.5,
          txIds: ["T2", "T1"],
          byComplaint: { [complaints[0]!]: 150_000.5 },
        },
      ],
      totalKzt: 150_000.5,
      sha256: "ab".repeat(32),
      files: [
        { name: `${id}.pdf`, mediaType: "application/pdf", sha256: "cd".repeat(32), bytes: pdf.length },
        { name: `${id}.csv`, mediaType: "text/csv", sha256: "ef".repeat(32), bytes: csv.length },
      ],
    });
    const r1 = request("FR-2026-0002", "HSBKKZKX", 200, ["C-1", "C-2"]);
    const r2 = request("FR-2026-0001", "CASPKZKA", 200, ["C-2"]);
    const r3 = request("FR-2026-0003", "HSBKKZKX", 100, ["C-3"]);

    it("stores freeze requests once each and lists them by time, bank and complaint", async () => {
      expect(await store.listFreezeRequests()).toEqual([]);
      expect(await store.getFreezeRequest(r1.id)).toBeNull();
      await store.putFreezeRequest(r1, { [`${r1.id}.pdf`]: pdf, [`${r1.id}.csv`]: csv });
      await store.putFreezeRequest(r2, {});
      await store.putFreezeRequest(r3, {});
      await expect(store.putFreezeRequest({ ...r1, bank: "other" }, {})).rejects.toMatchObject({
        name: "FreezeRequestExistsError",
      });
      expect(await store.getFreezeRequest(r1.id)).toEqual(r1);
      expect(await store.listFreezeRequests()).toEqual([r3, r2, r1]);
      expect(await store.listFreezeRequests({ bank: "HSBKKZKX" })).toEqual([r3, r1]);
      expect(await store.listFreezeRequests({ complaint: "C-2" })).toEqual([r2, r1]);
      expect(await store.listFreezeRequests({ complaint: "C-2", bank: "CASPKZKA" })).toEqual([r2]);
      expect(await store.listFreezeRequests({ complaint: "nobody" })).toEqual([]);
    });

    it("gives a request's files back byte for byte", async () => {
      expect(await store.freezeRequestContent(r1.id, `${r1.id}.pdf`)).toEqual(pdf);
      expect(await store.freezeRequestContent(r1.id, `${r1.id}.csv`)).toEqual(csv);
      expect(await store.freezeRequestContent(r1.id, "other.pdf")).toBeNull();
      expect(await store.freezeRequestContent("FR-none", `${r1.id}.pdf`)).toBeNull();
    });

    const outcome = (requestId: string, seq: number, extra: Partial<FreezeOutcome>): FreezeOutcome => ({
      requestId,
      seq,
      account: a(ACC.D1),
      status: "sent",
      by: "ivan",
      at: 1000 + seq,
      ...extra,
    });

    it("appends outcomes in sequence per request and lists them in order", async () => {
      const o1 = outcome(r1.id, 1, {});
      const o2 = outcome(r1.id, 2, { status: "frozen", amountKzt: 120_000, reason: "ref 77/1" });
      const o3 = outcome(r1.id, 3, { status: "returned", amountKzt: 100_000.25 });
      const p1 = outcome(r2.id, 1, { status: "refused", reason: "Счёт закрыт" });
      await store.appendFreezeOutcome(o1);
      await store.appendFreezeOutcome(p1);
      await store.appendFreezeOutcome(o2);
      await expect(store.appendFreezeOutcome(outcome(r1.id, 2, {}))).rejects.toMatchObject({
        name: "FreezeOutcomeSequenceError",
      });
      await expect(store.appendFreezeOutcome(outcome(r1.id, 5, {}))).rejects.toMatchObject({
        name: "FreezeOutcomeSequenceError",
      });
      await expect(store.appendFreezeOutcome(outcome("FR-none", 1, {}))).rejects.toMatchObject({
        name: "FreezeOutcomeSequenceError",
      });
      await store.appendFreezeOutcome(o3);
      // r2 (FR-2026-0001) sorts before r1 (FR-2026-0002).
      expect(await store.listFreezeOutcomes()).toEqual([p1, o1, o2, o3]);
      expect(await store.listFreezeOutcomes({ requestId: r1.id })).toEqual([o1, o2, o3]);
      expect(await store.listFreezeOutcomes({ requestId: r3.id })).toEqual([]);
    });
  });
}
