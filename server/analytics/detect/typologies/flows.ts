/**
 * Money followed hop by hop through the time-ordered transfer graph: layering chains (AMLSim "random"), cycles and
 * scatter-gather.
 *
 * A forwarding hop links an inflow of account B to a later outflow of B that passes on about the same amount: at
 * least (1 − hopMaxCut) and at most (1 + hopMaxExcess) of it, both over one-off pairs (at most schemePairMaxTransfers
 * transfers between the two accounts: rent and family transfers repeat). A layering chain takes hops within
 * hopMaxDwellMs only: chance matches between ordinary payments days apart are common. Cycles and scatter-gather are
 * shapes chance rarely makes (money back at its start, several paths between the same two accounts), so their hops
 * may wait up to burstWindowMs (a scheme's whole period; a cycle's first to last transfer too). A chain starts at a
 * transfer of at least the amount floor but may go on below it: each hop keeps a cut, and a long cycle ends with small
 * sums. Time order is part of the definition: an outflow before the inflow is never its forwarding. Hops chain when one hop's outflow is the
 * next hop's inflow (AMLSim passes the amount on less a margin at each step; docs/DETECTION.md § 2).
 * Because transfers are sorted by time and a hop always goes forward in time, the longest chain ending at each
 * transfer is one pass of dynamic programming over the hops in the order of their outflows.
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";
import type { DetectParams } from "../params.js";
import type { TypologyFinding } from "./types.js";
import type { Words } from "./words.js";

/** Forwarding hops as parallel arrays: inflow hopIn[k] was passed on by outflow hopOut[k]. */
export interface Hops {
  count: number;
  hopIn: Int32Array;
  hopOut: Int32Array;
  /** Amount a chain must start with (the scheme floor); hops on from there may carry less. */
  floor: number;
  /** Accounts no hop passes through (exchanges, watch-listed): what they pay out is other customers' money. */
  isExchange: (a: number) => boolean;
}

/** A transfer may take part in a scheme: between accounts, over a one-off pair, not below the amount floor. */
export function schemeTransfer(
  ix: IndexedProjection,
  pairs: Pairs,
  params: DetectParams,
  floor: number,
  /** Per pair, the transfers of the pair the other way round (reverseCounts): counted with the pair's own. */
  back: Int32Array | null = null,
  /** Per pair, 1 when the data had no room to see it again (unseen.ts): no scheme's edge. */
  unseen: Uint8Array | null = null,
  /** Per pair, 1 when its two accounts have an owner in common (ownPairs): one person's money, no stranger's. */
  own: Uint8Array | null = null,
): (t: number) => boolean {
  return (t) => {
    const p = pairs.pairOf[t];
    return (
      p >= 0 &&
      pairs.n[p] + (back ? back[p] : 0) <= params.schemePairMaxTransfers &&
      ix.kzt[t] >= floor &&
      !unseen?.[p] &&
      !own?.[p]
    );
  };
}

/** Per pair, 1 when its two accounts have an owner in common; null when no account shares an owner with another. */
export function ownPairs(
  pairs: Pairs,
  sameOwner: ((a: number, b: number) => boolean) | null,
): Uint8Array | null {
  if (!sameOwner) return null;
  const own = new Uint8Array(pairs.count);
  let any = false;
  for (let p = 0; p < pairs.count; p++)
    if (sameOwner(pairs.from[p], pairs.to[p])) {
      own[p] = 1;
      any = true;
    }
  return any ? own : null;
}

/** Per pair a → b, how many transfers b made to a (account by account, a slot per sender: no hashing of pair keys). */
export function reverseCounts(ix: IndexedProjection, pairs: Pairs): Int32Array {
  const back = new Int32Array(pairs.count);
  const from = new Int32Array(ix.n).fill(-1);
  for (let a = 0; a < ix.n; a++) {
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++)
      from[pairs.from[pairs.inIdx[i]]] = pairs.inIdx[i];
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const r = from[pairs.to[pairs.outIdx[i]]];
      if (r >= 0) back[pairs.outIdx[i]] = pairs.n[r];
    }
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) from[pairs.from[pairs.inIdx[i]]] = -1;
  }
  return back;
}

