/**
 * The forwarding signature and the stack (AMLSim's layered bipartite).
 *
 * A forwarding episode of account B: one-off inflows (at least the amount floor), then, after the last of them and
 * within hopMaxDwellMs of it, one-off outflows that pass on between (1 − hopMaxCut) and (1 + hopMaxExcess) of what
 * came in: money in, most of it out again soon, a small cut kept, whether split or not. The episode counts only when
 * its sums are out of the ordinary for B (bursts.ts unusualFor): a salary moved on to one's own savings is what that
 * account always does.
 *
 * Forwarding accounts linked by a common source or a common receiver make layers: stackMinForwarders of them between
 * the same accounts is a stack (sources → intermediaries → targets, each layer paying the next after it was paid). A
 * single forwarding account is reported as the forwarding signature: by itself, weak evidence.
 */
import type { IndexedProjection } from "../indexed.js";
import type { DetectParams } from "../params.js";
import { LIFE_MIN_TRANSFERS, medianWithout, openedForIt, type SecondLook, unusualFor } from "./bursts.js";
import type { TypologyFinding } from "./types.js";
import type { Words } from "./words.js";

interface Episode {
  account: number;
  ins: number[];
  outs: number[];
  /** Out of the ordinary only against the account's one-off transfers (its standing payments left out). */
  strangers?: boolean;
}

function find(parent: Map<number, number>, a: number): number {
  let r = a;
  while ((parent.get(r) ?? r) !== r) r = parent.get(r)!;
  parent.set(a, r);
  return r;
}

/**
 * Forwarding episodes of every account, then stacks and single forwarders; then stacks of slow layers: AMLSim's
 * intermediaries pay on after their last inflow at any time within the scheme's period, so episodes that wait up to
 * burstWindowMs make a stack too, but only stackMinForwarders or more linked forwarders (chance links two slow
 * forwarders now and then, three rarely) whose transfers all fall within one burstWindowMs, and only when one of
 * them is in no stack yet.
 */
export function forwardingShapes(
  ix: IndexedProjection,
  isScheme: (t: number) => boolean,
  floor: number,
  params: DetectParams,
  words: Words,
  /** Only the episodes of these forwarders, with their usual sums read elsewhere; every account when absent. */
  again?: SecondLook,
  /** Transfers over strangers' one-off pairs at any amount: the yardstick of the account's dealings with strangers. */
  oneOff?: (t: number) => boolean,
): TypologyFinding[] {
  const fast = shapes(ix, isScheme, floor, params, words, params.hopMaxDwellMs, null, again, oneOff);
  if (params.burstWindowMs <= params.hopMaxDwellMs) return fast;
  const stacked = new Set<number>();
  for (const f of fast) if (f.typology === "stack") for (const a of f.members) stacked.add(a);
  return [
    ...fast,
    ...shapes(ix, isScheme, floor, params, words, params.burstWindowMs, stacked, again, oneOff),
  ];
}

