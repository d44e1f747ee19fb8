/**
 * Transfers aggregated per ordered account pair (count, KZT, forwarded KZT, first/last time), with each account's
 * outgoing and incoming pairs, so that role decisions look at counterparties rather than at single transfers.
 * Withdrawals are aggregated per account and ATM into `cash` entries instead.
 */
import type { IndexedProjection } from "./indexed.js";
import type { PassThroughStats } from "./pass-through.js";

export interface Pairs {
  count: number;
  /** Per transfer: its pair, or -1 for withdrawals and transfers to the sender itself. */
  pairOf: Int32Array;
  from: Int32Array;
  to: Int32Array;
  n: Int32Array;
  kzt: Float64Array;
  /** KZT of these transfers that the sender paid out of money received within the window. */
  fastKzt: Float64Array;
  /** KZT of these transfers that the receiver forwarded within the window. */
  fwdKzt: Float64Array;
  firstTs: Float64Array;
  lastTs: Float64Array;
  /** Pairs of account a as sender: outIdx[outStart[a] .. outStart[a+1]). */
  outStart: Int32Array;
  outIdx: Int32Array;
  inStart: Int32Array;
  inIdx: Int32Array;
}

/**
 * Aggregate every transfer between two accounts (withdrawals and self-transfers left out). Pairs are numbered
 * sender by sender, walking each sender's events with a per-receiver slot array (no hashing of pair keys).
 */
export function aggregatePairs(ix: IndexedProjection, pt: PassThroughStats): Pairs {
  const m = ix.transfers.length;
  const pairOfT = new Int32Array(m).fill(-1);
  const slot = new Int32Array(ix.n).fill(-1);
  const touched: number[] = [];
  let count = 0;
  for (let a = 0; a < ix.n; a++) {
    for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++) {
      const e = ix.ev[i];
      if (e & 1) continue;
      const t = e >> 1;
      const r = ix.to[t];
      if (r < 0) continue;
      if (slot[r] < 0) {
        slot[r] = count++;
        touched.push(r);
      }
      pairOfT[t] = slot[r];
    }
    for (const r of touched) slot[r] = -1;
    touched.length = 0;
  }
  const P: Pairs = {
    count,
    pairOf: pairOfT,
    from: new Int32Array(count),
    to: new Int32Array(count),
    n: new Int32Array(count),
    kzt: new Float64Array(count),
    fastKzt: new Float64Array(count),
    fwdKzt: new Float64Array(count),
    firstTs: new Float64Array(count).fill(Infinity),
    lastTs: new Float64Array(count).fill(-Infinity),
    outStart: new Int32Array(ix.n + 1),
    outIdx: new Int32Array(count),
    inStart: new Int32Array(ix.n + 1),
    inIdx: new Int32Array(count),
  };
  for (let t = 0; t < m; t++) {
    const p = pairOfT[t];
    if (p < 0) continue;
    P.from[p] = ix.from[t];
    P.to[p] = ix.to[t];
    P.n[p]++;
    P.kzt[p] += ix.kzt[t];
    P.fastKzt[p] += pt.fastOut[t];
    P.fwdKzt[p] += pt.fwdIn[t];
    if (ix.ts[t] < P.firstTs[p]) P.firstTs[p] = ix.ts[t];
    if (ix.ts[t] > P.lastTs[p]) P.lastTs[p] = ix.ts[t];
  }
  for (let p = 0; p < count; p++) {
    P.outStart[P.from[p] + 1]++;
    P.inStart[P.to[p] + 1]++;
  }
  for (let a = 0; a < ix.n; a++) {
    P.outStart[a + 1] += P.outStart[a];
    P.inStart[a + 1] += P.inStart[a];
  }
  const outFill = P.outStart.slice(0, ix.n);
  const inFill = P.inStart.slice(0, ix.n);
  for (let p = 0; p < count; p++) {
    P.outIdx[outFill[P.from[p]]++] = p;
    P.inIdx[inFill[P.to[p]]++] = p;
  }
  return P;
}
