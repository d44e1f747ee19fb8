/**
 * Properties of the frontier tracer on random small ledgers (fast-check):
 * - FIFO with no limits gives, per complaint, exactly the exits and holdings of a naive replay of the whole ledger
 *   (every account simulated), written here independently of the tracer from the rules in docs/FORMATS.md, with
 *   money tagged by the set of complaints whose money it is, as generator/fifo.ts tags it for truth (a victim's
 *   stolen outflow that carries another complaint's money is both complaints' money);
 * - with any method and any limits, traced = Σ exits + Σ holding + untraced, in total and per complaint;
 * - reading each account from when traced money reached it (history windows), with the inflows from senders it does
 *   not follow summed into runs, gives the same trace as reading whole histories with every inflow;
 * - a trace reads the transfers of the accounts it reached only.
 */
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { TransferEdge } from "../../../model/graph.js";
import type { ComplaintRecord } from "../../../model/records.js";
import type { TraceResult } from "../../../model/trace.js";
import { traceFunds } from "../../../server/analytics/trace/index.js";
import { pickStolen } from "../../../server/analytics/trace/seeds.js";
import type { HistoryWindows, HistoryWindowsQuery } from "../../../server/store/types.js";
import { complaint, DAY, FakeTraceStore, T0, tx } from "./store.fake.js";

/**
 * A store that answers every history window with the account's whole history (from the first transfer, holding
 * nothing before it): how the tracer read accounts before windows, to compare the windowed trace with.
 */
class WholeHistoryStore extends FakeTraceStore {
  override async historyWindows(q: HistoryWindowsQuery): Promise<HistoryWindows> {
    // Every inflow listed, none summed.
    const { listedSenders: _listed, ...whole } = q;
    return super.historyWindows({
      ...whole,
      windows: whole.windows.map((w) => ({ ...w, from: Number.MIN_SAFE_INTEGER })),
    });
  }
}

/**
 * The windowed store, counting what the property exercised: inflows summed into runs of two or more, and windows read
 * again from the same start (a sender that got a window later had paid into a run).
 */
class CountingStore extends FakeTraceStore {
  static summedInRuns = 0;
  static readAgain = 0;
  private read = new Set<string>();
  override async historyWindows(q: HistoryWindowsQuery): Promise<HistoryWindows> {
    const got = await super.historyWindows(q);
    for (const run of got.sums) if (run.count > 1) CountingStore.summedInRuns += run.count;
    for (const w of got.openings) {
      const key = `${w.account}@${w.from}`;
      if (this.read.has(key)) CountingStore.readAgain++;
      this.read.add(key);
    }
    return got;
  }
}

// P0–P2 mostly pay bills into the others (runs of inflows from senders not followed); money reaches them now and
// then, so that a sender becomes followed in a later round than its receiver.
const PAYERS = ["P0", "P1", "P2"];
const ACCOUNTS = ["V0", "V1", "A", "B", "C", "D", "E", ...PAYERS, "X"];
const EXITS = new Set(["X"]);

interface Ledger {
  transfers: TransferEdge[];
  complaints: ComplaintRecord[];
}

const ledgerArb: fc.Arbitrary<Ledger> = fc
  .record({
    rows: fc.array(
      fc.record({
        from: fc.constantFrom(...ACCOUNTS.filter((a) => !EXITS.has(a))),
        to: fc.constantFrom(...ACCOUNTS),
        minute: fc.integer({ min: 0, max: 40 }),
        tiyn: fc.integer({ min: 1, max: 100_000 }),
      }),
      { minLength: 1, maxLength: 40, size: "medium" },
    ),
    bills: fc.array(
      fc.record({
        from: fc.constantFrom(...PAYERS),
        to: fc.constantFrom("A", "B", "C"),
        minute: fc.integer({ min: 0, max: 40 }),
        tiyn: fc.integer({ min: 1, max: 20_000 }),
      }),
      { minLength: 10, maxLength: 40, size: "medium" },
    ),
    losses: fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000 })),
    incidents: fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })),
  })
  .map(({ rows, bills, losses, incidents }) => ({
    transfers: [...rows, ...bills]
      .filter((r) => r.from !== r.to)
      .map((r, i) => tx(`t${String(i).padStart(3, "0")}`, r.from, r.to, r.minute, r.tiyn / 100)),
    complaints: [
      complaint("C0", "V0", losses[0] / 100, incidents[0]),
      complaint("C1", "V1", losses[1] / 100, incidents[1]),
    ],
  }));

