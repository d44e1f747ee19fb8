/**
 * The recovery records port (RecoveryRecordStore): freeze requests, their files and their outcomes; and the history
 * windows tracing reads (TraceHistoryPort): opening balances worked out by hand in the comments, transfers checked
 * against the store's own `transfers`.
 * Part of the store contract (test/store/contract.ts), run against both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TransferEdge } from "../../../model/graph.js";
import type { CanonicalRecord, TransferRecord } from "../../../model/records.js";
import type { GraphReadPort, GraphWritePort } from "../../../server/store/ports/graph.js";
import type { RecoveryRecordStore, TraceHistoryPort } from "../../../server/store/ports/recovery.js";
import type { FreezeOutcome, FreezeRequestRecord } from "../../../server/store/types.js";
import { ACC, FILE, src } from "../store.fixtures.js";
import { a, openFresh, type Closable } from "./known-case.js";

/** The recovery contract for one store: `open` gives it (fresh or shared), `reset` empties a shared one. */
export function recoveryContract<
  S extends GraphWritePort &
    Pick<GraphReadPort, "transfers"> &
    RecoveryRecordStore &
    TraceHistoryPort &
    Closable,
>(name: string, open: () => Promise<S>, reset?: (s: S) => Promise<void>): void {
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

  describe(`${name} store: history windows`, () => {
    let store: S;
    const MIN = 60_000;
    const T = Date.UTC(2024, 5, 3, 4, 0);
    const [A, B, C, D, E] = ["HW-A", "HW-B", "HW-C", "HW-D", "HW-E"];
    const transfer = (
      txId: string,
      from: string,
      to: string,
      minutes: number,
      kzt: number,
    ): TransferRecord => ({
      kind: "transfer",
      txId,
      from,
      to,
      ts: T + minutes * MIN,
      amount: kzt,
      currency: "KZT",
      amountKzt: kzt,
      sources: [src(FILE.REG, 100 + minutes)],
    });
    // A's balance, replayed: +100.07 → 100.07; −150 → 0 (floored); +30 → 30; at minute 3 the outflow (−40 → 0)
    // goes before the inflow (+50 → 50); −5 cash → 45; +10 USD (4 700 KZT, or 5 000 at 500 KZT/USD) → 4 745.
    const ledger: CanonicalRecord[] = [
      transfer("HW-01", B, A, 0, 100.07),
      transfer("HW-02", A, C, 1, 150),
      transfer("HW-03", B, A, 2, 30),
      transfer("HW-04b", C, A, 3, 50),
      transfer("HW-04a", A, C, 3, 40),
      {
        kind: "withdrawal",
        txId: "HW-05",
        account: A,
        atmId: "HW-ATM",
        country: "KZ",
        ts: T + 4 * MIN,
        amount: 5,
        currency: "KZT",
        amountKzt: 5,
        sources: [src(FILE.REG, 105)],
      },
      { ...transfer("HW-06", B, A, 5, 4700), amount: 10, currency: "USD" },
      transfer("HW-07", A, C, 6, 1),
      transfer("HW-08", B, A, 6, 2),
      transfer("HW-09", B, C, 7, 3),
      transfer("HW-10", A, B, 8, 4),
      // D is paid by B (a sender not followed) and E (followed), and pays E at minute 3: before E's payment at 4 comes
      // HW-D0a (its txId sorts first), after it HW-D6 and HW-D8, 10 USD (4 700 KZT, or 5 000 at 500 KZT/USD).
      transfer("HW-D1", B, D, 1, 10),
      transfer("HW-D2", B, D, 2, 20),
      transfer("HW-D3", D, E, 3, 5),
      transfer("HW-D4", B, D, 3, 1),
      transfer("HW-D0a", B, D, 4, 8),
      transfer("HW-D5", E, D, 4, 2),
      transfer("HW-D6", B, D, 4, 4),
      { ...transfer("HW-D8", B, D, 4, 4700), amount: 10, currency: "USD" },
    ];
    beforeAll(async () => {
      store = await openFresh(open, reset);
      await store.writeBatch(ledger);
    });
    afterAll(async () => {
      await store?.close();
    });

    /** The store's own transfers of `account` from `from` on (up to `until`). */
    const listed = async (account: string, from: number, until?: number): Promise<TransferEdge[]> =>
      (await store.transfers({ accounts: [account], direction: "both" })).filter(
        (t) => t.ts >= from && (until === undefined || t.ts <= until),
      );

    it("gives each account what it held when its window starts, outflows first at one time, never below zero", async () => {
      const at = (minutes: number) => ({ account: A, from: T + minutes * MIN });
      const held = async (minutes: number, rates?: Record<string, number>) =>
        (await store.historyWindows({ windows: [at(minutes)], ...(rates ? { rates } : {}) })).openings;
      expect(await held(0)).toEqual([{ ...at(0), openingTiyn: 0 }]);
      expect(await held(2)).toEqual([{ ...at(2), openingTiyn: 0 }]);
      expect(await held(3)).toEqual([{ ...at(3), openingTiyn: 3000 }]);
      expect(await held(4)).toEqual([{ ...at(4), openingTiyn: 5000 }]);
      expect(await held(5)).toEqual([{ ...at(5), openingTiyn: 4500 }]);
      expect(await held(6)).toEqual([{ ...at(6), openingTiyn: 474_500 }]);
      expect(await held(6, { USD: 500 })).toEqual([{ ...at(6), openingTiyn: 504_500 }]);
      // A rate for KZT, or for a currency the account never used, changes nothing.
      expect(await held(6, { KZT: 2, EUR: 520 })).toEqual([{ ...at(6), openingTiyn: 474_500 }]);
    });

    it("lists each window's transfers from its start, once even when both accounts are asked for, by time", async () => {
      const from = { [A]: T + 6 * MIN, [B]: T + 5 * MIN, [C]: T + 7 * MIN };
      const got = await store.historyWindows({
        windows: [
          { account: A, from: from[A] },
          { account: B, from: from[B] },
          { account: C, from: from[C] },
        ],
      });
      const expected = new Map<string, TransferEdge>();
      for (const account of [A, B, C])
        for (const t of await listed(account, from[account]!)) expected.set(t.txId, t);
      expect(got.transfers).toEqual(
        [...expected.values()].sort((x, y) => x.ts - y.ts || (x.txId < y.txId ? -1 : 1)),
      );
      expect(got.transfers.map((t) => t.txId)).toEqual(["HW-06", "HW-07", "HW-08", "HW-09", "HW-10"]);
      // B only paid out before minute 5: floored at zero all along. C received 150, 40 and 1 and paid 50 (before the 40) by minute 7.
      expect(got.openings).toEqual([
        { account: A, from: from[A], openingTiyn: 474_500 },
        { account: B, from: from[B], openingTiyn: 0 },
        { account: C, from: from[C], openingTiyn: 14_100 },
      ]);
    });

    it("stops the transfers at `until`, counts an account named twice from its earliest start, and knows no stranger", async () => {
      const got = await store.historyWindows({
        windows: [
          { account: A, from: T + 6 * MIN },
          { account: "HW-NOBODY", from: T },
          { account: A, from: T + 4 * MIN },
        ],
        until: T + 7 * MIN,
      });
      expect(got.openings).toEqual([
        { account: A, from: T + 4 * MIN, openingTiyn: 5000 },
        { account: "HW-NOBODY", from: T, openingTiyn: 0 },
      ]);
      expect(got.transfers).toEqual(await listed(A, T + 4 * MIN, T + 7 * MIN));
      expect(got.transfers.map((t) => t.txId)).toEqual(["HW-05", "HW-06", "HW-07", "HW-08"]);
      expect(await store.historyWindows({ windows: [] })).toEqual({ openings: [], transfers: [], sums: [] });
    });

    it("sums the inflows from senders not listed into runs between the account's listed transfers", async () => {
      const at = (minutes: number) => T + minutes * MIN;
      const run = (
        count: number,
        tiyn: number,
        first: number,
        firstTxId: string,
        last: number,
        lastTxId: string,
      ) => ({
        account: D,
        count,
        tiyn,
        firstTs: at(first),
        firstTxId,
        lastTs: at(last),
        lastTxId,
      });
      const got = await store.historyWindows({ windows: [{ account: D, from: at(1) }], listedSenders: [E] });
      expect(got.transfers.map((t) => t.txId)).toEqual(["HW-D3", "HW-D5"]);
      expect(got.transfers).toEqual((await listed(D, at(1))).filter((t) => t.from !== B));
      expect(got.openings).toEqual([{ account: D, from: at(1), openingTiyn: 0 }]);
      // At minute 3 the outflow HW-D3 goes before the inflow HW-D4; at minute 4 HW-D0a comes before HW-D5.
      expect(got.sums).toEqual([
        run(2, 3000, 1, "HW-D1", 2, "HW-D2"),
        run(2, 900, 3, "HW-D4", 4, "HW-D0a"),
        run(2, 470_400, 4, "HW-D6", 4, "HW-D8"),
      ]);
      // Rates count as in the opening balances; the runs before a window's start are its opening balance.
      const later = await store.historyWindows({
        windows: [{ account: D, from: at(3) }],
        listedSenders: [E],
        rates: { USD: 500 },
      });
      expect(later.openings).toEqual([{ account: D, from: at(3), openingTiyn: 3000 }]);
      expect(later.sums).toEqual([
        run(2, 900, 3, "HW-D4", 4, "HW-D0a"),
        run(2, 500_400, 4, "HW-D6", 4, "HW-D8"),
      ]);
    });

    it("lists every transfer from a listed sender or a window's own account, and sums nothing without listed senders", async () => {
      const at = (minutes: number) => T + minutes * MIN;
      const windows = [
        { account: D, from: at(1) },
        { account: B, from: at(0) },
      ];
      const all = await store.historyWindows({ windows });
      expect(all.sums).toEqual([]);
      // B is a window itself: its payments to D are listed; E's to D and A's to B are summed.
      const got = await store.historyWindows({ windows, listedSenders: [] });
      expect(got.transfers).toEqual(all.transfers.filter((t) => t.from === B || t.from === D));
      expect(got.sums).toEqual([
        {
          account: B,
          count: 1,
          tiyn: 400,
          firstTs: at(8),
          firstTxId: "HW-10",
          lastTs: at(8),
          lastTxId: "HW-10",
        },
        {
          account: D,
          count: 1,
          tiyn: 200,
          firstTs: at(4),
          firstTxId: "HW-D5",
          lastTs: at(4),
          lastTxId: "HW-D5",
        },
      ]);
      expect((await store.historyWindows({ windows, listedSenders: [A, E] })).sums).toEqual([]);
    });
  });
}
