/**
 * Fan-in, fan-out and gather-scatter: many one-off counterparties in one burst.
 *
 * A burst is the window of burstWindowMs with the most distinct one-off counterparties on one side of an account
 * (schemeTransfer: a pair with few transfers, not below the amount floor). What separates it from the legitimate
 * fan-ins and fan-outs around it (merchants, payroll, crowdfunding, utilities) is measured against the account's own
 * history and the burst itself, never against a sum in one currency:
 * - concentration: the burst is most of all the money the account ever received (fan-in) or paid (fan-out) over the
 *   data (fanBurstMinShare), where a shop or an employer has a steady flow over the whole period;
 * - regularity: its amounts are alike (fanMaxAmountSpread), as when a sum is split into parts, where customers and
 *   donors pay anything;
 * - what happens next: a gather-scatter hub passes most of the burst on after it (gatherScatterMinShare), split over
 *   several receivers, and only after the money came in (a fan-out before the fan-in is no gather-scatter).
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";
import type { DetectParams } from "../params.js";
import type { TypologyFinding } from "./types.js";
import type { Words } from "./words.js";

/** The largest multiple of an account's usual pace a fan's reason states; above it, "over" it. */
const PACE_SHOWN_MAX = 1000;

const DAY = 86_400_000;

/**
 * Other transfers that give an account a life of its own (docs/DETECTION.md, section 2). With fewer, there is no
 * ordinary to compare a sum with (unusualFor's `noHistory`), a burst dwarfs the account's history, and a counterparty
 * with its one transfer in a shape and fewer others besides was opened for it.
 */
export const LIFE_MIN_TRANSFERS = 3;

/** Was account a opened for what it takes part in: LIFE_MIN_TRANSFERS transfers or fewer in all the data? */
export function openedForIt(ix: IndexedProjection, a: number): boolean {
  return ix.evStart[a + 1] - ix.evStart[a] <= LIFE_MIN_TRANSFERS;
}

interface Burst {
  hub: number;
  transfers: number[];
  counterparts: number[];
}

/** The window with the most distinct counterparties among `list` (transfers of one account, in time order). */
function bestWindow(
  ix: IndexedProjection,
  hub: number,
  list: number[],
  other: (t: number) => number,
  windowMs: number,
): Burst {
  const inWindow = new Map<number, number>();
  let best = 0;
  let bestFrom = 0;
  let bestTo = -1;
  for (let i = 0, j = 0; i < list.length; i++) {
    const c = other(list[i]);
    inWindow.set(c, (inWindow.get(c) ?? 0) + 1);
    while (ix.ts[list[i]] - ix.ts[list[j]] > windowMs) {
      const d = other(list[j]);
      const k = inWindow.get(d)! - 1;
      if (k === 0) inWindow.delete(d);
      else inWindow.set(d, k);
      j++;
    }
    if (inWindow.size > best) {
      best = inWindow.size;
      bestFrom = j;
      bestTo = i;
    }
  }
  const transfers = list.slice(bestFrom, bestTo + 1);
  return { hub, transfers, counterparts: [...new Set(transfers.map(other))].sort((x, y) => x - y) };
}

/**
 * The burst's alike part: when its amounts are not alike (a window may hold two schemes' payments, or a scheme's and
 * an account's everyday ones), the largest group of its transfers whose amounts lie within `maxSpread` of each other,
 * in time order. Schemes split a sum into alike parts; the group is then judged like any burst.
 */
function alikePart(ix: IndexedProjection, b: Burst, other: (t: number) => number, maxSpread: number): Burst {
  if (spread(ix, b.transfers) <= maxSpread) return b;
  const v = b.transfers.slice().sort((x, y) => ix.kzt[x] - ix.kzt[y]);
  let bestFrom = 0;
  let bestTo = 0;
  for (let i = 0, j = 0; i < v.length; i++) {
    while (ix.kzt[v[i]] > maxSpread * ix.kzt[v[j]]) j++;
    if (i - j > bestTo - bestFrom) {
      bestFrom = j;
      bestTo = i;
    }
  }
  const keep = new Set(v.slice(bestFrom, bestTo + 1));
  const transfers = b.transfers.filter((t) => keep.has(t));
  return {
    hub: b.hub,
    transfers,
    counterparts: [...new Set(transfers.map(other))].sort((x, y) => x - y),
  };
}

/** Largest over smallest amount after dropping the extreme tenth on each side (one each from five payments). */
function spread(ix: IndexedProjection, transfers: number[]): number {
  const v = transfers.map((t) => ix.kzt[t]).sort((x, y) => x - y);
  const cut = v.length >= 5 ? Math.max(1, Math.floor(v.length / 10)) : 0;
  const lo = v[cut];
  const hi = v[v.length - 1 - cut];
  return lo > 0 ? hi / lo : Infinity;
}

/**
 * Share of the counterparties that paid or were paid by another of them (a family, a team: a group). One payment of
 * `strangersFrom` or more (the data's largest fifth) between two of them, and nothing else, does not link them:
 * relatives and colleagues deal in everyday sums or again and again, while mules reused by the schemes of one
 * organiser pay each other such a sum once, in another scheme (docs/DETECTION-HISTORY.md, tenth pass).
 */
function linkedShare(pairs: Pairs, counterparts: number[], strangersFrom: number): number {
  if (counterparts.length < 2) return 0;
  const inside = new Set(counterparts);
  const linked = new Set<number>();
  for (const c of counterparts) {
    for (let i = pairs.outStart[c]; i < pairs.outStart[c + 1]; i++) {
      const p = pairs.outIdx[i];
      const r = pairs.to[p];
      if (pairs.n[p] === 1 && pairs.kzt[p] >= strangersFrom) continue;
      if (r !== c && inside.has(r)) {
        linked.add(c);
        linked.add(r);
      }
    }
  }
  return linked.size / counterparts.length;
}

function median(values: number[]): number {
  const v = [...values].sort((x, y) => x - y);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : NaN;
}

/**
 * Is the amount out of the ordinary for account a: at least `factor` times the median of a's other transfers
 * (those not in `skip`)? Fewer than three other transfers: nothing ordinary to compare with, so `noHistory`.
 */
export function unusualFor(
  ix: IndexedProjection,
  a: number,
  amount: number,
  skip: Set<number>,
  factor: number,
  noHistory = true,
): boolean {
  // The account's amounts sorted once; the skipped ones (its own among `skip`) are stepped over in the walk.
  const all = sortedAmounts(ix, a);
  const removed: number[] = [];
  const mask = leftOut.get(ix)?.mask;
  for (const t of skip) {
    if (mask && mask[t]) continue;
    if (ix.from[t] === a) removed.push(ix.kzt[t]);
    if (ix.to[t] === a) removed.push(ix.kzt[t]);
  }
  const m = medianWithout(all, removed);
  return Number.isNaN(m) ? noHistory : amount >= factor * m;
}

/**
 * The (lower) median of the ascending amounts `all` once the amounts in `removed` (each one of them) are taken out;
 * NaN when fewer than LIFE_MIN_TRANSFERS are left. Sorts `removed`.
 */
export function medianWithout(all: ArrayLike<number>, removed: number[]): number {
  const k = all.length - removed.length;
  if (k < LIFE_MIN_TRANSFERS) return NaN;
  removed.sort((x, y) => x - y);
  const want = Math.floor((k - 1) / 2);
  let seen = 0;
  for (let i = 0, j = 0; i < all.length; i++) {
    if (j < removed.length && all[i] === removed[j]) {
      j++;
      continue;
    }
    if (seen++ === want) return all[i];
  }
  return NaN;
}

const sortedCache = new WeakMap<IndexedProjection, (Float64Array | undefined)[]>();
const leftOut = new WeakMap<IndexedProjection, { mask: Uint8Array; base: IndexedProjection }>();

