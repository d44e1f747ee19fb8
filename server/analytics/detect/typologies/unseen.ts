/**
 * Pairs the data had no room to see again. A pair that dealt once or twice may be a scheme's edge, or a standing
 * relationship whose next payment falls outside the data: an account that pays the next on a list of forty each
 * week meets each again after forty weeks, so in half a year of data the middle of its list looks paid once, and a
 * pair paid every twelve weeks looks paid twice (AMLSim's ordinary accounts in a register shorter than the round of
 * their relationships; eighteenth pass, docs/DETECTION-HISTORY.md). Such a pair is unseen: neither a stranger's nor a
 * relationship, it is evidence of nothing.
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";

/**
 * Per account, the median gap between repeats over its one-way pairs with two transfers or more (0: none): the pairs
 * it pays and is paid over, or (`side`) only those it pays or only those it is paid over.
 */
export function paceGaps(
  ix: IndexedProjection,
  pairs: Pairs,
  side: "both" | "paying" | "paid" = "both",
): Float64Array {
  const payer = side !== "paid";
  const payee = side !== "paying";
  const start = new Int32Array(ix.n + 1);
  for (let p = 0; p < pairs.count; p++)
    if (pairs.n[p] > 1) {
      if (payer) start[pairs.from[p] + 1]++;
      if (payee) start[pairs.to[p] + 1]++;
    }
  for (let a = 0; a < ix.n; a++) start[a + 1] += start[a];
  const fill = start.slice(0, ix.n);
  const gaps = new Float64Array(start[ix.n]);
  for (let p = 0; p < pairs.count; p++)
    if (pairs.n[p] > 1) {
      const g = (pairs.lastTs[p] - pairs.firstTs[p]) / (pairs.n[p] - 1);
      if (payer) gaps[fill[pairs.from[p]]++] = g;
      if (payee) gaps[fill[pairs.to[p]]++] = g;
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

/** Per one-way pair, 1 when its own pace (between its transfers) would put a next one outside the data either side. */
export function unseenAtOwnPace(ix: IndexedProjection, pairs: Pairs): Uint8Array {
  return unseenAt(ix, pairs, () => 0);
}

/**
 * The same at the larger of its own pace and its two accounts' (paceGaps): the payer's over the pairs it pays, the
 * payee's over the pairs it is paid by, each over all its pairs when it has no repeat on that side. An account that
 * pays the next of twenty each week and is paid by others every four weeks meets its payees again after twenty
 * weeks, whatever its payers do (AMLSim's 150-day registers; twentieth pass, docs/DETECTION-HISTORY.md).
 */
export function unseenAtAccountsPace(ix: IndexedProjection, pairs: Pairs): Uint8Array {
  const gap = paceGaps(ix, pairs);
  const paying = paceGaps(ix, pairs, "paying");
  const paid = paceGaps(ix, pairs, "paid");
  return unseenAt(ix, pairs, (p) =>
    Math.max(paying[pairs.from[p]] || gap[pairs.from[p]], paid[pairs.to[p]] || gap[pairs.to[p]]),
  );
}

/** 1 for each pair whose pace would put its next transfer both before the data's first transfer and after its last. */
function unseenAt(ix: IndexedProjection, pairs: Pairs, accountsPace: (p: number) => number): Uint8Array {
  const unseen = new Uint8Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) {
    const n = pairs.n[p];
    const own = n > 1 ? (pairs.lastTs[p] - pairs.firstTs[p]) / (n - 1) : 0;
    const pace = Math.max(accountsPace(p), own);
    if (pace > 0 && pairs.firstTs[p] - ix.firstTs < pace && ix.lastTs - pairs.lastTs[p] < pace) unseen[p] = 1;
  }
  return unseen;
}