function shapes(
  ix: IndexedProjection,
  isScheme: (t: number) => boolean,
  floor: number,
  params: DetectParams,
  words: Words,
  maxDwellMs: number,
  /** Slow pass: the accounts already in a stack (a slow group needs one outside them); null in the first pass. */
  stacked: Set<number> | null,
  again: SecondLook | undefined,
  oneOff?: (t: number) => boolean,
): TypologyFinding[] {
  const centreIx = again?.usual ?? ix;
  // The median of account a's one-off transfers to and from strangers (any amount), those in `skip` aside; Infinity
  // with fewer than three. A salary and the rent it pays are most of what a person moves and none of what it moves
  // with strangers (seed 2703: a hub paid 2 858 USD a fortnight and paying 1 130 USD rent a month passed 1 410 USD
  // from two strangers on to two more within seven hours, its other one-off transfers 17–55 USD; twenty-third pass,
  // docs/DETECTION-HISTORY.md).
  const oneOffSorted = new Map<number, Float64Array>();
  const oneOffUsual = (a: number, skip: Set<number>) => {
    if (!oneOff) return Infinity;
    const counts = (t: number) => ix.to[t] >= 0 && oneOff(t);
    let all = oneOffSorted.get(a);
    if (!all) {
      const v: number[] = [];
      for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++)
        if (counts(ix.ev[i] >> 1)) v.push(ix.kzt[ix.ev[i] >> 1]);
      oneOffSorted.set(a, (all = Float64Array.from(v).sort()));
    }
    const removed: number[] = [];
    for (const t of skip) {
      if (!counts(t)) continue;
      if (ix.from[t] === a) removed.push(ix.kzt[t]);
      if (ix.to[t] === a) removed.push(ix.kzt[t]);
    }
    const m = medianWithout(all, removed);
    return Number.isNaN(m) ? Infinity : m;
  };
  const episodes: Episode[] = [];
  const strangersOnly: Episode[] = [];
  const lo = 1 - params.hopMaxCut;
  const hi = 1 + params.hopMaxExcess;
  for (let a = 0; a < ix.n; a++) {
    if (again && !again.centres[a]) continue;
    let ins: number[] = [];
    let outs: number[] = [];
    let inSum = 0;
    let outSum = 0;
    const close = () => {
      if (ins.length && outs.length && outSum >= lo * inSum && outSum <= hi * inSum) {
        const skip = new Set([...ins, ...outs]);
        if (unusualFor(centreIx, a, inSum / ins.length, skip, params.fanUnusualFactor))
          episodes.push({ account: a, ins, outs });
        // Out of the ordinary only against its one-off transfers: a cut kept of hopOpenedFactor times those, seen
        // as one hop or a small gather-scatter alone (as stack layers such episodes joined everyday lives).
        else if (inSum / ins.length >= params.hopOpenedFactor * oneOffUsual(a, skip)) {
          const core = withoutPetty(ix, { account: a, ins, outs }, params);
          if (core && core.outs.reduce((x, t) => x + ix.kzt[t], 0) < inSum)
            strangersOnly.push({ ...core, strangers: true });
        }
      }
      ins = [];
      outs = [];
      inSum = 0;
      outSum = 0;
    };
    for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if (!isScheme(t)) continue;
      if (e & 1) {
        if (outs.length) close();
        if (ix.kzt[t] < floor) continue;
        // An inflow left waiting longer than the dwell is no part of the next one's episode (a stranger's 256 USD
        // five weeks before the 1 310 USD a mule passed on; twenty-third pass, docs/DETECTION-HISTORY.md).
        if (ins.length && ix.ts[t] - ix.ts[ins[ins.length - 1]] > maxDwellMs) {
          ins = [];
          inSum = 0;
        }
        ins.push(t);
        inSum += ix.kzt[t];
      } else if (ins.length) {
        const lastIn = ix.ts[ins[ins.length - 1]];
        if (ix.ts[t] - lastIn > maxDwellMs || outSum + ix.kzt[t] > hi * inSum) {
          close();
          continue;
        }
        outs.push(t);
        outSum += ix.kzt[t];
      }
    }
    close();
  }

  // Forwarders linked through a common source or receiver for whom that transfer was out of the ordinary (a shop
  // both of them paid links nothing).
  const held = new Map<number, boolean>();
  const holds = (c: number, t: number) => {
    const key = t * 2 + (ix.from[t] === c ? 0 : 1);
    let v = held.get(key);
    if (v === undefined)
      held.set(key, (v = unusualFor(ix, c, ix.kzt[t], new Set([t]), params.fanUnusualFactor)));
    return v;
  };
  // A common payee links only when it has a history to stand out from: an exchange or a shop new to the data would
  // otherwise join everyone who paid it. A common payer with no history is a scheme's source account.
  const links = (c: number, t: number, payee: boolean) =>
    unusualFor(ix, c, ix.kzt[t], new Set([t]), params.fanUnusualFactor, !payee);
  const parent = new Map<number, number>();
  const union = (x: number, y: number) => parent.set(find(parent, x), find(parent, y));
  for (const ep of episodes) {
    for (const t of ep.ins) if (links(ix.from[t], t, false)) union(ep.account, ix.from[t]);
    for (const t of ep.outs) if (links(ix.to[t], t, true)) union(ep.account, ix.to[t]);
  }
  const groups = new Map<number, Episode[]>();
  for (const ep of episodes) {
    const r = find(parent, ep.account);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(ep);
  }
  const findings: TypologyFinding[] = [];
  for (const eps of groups.values()) {
    const forwarders = [...new Set(eps.map((e) => e.account))].sort((x, y) => x - y);
    // Slow pass, one forwarder: a chain of one hop, a gather or a split through an account whose only transfers are
    // the sums in and out (opened for it) may wait up to burstWindowMs, as AMLSim's layers do.
    if (stacked && forwarders.length === 1 && !stacked.has(forwarders[0])) {
      const unit = smallGatherScatter(ix, eps, holds, words, params, true, oneOffUsual);
      if (unit) findings.push(unit);
      continue;
    }
    if (stacked && (forwarders.length < params.stackMinForwarders || forwarders.every((a) => stacked.has(a))))
      continue;
    // Forwarders that each passed their money on within one hop's dwell were the fast pass's to judge: a slow stack
    // has a slow layer.
    if (
      stacked &&
      eps.every(
        (e) => ix.ts[e.outs[e.outs.length - 1]] - ix.ts[e.ins[e.ins.length - 1]] <= params.hopMaxDwellMs,
      )
    )
      continue;
    const transfers = [...new Set(eps.flatMap((e) => [...e.ins, ...e.outs]))].sort((x, y) => x - y);
    const fw = new Set(forwarders);
    // Each end with the forwarders it dealt with.
    const endLinks = new Map<number, Set<number>>();
    const addEnd = (c: number, f: number) => {
      let s = endLinks.get(c);
      if (!s) endLinks.set(c, (s = new Set()));
      s.add(f);
    };
    for (const e of eps) {
      for (const t of e.ins) if (!fw.has(ix.from[t]) && holds(ix.from[t], t)) addEnd(ix.from[t], e.account);
      for (const t of e.outs) if (!fw.has(ix.to[t]) && holds(ix.to[t], t)) addEnd(ix.to[t], e.account);
    }
    // Two forwarders make a stack only side by side in one layer (neither paid the other: one passing money on to
    // the other is a victim moving it through their own second account, or a chain) and when all their transfers
    // fall within one hop's dwell (relatives passing small sums on over weeks link two accounts by chance; a
    // scheme's layers move the money within days).
    const span = ix.ts[transfers[transfers.length - 1]] - ix.ts[transfers[0]];
    // A group longer than one scheme's period (burstWindowMs) is several schemes joined through shared accounts. Its
    // ends then belong to it only when two of its forwarders dealt with them, or when they have no life of their
    // own: a shop a mule once paid from stolen money is an end of nothing.
    const inGroup = span > params.burstWindowMs ? new Set(transfers) : null;
    const lifeless = (c: number) => {
      for (let i = ix.evStart[c]; i < ix.evStart[c + 1]; i++) if (!inGroup!.has(ix.ev[i] >> 1)) return false;
      return true;
    };
    const ends = new Set<number>();
    for (const [c, f] of endLinks) if (!inGroup || f.size >= 2 || lifeless(c)) ends.add(c);
    // A slow stack is one scheme's period: all of it within one burst window (relatives pass sums on all year).
    if (stacked && span > params.burstWindowMs) continue;
    const sideBySide = transfers.every((t) => !(fw.has(ix.from[t]) && fw.has(ix.to[t])));
    // A fast stack longer than one hop's dwell needs a layer: stackMinForwarders of its forwarders passing money on
    // within one hop's dwell (two schemes joined through a reused source have one each). Without one it is friends
    // and relatives passing everyday sums round their circle over weeks (the second world's errands, fifteenth pass);
    // a scheme's slow layers are the slow pass's.
    if (
      !stacked &&
      forwarders.length >= params.stackMinForwarders &&
      span > params.hopMaxDwellMs &&
      !layered(ix, eps, params)
    )
      continue;
    const stack =
      forwarders.length >= params.stackMinForwarders ||
      (forwarders.length >= 2 && sideBySide && span <= params.hopMaxDwellMs);
    const inSum = eps.reduce((x, e) => x + e.ins.reduce((y, t) => y + ix.kzt[t], 0), 0);
    const outSum = eps.reduce((x, e) => x + e.outs.reduce((y, t) => y + ix.kzt[t], 0), 0);
    if (!stack && forwarders.length === 1) {
      const unit = smallGatherScatter(ix, eps, holds, words, params, false, oneOffUsual);
      if (unit) {
        findings.push(unit);
        continue;
      }
    }
    // Forwarders linked through a common payer or payee but making no stack are each judged alone: a source that paid
    // two schemes, or a shop two mules paid, hid a chain through an account opened for it (seed 1605: 5 131 USD
    // passed on whole within 62 hours by an account with no other transfer; twenty-fifth pass,
    // docs/DETECTION-HISTORY.md). Not one that paid or was paid by another of them: that is a chain, the hops' to
    // judge (a loan victim's app sending the loan on to a mule).
    if (!stack && forwarders.length > 1)
      for (const f of forwarders) {
        const its = eps.filter((e) => e.account === f);
        const chained = its.some(
          (e) => e.ins.some((t) => fw.has(ix.from[t])) || e.outs.some((t) => fw.has(ix.to[t])),
        );
        const unit = chained ? null : smallGatherScatter(ix, its, holds, words, params, false, oneOffUsual);
        if (unit) findings.push(unit);
      }
    findings.push({
      typology: stack ? "stack" : "forwarding",
      hubs: [],
      members: stack ? [...forwarders, ...[...ends].sort((x, y) => x - y)] : forwarders,
      sources: [],
      transfers,
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason: stack
        ? `stack: ${words.count(forwarders.length, "account")} (${words.keys(forwarders)}) linked by common payers and payees each passed on ${Math.round((100 * outSum) / inSum)}% of what they received ${stacked ? "after the last of it came in" : "soon after"} (${words.sum(transfers)} moved ${words.span(transfers)})`
        : `forwarding: ${ix.keys[forwarders[0]]} received ${words.money(inSum)} and passed ${Math.round((100 * outSum) / inSum)}% of it on ${words.span(transfers)}, far above its usual amounts`,
    });
  }
  const forwarding = new Set(episodes.map((e) => e.account));
  for (const ep of strangersOnly) {
    if (forwarding.has(ep.account)) continue;
    const unit = smallGatherScatter(ix, [ep], holds, words, params, stacked !== null, oneOffUsual);
    if (unit) findings.push(unit);
  }
  return findings;
}