/**
 * Find every forwarding hop within burstWindowMs (at most two inflows matched per outflow, the most recent first).
 * `isScheme` admits the transfers hops are made of (one-off pairs above a low floor); `floor` is what a chain must
 * start with.
 */
export function forwardingHops(
  ix: IndexedProjection,
  isScheme: (t: number) => boolean,
  floor: number,
  params: DetectParams,
  /**
   * Exchanges and watch-listed accounts (docs/DETECTION.md § 5): what one pays out is other customers' money, so no
   * hop passes through it (a chain or cycle ends where the money reached one).
   */
  isExchange: (a: number) => boolean = () => false,
): Hops {
  const window = Math.max(params.hopMaxDwellMs, params.burstWindowMs);
  const hopIn: number[] = [];
  const hopOut: number[] = [];
  const { ev, evStart, ts, kzt } = ix;
  const lo = 1 - params.hopMaxCut;
  const hi = 1 + params.hopMaxExcess;
  const recent: number[] = [];
  for (let a = 0; a < ix.n; a++) {
    if (isExchange(a)) continue;
    recent.length = 0;
    let head = 0;
    for (let i = evStart[a]; i < evStart[a + 1]; i++) {
      const e = ev[i];
      const t = e >> 1;
      if (!isScheme(t)) continue;
      if (e & 1) {
        recent.push(t);
        continue;
      }
      while (head < recent.length && ts[t] - ts[recent[head]] > window) head++;
      let matched = 0;
      // Inflows at the outflow's own millisecond are never in `recent` yet: events put outflows first (indexed.ts).
      for (let j = recent.length - 1; j >= head && j >= recent.length - 64 && matched < 2; j--) {
        const r = kzt[t] / kzt[recent[j]];
        if (r >= lo && r <= hi) {
          hopIn.push(recent[j]);
          hopOut.push(t);
          matched++;
        }
      }
    }
  }
  // Order by outflow so that the chain lengths below are final before they are extended.
  const order = hopOut.map((_, k) => k).sort((x, y) => hopOut[x] - hopOut[y] || hopIn[x] - hopIn[y]);
  return {
    count: order.length,
    hopIn: Int32Array.from(order, (k) => hopIn[k]),
    hopOut: Int32Array.from(order, (k) => hopOut[k]),
    floor,
    isExchange,
  };
}

/**
 * Layering chains and cycles. depth[t]: forwarding hops on the longest chain ending with transfer t; prev[t]: the
 * inflow that chain came through. A chain whose last transfer pays the account its first transfer left from is a
 * cycle (money back where it started); any other chain of chainMinLinks hops or more is a layering chain.
 */
