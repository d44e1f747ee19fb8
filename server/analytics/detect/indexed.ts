/**
 * A compact, integer-indexed view of a Projection for the detection passes: accounts numbered 0..n-1, transfers
 * sorted by (ts, txId) in typed arrays, and each account's events in FIFO order (docs/FORMATS.md: by ts, outflows
 * before inflows at the same ts, then txId). Withdrawals are outflows with no receiving account (to = -1).
 */
import type { Projection, ProjectionAccount, ProjectionComplaint } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";

export interface IndexedProjection {
  /** Number of accounts (every account listed, plus every transfer endpoint that is not an ATM). */
  n: number;
  keys: string[];
  indexOf: Map<string, number>;
  /** The projection's account record, when it listed the account. */
  info: (ProjectionAccount | undefined)[];
  /** Transfers sorted by (ts, txId); the typed arrays below use the same positions. */
  transfers: TransferEdge[];
  from: Int32Array;
  /** Receiving account, or -1 for a withdrawal. */
  to: Int32Array;
  ts: Float64Array;
  kzt: Float64Array;
  /**
   * Events of account a are ev[evStart[a] .. evStart[a+1]), in FIFO order. An event is `2 * t` for transfer t as an
   * outflow of a, `2 * t + 1` as an inflow. Transfers from an account to itself are left out.
   */
  evStart: Int32Array;
  ev: Int32Array;
  complaints: ProjectionComplaint[];
  /** Earliest and latest transfer time (NaN when there are none). */
  firstTs: number;
  lastTs: number;
}

function byTsThenTxId(a: TransferEdge, b: TransferEdge): number {
  return a.ts - b.ts || (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : 0);
}

/** Number the accounts, sort the transfers and lay out each account's events in FIFO order. */
export function indexProjection(projection: Projection): IndexedProjection {
  const keys: string[] = [];
  const indexOf = new Map<string, number>();
  const info: (ProjectionAccount | undefined)[] = [];
  const add = (key: string): number => {
    let i = indexOf.get(key);
    if (i === undefined) {
      i = keys.length;
      indexOf.set(key, i);
      keys.push(key);
      info.push(undefined);
    }
    return i;
  };
  for (const a of projection.accounts) info[add(a.key)] = a;

  // Stores hand transfers over already ordered by (ts, txId); sort only when they are not.
  let ordered = true;
  const given = projection.transfers;
  for (let i = 1; i < given.length && ordered; i++) ordered = byTsThenTxId(given[i - 1], given[i]) <= 0;
  const transfers = ordered ? given : given.slice().sort(byTsThenTxId);
  const m = transfers.length;
  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const ts = new Float64Array(m);
  const kzt = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    const tr = transfers[t];
    from[t] = add(tr.from);
    to[t] = tr.atm || tr.to.startsWith("atm:") ? -1 : add(tr.to);
    ts[t] = tr.ts;
    kzt[t] = tr.amountKzt;
  }
  const n = keys.length;

  // Counting sort of events by account, in global (ts, txId) order.
  const evStart = new Int32Array(n + 1);
  for (let t = 0; t < m; t++) {
    if (from[t] === to[t]) continue;
    evStart[from[t] + 1]++;
    if (to[t] >= 0) evStart[to[t] + 1]++;
  }
  for (let a = 0; a < n; a++) evStart[a + 1] += evStart[a];
  const ev = new Int32Array(evStart[n]);
  const fill = evStart.slice(0, n);
  for (let t = 0; t < m; t++) {
    if (from[t] === to[t]) continue;
    ev[fill[from[t]]++] = 2 * t;
    if (to[t] >= 0) ev[fill[to[t]]++] = 2 * t + 1;
  }
  // Within a run of equal timestamps, outflows go first (stable, so txId order is kept on each side).
  const scratch: number[] = [];
  for (let a = 0; a < n; a++) {
    const end = evStart[a + 1];
    for (let i = evStart[a]; i < end;) {
      let j = i + 1;
      const t0 = ts[ev[i] >> 1];
      while (j < end && ts[ev[j] >> 1] === t0) j++;
      if (j - i > 1) {
        scratch.length = 0;
        for (let k = i; k < j; k++) if ((ev[k] & 1) === 0) scratch.push(ev[k]);
        for (let k = i; k < j; k++) if ((ev[k] & 1) === 1) scratch.push(ev[k]);
        for (let k = i; k < j; k++) ev[k] = scratch[k - i];
      }
      i = j;
    }
  }

  return {
    n,
    keys,
    indexOf,
    info,
    transfers,
    from,
    to,
    ts,
    kzt,
    evStart,
    ev,
    complaints: projection.complaints,
    firstTs: m ? ts[0] : NaN,
    lastTs: m ? ts[m - 1] : NaN,
  };
}