/** Whether stackMinForwarders of the forwarders have episodes that all fall within one hopMaxDwellMs. */
function layered(ix: IndexedProjection, eps: Episode[], params: DetectParams): boolean {
  const spans = eps
    .map((e) => {
      const ts = [...e.ins, ...e.outs].map((t) => ix.ts[t]);
      return { from: Math.min(...ts), to: Math.max(...ts), account: e.account };
    })
    .sort((x, y) => x.from - y.from);
  for (let i = 0; i < spans.length; i++) {
    const within = new Set<number>();
    for (let j = i; j < spans.length && spans[j].from - spans[i].from <= params.hopMaxDwellMs; j++)
      if (spans[j].to - spans[i].from <= params.hopMaxDwellMs) within.add(spans[j].account);
    if (within.size >= params.stackMinForwarders) return true;
  }
  return false;
}

/**
 * A gather-scatter of a few accounts (Altman et al. 2023: sources pay a hub, which after its last inflow pays what
 * came in, less its cut, to targets), fewer than fanMin on at least one side, is one forwarding episode seen with
 * both of its ends, through an account with no life of its own (fewer than LIFE_MIN_TRANSFERS other transfers: opened
 * for it): the forwarder's sums are far above its usual ones (the episode's own test), and so is the payment for at
 * least one payer and for at least one receiver (or it has no history either). Three counterparties or more (a gather
 * or a split); a plain A → B → C is reported as a layering chain of one hop. Every transfer of it over a one-off
 * pair. Through an account with a life of its own the same shape is an errand as often as a scheme: a windfall shared
 * out among relatives, a sum passed on for a friend, a collection paid to a shop (docs/DETECTION-HISTORY.md,
 * fifteenth pass); it is taken there only when the money went on to an account opened for it at that account's bank
 * (nineteenth and twentieth passes).
 */