/**
 * The same projection with the transfers marked in `mask` left out of every account's usual sums (unusualFor), and
 * nothing else changed: an account another scheme already uses has that scheme's sums for its usual ones, against
 * which its next scheme's sums look ordinary (docs/DETECTION.md § 2).
 */
export function usualWithout(ix: IndexedProjection, mask: Uint8Array): IndexedProjection {
  const view = { ...ix };
  leftOut.set(view, { mask, base: ix });
  return view;
}

/**
 * A second look (typologies/index.ts): only the shapes centred on `centres`, each centre's usual sums read from
 * `usual` (usualWithout), each counterparty's staying its own.
 */
export interface SecondLook {
  centres: Uint8Array;
  usual: IndexedProjection;
}

/** The amounts of all of account a's events (a self-transfer twice), ascending; cached per projection. */
function sortedAmounts(ix: IndexedProjection, a: number): Float64Array {
  let cache = sortedCache.get(ix);
  if (!cache) sortedCache.set(ix, (cache = new Array<Float64Array | undefined>(ix.n)));
  let v = cache[a];
  if (!v) {
    const view = leftOut.get(ix);
    let masked = false;
    if (view)
      for (let i = ix.evStart[a]; i < ix.evStart[a + 1] && !masked; i++)
        masked = view.mask[ix.ev[i] >> 1] === 1;
    if (view && !masked) v = sortedAmounts(view.base, a);
    else {
      v = new Float64Array(ix.evStart[a + 1] - ix.evStart[a]);
      let k = 0;
      for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++)
        if (!view || !view.mask[ix.ev[i] >> 1]) v[k++] = ix.kzt[ix.ev[i] >> 1];
      if (k < v.length) v = v.slice(0, k);
      v.sort();
    }
    cache[a] = v;
  }
  return v;
}

/**
 * Find fan-ins, fan-outs and gather-scatters. `fanFloor`: the amount a fan's median payment must reach;
 * `gatherFloor`: the lower one of a gather-scatter, whose passing the money on is evidence of its own.
 */
