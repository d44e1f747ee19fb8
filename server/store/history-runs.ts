/**
 * Summing a history window's inflows from senders the caller does not follow into runs (HistoryWindowsQuery
 * .listedSenders, server/store/ports/recovery.ts), shared by both stores: each store reads the window's transfers,
 * lists those it must and hands the others here as (account, ts, txId, tiyn). docs/RECOVERY.md, "How the triage reads
 * histories", says why a run can stand for its inflows.
 */
import type { TransferEdge } from "../../model/graph.js";
import type { InflowRun } from "./ports/recovery.js";

/** An inflow into a window's account that is not listed: its receiver, time, id and amount in tiyn. */
export interface UnlistedInflow {
  account: string;
  ts: number;
  txId: string;
  tiyn: number;
}

/** One of an account's listed moves: side 0 out, 1 in. */
interface Move {
  ts: number;
  side: number;
  txId: string;
}

const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * The runs of `unlisted` per account: inflows consecutive in the account's order (ts, outflows before inflows at one
 * ts, then txId) with none of the account's listed transfers (`listed` within its window, from `start`) between them.
 * Ordered by (account, lastTs, lastTxId).
 */
export function sumInflowRuns(
  start: ReadonlyMap<string, number>,
  listed: readonly TransferEdge[],
  unlisted: readonly UnlistedInflow[],
): InflowRun[] {
  if (unlisted.length === 0) return [];
  const inflows = new Map<string, UnlistedInflow[]>();
  for (const u of unlisted) {
    let list = inflows.get(u.account);
    if (!list) inflows.set(u.account, (list = []));
    list.push(u);
  }
  const moves = new Map<string, Move[]>();
  const add = (account: string, ts: number, side: number, txId: string): void => {
    const from = start.get(account);
    if (from === undefined || ts < from || !inflows.has(account)) return;
    let list = moves.get(account);
    if (!list) moves.set(account, (list = []));
    list.push({ ts, side, txId });
  };
  for (const t of listed) {
    add(t.from, t.ts, 0, t.txId);
    add(t.to, t.ts, 1, t.txId);
  }

  const out: InflowRun[] = [];
  for (const account of [...inflows.keys()].sort(byString)) {
    const ins = inflows.get(account)!.sort((a, b) => a.ts - b.ts || byString(a.txId, b.txId));
    const listedMoves = (moves.get(account) ?? []).sort(
      (a, b) => a.ts - b.ts || a.side - b.side || byString(a.txId, b.txId),
    );
    let i = 0;
    // Before each listed move (and after the last), the unlisted inflows that come ahead of it form one run.
    for (let m = 0; m <= listedMoves.length && i < ins.length; m++) {
      const move = listedMoves[m];
      const first = i;
      let tiyn = 0;
      for (; i < ins.length; i++) {
        const u = ins[i]!;
        const ahead =
          move === undefined || u.ts < move.ts || (u.ts === move.ts && move.side === 1 && u.txId < move.txId);
        if (!ahead) break;
        tiyn += u.tiyn;
      }
      if (i === first) continue;
      const last = ins[i - 1]!;
      out.push({
        account,
        count: i - first,
        tiyn,
        firstTs: ins[first]!.ts,
        firstTxId: ins[first]!.txId,
        lastTs: last.ts,
        lastTxId: last.txId,
      });
    }
  }
  return out;
}
