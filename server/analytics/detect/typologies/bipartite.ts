/**
 * Bipartite and stack: a group of senders paying a group of receivers densely over one-off pairs (AMLSim's
 * bipartite), and two such layers in a row sharing the middle (stack).
 *
 * Two senders belong to one block when they pay at least bipartiteMin of the same receivers; blocks are the
 * connected groups of such senders with the receivers they share (union-find). Customers of the same shops would
 * make blocks too, so a block counts only when, like a burst (bursts.ts), it is concentrated (each sender's block
 * receivers are at least fanBurstMinShare of everyone it ever paid), short (within burstWindowMs) and regular in
 * amounts (fanMaxAmountSpread). Receivers with more than fanMax one-off senders are shops, whatever else, and
 * left out (this also bounds the work).
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";
import type { DetectParams } from "../params.js";
import type { TypologyFinding } from "./types.js";
import type { Words } from "./words.js";

/** The root of `a` in a union-find forest held in `parent` (path halving); strangers.ts uses it too. */
export function find(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/** Find bipartite blocks and stacks. */
export function bipartiteBlocks(
  ix: IndexedProjection,
  pairs: Pairs,
  isScheme: (t: number) => boolean,
  params: DetectParams,
  words: Words,
  /**
   * Only complete blocks: more than bipartiteMin senders and receivers, every sender paying every receiver, within
   * bipartiteBurstMs (AMLSim's own definition; for sums below the scheme floor, where chance makes the rest).
   */
  complete = false,
): TypologyFinding[] {
  // One-off scheme pairs per account, both directions (pair indices).
  const outOf = new Map<number, number[]>();
  const inOf = new Map<number, number[]>();
  const schemePair = new Uint8Array(pairs.count);
  for (let t = 0; t < ix.transfers.length; t++) {
    const p = pairs.pairOf[t];
    if (p < 0 || schemePair[p] || !isScheme(t)) continue;
    schemePair[p] = 1;
    const s = pairs.from[p];
    const r = pairs.to[p];
    let o = outOf.get(s);
    if (!o) outOf.set(s, (o = []));
    o.push(p);
    let i = inOf.get(r);
    if (!i) inOf.set(r, (i = []));
    i.push(p);
  }
  const parent = new Int32Array(ix.n).map((_, i) => i);
  const inBlock = new Uint8Array(pairs.count);
  const shared = new Map<number, number[]>();
  for (const [s, ps] of outOf) {
    if (ps.length < params.bipartiteMin || ps.length > params.fanMax) continue;
    shared.clear();
    for (const p of ps) {
      const r = pairs.to[p];
      const senders = inOf.get(r)!;
      if (senders.length < params.bipartiteMin || senders.length > params.fanMax) continue;
      for (const q of senders) {
        const s2 = pairs.from[q];
        if (s2 === s) continue;
        let list = shared.get(s2);
        if (!list) shared.set(s2, (list = []));
        list.push(p, q);
      }
    }
    for (const [s2, list] of shared) {
      if (list.length / 2 < params.bipartiteMin) continue;
      for (const p of list) {
        inBlock[p] = 1;
        parent[find(parent, pairs.from[p])] = find(parent, s2);
        parent[find(parent, pairs.to[p])] = find(parent, s2);
      }
    }
  }

  // Group the block pairs by component and judge each block.
  const blocks = new Map<number, number[]>();
  for (let p = 0; p < pairs.count; p++) {
    if (!inBlock[p]) continue;
    const c = find(parent, pairs.from[p]);
    let b = blocks.get(c);
    if (!b) blocks.set(c, (b = []));
    b.push(p);
  }
  const findings: TypologyFinding[] = [];
  const judge = (ps: number[]): TypologyFinding | null => {
    const senders = new Set(ps.map((p) => pairs.from[p]));
    const receivers = new Set(ps.map((p) => pairs.to[p]));
    if (senders.size < params.bipartiteMin || receivers.size < params.bipartiteMin) return null;
    if (senders.size + receivers.size > 2 * params.fanMax) return null;
    // Concentrated: most senders deal mostly with the block (a customer of the same shops does not).
    let concentratedSenders = 0;
    for (const s of senders) {
      const inside = ps.filter((p) => pairs.from[p] === s).length;
      if (inside >= params.fanBurstMinShare * (pairs.outStart[s + 1] - pairs.outStart[s]))
        concentratedSenders++;
    }
    const transfers: number[] = [];
    const inPs = new Set(ps);
    for (const s of senders) {
      for (let i = ix.evStart[s]; i < ix.evStart[s + 1]; i++) {
        const e = ix.ev[i];
        if (e & 1) continue;
        const t = e >> 1;
        if (inPs.has(pairs.pairOf[t])) transfers.push(t);
      }
    }
    transfers.sort((x, y) => x - y);
    const span = ix.ts[transfers[transfers.length - 1]] - ix.ts[transfers[0]];
    if (span > params.burstWindowMs) return null;
    // A stack's layers follow each other: each layer (the payments into its middle accounts, the payments on from
    // them) must fall within the burst, not the two together (AMLSim's layers take the scheme's whole period).
    const middles = new Set([...senders].filter((a) => receivers.has(a)));
    const layerSpan = (into: boolean) => {
      const layer = transfers.filter((t) => middles.has(ix.to[t]) === into);
      return layer.length ? ix.ts[layer[layer.length - 1]] - ix.ts[layer[0]] : 0;
    };
    const quick =
      (middles.size ? Math.max(layerSpan(true), layerSpan(false)) : span) <= params.bipartiteBurstMs;
    // Or concentrated in time: senders with business of their own who all paid the block's receivers within a
    // short burst. Two people paying the same two a few times is a family; a burst needs a block of some size.
    const burst = quick && senders.size > params.bipartiteMin && receivers.size > params.bipartiteMin;
    // Below the floor only a complete block within the burst counts (`complete`).
    if (
      complete &&
      (!quick ||
        senders.size <= params.bipartiteMin ||
        receivers.size <= params.bipartiteMin ||
        ps.length < senders.size * receivers.size)
    )
      return null;
    // Or strangers in a burst: AMLSim's bipartite has every sender pay every receiver; two senders who each paid the
    // same two receivers within days, where none of the four ever dealt with another of them otherwise (no money
    // back, none between the senders or between the receivers), is no family (relatives pay each other every way).
    const strangers = quick && !dealsOtherwise(pairs, senders, receivers, inPs);
    if (!burst && !strangers && concentratedSenders * 2 <= senders.size) return null;
    const amounts = transfers.map((t) => ix.kzt[t]).sort((x, y) => x - y);
    const cut = Math.floor(amounts.length / 10);
    if (amounts[amounts.length - 1 - cut] > params.fanMaxAmountSpread * amounts[cut]) return null;
    const middle = [...senders].filter((a) => receivers.has(a));
    const members = [...new Set([...senders, ...receivers])].sort((x, y) => x - y);
    const stack = middle.length > 0;
    return {
      typology: stack ? "stack" : "bipartite",
      hubs: [],
      members,
      transfers,
      sources: [],
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason:
        (stack
          ? `stack: two layers of one-off payments in a row through ${words.count(middle.length, "middle account")} (${words.keys(middle)})`
          : `bipartite: ${words.count(senders.size, "sender")} (${words.keys([...senders])}) each paid several of the same ${words.count(receivers.size, "receiver")} (${words.keys([...receivers])})`) +
        `, ${words.count(transfers.length, "transfer")} of ${words.sum(transfers)} ${words.span(transfers)}`,
    };
  };
  for (const ps of blocks.values()) {
    const f = judge(ps);
    if (f) {
      findings.push(f);
      continue;
    }
    // An account used by two schemes weeks apart joins their blocks into one component that spans both: judge
    // each run of the component's pairs separated by more than hopMaxDwellMs of silence as a block of its own.
    const byTime = ps.slice().sort((x, y) => pairs.firstTs[x] - pairs.firstTs[y]);
    const runs: number[][] = [[]];
    for (let i = 0; i < byTime.length; i++) {
      if (i > 0 && pairs.firstTs[byTime[i]] - pairs.lastTs[byTime[i - 1]] > params.hopMaxDwellMs)
        runs.push([]);
      runs[runs.length - 1].push(byTime[i]);
    }
    if (runs.length < 2) continue;
    // A run is a block of its own only when it is dense like AMLSim's (every sender pays every receiver, every
    // middle account every target: at least half of all sender-receiver pairs); a run cut out of shop customers'
    // component is a scatter of unrelated payments.
    for (const run of runs) {
      const from = new Set(run.map((p) => pairs.from[p])).size;
      const to = new Set(run.map((p) => pairs.to[p])).size;
      const g = run.length >= 2 * params.bipartiteMin && 2 * run.length >= from * to ? judge(run) : null;
      if (g) findings.push(g);
    }
  }
  return findings;
}

/** Did any two of the block's accounts deal with each other other than by the block's own sender → receiver pairs? */
function dealsOtherwise(
  pairs: Pairs,
  senders: Set<number>,
  receivers: Set<number>,
  block: Set<number>,
): boolean {
  for (const a of [...senders, ...receivers]) {
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      if (block.has(p)) continue;
      const b = pairs.to[p];
      if (senders.has(b) || receivers.has(b)) return true;
    }
  }
  return false;
}