interface RefLot {
  /** The complaints whose money this is; empty: untraced. */
  labels: string[];
  tiyn: number;
}

/** Naive FIFO over every account of the ledger, no limits. Returns tiyn per complaint, exit and holding account. */
function fullReplay(
  ledger: Ledger,
): Map<string, { exits: Map<string, number>; holding: Map<string, number> }> {
  const sorted = [...ledger.transfers].sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : 1));
  // Seeds: which victim outflows are the stolen money is the tracer's pickStolen rule (tested on its own in
  // seeds.test.ts); everything after that is replayed here independently.
  const seeds = new Map<string, { label: string; tiyn: number }[]>();
  for (const c of ledger.complaints) {
    const picked = pickStolen(sorted, c.victimAccount, c.incidentAt!, Math.round(c.lossKzt * 100), (t) =>
      Math.round(t.amountKzt * 100),
    );
    for (const { t, tiyn } of picked.seeds) {
      seeds.set(t.txId, [...(seeds.get(t.txId) ?? []), { label: c.caseNo, tiyn }]);
    }
  }
  const queues = new Map<string, RefLot[]>(ACCOUNTS.map((a) => [a, []]));
  const out = new Map(ledger.complaints.map((c) => [c.caseNo, { exits: new Map(), holding: new Map() }]));
  const bump = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (let i = 0; i < sorted.length;) {
    const ts = sorted[i]!.ts;
    const group = [];
    for (; i < sorted.length && sorted[i]!.ts === ts; i++) group.push(sorted[i]!);
    const moved: { t: TransferEdge; lots: RefLot[] }[] = [];
    for (const t of group) {
      const q = queues.get(t.from)!;
      let need = Math.round(t.amountKzt * 100);
      let lots: RefLot[] = [];
      while (need > 0 && q.length) {
        const head = q[0]!;
        const take = Math.min(need, head.tiyn);
        lots.push({ labels: head.labels, tiyn: take });
        head.tiyn -= take;
        need -= take;
        if (head.tiyn === 0) q.shift();
      }
      if (need > 0) lots.push({ labels: [], tiyn: need });
      // A seed makes the first part of the outflow its complaint's money, whatever else it already is.
      for (const s of seeds.get(t.txId) ?? []) {
        let want = s.tiyn;
        lots = lots.flatMap((l) => {
          if (want <= 0) return [l];
          const part = Math.min(want, l.tiyn);
          want -= part;
          return [
            { labels: [...new Set([...l.labels, s.label])], tiyn: part },
            { labels: l.labels, tiyn: l.tiyn - part },
          ];
        });
      }
      moved.push({ t, lots });
    }
    for (const { t, lots } of moved) {
      for (const l of lots) {
        if (l.tiyn <= 0) continue;
        if (l.labels.length && EXITS.has(t.to)) {
          for (const label of l.labels) bump(out.get(label)!.exits, t.to, l.tiyn);
          queues.get(t.to)!.push({ labels: [], tiyn: l.tiyn });
        } else queues.get(t.to)!.push({ ...l });
      }
    }
  }
  for (const [account, q] of queues) {
    for (const l of q)
      for (const label of l.labels) if (l.tiyn > 0) bump(out.get(label)!.holding, account, l.tiyn);
  }
  return out;
}

const tiynRecord = (r: Record<string, number>) =>
  new Map(Object.entries(r).map(([k, v]) => [k, Math.round(v * 100)]));

function expectConserved(r: TraceResult): void {
  const sum = (o: Record<string, number>) => Object.values(o).reduce((s, v) => s + Math.round(v * 100), 0);
  expect(sum(r.exitsKzt) + sum(r.holdingKzt) + Math.round(r.untracedKzt * 100)).toBe(
    Math.round(r.tracedKzt * 100),
  );
  for (const c of Object.values(r.byComplaint ?? {})) {
    expect(sum(c.exitsKzt) + sum(c.holdingKzt) + Math.round(c.untracedKzt * 100)).toBe(
      Math.round(c.tracedKzt * 100),
    );
  }
  const edgeSum = r.edges.reduce((s, e) => s + Math.round(e.tracedKzt * 100), 0);
  expect(edgeSum).toBeGreaterThanOrEqual(sum(r.exitsKzt) + sum(r.holdingKzt));
}

