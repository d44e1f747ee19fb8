/**
 * An in-memory stand-in for the few GraphStore methods the tracer uses (transfers, historyWindows, transfersByIds,
 * accounts, complaint), with the ordering and bounds that server/store/ports/graph.ts and recovery.ts specify. It
 * records every call so tests can check that a trace reads only the accounts it reached. Unit tests only: the store-backed tests use real stores.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { ComplaintRecord } from "../../../model/records.js";
import type { TraceStore } from "../../../server/analytics/trace/index.js";
import type { HistoryWindows, HistoryWindowsQuery, TransfersQuery } from "../../../server/store/types.js";

export const T0 = Date.UTC(2024, 4, 1, 6, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A transfer in KZT for hand-built cases: `tx("t1", "A", "B", 10, 100_000)` is A→B at T0+10 min. */
export function tx(
  txId: string,
  from: string,
  to: string,
  minutes: number,
  amountKzt: number,
  extra: Partial<TransferEdge> = {},
): TransferEdge {
  return {
    txId,
    from,
    to,
    ts: T0 + minutes * MINUTE,
    amount: amountKzt,
    currency: "KZT",
    amountKzt,
    ...extra,
  };
}

/** A cash withdrawal at ATM `atmId` in `country`. */
export function atm(
  txId: string,
  from: string,
  atmId: string,
  country: string,
  minutes: number,
  amountKzt: number,
) {
  return tx(txId, from, `atm:${atmId}`, minutes, amountKzt, { atm: { atmId, country } });
}

export function complaint(
  caseNo: string,
  victimAccount: string,
  lossKzt: number,
  incidentMinutes: number,
): ComplaintRecord {
  return {
    kind: "complaint",
    caseNo,
    victimAccount,
    registeredAt: T0 + 5 * DAY,
    incidentAt: T0 + incidentMinutes * MINUTE,
    loss: lossKzt,
    currency: "KZT",
    lossKzt,
    sources: [],
  };
}

export class FakeTraceStore implements TraceStore {
  readonly calls: { method: string; accounts?: string[]; query?: Omit<TransfersQuery, "accounts"> }[] = [];
  private readonly accountMap = new Map<string, ProjectionAccount>();

  constructor(
    private readonly edges: TransferEdge[],
    accounts: ProjectionAccount[] = [],
    private readonly complaintList: ComplaintRecord[] = [],
  ) {
    const keys = new Set<string>();
    for (const t of edges) {
      keys.add(t.from);
      if (!t.atm) keys.add(t.to);
    }
    for (const k of keys) this.accountMap.set(k, { key: k, bank: "CASPKZKA" });
    for (const a of accounts) this.accountMap.set(a.key, a);
  }

  /** Every account key the tracer asked transfers for. */
  queriedAccounts(): Set<string> {
    return new Set(
      this.calls
        .filter((c) => c.method === "transfers" || c.method === "historyWindows")
        .flatMap((c) => c.accounts ?? []),
    );
  }

  async transfers(q: TransfersQuery): Promise<TransferEdge[]> {
    const { accounts, ...query } = q;
    this.calls.push({ method: "transfers", accounts: [...accounts], query });
    const set = new Set(accounts);
    return this.edges
      .filter((t) => {
        const side = (q.direction !== "in" && set.has(t.from)) || (q.direction !== "out" && set.has(t.to));
        return (
          side && (q.after === undefined || t.ts > q.after) && (q.until === undefined || t.ts <= q.until)
        );
      })
      .sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : 0))
      .map((t) => ({ ...t }));
  }

  /**
   * The port's rules (server/store/ports/recovery.ts) written out plainly: the account's transfers before its window
   * replayed one by one from 0, outflows before inflows at one ts, the balance floored at 0.
   */
  async historyWindows(q: HistoryWindowsQuery): Promise<HistoryWindows> {
    const start = new Map<string, number>();
    for (const { account, from } of q.windows) start.set(account, Math.min(start.get(account) ?? from, from));
    this.calls.push({ method: "historyWindows", accounts: [...start.keys()] });
    const tiyn = (t: TransferEdge): number => {
      const rate = q.rates?.[t.currency.toUpperCase()];
      return Math.round(
        (rate !== undefined && t.currency.toUpperCase() !== "KZT" ? t.amount * rate : t.amountKzt) * 100,
      );
    };
    const openings = [...start].map(([account, from]) => {
      const moves = this.edges
        .filter((t) => t.ts < from && (t.from === account || t.to === account))
        .flatMap((t) => [
          ...(t.from === account ? [{ ts: t.ts, side: 0, tiyn: -tiyn(t) }] : []),
          ...(t.to === account ? [{ ts: t.ts, side: 1, tiyn: tiyn(t) }] : []),
        ])
        .sort((a, b) => a.ts - b.ts || a.side - b.side);
      let balance = 0;
      for (const m of moves) balance = Math.max(0, balance + m.tiyn);
      return { account, from, openingTiyn: balance };
    });
    const inWindow = (t: TransferEdge, a: string): boolean =>
      start.has(a) && t.ts >= start.get(a)! && (q.until === undefined || t.ts <= q.until);
    const all = this.edges
      .filter((t) => inWindow(t, t.from) || inWindow(t, t.to))
      .sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : 0))
      .map((t) => ({ ...t }));
    if (!q.listedSenders) return { openings, transfers: all, sums: [] };
    // Listed: from a listed sender or a window's account; the other inflows are summed, per account, in runs between
    // its listed moves, walking its moves in its own order (ts, outflows first, txId).
    const listedFrom = new Set([...q.listedSenders, ...start.keys()]);
    const transfers = all.filter((t) => listedFrom.has(t.from));
    const sums: HistoryWindows["sums"] = [];
    for (const account of [...start.keys()].sort()) {
      const moves = all
        .filter((t) => inWindow(t, account) && (t.from === account || t.to === account))
        .flatMap((t) => [
          ...(t.from === account ? [{ t, side: 0 }] : []),
          ...(t.to === account ? [{ t, side: 1 }] : []),
        ])
        .sort((a, b) => a.t.ts - b.t.ts || a.side - b.side || (a.t.txId < b.t.txId ? -1 : 1));
      let run: HistoryWindows["sums"][number] | undefined;
      for (const { t, side } of moves) {
        if (side === 0 || listedFrom.has(t.from)) {
          run = undefined;
          continue;
        }
        if (!run) {
          run = {
            account,
            count: 0,
            tiyn: 0,
            firstTs: t.ts,
            firstTxId: t.txId,
            lastTs: t.ts,
            lastTxId: t.txId,
          };
          sums.push(run);
        }
        run.count++;
        run.tiyn += tiyn(t);
        run.lastTs = t.ts;
        run.lastTxId = t.txId;
      }
    }
    return { openings, transfers, sums };
  }

  async transfersByIds(txIds: string[]): Promise<TransferEdge[]> {
    this.calls.push({ method: "transfersByIds" });
    const ids = new Set(txIds);
    return this.edges
      .filter((t) => ids.has(t.txId))
      .sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : 1));
  }

  async accounts(keys: string[]): Promise<ProjectionAccount[]> {
    this.calls.push({ method: "accounts", accounts: [...keys] });
    return keys.flatMap((k) => {
      const a = this.accountMap.get(k);
      return a ? [{ ...a }] : [];
    });
  }

  async complaint(caseNo: string): Promise<ComplaintRecord | null> {
    this.calls.push({ method: "complaint" });
    return this.complaintList.find((c) => c.caseNo === caseNo) ?? null;
  }
}