function smallGatherScatter(
  ix: IndexedProjection,
  eps: Episode[],
  holds: (c: number, t: number) => boolean,
  words: Words,
  params: DetectParams,
  /**
   * The slow pass: only through an account with no other transfer, within burstWindowMs (fourteenth pass,
   * docs/DETECTION-HISTORY.md).
   */
  slow: boolean,
  /** The median of an account's one-off transfers, those given aside (Infinity with fewer than three). */
  strangersUsual: (a: number, skip: Set<number>) => number,
): TypologyFinding | null {
  // Each of the account's episodes, the largest first: a mule's everyday forwarding of small sums is an episode too.
  const order = [...eps].sort((x, y) => y.ins.length + y.outs.length - (x.ins.length + x.outs.length));
  for (const ep of order) {
    const unit = smallUnit(ix, ep, holds, words, params, slow, strangersUsual);
    if (unit) return unit;
  }
  return null;
}

function smallUnit(
  ix: IndexedProjection,
  whole: Episode,
  holds: (c: number, t: number) => boolean,
  words: Words,
  params: DetectParams,
  slow: boolean,
  strangersUsual: (a: number, skip: Set<number>) => number,
): TypologyFinding | null {
  const ep = withoutPetty(ix, whole, params);
  if (!ep) return null;
  const h = ep.account;
  const payers = [...new Set(ep.ins.map((t) => ix.from[t]))];
  const receivers = [...new Set(ep.outs.map((t) => ix.to[t]))];
  // Below fan size on at least one side (a fan of fanMin or more on both is bursts.ts's, with its rules for shops and
  // payrolls): two payers whose thousands a reused hub splits among four receivers within days are a gather-scatter
  // whose fan-in side no fan rule sees.
  if (payers.length >= params.fanMin && receivers.length >= params.fanMin) return null;
  if (payers.some((a) => receivers.includes(a))) return null;
  // One payer and one receiver is a chain of one hop.
  const hop = payers.length + receivers.length < 3;
  const history = ix.evStart[h + 1] - ix.evStart[h] - ep.ins.length - ep.outs.length;
  // Through an account with a life of its own only when the money went on to an account opened for it (a receiver
  // with three transfers or fewer in all the data): an errand's relative, friend or shop has a life of its own; a
  // scheme's next mule is often an account that does nothing else (nineteenth and twentieth passes,
  // docs/DETECTION-HISTORY.md). A payer opened for it is not enough by itself: a savings account seldom used pays its
  // owner's.
  // Only ends at the hub's own bank count: one bank's register sees a customer's counterparties at other banks only
  // through their dealings with its customers, so they look opened for whatever they did.
  const lived = history >= LIFE_MIN_TRANSFERS;
  const bank = ix.info[h]?.bank;
  const openedHere = (a: number) => openedForIt(ix, a) && ix.info[a]?.bank === bank;
  const openedEnds = [...payers, ...receivers].filter(openedHere);
  const endsOpened = receivers.some(openedHere);
  const sumOf = (ts: number[]) => ts.reduce((x, t) => x + ix.kzt[t], 0);
  const inSum = sumOf(ep.ins);
  const outSum = sumOf(ep.outs);
  // Or when it kept a cut, of money that was no windfall shared out (one payer, several receivers), in sums that dwarf
  // the usual ones of everyone in it (hopDwarfFactor): an errand passes on what it was given, in sums friends move
  // now and then (twenty-second pass, docs/DETECTION-HISTORY.md).
  const dwarfs = (c: number, t: number) => unusualFor(ix, c, ix.kzt[t], new Set([t]), params.hopDwarfFactor);
  // The hub's sums against its usual ones, or against those of its one-off transfers alone (its salary and standing
  // payments left out; twenty-third pass).
  const own = new Set([...ep.ins, ...ep.outs]);
  const hubUsual = (factor: number) => unusualFor(ix, h, inSum, own, factor);
  const hubStrangers = (factor: number) => inSum >= factor * strangersUsual(h, own);
  const dwarfed = () =>
    !(payers.length === 1 && receivers.length > 1) &&
    outSum < inSum &&
    (hubUsual(params.hopDwarfFactor) || hubStrangers(params.hopDwarfFactor)) &&
    ep.ins.every((t) => dwarfs(ix.from[t], t)) &&
    ep.outs.every((t) => dwarfs(ix.to[t], t));
  // Or when it kept a cut of money from accounts opened for it at its bank, in sums hopOpenedFactor times the usual
  // ones of the hub and of every receiver (twenty-third pass, docs/DETECTION-HISTORY.md).
  const fromOpened = () =>
    !(payers.length === 1 && receivers.length > 1) &&
    outSum < inSum &&
    payers.every(openedHere) &&
    (hubUsual(params.hopOpenedFactor) || hubStrangers(params.hopOpenedFactor)) &&
    ep.outs.every((t) => unusualFor(ix, ix.to[t], ix.kzt[t], new Set([t]), params.hopOpenedFactor));
  const why = !lived || endsOpened ? "opened" : dwarfed() ? "dwarfed" : fromOpened() ? "payers" : null;
  // The slow pass takes an account with a life of its own only when the money went on to accounts opened for it at
  // its bank, a cut kept, in sums hopDwarfFactor times its usual ones (seed 1503: 6 007 USD, 65 times the hub's usual
  // sums, passed on to a new account after four and a half days; twenty-fourth pass, docs/DETECTION-HISTORY.md).
  const slowOpened =
    slow &&
    lived &&
    receivers.every(openedHere) &&
    outSum < inSum &&
    (hubUsual(params.hopDwarfFactor) || hubStrangers(params.hopDwarfFactor));
  if (!slowOpened && ((lived && (slow || !why)) || (slow && history > 0))) return null;
  const byStrangers =
    ep.strangers ||
    ((why === "dwarfed" || slowOpened) && !hubUsual(params.hopDwarfFactor)) ||
    (why === "payers" && !hubUsual(params.hopOpenedFactor));
  const clauses =
    (slowOpened
      ? `; ${ix.keys[h]} passed it on later than one hop's dwell, the sums at least ${params.hopDwarfFactor} times its usual ones`
      : "") +
    (byStrangers
      ? `; ${ix.keys[h]}'s usual sums are those of its one-off transfers, its standing payments left out`
      : "");
  const dwarfClause = `at least ${params.hopDwarfFactor} times the usual ones of`;
  const openedClause = `at least ${params.hopOpenedFactor} times the usual ones of`;
  const heldIn = payers.filter((c) => ep.ins.every((t) => ix.from[t] !== c || holds(c, t)));
  const heldOut = receivers.filter((c) => ep.outs.every((t) => ix.to[t] !== c || holds(c, t)));
  if (!heldIn.length || !heldOut.length) return null;
  // Time order: every outflow after the last inflow (the episode guarantees it), within one hop's dwell.
  const lastIn = Math.max(...ep.ins.map((t) => ix.ts[t]));
  const dwell = slow ? params.burstWindowMs : params.hopMaxDwellMs;
  if (ep.outs.some((t) => ix.ts[t] <= lastIn || ix.ts[t] - lastIn > dwell)) return null;
  if (slow && ep.outs.every((t) => ix.ts[t] - lastIn <= params.hopMaxDwellMs)) return null;
  const transfers = [...ep.ins, ...ep.outs].sort((x, y) => x - y);
  if (hop)
    return {
      typology: "random",
      hubs: [],
      members: [payers[0], h, receivers[0]],
      // Money paid into an account opened only to pass it on is the scheme's from the start: its payer is a member.
      sources: [],
      transfers,
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason:
        (!lived
          ? `layering chain through ${ix.keys[h]}, an account with no other transfers to speak of: ${words.path(transfers)}`
          : why === "dwarfed"
            ? `layering chain through ${ix.keys[h]}, an account with a life of its own, in sums ${dwarfClause} all three accounts: ${words.path(transfers)}`
            : why === "payers"
              ? `layering chain through ${ix.keys[h]}, an account with a life of its own, from ${ix.keys[payers[0]]}, an account with no other transfers to speak of, in sums ${openedClause} ${ix.keys[h]} and ${ix.keys[receivers[0]]}: ${words.path(transfers)}`
              : openedHere(payers[0])
                ? `layering chain through ${ix.keys[h]}, an account with a life of its own, from and to accounts with no other transfers to speak of: ${words.path(transfers)}`
                : `layering chain through ${ix.keys[h]}, an account with a life of its own, to ${ix.keys[receivers[0]]}, an account with no other transfers to speak of: ${words.path(transfers)}`) +
        clauses,
    };
  return {
    typology: "gather_scatter",
    hubs: [h],
    members: [h, ...heldIn.sort((x, y) => x - y), ...heldOut.sort((x, y) => x - y)],
    sources: [],
    transfers,
    hubPoints: 0,
    memberPoints: 0,
    sourcePoints: 0,
    reason:
      `gather-scatter: ${ix.keys[h]} received ${words.money(inSum)} from ${words.count(payers.length, "one-off payer")} (${words.keys(payers)}) ` +
      `and after the last of it passed ${Math.round((100 * outSum) / inSum)}% on to ${words.count(receivers.length, "one-off receiver")} (${words.keys(receivers)}) ${words.span(transfers)}; ` +
      `the sums were far above the usual ones of ${ix.keys[h]} and of ${words.count(heldIn.length + heldOut.length, "counterparty", "counterparties")} (${words.keys([...heldIn, ...heldOut])})` +
      (!lived
        ? ""
        : why === "opened"
          ? `; ${ix.keys[h]} has a life of its own, ${words.count(openedEnds.length, "counterparty", "counterparties")} (${words.keys(openedEnds)}) with no other transfers to speak of`
          : why === "dwarfed"
            ? `; ${ix.keys[h]} has a life of its own, the sums ${dwarfClause} everyone in it`
            : `; ${ix.keys[h]} has a life of its own, its payers no other transfers to speak of, the sums ${openedClause} ${ix.keys[h]} and its receivers`) +
      clauses,
  };
}

/**
 * The episode without its petty outflows: those below a fanMaxAmountSpread-th of its largest one, the account's own
 * shopping between the sum passed on and the next days (a mule paid 6 400 USD passed 6 299 on within nine hours and
 * paid a shop 53 USD three days later; twenty-third pass, docs/DETECTION-HISTORY.md). Null when what is left no
 * longer passes on between (1 − hopMaxCut) and (1 + hopMaxExcess) of what came in.
 */
function withoutPetty(ix: IndexedProjection, ep: Episode, params: DetectParams): Episode | null {
  const largest = Math.max(...ep.outs.map((t) => ix.kzt[t]));
  const outs = ep.outs.filter((t) => ix.kzt[t] * params.fanMaxAmountSpread >= largest);
  if (outs.length === ep.outs.length) return ep;
  const inSum = ep.ins.reduce((x, t) => x + ix.kzt[t], 0);
  const outSum = outs.reduce((x, t) => x + ix.kzt[t], 0);
  return outSum >= (1 - params.hopMaxCut) * inSum ? { account: ep.account, ins: ep.ins, outs } : null;
}