export function chainsAndCycles(
  ix: IndexedProjection,
  hops: Hops,
  params: DetectParams,
  words: Words,
  pairs: Pairs,
  /** The fan's amount floor (fanMinAmountQuantile): a chain that hands money straight back must start at it. */
  fanFloor = 0,
  /** What a chain of quick hops in everyday sums must start with (chainFastMinAmountQuantile). */
  fastFloor = hops.floor,
): TypologyFinding[] {
  const m = ix.transfers.length;
  // Two chain lengths: over short hops (layering chains) and over all hops (cycles).
  const depth = new Int32Array(m);
  const prev = new Int32Array(m).fill(-1);
  // Chains over short hops that start below the floor: everyday sums, so only a long run of them counts.
  const depthLow = new Int32Array(m);
  const prevLow = new Int32Array(m).fill(-1);
  // Chains of everyday sums whose every hop is quick (chainFastDwellMs): chance rarely passes a sum on within hours
  // twice in a row. Petty sums (below fastFloor) passed on to a shop within hours are shopping.
  const depthFast = new Int32Array(m);
  const prevFast = new Int32Array(m).fill(-1);
  const depthAll = new Int32Array(m);
  const prevAll = new Int32Array(m).fill(-1);
  const endsCycle = new Int32Array(m).fill(-1);
  const cycleVia = new Int32Array(m).fill(-1);
  for (let k = 0; k < hops.count; k++) {
    const i = hops.hopIn[k];
    const o = hops.hopOut[k];
    const short = ix.ts[o] - ix.ts[i] <= params.hopMaxDwellMs;
    if (short && (depth[i] > 0 || ix.kzt[i] >= hops.floor) && depth[i] + 1 > depth[o]) {
      depth[o] = depth[i] + 1;
      prev[o] = i;
    }
    if (short && depthLow[i] + 1 > depthLow[o]) {
      depthLow[o] = depthLow[i] + 1;
      prevLow[o] = i;
    }
    if (
      ix.ts[o] - ix.ts[i] <= params.chainFastDwellMs &&
      (depthFast[i] > 0 || ix.kzt[i] >= fastFloor) &&
      depthFast[i] + 1 > depthFast[o]
    ) {
      depthFast[o] = depthFast[i] + 1;
      prevFast[o] = i;
    }
    if ((depthAll[i] > 0 || ix.kzt[i] >= hops.floor) && depthAll[i] + 1 > depthAll[o]) {
      depthAll[o] = depthAll[i] + 1;
      prevAll[o] = i;
    }
    // Does money come back? Walk back along this hop's chain (at most cycleMaxHops transfers).
    if (endsCycle[o] < 0) {
      let x = i;
      for (let steps = 1; x >= 0 && steps < params.cycleMaxHops; steps++) {
        if (ix.from[x] === ix.to[o]) {
          endsCycle[o] = x;
          cycleVia[o] = i;
          break;
        }
        x = prevAll[x];
      }
    }
  }

  const findings: TypologyFinding[] = [];
  const used = new Uint8Array(m);
  // A cycle of at least cycleMinAccounts accounts, unless it is a family's: relatives pass a sum round the family now
  // and then, and pay each other every way besides; a scheme's members do not know each other. Money between the
  // cycle's accounts other than the cycle itself, as many transfers as the cycle has or more, makes it a family's (and
  // no chain either).
  const addCycle = (path: number[], how: string) => {
    const members = [...new Set(path.map((t) => ix.from[t]))];
    if (members.length < params.cycleMinAccounts) return;
    if (dealingsAmong(pairs, new Set(members)) - path.length >= path.length) return;
    findings.push({
      typology: "cycle",
      hubs: [],
      members,
      transfers: path,
      sources: [],
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason: `money went round a cycle of ${path.length} transfers back to ${ix.keys[members[0]]}${how}: ${words.path(path)}`,
    });
  };
  // Cycles first: a cycle is also a chain, and the stronger claim.
  for (let o = m - 1; o >= 0; o--) {
    const start = endsCycle[o];
    if (start < 0 || used[o]) continue;
    const path = [o];
    for (let x = cycleVia[o]; x >= 0; x = x === start ? -1 : prevAll[x]) path.push(x);
    if (path[path.length - 1] !== start) continue;
    path.reverse();
    const members = path.map((t) => ix.from[t]);
    if (new Set(members).size < params.cycleMinAccounts) continue;
    // A scheme's period bounds the whole cycle as it bounds each hop: relatives pass a sum round over months.
    if (ix.ts[path[path.length - 1]] - ix.ts[path[0]] > params.burstWindowMs) continue;
    for (const t of path) used[t] = 1;
    addCycle(path, "");
  }
  const chain = (o: number, prevOf: Int32Array, minLinks: number) => {
    const path: number[] = [];
    for (let x = o; x >= 0 && !used[x]; x = prevOf[x]) path.push(x);
    if (path.length < minLinks + 1) return;
    path.reverse();
    for (const t of path) used[t] = 1;
    // Money handed straight back to the account it came from (A → B → A) in everyday sums is two people paying each
    // other back, not layering: such a chain must start at the fan's amount floor (AMLSim's random walk among a few
    // accounts goes back and forth too, with the scheme's sums).
    const back = path.some((t, j) => j > 0 && ix.to[t] === ix.from[path[j - 1]]);
    if (back && ix.kzt[path[0]] < fanFloor) return;
    if (followOn(ix, pairs, params, hops, path, used)) {
      addCycle(path, ", each hop within hours");
      return;
    }
    const members = [ix.from[path[0]], ...path.map((t) => ix.to[t])];
    const forwards = new Set(path.slice(1).map((t) => ix.from[t]));
    findings.push({
      typology: "random",
      hubs: [],
      members: [...new Set(members)],
      transfers: path,
      sources: forwards.has(members[0]) ? [] : [members[0]],
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason: `layering chain: ${path.length} transfers in a row, each passing on about what came in: ${words.path(path)}`,
    });
  };
  for (let o = m - 1; o >= 0; o--)
    if (depth[o] >= params.chainMinLinks && !used[o]) chain(o, prev, params.chainMinLinks);
  for (let o = m - 1; o >= 0; o--)
    if (depthLow[o] >= params.chainLowMinLinks && !used[o]) chain(o, prevLow, params.chainLowMinLinks);
  for (let o = m - 1; o >= 0; o--)
    if (depthFast[o] >= params.chainMinLinks && !used[o]) chain(o, prevFast, params.chainMinLinks);
  return findings;
}

