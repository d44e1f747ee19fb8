/**
 * Pairs the data had no room to see again. A pair that dealt once or twice may be a scheme's edge, or a standing
 * relationship whose next payment falls outside the data: an account that pays the next on a list of forty each
 * week meets each again after forty weeks, so in half a year of data the middle of its list looks paid once, and a
 * pair paid every twelve weeks looks paid twice (AMLSim's ordinary accounts in a register shorter than the round of
 * their relationships; eighteenth pass, docs/DETECTION.md § 8). Such a pair is unseen: neither a stranger's nor a
 * relationship, it is evidence of nothing.
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";

/** Per account, the median gap between repeats over its one-way pairs with two transfers or more (0: none). */
export function paceGaps(ix: IndexedProjection, pairs: Pairs): Float64Array {
  const start = new Int32Array(ix.n + 1);
  for (let p = 0; p < pairs.count; p++)
    if (pairs.n[p] > 1) {
      start[pairs.from[p] + 1]++;
      start[pairs.to[p] + 1]++;
    }
  for (let a = 0; a < ix.n; a++) start[a + 1] += start[a];
  const fill = start.slice(0, ix.n);
  const gaps = new Float64Array(start[ix.n]);
  for (let p = 0; p < pairs.count; p++)
    if (pairs.n[p] > 1) {
      const g = (pairs.lastTs[p] - pairs.firstTs[p]) / (pairs.n[p] - 1);
      gaps[fill[pairs.from[p]]++] = g;
      gaps[fill[pairs.to[p]]++] = g;
    }
  const gap = new Float64Array(ix.n);
  for (let a = 0; a < ix.n; a++) {
    const k = start[a + 1] - start[a];
    if (!k) continue;
    const own = gaps.subarray(start[a], start[a + 1]).sort();
    gap[a] = k % 2 ? own[(k - 1) / 2] : (own[k / 2 - 1] + own[k / 2]) / 2;
  }
  return gap;
}

/**
 * Per one-way pair, 1 when the pace of its accounts (`gap`, paceGaps; or its own alone, between its transfers, when
 * null) would put its next transfer outside the data on either side: before the data's first transfer and after its
 * last.
 */
export function unseenPairs(
  ix: IndexedProjection,
  pairs: Pairs,
  gap: Float64Array | null = paceGaps(ix, pairs),
): Uint8Array {
  const unseen = new Uint8Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    const n = pairs.n[p];
    const own = n > 1 ? (pairs.lastTs[p] - pairs.firstTs[p]) / (n - 1) : 0;
    const pace = gap ? Math.max(gap[pairs.from[p]], gap[pairs.to[p]], own) : own;
    if (pace > 0 && pairs.firstTs[p] - ix.firstTs < pace && ix.lastTs - pairs.lastTs[p] < pace) unseen[p] = 1;
  }
  return unseen;
}