describe("frontier tracing on random ledgers", () => {
  it("matches a naive FIFO replay of the whole ledger, complaint by complaint", async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, async (ledger) => {
        const store = new FakeTraceStore(
          ledger.transfers,
          [{ key: "X", watchlist: "exchange" }],
          ledger.complaints,
        );
        const r = await traceFunds(store, { complaints: ["C0", "C1"], maxHops: 1000, minTracedKzt: 0 });
        const ref = fullReplay(ledger);
        for (const [caseNo, want] of ref) {
          const got = r.byComplaint![caseNo]!;
          expect(tiynRecord(got.exitsKzt)).toEqual(want.exits);
          expect(tiynRecord(got.holdingKzt)).toEqual(want.holding);
        }
        expectConserved(r);
      }),
      { numRuns: 300 },
    );
  });

  it("conserves traced money with either method and any limits", async () => {
    await fc.assert(
      fc.asyncProperty(
        ledgerArb,
        fc.constantFrom("fifo" as const, "proportional" as const),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 300 }),
        async (ledger, method, maxHops, windowMinutes, minTracedKzt) => {
          const store = new FakeTraceStore(
            ledger.transfers,
            [{ key: "X", watchlist: "exchange" }],
            ledger.complaints,
          );
          const r = await traceFunds(store, {
            complaints: ["C0", "C1"],
            method,
            maxHops,
            windowMs: windowMinutes * 60_000,
            minTracedKzt,
          });
          expectConserved(r);
          for (const u of r.untraced) expect(u.amountKzt).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the same trace reading accounts from when traced money reached them as reading their whole histories", async () => {
    await fc.assert(
      fc.asyncProperty(
        ledgerArb,
        fc.constantFrom("fifo" as const, "proportional" as const),
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 8 }),
        async (ledger, method, maxHops, windowMinutes, minTracedKzt, maxAccounts) => {
          const accounts = [{ key: "X", watchlist: "exchange" as const }];
          const opts = {
            complaints: ["C0", "C1"],
            method,
            maxHops,
            minTracedKzt,
            maxAccounts,
            ...(windowMinutes !== undefined ? { windowMs: windowMinutes * 60_000 } : {}),
          };
          // A trace that reads nothing is as of now: the same now for both.
          const now = vi.spyOn(Date, "now").mockReturnValue(T0 + 100 * DAY);
          const windowed = await traceFunds(
            new CountingStore(ledger.transfers, accounts, ledger.complaints),
            opts,
          );
          const whole = await traceFunds(
            new WholeHistoryStore(ledger.transfers, accounts, ledger.complaints),
            opts,
          );
          now.mockRestore();
          // Only the count of transfers read per currency may differ: fewer are read.
          const { currencies: _w, ...got } = windowed;
          const { currencies: _h, ...want } = whole;
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 400 },
    );
    // Not vacuous: runs were summed. Reading an account again is rare in random ledgers (none in about one run of
    // six), so the hand-built case below asserts that path instead of this property.
    expect(CountingStore.summedInRuns).toBeGreaterThan(100);
  });

  // A pays bills of P0 at minutes 1 and 12 (and P1 at 13); V0's stolen 1 000 reaches A at 10; A pays P0 500 at 11
  // (100 untraced, then 400 of V0's money), so P0 is followed from the second round on, and its 300 at 12 carries
  // V0's money back into A between two of the bills A's first read had summed.
  const billsAroundTheft = [
    tx("b1", "P0", "A", 1, 100),
    tx("s1", "V0", "A", 10, 1000),
    tx("a1", "A", "P0", 11, 500),
    tx("b2", "P0", "A", 12, 300),
    tx("b3", "P1", "A", 13, 50),
  ];
  const theft = [complaint("C0", "V0", 1000, 5)];

  /** The windowed trace and the whole-history trace of the same ledger, which must agree (currencies aside). */
  async function bothTraces(
    windowed: FakeTraceStore,
    transfers: TransferEdge[],
    opts: Parameters<typeof traceFunds>[1],
    complaints = theft,
  ) {
    const got = await traceFunds(windowed, opts);
    const want = await traceFunds(new WholeHistoryStore(transfers, [], complaints), opts);
    const { currencies: _g, ...g } = got;
    const { currencies: _w, ...w } = want;
    expect(g).toEqual(w);
    return got;
  }

  it("reads an account again when a sender it summed is followed later, and traces as whole histories do", async () => {
    // As billsAroundTheft, with P0 paying A 20 more at 14 and P1 30 at 16, and A paying B 700 at 20.
    const transfers = [
      ...billsAroundTheft,
      tx("b4", "P0", "A", 14, 20),
      tx("b5", "P1", "A", 16, 30),
      tx("a2", "A", "B", 20, 700),
    ];
    const windowed = new CountingStore(transfers, [], theft);
    const before = CountingStore.readAgain;
    const got = await bothTraces(windowed, transfers, { complaints: ["C0"], minTracedKzt: 0 });
    expect(CountingStore.readAgain).toBeGreaterThan(before);
    // P0 gets 100 untraced and 400 of V0's money at 11 and pays A 100 and 200 of them at 12, 20 more at 14: A then
    // holds 600, 100 untraced, 200, 50 untraced, 20, 30 untraced; its 700 to B takes the 600 and the 100 untraced.
    expect(got.byComplaint!.C0!.holdingKzt).toEqual({ A: 220, B: 600, P0: 180 });
  });

  it("starts again without reading ahead when the account limit binds after a replay that was not exact", async () => {
    // billsAroundTheft, A paying B, then B paying C and C paying D. Rounds: A; P0 and B; A again (the cut inflow b2 carried traced
    // money) and C ahead of an exact replay; D. Under maxAccounts 4 there is no room for D after C was read ahead, so
    // the trace starts again without reading ahead (and reads A twice more); under 3, C is not read ahead at all.
    const transfers = [
      ...billsAroundTheft,
      tx("a2", "A", "B", 20, 700),
      tx("a3", "B", "C", 25, 100),
      tx("a4", "C", "D", 30, 50),
    ];
    for (const maxAccounts of [3, 4, 5]) {
      const windowed = new FakeTraceStore(transfers, [], theft);
      await bothTraces(windowed, transfers, { complaints: ["C0"], minTracedKzt: 0, maxAccounts });
      // A is read in the first round and again in the third; a trace that starts again reads it twice more.
      const readsOfA = windowed.calls.filter(
        (c) => c.method === "historyWindows" && c.accounts?.includes("A"),
      );
      expect(readsOfA.length).toBe(maxAccounts === 4 ? 4 : 2);
    }
  });

  it("takes new accounts from an exact replay when the account limit binds, as whole histories do", async () => {
    // V0's stolen money reaches P2 at 0 and A at 11; P2 pays A 500 at 10 (before A's first window) and C 300 at 24;
    // A pays D 100 at 11. The first replay with A's window from 11 misses that A's 100 to D is V0's money and finds C
    // only; with room for one account, C would be read and D left out, where whole histories read D (reached first).
    const transfers = [
      tx("s1", "V0", "P2", 0, 1000),
      tx("s2", "V0", "A", 11, 10),
      tx("p1", "P2", "A", 10, 500),
      tx("a1", "A", "D", 11, 100),
      tx("p2", "P2", "C", 24, 300),
    ];
    const loss = [complaint("C0", "V0", 1010, 0)];
    const opts = { complaints: ["C0"], minTracedKzt: 0, maxAccounts: 3 };
    const got = await bothTraces(new FakeTraceStore(transfers, [], loss), transfers, opts, loss);
    expect(got.byComplaint!.C0!.holdingKzt).toEqual({ A: 410, D: 100, P2: 200 });
    expect(got.untraced.map((u) => [u.account, u.code, u.amountKzt])).toEqual([["C", "account_limit", 300]]);
  });

  it("reads the transfers of reached accounts only, and of their receivers when it reads ahead", async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, async (ledger) => {
        const store = new FakeTraceStore(
          ledger.transfers,
          [{ key: "X", watchlist: "exchange" }],
          ledger.complaints,
        );
        const r = await traceFunds(store, { complaints: ["C0"], minTracedKzt: 0 });
        const reached = new Set([...r.edges.map((e) => e.to), "V0"]);
        // A round whose replay was not exact reads ahead the accounts that replay found reached (docs/RECOVERY.md):
        // receivers of reached accounts that the exact trace may, in the end, not reach.
        const ahead = new Set(ledger.transfers.filter((t) => reached.has(t.from)).map((t) => t.to));
        for (const a of store.queriedAccounts()) expect(reached.has(a) || ahead.has(a)).toBe(true);
        expect(store.queriedAccounts().has("X")).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