/** Longest run of hops a quick chain is followed on by below the hops' own floor (AMLSim schemes stay under 50). */
const FOLLOW_MAX_HOPS = 64;

/**
 * A quick chain (every hop within chainFastDwellMs) is followed on hop by hop below the floor hops are made of: each
 * hop keeps a cut, so a long scheme's last accounts pass on sums too small to start anything, and chance does not make
 * the quick chain that leads there. Each further hop is the receiver's first outflow within chainFastDwellMs that
 * passes on (1 − hopMaxCut) to (1 + hopMaxExcess) of what came in over a one-off pair. Appends to `path` and marks
 * `used`; returns true when the money came back to the account the chain started from (a cycle).
 */
function followOn(
  ix: IndexedProjection,
  pairs: Pairs,
  params: DetectParams,
  hops: Hops,
  path: number[],
  used: Uint8Array,
): boolean {
  for (let j = 1; j < path.length; j++)
    if (ix.ts[path[j]] - ix.ts[path[j - 1]] > params.chainFastDwellMs) return false;
  const start = ix.from[path[0]];
  const lo = 1 - params.hopMaxCut;
  const hi = 1 + params.hopMaxExcess;
  const { ev, evStart, ts, kzt } = ix;
  for (let n = 0; n < FOLLOW_MAX_HOPS; n++) {
    const last = path[path.length - 1];
    const b = ix.to[last];
    if (b < 0 || b === start || hops.isExchange(b)) return b === start;
    // b's events after `last` (events are in time order; an outflow at the inflow's own millisecond came first).
    let i = evStart[b];
    let hiIdx = evStart[b + 1];
    while (i < hiIdx) {
      const mid = (i + hiIdx) >> 1;
      if (ts[ev[mid] >> 1] <= ts[last]) i = mid + 1;
      else hiIdx = mid;
    }
    let next = -1;
    for (; i < evStart[b + 1]; i++) {
      const t = ev[i] >> 1;
      if (ts[t] - ts[last] > params.chainFastDwellMs) break;
      if (ev[i] & 1 || used[t]) continue;
      const p = pairs.pairOf[t];
      if (p < 0 || pairs.n[p] > params.schemePairMaxTransfers) continue;
      const r = kzt[t] / kzt[last];
      if (r >= lo && r <= hi) {
        next = t;
        break;
      }
    }
    if (next < 0) return false;
    path.push(next);
    used[next] = 1;
  }
  return ix.to[path[path.length - 1]] === start;
}

/**
 * Scatter-gather: one source pays several intermediaries, each of which passes about the same amount on to one
 * common collector after receiving it (AMLSim ScatterGatherTypology). Found from the hops: every hop names a
 * (source, intermediary, collector) triple; scatterGatherMin intermediaries for the same source and collector make
 * the shape. Two intermediaries make it only when the whole shape falls within one hop's dwell (hopMaxDwellMs) and its
 * accounts deal with each other through it alone (docs/DETECTION.md § 2).
 */