export function bursts(
  ix: IndexedProjection,
  pairs: Pairs,
  isScheme: (t: number) => boolean,
  fanFloor: number,
  gatherFloor: number,
  params: DetectParams,
  words: Words,
  /** One-off transfers down to a quarter of the scheme floor (what hops are made of): a fast fan's smaller parts. */
  isLowScheme: (t: number) => boolean = isScheme,
  /** The amount a fan of fewer than fanMin receivers with lives of their own must reach (fanPairMinAmountQuantile). */
  pairFloor = Infinity,
  /** Only these centres, with their usual sums read elsewhere; every account when absent. */
  again?: SecondLook,
  /** Exits (exchanges, watch-list, foreign banks): a collection paid on at once to one is cashed out, not an errand. */
  isExit: (a: number) => boolean = () => false,
  /** Transfers over strangers' one-off pairs at any amount (a salary and standing payments are none of them). */
  isAnyStrangers: (t: number) => boolean = () => false,
  /** The amount each payment of a fast fan below fan size must reach (fanFastMinAmountQuantile). */
  fastFloor = Infinity,
): TypologyFinding[] {
  const centreIx = again?.usual ?? ix;
  const total = (transfers: number[]) => transfers.reduce((x, t) => x + ix.kzt[t], 0);
  const dataSpan = Math.max(DAY, ix.lastTs - ix.firstTs);
  // Like a shape of people moving money: regular amounts that matter, spread over time, from strangers.
  // `batch`: whether payments all within fanBatchMaxMs rule the fan out (a gather-scatter's fan is judged with its
  // passing the money on: a system's batch is not followed by the hub splitting it among strangers).
  // `paced`: a burst that is not most of all the account ever moved on that side still counts as concentrated when it
  // brings fanUnusualFactor times what the account's other transfers on that side bring in the same time at their
  // usual pace (a mule with a salary: eight strangers' thousands within hours against a monthly pay; a shop's
  // busiest month is about its usual pace). Only for a gather-scatter, whose passing the money on is evidence too.
  const fanLike = (
    b: Burst,
    ever: number,
    floor = fanFloor,
    batch = true,
    paceFactor = 0,
    oneOffEver = Infinity,
  ) => {
    const k = b.counterparts.length;
    const first = ix.ts[b.transfers[0]];
    const last = ix.ts[b.transfers[b.transfers.length - 1]];
    const sum = total(b.transfers);
    const span = Math.max(DAY, last - first);
    return (
      k >= params.fanMin &&
      k <= params.fanMax &&
      (sum >= params.fanBurstMinShare * ever ||
        sum >= params.fanBurstMinShare * oneOffEver ||
        (paceFactor > 0 && sum >= paceFactor * (ever - sum) * (span / dataSpan))) &&
      (!batch || last - first > params.fanBatchMaxMs) &&
      median(b.transfers.map((t) => ix.kzt[t])) >= floor &&
      spread(ix, b.transfers) <= params.fanMaxAmountSpread &&
      linkedShare(pairs, b.counterparts, pairFloor) <= params.fanMaxLinkedShare
    );
  };
  // How many counterparties the account dealt with on the burst's side outside the burst, in all the data.
  const othersOnSide = (b: Burst) => {
    const inflow = ix.to[b.transfers[0]] === b.hub;
    const inBurst = new Set(b.counterparts);
    const others = new Set<number>();
    for (let i = ix.evStart[b.hub]; i < ix.evStart[b.hub + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if ((e & 1) !== (inflow ? 1 : 0) || ix.to[t] < 0) continue;
      const c = inflow ? ix.from[t] : ix.to[t];
      if (!inBurst.has(c)) others.add(c);
    }
    return others.size;
  };
  // The burst dwarfs the account's own pace on that side (docs/DETECTION.md, section 2): it falls within one burst
  // window (burstWindowMs; slower than one hop's dwell only with the fan's stricter terms, fanMembers), brings
  // fanDwarfFactor times what the account's other transfers on that side bring in the
  // same time at their usual pace, and has more counterparties than the account dealt with on that side in all the
  // rest of the data (forty strangers paid within hours from an account that pays its rent and a few bills a month;
  // a business's busy day is among as many customers or suppliers as it always has). Not enough for a fan-in alone: a
  // crowdfunding campaign's first day is a fast fan-in of strangers by design, and money that comes in fast and stays
  // is what pace cannot tell from a windfall; a fan-in's senders must also pay sums unusual for them (fanMembers), a
  // gather-scatter's hub must scatter the money at a pace its own too (bothPacesDwarfed).
  const paceDwarfs = (b: Burst, ever: number) => {
    const sum = total(b.transfers);
    const span = Math.max(DAY, ix.ts[b.transfers[b.transfers.length - 1]] - ix.ts[b.transfers[0]]);
    if (span > params.burstWindowMs || sum < params.fanDwarfFactor * (ever - sum) * (span / dataSpan))
      return false;
    return b.counterparts.length > othersOnSide(b);
  };
  // A gather-scatter whose sums are the hub's usual size (a mule whose salary is what each payer sends): both its
  // sides dwarf the hub's pace, each with more counterparties than it dealt with on that side in all the rest of the
  // data. A collection's first days dwarf its pace on one side; its pot is paid out to a few, not split among strangers
  // within days.
  const bothPacesDwarfed = (
    b: Burst,
    after: number[],
    receivers: number[],
    inEver: number,
    outEver: number,
  ) =>
    paceDwarfs(b, inEver) && paceDwarfs({ hub: b.hub, transfers: after, counterparts: receivers }, outEver);
  // The fan is out of the ordinary for the account at its centre: its payments are fanUnusualFactor times the
  // median of the account's other transfers; or they are half that, and the burst brings fanUnusualFactor times
  // more money on its side than the account's other transfers on that side bring in the same time at their usual
  // pace (a mule with a salary of the same size as each payment). An employer's payday is its usual size and pace.
  const hubUnusual = (b: Burst, also: number[] = []) => {
    const skip = new Set([...b.transfers, ...also]);
    const m = median(b.transfers.map((t) => ix.kzt[t]));
    if (unusualFor(centreIx, b.hub, m, skip, params.fanUnusualFactor)) return true;
    const inflow = ix.to[b.transfers[0]] === b.hub;
    let other = 0;
    let otherBoth = 0;
    let otherCount = 0;
    for (let i = ix.evStart[b.hub]; i < ix.evStart[b.hub + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if (skip.has(t) || ix.to[t] < 0) continue;
      otherBoth += ix.kzt[t];
      otherCount++;
      if ((e & 1) === (inflow ? 1 : 0)) other += ix.kzt[t];
    }
    if (otherCount >= LIFE_MIN_TRANSFERS && total(b.transfers) >= params.fanDwarfFactor * otherBoth)
      return true;
    if (!unusualFor(centreIx, b.hub, m, skip, params.fanUnusualFactor / 2)) return false;
    const span = Math.max(DAY, ix.ts[b.transfers[b.transfers.length - 1]] - ix.ts[b.transfers[0]]);
    return total(b.transfers) >= params.fanUnusualFactor * other * (span / dataSpan);
  };
  // The burst dwarfs the account's own history (fewer than three other transfers, or fanDwarfFactor times their
  // money): an account opened or woken for it. Its payments then need only the scheme floor (gatherFloor), not the
  // fan's: strangers paying an account with no life of its own is evidence enough that they matter.
  const dwarfs = (b: Burst) => {
    const skip = new Set(b.transfers);
    let other = 0;
    let count = 0;
    for (let i = ix.evStart[b.hub]; i < ix.evStart[b.hub + 1]; i++) {
      const t = ix.ev[i] >> 1;
      if (skip.has(t) || ix.to[t] < 0) continue;
      other += ix.kzt[t];
      count++;
    }
    return count < LIFE_MIN_TRANSFERS || total(b.transfers) >= params.fanDwarfFactor * other;
  };
  // The counterparties for whom their payment in the fan was out of the ordinary (the others are named, not held).
  const unusualCounterparts = (b: Burst, other: (t: number) => number, noHistory = true) => {
    const skip = new Set(b.transfers);
    const keep = new Set<number>();
    for (const t of b.transfers)
      if (unusualFor(ix, other(t), ix.kzt[t], skip, params.fanUnusualFactor, noHistory)) keep.add(other(t));
    return [...keep].sort((x, y) => x - y);
  };
  // A fan's members: its centre and the counterparties for whom their payment was out of the ordinary, or, when the
  // fan dwarfs its centre's pace, all its counterparties (the burst is then the account's scheme, and AMLSim labels
  // every account of a fan; a receiver paid a few hundred dollars it often gets is one of them all the same). A
  // fan-in counts as dwarfing the pace only when at least fanInUnusualShare of its senders with lives of their own
  // (livedCount) paid sums unusual for them (a collection's first day is a fast fan-in of strangers too, but donors
  // pay what they usually pay; senders with no history prove nothing either way, so they count on neither side). A
  // fan that dwarfs its centre's pace needs no amounts unusual for the centre: strangers by the dozen within days
  // against a pace of a few a month is out of the ordinary by itself, and a reused mule's usual amounts are its other
  // schemes'.
  // A fan that dwarfs its centre's pace or history needs only the scheme floor. `low`: a burst of the smaller parts
  // (below), taken only when it dwarfs the pace.
  const batched = (b: Burst) => {
    let k = 0;
    for (let i = 1; i < b.transfers.length; i++)
      if (ix.ts[b.transfers[i]] - ix.ts[b.transfers[i - 1]] <= params.fanBatchMaxMs) k++;
    return k;
  };
  // Has account a a life of its own besides the transfers in `skip`: LIFE_MIN_TRANSFERS others or more?
  const hasLife = (a: number, skip: Set<number>) => {
    let k = 0;
    for (let i = ix.evStart[a]; i < ix.evStart[a + 1] && k < LIFE_MIN_TRANSFERS; i++)
      if (!skip.has(ix.ev[i] >> 1)) k++;
    return k >= LIFE_MIN_TRANSFERS;
  };
  // The counterparties with three other transfers or more (lives of their own), counted as fanMin when fewer.
  const livedCount = (b: Burst, other: (t: number) => number) => {
    const skip = new Set(b.transfers);
    const seen = new Set<number>();
    let n = 0;
    for (const t of b.transfers) {
      const c = other(t);
      if (seen.has(c)) continue;
      seen.add(c);
      if (hasLife(c, skip)) n++;
    }
    return Math.max(n, params.fanMin);
  };
  const fanMembers = (
    b: Burst,
    ever: number,
    other: (t: number) => number,
    low: boolean,
    oneOffEver = Infinity,
  ) => {
    // A slow one (longer than one hop's dwell) needs the fan's amount floor and holds only the counterparties for
    // whom their sum stood out: over weeks a pace-dwarfing window also holds the centre's own shopping. Nor is it a
    // few system runs (payrolls a week apart): at most half of its payments come within fanBatchMaxMs of the last.
    const spanMs = ix.ts[b.transfers[b.transfers.length - 1]] - ix.ts[b.transfers[0]];
    const slow = spanMs > params.hopMaxDwellMs;
    const fast =
      paceDwarfs(b, ever) &&
      (!slow || 2 * batched(b) <= b.transfers.length) &&
      (other === receiver ||
        unusualCounterparts(b, other, false).length >= params.fanInUnusualShare * livedCount(b, other));
    if (low && !fast) return null;
    // A slow fan-out that dwarfs its payer's pace and keeps a fast fan's pace throughout (fanMin receivers or more
    // per hopMaxDwellMs of its span) needs only the scheme floor too: seed 4403's salaried payer paid 44 strangers
    // 364–1 400 USD over 27 days, its median a hair under the fan floor (twenty-fourth pass,
    // docs/DETECTION-HISTORY.md). Fan-ins at that pace cost four laundering accounts and added six other flags on the
    // development seeds.
    const steady =
      slow && other === receiver && b.counterparts.length * params.hopMaxDwellMs >= params.fanMin * spanMs;
    const light = (fast && (!slow || steady)) || dwarfs(b);
    // A slow fan that does not dwarf its centre's pace is a few payments over weeks: needs the data's largest fifth
    // (pairFloor, as a fan of two does) unless its sums are fanDwarfFactor times the centre's usual ones (an account
    // paying three people a few hundred each over a month is what people do; a scheme's split of thousands is not).
    // So does a slow fan of no more than fanMin counterparties that dwarfs its centre's pace: three payments over
    // weeks dwarf the pace of an account that receives little else as easily as a scheme does (friends paying back
    // a shared trip; twenty-sixth pass, docs/DETECTION-HISTORY.md).
    const slowFloor =
      slow &&
      (!fast || b.counterparts.length <= params.fanMin) &&
      !unusualFor(
        centreIx,
        b.hub,
        median(b.transfers.map((t) => ix.kzt[t])),
        new Set(b.transfers),
        params.fanDwarfFactor,
      )
        ? pairFloor
        : 0;
    const floor = Math.max(slowFloor, light ? Math.min(fanFloor, gatherFloor) : fanFloor);
    // Most of what strangers ever paid it counts as a slow fan-in's concentration only when its senders with lives of
    // their own paid sums unusual for them, as a fan-in that dwarfs the pace must (a collection's donors pay what
    // they usually pay). A fan-in within a hop's dwell is the pace rules' to judge. Or, with too few senders with
    // lives to say (seed 1804: six strangers paid 1 800–4 498 USD over twenty days into an account paid 4 289 USD a
    // month, four of them opened for it and the two others paying what they usually pay; twenty-fourth pass,
    // docs/DETECTION-HISTORY.md), when those for whom the sum stood out and those opened for it are fanInUnusualShare
    // of all its senders: a collection's donors have lives and pay what they usually pay. Counted only for a slow fan
    // with a one-off yardstick: fanMembers runs for every burst.
    let openedSenders: number | null = null;
    let strangersEver = Infinity;
    if (slow && oneOffEver < Infinity) {
      const unusualN = unusualCounterparts(b, other, false).length;
      if (unusualN >= params.fanInUnusualShare * livedCount(b, other)) strangersEver = oneOffEver;
      else {
        const openedN = b.counterparts.filter((a) => openedForIt(ix, a)).length;
        if (unusualN + openedN >= params.fanInUnusualShare * b.counterparts.length) {
          strangersEver = oneOffEver;
          openedSenders = openedN;
        }
      }
    }
    if (
      !fanLike(b, ever, floor, true, fast ? params.fanDwarfFactor : 0, strangersEver) ||
      (!fast && !hubUnusual(b))
    )
      return null;
    // A fan-in within one hop's dwell that is most of what the account received, or out of its ordinary, holds every
    // sender it dealt with that once, not only those for whom the sum stood out: a scheme's senders pay whatever the
    // scheme asks, and some of them pay that much now and then anyway (seed 4502: 39 strangers paid an account that
    // did nothing else 100–331 USD within two and a half days, 13 of them sums they often pay). Only once fanMin
    // senders' sums stood out: one or two such senders vouch for no others (on AMLSim's 90-day register, o34, fans of
    // three at accounts no scheme used then brought in their senders too). A sender that paid it twice is a standing
    // relationship (a salary paid in the window) and is held only when its sum stood out (twenty-fifth pass,
    // docs/DETECTION-HISTORY.md). Slow fans keep to the senders whose sums stood out: over weeks a window also holds
    // the account's own dealings.
    const held = () => {
      const keep = new Set(unusualCounterparts(b, other));
      if (!slow && other === sender && keep.size >= params.fanMin)
        for (const t of b.transfers) if (pairs.n[pairs.pairOf[t]] === 1) keep.add(other(t));
      return [...keep].sort((x, y) => x - y);
    };
    return {
      members: alikeMembers(b, fast && !slow ? b.counterparts : held(), other),
      fast,
      all: fast && !slow,
      /** Senders opened for it that made its share of one-off inflows count (null when they were not needed). */
      openedSenders,
    };
  };
  // Of a fan's members, those with a sum in it at least a fanMaxAmountSpread-th of the fan's median sum: a scheme's fan
  // moves alike sums, and a small payment in its window is the centre's ordinary life (a mule paid 277 USD by someone
  // the day before strangers paid it 989–2 257 USD within five hours; twenty-first pass, docs/DETECTION-HISTORY.md).
  const alikeMembers = (b: Burst, members: number[], other: (t: number) => number) => {
    const m = median(b.transfers.map((t) => ix.kzt[t]));
    const part = new Set<number>();
    for (const t of b.transfers) if (ix.kzt[t] * params.fanMaxAmountSpread >= m) part.add(other(t));
    return members.filter((a) => part.has(a));
  };
  // Transfer t's sum within fanMaxAmountSpread of `m` either way: a part of a shape whose median sum is m.
  const alikeWith = (t: number, m: number) =>
    ix.kzt[t] * params.fanMaxAmountSpread >= m && ix.kzt[t] <= params.fanMaxAmountSpread * m;
  // A shape's smaller parts (a fast fan whose every counterparty is a member, a gather-scatter's fan): one-off
  // transfers on its side down to a quarter of the scheme floor between its first and last payment, alike with it
  // (within fanMaxAmountSpread of its median sum either way). The part above the floor found the shape; they are the
  // rest of it (nineteenth pass, docs/DETECTION-HISTORY.md).
  const withSmallerParts = (b: Burst, inflow: boolean): Burst => {
    const first = ix.ts[b.transfers[0]];
    const last = ix.ts[b.transfers[b.transfers.length - 1]];
    const m = median(b.transfers.map((t) => ix.kzt[t]));
    const inBurst = new Set(b.transfers);
    const more: number[] = [];
    for (let i = ix.evStart[b.hub]; i < ix.evStart[b.hub + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if ((e & 1) !== (inflow ? 1 : 0) || inBurst.has(t) || ix.ts[t] < first || ix.ts[t] > last) continue;
      if (!alikeWith(t, m)) continue;
      if (isLowScheme(t)) more.push(t);
    }
    if (!more.length) return b;
    const transfers = [...b.transfers, ...more].sort((x, y) => ix.ts[x] - ix.ts[y] || x - y);
    const other = inflow ? sender : receiver;
    return { hub: b.hub, transfers, counterparts: [...new Set(transfers.map(other))].sort((x, y) => x - y) };
  };
  // The burst within hopMaxDwellMs among one-off transfers down to a quarter of the scheme floor on one side of h
  // (fan-in: inflows): a fast fan's parts of a few hundred dollars each fall partly below the floor.
  const lowBurst = (h: number, inflow: boolean, skip: Set<number> | null): Burst | null => {
    const list: number[] = [];
    for (let i = ix.evStart[h]; i < ix.evStart[h + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if ((e & 1) !== (inflow ? 1 : 0) || (skip && skip.has(t)) || !isLowScheme(t)) continue;
      list.push(t);
    }
    // paceDwarfs needs more counterparties in the burst than the account's others on that side: impossible when the
    // whole list is no more than half of its distinct counterparties (most accounts; this skips their window).
    const distinct = inflow
      ? pairs.inStart[h + 1] - pairs.inStart[h]
      : pairs.outStart[h + 1] - pairs.outStart[h];
    if (list.length < params.fanMin || 2 * list.length <= distinct) return null;
    const other = inflow ? sender : receiver;
    return alikePart(
      ix,
      bestWindow(ix, h, list, other, params.hopMaxDwellMs),
      other,
      params.fanMaxAmountSpread,
    );
  };
  // What set a fan apart beyond its share and amounts, for its reason: its pace, counterparties opened for it, or
  // sums unusual at both ends (a fan-out below fan size).
  type How = "pace" | "opened" | "both" | "strangers" | "fast" | null;
  const paceWords = (b: Burst, ever: number, inflow: boolean) => {
    const sum = total(b.transfers);
    const span = Math.max(DAY, ix.ts[b.transfers[b.transfers.length - 1]] - ix.ts[b.transfers[0]]);
    // Against what the rest of the data would have brought over the same span; an account with next to nothing
    // else has no pace to multiply, so the words stop at PACE_SHOWN_MAX rather than print a meaningless ratio.
    const usual = (ever - sum) * (span / dataSpan);
    const ratio = usual > 0 ? sum / usual : Infinity;
    const pace = ratio >= PACE_SHOWN_MAX ? `over ${PACE_SHOWN_MAX}` : String(Math.round(ratio));
    return inflow
      ? `; ${pace} times its usual pace, from more senders than paid it in all the rest of the data`
      : `; ${pace} times its usual pace, to more receivers than it paid in all the rest of the data`;
  };
  const openedWords = (b: Burst) =>
    `; ${b.counterparts.length} of them with fewer than three other transfers in the data (opened for it)`;
  const extra = (b: Burst, ever: number, inflow: boolean, how: How) =>
    how === "pace"
      ? paceWords(b, ever, inflow)
      : how === "opened"
        ? openedWords(b)
        : how === "strangers"
          ? `; ${b.counterparts.filter(opened).length} of them with fewer than three other transfers in the data (opened for it), ${unusualCounterparts(b, inflow ? sender : receiver, false).length} ${inflow ? "paying" : "receiving"} sums far above their usual ones`
          : how === "both"
            ? inflow
              ? "; sums far above the usual ones of the account and of each sender"
              : "; sums far above the usual ones of the payer and of each receiver"
            : how === "fast"
              ? `; each sum ${params.hopOpenedFactor} times or more the payer's usual ones and among the data's largest, and far above the usual ones of ${words.count(unusualCounterparts(b, receiver).length, "receiver")}`
              : "";
  // A fan with one account on its other side (docs/DETECTION.md, section 2): a fan-out of one sum paid to its centre
  // up to hopMaxDwellMs before it, at least all of the fan's money; a fan-in the centre paid on, (1 − hopMaxCut) of it
  // at least, in one payment up to hopMaxDwellMs after it. That is a gather-scatter below fan size on that side, and is
  // judged as one: through a centre with a life of its own (LIFE_MIN_TRANSFERS other transfers or more) it is an errand
  // as often as a scheme (a windfall shared out among friends, friends' shares paid to a shop) and is not taken, unless
  // fanOpenedMin or more of its counterparties, or the account on the other side, were opened for it (errands are run
  // among people with lives). Money that came from an exit or went on to one (or to cash) is a scheme's, not an errand.
  const opened = (a: number) => openedForIt(ix, a);
  const oneOnTheOtherSide = (b: Burst, inflow: boolean) => {
    if (b.counterparts.filter(opened).length >= params.fanOpenedMin) return false;
    const first = ix.ts[b.transfers[0]];
    const last = ix.ts[b.transfers[b.transfers.length - 1]];
    const need = inflow ? (1 - params.hopMaxCut) * total(b.transfers) : total(b.transfers);
    let passing = -1;
    for (let i = ix.evStart[b.hub]; i < ix.evStart[b.hub + 1] && passing < 0; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if ((e & 1) === (inflow ? 1 : 0) || ix.to[t] < 0 || ix.kzt[t] < need) continue;
      if (isExit(inflow ? ix.to[t] : ix.from[t])) continue;
      const gap = inflow ? ix.ts[t] - last : first - ix.ts[t];
      if (gap >= 0 && gap <= params.hopMaxDwellMs) passing = t;
    }
    if (passing < 0) return false;
    if (opened(inflow ? ix.to[passing] : ix.from[passing])) return false;
    return hasLife(b.hub, new Set([...b.transfers, passing]));
  };
  // A fan's finding, or null when it has one account on its other side.
  const fanIn = (b: Burst, members: number[], ever: number, how: How): TypologyFinding | null =>
    oneOnTheOtherSide(b, true)
      ? null
      : {
          typology: "fan_in",
          hubs: [b.hub],
          members: [...members, b.hub],
          transfers: b.transfers,
          sources: [],
          hubPoints: 0,
          memberPoints: 0,
          sourcePoints: 0,
          reason: `fan-in: ${words.count(b.counterparts.length, "one-off sender")} paid ${ix.keys[b.hub]} ${words.sum(b.transfers)} ${words.span(b.transfers)} (${Math.round((100 * total(b.transfers)) / Math.max(1, ever))}% of all it ever received, amounts alike within ×${spread(ix, b.transfers).toFixed(1)}${extra(b, ever, true, how)})`,
        };
  const fanOut = (b: Burst, members: number[], ever: number, how: How): TypologyFinding | null =>
    oneOnTheOtherSide(b, false)
      ? null
      : {
          typology: "fan_out",
          hubs: [],
          members: [b.hub, ...members],
          transfers: b.transfers,
          sources: [],
          hubPoints: 0,
          memberPoints: 0,
          sourcePoints: 0,
          reason: `fan-out: ${ix.keys[b.hub]} paid ${words.count(b.counterparts.length, "one-off receiver")} ${words.sum(b.transfers)} ${words.span(b.transfers)} (${Math.round((100 * total(b.transfers)) / Math.max(1, ever))}% of all it ever paid, amounts alike within ×${spread(ix, b.transfers).toFixed(1)}${extra(b, ever, false, how)})`,
        };
  // Below fan size: fanOpenedMin or more one-off counterparties on one side of h within hopMaxDwellMs, each opened
  // for it (fewer than three other transfers in the data), their sums unusual for h, alike and not a group's. Also at
  // fan size when the fan rules did not take it (they need the fan floor, the data's 0.7 quantile, from a centre with
  // a life of its own): three senders with one other transfer each paid an account whose sums are 79 USD 665–1 000
  // USD within 80 minutes (seed 4504; twenty-fifth pass, docs/DETECTION-HISTORY.md), while two such senders were
  // taken.
  const openedFan = (h: number, list: number[], other: (t: number) => number): Burst | null => {
    const fresh = list.filter((t) => opened(other(t)));
    if (new Set(fresh.map(other)).size < params.fanOpenedMin) return null;
    const b = bestWindow(ix, h, fresh, other, params.hopMaxDwellMs);
    if (b.counterparts.length < params.fanOpenedMin) return null;
    // At fan size, a system's batch is a payday, not a scheme (fanLike).
    const span = ix.ts[b.transfers[b.transfers.length - 1]] - ix.ts[b.transfers[0]];
    if (b.counterparts.length >= params.fanMin && span <= params.fanBatchMaxMs) return null;
    const m = median(b.transfers.map((t) => ix.kzt[t]));
    return spread(ix, b.transfers) <= params.fanMaxAmountSpread &&
      linkedShare(pairs, b.counterparts, pairFloor) <= params.fanMaxLinkedShare &&
      unusualFor(centreIx, h, m, new Set(b.transfers), params.fanUnusualFactor)
      ? b
      : null;
  };
  // Below fan size, counterparties with lives of their own: fanOpenedMin or more one-off counterparties of h (the
  // ends `other` names) within hopMaxDwellMs, most of all h ever paid or received (fanBurstMinShare), each sum at least
  // pairFloor and unusual at both ends — for h and for its counterparty (fanUnusualFactor times its median; an account
  // with no history passes) — alike and not a group's. Relatives and friends pay each other sums of a few hundred; a
  // scheme splits thousands among strangers.
  const unusualFan = (
    h: number,
    list: number[],
    ever: number,
    other: (t: number) => number,
    mayCount: (t: number) => boolean,
  ): Burst | null => {
    const skip = new Set(list);
    // An account that does nothing else in the data (opened for it) needs only the fan floor, and its counterparties
    // need not find the sums unusual (a receiver may be a business paid such sums every day): the families' and
    // own-account moves the largest fifth keeps out come from accounts with lives. Lower, at the scheme floor, a fresh
    // account's two gifts of a few hundred came in (docs/DETECTION-HISTORY.md, tenth and eleventh passes).
    const bare = opened(h);
    const floor = bare ? Math.min(pairFloor, fanFloor) : pairFloor;
    const odd = list.filter(
      (t) =>
        ix.kzt[t] >= floor &&
        (bare || unusualFor(ix, other(t), ix.kzt[t], skip, params.fanUnusualFactor)) &&
        mayCount(t),
    );
    if (new Set(odd.map(other)).size < params.fanOpenedMin) return null;
    const b = bestWindow(ix, h, odd, other, params.hopMaxDwellMs);
    if (b.counterparts.length < params.fanOpenedMin || b.counterparts.length >= params.fanMin) return null;
    return total(b.transfers) >= params.fanBurstMinShare * ever &&
      spread(ix, b.transfers) <= params.fanMaxAmountSpread &&
      linkedShare(pairs, b.counterparts, pairFloor) <= params.fanMaxLinkedShare &&
      unusualFor(
        centreIx,
        h,
        median(b.transfers.map((t) => ix.kzt[t])),
        new Set(b.transfers),
        params.fanUnusualFactor,
      )
      ? b
      : null;
  };
  // A fan-out below fan size, fast, from a payer with a life of its own: fanOpenedMin or more one-off receivers within
  // chainFastDwellMs, each sum at least fastFloor (the data's fanFastMinAmountQuantile) and hopOpenedFactor times the
  // payer's usual ones, alike and not a group's, and for at least one receiver far above its usual ones (or it has
  // no history): a split, however much else the payer moves (unusualFan wants most of it) and whichever receiver
  // usually gets such sums (seed 4805: an account whose sums are 109 USD paid two strangers 6 318 and 11 500 USD
  // within 45 minutes, the second to an account paid such sums; seed 4804: one whose sums are 650 USD paid two
  // strangers 6 244 and 5 600 USD within 29 minutes). Its members: the payer and every receiver. Not for a fan-in:
  // two friends paying back a shared bill within minutes make the same shape.
  const fastFanOut = (h: number, list: number[]): Burst | null => {
    const large = list.filter((t) => ix.kzt[t] >= fastFloor);
    if (new Set(large.map(receiver)).size < params.fanOpenedMin) return null;
    const b = bestWindow(ix, h, large, receiver, params.chainFastDwellMs);
    if (b.counterparts.length < params.fanOpenedMin || b.counterparts.length >= params.fanMin) return null;
    const skip = new Set(b.transfers);
    const least = Math.min(...b.transfers.map((t) => ix.kzt[t]));
    return spread(ix, b.transfers) <= params.fanMaxAmountSpread &&
      linkedShare(pairs, b.counterparts, pairFloor) <= params.fanMaxLinkedShare &&
      unusualFor(centreIx, h, least, skip, params.hopOpenedFactor, false) &&
      unusualCounterparts(b, receiver).length > 0
      ? b
      : null;
  };
  // A payer passing on a collection: it had received at least (1 - hopMaxCut) of the sum from fanMin or more senders
  // within burstWindowMs before paying it (a crowdfunding pot paid out, a shop's takings). A scheme's payer moves
  // money of its own (AMLSim's payers' money comes from outside the data).
  const passesCollection = (t: number) => {
    const a = ix.from[t];
    const from = new Set<number>();
    let sum = 0;
    for (let i = ix.evStart[a]; i < ix.evStart[a + 1]; i++) {
      const e = ix.ev[i];
      const u = e >> 1;
      if ((e & 1) !== 1 || ix.ts[u] >= ix.ts[t] || ix.ts[t] - ix.ts[u] > params.burstWindowMs) continue;
      from.add(ix.from[u]);
      sum += ix.kzt[u];
    }
    return from.size >= params.fanMin && sum >= (1 - params.hopMaxCut) * ix.kzt[t];
  };
  // A fan-out below fan size: its receivers. A fan-in below fan size: its senders, none passing on a collection (two
  // crowdfunding pots paid to one supplier are unusual at both ends too).
  const unusualFanOut = (h: number, list: number[], ever: number) =>
    unusualFan(h, list, ever, receiver, () => true);
  const unusualFanIn = (h: number, list: number[], ever: number) =>
    unusualFan(h, list, ever, sender, (t) => !passesCollection(t));
  // The burst's busiest run: its transfers split at silences longer than hopMaxDwellMs, the run with the most
  // counterparties (null when the burst is one run). A window of burstWindowMs may join one scheme's payers with a
  // payer of another days earlier (a reused account), who deals with the others in that other scheme.
  const busiestRun = (b: Burst, other: (t: number) => number): Burst | null => {
    let best: number[] | null = null;
    let bestK = 0;
    let from = 0;
    for (let i = 1; i <= b.transfers.length; i++) {
      if (i < b.transfers.length && ix.ts[b.transfers[i]] - ix.ts[b.transfers[i - 1]] <= params.hopMaxDwellMs)
        continue;
      if (from === 0 && i === b.transfers.length) return null;
      const run = b.transfers.slice(from, i);
      const k = new Set(run.map(other)).size;
      if (k > bestK) {
        best = run;
        bestK = k;
      }
      from = i;
    }
    return (
      best && {
        hub: b.hub,
        transfers: best,
        counterparts: [...new Set(best.map(other))].sort((x, y) => x - y),
      }
    );
  };
  // Every run of the burst (split at silences longer than hopMaxDwellMs), most counterparties first.
  const runsOf = (b: Burst, other: (t: number) => number): Burst[] => {
    const out: Burst[] = [];
    let from = 0;
    for (let i = 1; i <= b.transfers.length; i++) {
      if (i < b.transfers.length && ix.ts[b.transfers[i]] - ix.ts[b.transfers[i - 1]] <= params.hopMaxDwellMs)
        continue;
      if (from === 0 && i === b.transfers.length) return [];
      const run = b.transfers.slice(from, i);
      out.push({
        hub: b.hub,
        transfers: run,
        counterparts: [...new Set(run.map(other))].sort((x, y) => x - y),
      });
      from = i;
    }
    return out.sort((x, y) => y.counterparts.length - x.counterparts.length);
  };
  // A fan of strangers (docs/DETECTION.md, section 2): fanMin or more one-off counterparties on one side within
  // burstWindowMs, their sums down to a quarter of the scheme floor, alike, not a group's and no system's batch, of
  // whom at least fanMin (and a quarter of all) were opened for it (three transfers or fewer in the data) and at least
  // fanMin others paid (or were paid) sums unusual for them; the fan is most of all the account ever received (paid),
  // or dwarfs its pace, or reaches twice as many counterparties as it dealt with on that side in all the rest of the
  // data (a salary beside it may still be the larger sum). Neither kind is enough alone: a collection's donors at
  // other banks look new to one bank's register, and a generous donor pays more than usual now and then; both at once,
  // a dozen strangers' thousands within days, are a scheme's everyday-sized parts, which the fan's floor
  // (fanMinAmountQuantile) would miss. Its members: the centre and the counterparties new to the data or with sums
  // unusual for them (over weeks a window also holds the centre's usual payers and payees).
  const strangersFan = (h: number, ever: number, inflow: boolean): Burst | null => {
    const other = inflow ? sender : receiver;
    const list: number[] = [];
    for (let i = ix.evStart[h]; i < ix.evStart[h + 1]; i++) {
      const e = ix.ev[i];
      if ((e & 1) === (inflow ? 1 : 0) && ix.to[e >> 1] >= 0 && isLowScheme(e >> 1)) list.push(e >> 1);
    }
    if (list.length < params.fanMin) return null;
    const b = alikePart(
      ix,
      bestWindow(ix, h, list, other, params.burstWindowMs),
      other,
      params.fanMaxAmountSpread,
    );
    const k = b.counterparts.length;
    if (k < params.fanMin || k > params.fanMax) return null;
    const fresh = b.counterparts.filter(opened).length;
    if (fresh < params.fanMin || 4 * fresh < k) return null;
    const span = ix.ts[b.transfers[b.transfers.length - 1]] - ix.ts[b.transfers[0]];
    if (span <= params.fanBatchMaxMs || 2 * batched(b) > b.transfers.length) return null;
    if (linkedShare(pairs, b.counterparts, pairFloor) > params.fanMaxLinkedShare) return null;
    if (unusualCounterparts(b, other, false).length < params.fanMin) return null;
    // Concentrated: most of its money on that side, its pace dwarfed, or most of the people it ever dealt with there.
    return total(b.transfers) >= params.fanBurstMinShare * ever ||
      paceDwarfs(b, ever) ||
      k > 2 * othersOnSide(b)
      ? b
      : null;
  };
  // A gather-scatter of strangers' everyday sums (docs/DETECTION.md § 2, nineteenth pass): fanMin or more one-off
  // senders within burstWindowMs, sums down to a quarter of the scheme floor and alike, then, after the money came
  // in, 70–110% of it passed on to fanMin or more one-off receivers; on each side more than twice as many
  // counterparties as the hub dealt with there in all the rest of the data. Its sums need not stand out: a salaried
  // hub's 200–500 USD from seven strangers, split among fourteen others within a fortnight (seed 1502). An errand has
  // one payer or one receiver; a shop's customers and suppliers come back.
  const strangersGatherScatter = (h: number): TypologyFinding | null => {
    const low: number[] = [];
    const lowOut: number[] = [];
    for (let i = ix.evStart[h]; i < ix.evStart[h + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if (ix.to[t] < 0 || !isLowScheme(t)) continue;
      if (e & 1) low.push(t);
      else lowOut.push(t);
    }
    if (low.length < params.fanMin || lowOut.length < params.fanMin) return null;
    const w = alikePart(
      ix,
      bestWindow(ix, h, low, sender, params.burstWindowMs),
      sender,
      params.fanMaxAmountSpread,
    );
    // Its busiest run when the window holds silences longer than one hop's dwell (an earlier payer of another matter).
    const run = busiestRun(w, sender);
    const b =
      run && run.counterparts.length >= params.fanMin
        ? alikePart(ix, run, sender, params.fanMaxAmountSpread)
        : w;
    if (b.counterparts.length < params.fanMin || b.counterparts.length > params.fanMax) return null;
    if (median(b.transfers.map((t) => ix.kzt[t])) < gatherFloor) return null; // the gathered sums matter
    if (b.counterparts.length <= 2 * othersOnSide(b)) return null;
    if (linkedShare(pairs, b.counterparts, pairFloor) > params.fanMaxLinkedShare) return null;
    const first = ix.ts[b.transfers[0]];
    const last = ix.ts[b.transfers[b.transfers.length - 1]];
    const inSum = total(b.transfers);
    const after: number[] = [];
    let outSum = 0;
    // Parts within fanMaxAmountSpread of the senders' median sum either way (a shop paid meanwhile is no part).
    const m = median(b.transfers.map((t) => ix.kzt[t]));
    for (const t of lowOut) {
      if (ix.ts[t] <= first || ix.ts[t] > last + params.burstWindowMs) continue;
      if (!alikeWith(t, m)) continue;
      if (outSum + ix.kzt[t] > params.gatherScatterMaxShare * inSum) break;
      after.push(t);
      outSum += ix.kzt[t];
    }
    const receivers = [...new Set(after.map(receiver))].sort((x, y) => x - y);
    if (outSum < params.gatherScatterMinShare * inSum || receivers.length < params.fanMin) return null;
    if (median(after.map((t) => ix.ts[t])) < median(b.transfers.map((t) => ix.ts[t]))) return null;
    const out: Burst = { hub: h, transfers: after, counterparts: receivers };
    if (receivers.length <= 2 * othersOnSide(out)) return null;
    if (linkedShare(pairs, receivers, pairFloor) > params.fanMaxLinkedShare) return null;
    const shape = [...b.transfers, ...after].sort((x, y) => x - y);
    if (ix.ts[shape[shape.length - 1]] - first <= params.fanBatchMaxMs) return null;
    return {
      typology: "gather_scatter",
      hubs: [h],
      members: [...b.counterparts, h, ...receivers].filter((a, i, all) => all.indexOf(a) === i),
      transfers: shape,
      sources: [],
      hubPoints: 0,
      memberPoints: 0,
      sourcePoints: 0,
      reason: `gather-scatter of strangers: ${words.count(b.counterparts.length, "one-off sender")} paid ${ix.keys[h]} ${words.sum(b.transfers)} ${words.span(b.transfers)} (amounts alike within ×${spread(ix, b.transfers).toFixed(1)}; more than twice as many senders as paid it in all the rest of the data), then it passed ${Math.round((100 * outSum) / inSum)}% of it on to ${words.count(receivers.length, "one-off receiver")} (${words.keys(receivers)}) ${words.span(after)} (more than twice as many as it paid in all the rest of the data)`,
    };
  };
  const findings: TypologyFinding[] = [];
  const report = (f: TypologyFinding | null) => {
    if (f) findings.push(f);
  };
  const ins: number[] = [];
  const outs: number[] = [];
  const sender = (t: number) => ix.from[t];
  const receiver = (t: number) => ix.to[t];
  for (let h = 0; h < ix.n; h++) {
    if (again && !again.centres[h]) continue;
    ins.length = 0;
    outs.length = 0;
    for (let i = ix.evStart[h]; i < ix.evStart[h + 1]; i++) {
      const e = ix.ev[i];
      const t = e >> 1;
      if (!isScheme(t)) continue;
      if (e & 1) ins.push(t);
      else outs.push(t);
    }
    let inEver = 0;
    let outEver = 0;
    let inOneOff = 0;
    for (let i = ix.evStart[h]; i < ix.evStart[h + 1]; i++) {
      const e = ix.ev[i];
      if (ix.to[e >> 1] < 0) continue;
      if (e & 1) inEver += ix.kzt[e >> 1];
      else outEver += ix.kzt[e >> 1];
      if (e & 1 && isAnyStrangers(e >> 1)) inOneOff += ix.kzt[e >> 1];
    }
    let scattered: Set<number> | null = null;
    let fannedOut = false;
    let fannedIn = false;

    if (ins.length >= params.fanMin) {
      const gate = (x: Burst) =>
        fanLike(x, inEver, Math.min(fanFloor, gatherFloor), false, params.fanUnusualFactor);
      let b = alikePart(
        ix,
        bestWindow(ix, h, ins, sender, params.burstWindowMs),
        sender,
        params.fanMaxAmountSpread,
      );
      if (!gate(b)) {
        const run = busiestRun(b, sender);
        if (run && gate(run)) b = run;
      }
      const k = b.counterparts.length;
      if (gate(b)) {
        const first = ix.ts[b.transfers[0]];
        const last = ix.ts[b.transfers[b.transfers.length - 1]];
        const inSum = b.transfers.reduce((x, t) => x + ix.kzt[t], 0);
        // What happens next: one-off outflows after the first inflow of the burst, up to a burst window after its
        // last, in time order for as long as together they pass on no more than gatherScatterMaxShare of it (an
        // account used by two schemes, or paying its own large bills, goes on paying after the burst's money left).
        // `alike`: only outflows within fanMaxAmountSpread of the burst's median sum either way.
        const inMedianSum = median(b.transfers.map((t) => ix.kzt[t]));
        const scatterOf = (alike: boolean, inSum: number) => {
          const after: number[] = [];
          let outSum = 0;
          for (const t of outs) {
            if (ix.ts[t] <= first || ix.ts[t] > last + params.burstWindowMs) continue;
            if (alike && !alikeWith(t, inMedianSum)) continue;
            if (outSum + ix.kzt[t] > params.gatherScatterMaxShare * inSum) break;
            after.push(t);
            outSum += ix.kzt[t];
          }
          const receivers = [...new Set(after.map(receiver))].sort((x, y) => x - y);
          const shape = [...b.transfers, ...after];
          const scatters =
            outSum >= params.gatherScatterMinShare * inSum &&
            receivers.length >= params.gatherScatterMinReceivers &&
            median(after.map((t) => ix.ts[t])) >= median(b.transfers.map((t) => ix.ts[t])) &&
            Math.max(...shape.map((t) => ix.ts[t])) - first > params.fanBatchMaxMs;
          return { after, outSum, receivers, scatters };
        };
        const whole = scatterOf(false, inSum);
        const { scatters } = whole;
        // Sums not unusual for the hub: both sides must dwarf its pace instead (bothPacesDwarfed), the money passed on
        // in parts of the burst's size (a shop paid now and then is no part).
        let next = scatters && hubUnusual(b, whole.after) ? whole : null;
        let how: How = null;
        if (!next && scatters) {
          const parts = scatterOf(true, inSum);
          if (parts.scatters && bothPacesDwarfed(b, parts.after, parts.receivers, inEver, outEver)) {
            next = parts;
            how = "pace";
          }
        }
        if (next) {
          // The burst's smaller parts: one-off inflows down to a quarter of the scheme floor between its first and
          // last payment, alike with it (within fanMaxAmountSpread of its median sum either way). The hub passes
          // them on with the rest, so the money counted as passed on is the whole gathering's (seed 3801: 26 payers
          // of 100–321 USD within two days, ten of them below the floor, and the last four receivers paid from their
          // money; nineteenth pass, docs/DETECTION-HISTORY.md).
          const inBurst = new Set(b.transfers);
          const smaller = withSmallerParts(b, true).transfers.filter((t) => !inBurst.has(t));
          const smallerSum = total(smaller);
          const fuller = smaller.length > 0 ? scatterOf(how === "pace", inSum + smallerSum) : null;
          const withSmaller = fuller !== null && fuller.scatters;
          const { after, outSum, receivers } = withSmaller ? fuller : next;
          const gathered = withSmaller ? [...b.transfers, ...smaller] : b.transfers;
          const senders = [...new Set(gathered.map(sender))].sort((x, y) => x - y);
          const smallerWords = withSmaller
            ? `, and ${words.count(new Set(smaller.map(sender)).size, "one-off sender")} ${words.sum(smaller)} in smaller parts in the same time`
            : "";
          scattered = new Set(after);
          findings.push({
            typology: "gather_scatter",
            hubs: [h],
            // The hub's passing the money on ties every sender and receiver to it, not only those for whom the
            // payment stood out (a fan alone names those and holds the rest: a shop's customers may sit there).
            members: [...senders, h, ...receivers].filter((a, i, all) => all.indexOf(a) === i),
            transfers: [...gathered, ...after].sort((x, y) => x - y),
            sources: [],
            hubPoints: 0,
            memberPoints: 0,
            sourcePoints: 0,
            reason: `gather-scatter: ${words.count(k, "one-off sender")} paid ${ix.keys[h]} ${words.sum(b.transfers)} ${words.span(b.transfers)} (${Math.round((100 * total(b.transfers)) / Math.max(1, inEver))}% of all it ever received, amounts alike within ×${spread(ix, b.transfers).toFixed(1)}${extra(b, inEver, true, how)})${smallerWords}, then passed ${Math.round((100 * outSum) / (inSum + (withSmaller ? smallerSum : 0)))}% of it on to ${words.count(receivers.length, "account")} (${words.keys(receivers)}) after it came in`,
          });
        } else if (!scatters) {
          let fan = fanMembers(b, inEver, sender, false, inOneOff);
          // A window that fails is judged run by run too (another payer days before the scheme's), as fan-outs are.
          if (!fan)
            for (const run of runsOf(b, sender)) {
              const x = alikePart(ix, run, sender, params.fanMaxAmountSpread);
              if (x.counterparts.length < params.fanMin) continue;
              fan = fanMembers(x, inEver, sender, false, inOneOff);
              if (fan) {
                b = x;
                break;
              }
            }
          if (fan) {
            fannedIn = true;
            if (fan.all) b = withSmallerParts(b, true);
            const found = fanIn(
              b,
              fan.all ? alikeMembers(b, b.counterparts, sender) : fan.members,
              inEver,
              fan.fast ? "pace" : null,
            );
            // Most of what it received from strangers, though not of all it received (a salary besides): said so.
            const sum = total(b.transfers);
            if (
              found &&
              sum < params.fanBurstMinShare * inEver &&
              sum >= params.fanBurstMinShare * inOneOff
            ) {
              found.reason += `; ${Math.round((100 * sum) / inOneOff)}% of what it received over one-off pairs, its standing payments left out`;
              if (fan.openedSenders !== null)
                found.reason += `; ${fan.openedSenders} of its senders with fewer than three other transfers in the data (opened for it)`;
            }
            report(found);
          }
        }
      }
    }

    if (!scattered && !fannedIn) {
      const g = strangersGatherScatter(h);
      if (g) {
        scattered = new Set(g.transfers);
        report(g);
      }
    }

    if (outs.length >= params.fanMin) {
      const list = scattered ? outs.filter((t) => !scattered!.has(t)) : outs;
      const w = bestWindow(ix, h, list, receiver, params.burstWindowMs);
      let b = alikePart(ix, w, receiver, params.fanMaxAmountSpread);
      let fan = fanMembers(b, outEver, receiver, false);
      // A window that fails is judged run by run too (a reused account's two schemes weeks apart), the run with
      // the most receivers first.
      if (!fan)
        for (const run of runsOf(w, receiver)) {
          const x = alikePart(ix, run, receiver, params.fanMaxAmountSpread);
          if (x.counterparts.length < params.fanMin) continue;
          fan = fanMembers(x, outEver, receiver, false);
          if (fan) {
            b = x;
            break;
          }
        }
      if (fan) {
        fannedOut = true;
        if (fan.all) b = withSmallerParts(b, false);
        report(
          fanOut(
            b,
            fan.all ? alikeMembers(b, b.counterparts, receiver) : fan.members,
            outEver,
            fan.fast ? "pace" : null,
          ),
        );
      }
    }
    // A fast fan-out's smaller parts: with payments down to a quarter of the scheme floor (left out above), a burst
    // that dwarfs the account's pace (a fan of forty payments of a few hundred dollars within hours).
    if (!fannedOut) {
      const low = lowBurst(h, false, scattered);
      const fan = low && fanMembers(low, outEver, receiver, true);
      if (low && fan) {
        fannedOut = true;
        report(fanOut(low, fan.members, outEver, "pace"));
      }
    }
    if (!fannedOut && outs.length >= params.fanOpenedMin) {
      const list = scattered ? outs.filter((t) => !scattered!.has(t)) : outs;
      const b = openedFan(h, list, receiver);
      const u = b ? null : unusualFanOut(h, list, outEver);
      const f = b || u ? null : fastFanOut(h, list);
      if (b) report(fanOut(b, b.counterparts, outEver, "opened"));
      else if (u) report(fanOut(u, u.counterparts, outEver, "both"));
      else if (f) report(fanOut(f, f.counterparts, outEver, "fast"));
    }
    if (!fannedOut) {
      const b = strangersFan(h, outEver, false);
      if (b) report(fanOut(b, unusualCounterparts(b, receiver), outEver, "strangers"));
    }
    // A fast fan-in's smaller parts, the same way, when the burst falls within chainFastDwellMs (strangers' payments
    // within hours, not days) and at least fanInUnusualShare of its senders with lives paid sums unusual for them
    // (fanMembers): seed 2502's 27 senders of 300–1 268 USD within two hours, some below the floor. Over days, fan-ins
    // of three everyday sums came in (docs/DETECTION-HISTORY.md, fourteenth pass).
    if (!fannedIn && !scattered) {
      const low = lowBurst(h, true, null);
      const fan =
        low &&
        ix.ts[low.transfers[low.transfers.length - 1]] - ix.ts[low.transfers[0]] <= params.chainFastDwellMs &&
        fanMembers(low, inEver, sender, true);
      if (low && fan) {
        fannedIn = true;
        report(fanIn(low, fan.members, inEver, "pace"));
      }
    }
    if (!fannedIn && !scattered) {
      const b = strangersFan(h, inEver, true);
      if (b) {
        fannedIn = true;
        report(fanIn(b, unusualCounterparts(b, sender), inEver, "strangers"));
      }
    }
    if (!fannedIn && !scattered && ins.length >= params.fanOpenedMin) {
      const b = openedFan(h, ins, sender);
      const u = b ? null : unusualFanIn(h, ins, inEver);
      if (b) report(fanIn(b, b.counterparts, inEver, "opened"));
      else if (u) report(fanIn(u, u.counterparts, inEver, "both"));
    }
  }
  return findings;
}
