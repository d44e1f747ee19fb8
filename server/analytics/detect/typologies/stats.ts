/**
 * The dataset's own yardsticks for the typology detectors: quantiles of transfer amounts and each account's typical
 * transfer, so that "large", "similar" and "unusual for this account" mean the same in any currency and bank system
 * (issue 16: no absolute thresholds in one currency).
 */
import type { IndexedProjection } from "../indexed.js";

export interface DataStats {
  /** Amount at quantile q (0–1) of all transfers between accounts (withdrawals left out); NaN when there are none. */
  amountAt(q: number): number;
  /** Share (0–1) of those transfers whose amount is below v: amountAt's inverse; 0 when there are none. */
  shareBelow(v: number): number;
  /** Per account: geometric mean of the amounts of its transfers in and out (NaN: none). */
  typicalAmount: Float64Array;
  /** Time from the first to the last transfer of the data. */
  spanMs: number;
}

/** How many of the ascending `sorted` values are below x (with `orEqual`, at most x): a binary search. */
export function countBelow(sorted: ArrayLike<number>, x: number, orEqual = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x || (orEqual && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sort the amounts once and take each account's geometric-mean amount. */
export function dataStats(ix: IndexedProjection): DataStats {
  const m = ix.transfers.length;
  const amounts: number[] = [];
  for (let t = 0; t < m; t++) if (ix.to[t] >= 0 && ix.kzt[t] > 0) amounts.push(ix.kzt[t]);
  const sorted = Float64Array.from(amounts).sort();
  const amountAt = (q: number) => {
    if (!sorted.length) return NaN;
    const i = Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))));
    return sorted[i];
  };
  const shareBelow = (v: number) => (sorted.length ? countBelow(sorted, v) / sorted.length : 0);
  const logSum = new Float64Array(ix.n);
  const k = new Int32Array(ix.n);
  for (let t = 0; t < m; t++) {
    if (ix.kzt[t] <= 0) continue;
    const l = Math.log(ix.kzt[t]);
    logSum[ix.from[t]] += l;
    k[ix.from[t]]++;
    if (ix.to[t] >= 0) {
      logSum[ix.to[t]] += l;
      k[ix.to[t]]++;
    }
  }
  const typicalAmount = new Float64Array(ix.n);
  for (let a = 0; a < ix.n; a++) typicalAmount[a] = k[a] ? Math.exp(logSum[a] / k[a]) : NaN;
  return {
    amountAt,
    shareBelow,
    typicalAmount,
    spanMs: m ? ix.lastTs - ix.firstTs : 0,
  };
}
