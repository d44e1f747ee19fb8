/**
 * An in-memory stand-in for the few GraphStore methods the tracer uses (transfers, transfersByIds, accounts,
 * complaint), with the ordering and bounds that server/store/ports/graph.ts specifies. It records every call so tests can
 * check that a trace reads only the accounts it reached. Unit tests only: the store-backed tests use real stores.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { ComplaintRecord } from "../../../model/records.js";
import type { TraceStore } from "../../../server/analytics/trace/index.js";
import type { TransfersQuery } from "../../../server/store/types.js";

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
    return new Set(this.calls.filter((c) => c.method === "transfers").flatMap((c) => c.accounts ?? []));
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