export function scatterGather(
  ix: IndexedProjection,
  hops: Hops,
  pairs: Pairs,
  params: DetectParams,
  words: Words,
): TypologyFinding[] {
  const groups = new Map<number, { mids: Set<number>; transfers: number[] }>();
  // Everyday sums (below the floor, as hops take them): a shape of its own, found only when it is fast (below).
  const low = new Map<number, { mids: Set<number>; transfers: number[] }>();
  for (let k = 0; k < hops.count; k++) {
    const i = hops.hopIn[k];
    const o = hops.hopOut[k];
    const s = ix.from[i];
    const g = ix.to[o];
    if (s === g) continue;
    const key = s * ix.n + g;
    const into = ix.kzt[i] < hops.floor ? low : groups;
    let e = into.get(key);
    if (!e) into.set(key, (e = { mids: new Set(), transfers: [] }));
    e.mids.add(ix.to[i]);
    e.transfers.push(i, o);
  }
  // The whole shape within one hop's dwell, its accounts dealing with each other through it alone.
  const fastAndApart = (key: number, e: { mids: Set<number>; transfers: number[] }) => {
    const transfers = new Set(e.transfers);
    let first = Infinity;
    let last = -Infinity;
    for (const t of transfers) {
      first = Math.min(first, ix.ts[t]);
      last = Math.max(last, ix.ts[t]);
    }
    const shape = new Set([Math.floor(key / ix.n), ...e.mids, key % ix.n]);
    return last - first <= params.hopMaxDwellMs && dealingsAmong(pairs, shape) <= transfers.size;
  };
  const findings: TypologyFinding[] = [];
  // A scatter-gather of everyday sums (AMLSim's amounts may be anything): scatterGatherMin or more intermediaries,
  // counting those of the same source and collector above the floor when they are fewer, when the whole shape falls
  // within one hop's dwell and its accounts deal with each other through it alone. Slower, or among people who know
  // each other, such sums passed on are a household's or a club's.
  for (const [key, x] of low) {
    const high = groups.get(key);
    if (high && high.mids.size >= params.scatterGatherMin) {
      // A scatter-gather above the floor takes the same source's and collector's hops below it within one hop's
      // dwell of its own transfers: its smaller parts (seed 2405: twenty intermediaries passing on 186–418 USD within
      // twelve hours, six of them 200 USD or less; nineteenth pass, docs/DETECTION-HISTORY.md).
      let first = Infinity;
      let last = -Infinity;
      for (const t of high.transfers) {
        first = Math.min(first, ix.ts[t]);
        last = Math.max(last, ix.ts[t]);
      }
      for (let j = 0; j < x.transfers.length; j += 2) {
        const i = x.transfers[j];
        const o = x.transfers[j + 1];
        if (ix.ts[i] < first - params.hopMaxDwellMs || ix.ts[o] > last + params.hopMaxDwellMs) continue;
        high.mids.add(ix.to[i]);
        high.transfers.push(i, o);
      }
      continue;
    }
    const e = high
      ? { mids: new Set([...high.mids, ...x.mids]), transfers: [...high.transfers, ...x.transfers] }
      : x;
    if (e.mids.size < params.scatterGatherMin) continue;
    if (fastAndApart(key, e)) groups.set(key, e);
  }
  for (const [key, e] of groups) {
    if (e.mids.size < Math.min(2, params.scatterGatherMin)) continue;
    const s = Math.floor(key / ix.n);
    const g = key % ix.n;
    const transfers = [...new Set(e.transfers)].sort((x, y) => x - y);
    const mids = [...e.mids].sort((x, y) => x - y);
    if (e.mids.size < params.scatterGatherMin && !fastAndApart(key, e)) continue;
    findings.push({
      typology: "scatter_gather",
      hubs: [g],
      members: [s, ...mids, g],
      transfers,
      sources: [s],
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason:
        `scatter-gather: ${ix.keys[s]} paid ${mids.length} accounts (${words.keys(mids)}), each of which passed about ` +
        `the same amount on to ${ix.keys[g]} ${words.span(transfers)}; ${words.sum(transfers.filter((t) => ix.to[t] === g))} reached it`,
    });
  }
  return findings;
}

/** Transfers among `members` (every direction, over all the data). */
export function dealingsAmong(pairs: Pairs, members: Set<number>): number {
  let n = 0;
  for (const a of members)
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      if (members.has(pairs.to[p]) && pairs.to[p] !== a) n += pairs.n[p];
    }
  return n;
}
