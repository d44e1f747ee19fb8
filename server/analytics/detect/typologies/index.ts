/**
 * Typology detectors on the time-ordered transfer graph (issue 16): the door of detect/typologies.
 *
 * From transfers alone (no complaints, identifiers, exits or home country needed) it finds the AML literature's
 * shapes: fan-in, fan-out, gather-scatter (bursts.ts), scatter-gather, cycles and layering chains (flows.ts),
 * bipartite (bipartite.ts), stack and the forwarding signature (forwarding.ts). Every threshold is relative to the
 * data (stats.ts) and a named setting (params.ts). Each finding lists its accounts and transfers and says what it saw
 * in words; points per typology (TYPOLOGY_POINTS) are what typology-roles.ts adds to an account's evidence.
 */
import type { IndexedProjection } from "../indexed.js";
import type { Pairs } from "../pairs.js";
import type { DetectParams } from "../params.js";
import { bipartiteBlocks } from "./bipartite.js";
import { bursts, openedForIt, type SecondLook, unusualFor, usualWithout } from "./bursts.js";
import {
  chainsAndCycles,
  dealingsAmong,
  forwardingHops,
  ownPairs,
  reverseCounts,
  scatterGather,
  schemeTransfer,
} from "./flows.js";
import { forwardingShapes } from "./forwarding.js";
import { strangersNetworks } from "./strangers.js";
import { unseenAtAccountsPace, unseenAtOwnPace } from "./unseen.js";
import type { DataStats } from "./stats.js";
import type { TypologyFinding, TypologyName, TypologyResult } from "./types.js";
import { moneyIn, wordsFor } from "./words.js";

export type { TypologyFinding, TypologyName, TypologyResult } from "./types.js";

/**
 * Evidence points per typology, for its collecting account (hub), for the accounts its money came from and that
 * pass nothing on in it (sources: a victim or a lender may sit there just as well, so a chain's first sender or a
 * scatter-gather's source earns half; a one-hop chain's payer into an account opened for it is a member in full:
 * forwarding.ts; so is a source that does nothing else in the data: openedFor), and for every other member. Recorded
 * with every run.
 */
export const TYPOLOGY_POINTS: Readonly<
  Record<TypologyName, { hub: number; member: number; source: number }>
> = Object.freeze({
  cycle: { hub: 50, member: 50, source: 50 },
  random: { hub: 50, member: 50, source: 25 },
  scatter_gather: { hub: 50, member: 50, source: 25 },
  gather_scatter: { hub: 50, member: 50, source: 50 },
  stack: { hub: 50, member: 50, source: 50 },
  bipartite: { hub: 50, member: 50, source: 50 },
  fan_in: { hub: 50, member: 50, source: 50 },
  fan_out: { hub: 50, member: 50, source: 50 },
  // One account passing a sum on is what many honest accounts do now and then: not enough alone.
  forwarding: { hub: 30, member: 30, source: 30 },
});

/** Find every typology in the projection. Pure; the same input gives the same findings in the same order. */
export function detectTypologies(
  ix: IndexedProjection,
  pairs: Pairs,
  params: DetectParams,
  stats: DataStats,
  /** Exchanges and watch-listed accounts, when the data names any (docs/DETECTION.md § 5); transfers alone need none. */
  isExchange: (a: number) => boolean = () => false,
  /** Amounts in the data's own currency (words.ts moneyIn), when the caller has it already. */
  money = moneyIn(ix),
  /** Exits of any kind (exchanges, watch-list, foreign banks), when the data names any; transfers alone need none. */
  isExit: (a: number) => boolean = isExchange,
  /** Whether two accounts have an owner in common, when the data names owners; transfers alone need none. */
  sameOwner: ((a: number, b: number) => boolean) | null = null,
): TypologyResult {
  const words = wordsFor(ix, money);
  const at = (q: number) => (Number.isNaN(stats.amountAt(q)) ? 0 : stats.amountAt(q));
  const floor = at(params.hopMinAmountQuantile);
  // A pair paid twice so far apart that a third payment at its own pace would fall outside the data is a relationship
  // the data is too short to show, no scheme's edge (unseen.ts): AMLSim's standing relationships in half a year of
  // data (eighteenth pass). Strangers' networks, which have no sums to go by, hold pairs paid once to their accounts'
  // pace as well.
  const unseen = unseenAtOwnPace(ix, pairs);
  const isScheme = schemeTransfer(ix, pairs, params, floor, null, unseen);
  // Hops may carry less than the floor once a chain has started (each keeps a cut): admit down to a quarter of it.
  const isLowScheme = schemeTransfer(ix, pairs, params, floor / 4, null, unseen);
  // The shapes that compare sums with an account's usual ones (fans and gather-scatters, stacks, the forwarding
  // signature, one-hop chains) take strangers' pairs only: a pair with transfers both ways (friends who split bills,
  // a relative paid back) is a relationship however few they are each way (fifteenth and sixteenth passes,
  // docs/DETECTION-HISTORY.md). Hops keep one-way pairs: both ways there rematched hops into new chains of
  // coincidence. Nor is a pair of one owner's accounts strangers: a person moving a salary to their own second
  // account (twenty-fifth pass, docs/DETECTION-HISTORY.md).
  const back = reverseCounts(ix, pairs);
  const own = ownPairs(pairs, sameOwner);
  const isStrangers = schemeTransfer(ix, pairs, params, floor, back, unseen, own);
  const isLowStrangers = schemeTransfer(ix, pairs, params, floor / 4, back, unseen, own);
  const fanFloor = at(params.fanMinAmountQuantile);
  const hops = forwardingHops(ix, isLowScheme, floor, params, isExchange);
  const fromHops = [
    ...chainsAndCycles(ix, hops, params, words, pairs, fanFloor, at(params.chainFastMinAmountQuantile)),
    ...scatterGather(ix, hops, pairs, params, words),
  ];
  const bipartite = bipartiteBlocks(ix, pairs, isScheme, params, words);
  // Below the floor, down to a quarter of it: AMLSim's complete block of everyday sums among accounts no block above
  // holds (13 senders each paying the same 20 receivers 40–219 USD within two days; sixteenth pass,
  // docs/DETECTION-HISTORY.md). Chance makes partial blocks of a shop's customers, not complete ones of strangers.
  const inBlock = new Uint8Array(ix.n);
  for (const f of bipartite) for (const a of f.members) inBlock[a] = 1;
  const isLowOutside = (t: number) => isLowScheme(t) && !inBlock[ix.from[t]] && !inBlock[ix.to[t]];
  bipartite.push(...bipartiteBlocks(ix, pairs, isLowOutside, params, words, true));
  // An account's dealings with strangers at any amount: what its one-off transfers usually move (forwarding.ts).
  const isAnyStrangers = schemeTransfer(ix, pairs, params, 0, back, null, own);
  const fans = (again?: SecondLook) =>
    bursts(
      ix,
      pairs,
      isStrangers,
      fanFloor,
      floor,
      params,
      words,
      isLowStrangers,
      at(params.fanPairMinAmountQuantile),
      again,
      isExit,
      isAnyStrangers,
      at(params.fanFastMinAmountQuantile),
    );
  const forwards = (again?: SecondLook) =>
    forwardingShapes(ix, isLowStrangers, floor, params, words, again, isAnyStrangers);
  const fanned = fans();
  const forwarded = forwards();
  const first = kept([...fromHops, ...fanned, ...bipartite, ...forwarded], pairs);
  // Schemes reuse accounts (mule herders do): an account already in a shape has that scheme's sums among its usual
  // ones, so its next scheme's sums look ordinary for it. The shapes that compare sums with the usual ones are looked
  // for again around the accounts the shapes found touched (the forwarding signature alone aside), with those shapes'
  // transfers left out of the centre's usual sums; a counterparty's stay its own, or one false shape would clear the
  // way for the next (docs/DETECTION.md § 2). What is new is reported with a clause that says so.
  const shaped = new Uint8Array(ix.transfers.length);
  const reused = new Uint8Array(ix.n);
  for (const f of first)
    if (f.typology !== "forwarding")
      for (const t of f.transfers) {
        shaped[t] = 1;
        reused[ix.from[t]] = 1;
        if (ix.to[t] >= 0) reused[ix.to[t]] = 1;
      }
  const known = new Set([...fanned, ...forwarded].map(shapeKey));
  const look: SecondLook = { centres: reused, usual: usualWithout(ix, shaped) };
  const again = [...fans(look), ...forwards(look)].filter((f) => !known.has(shapeKey(f)));
  for (const f of again) f.reason += REUSED_CLAUSE;
  // Networks of accounts that dealt with each other once, where the data makes that rare (strangers.ts): the shapes
  // above read amounts, these do not; they stay out of the second look's usual sums, and one whose every account a
  // shape above holds already is that shape, told better by it.
  const held = new Uint8Array(ix.n);
  for (const f of [...fromHops, ...fanned, ...bipartite, ...forwarded, ...again])
    if (f.typology !== "forwarding") for (const a of f.members) held[a] = 1;
  const unseenAtPace = unseenAtAccountsPace(ix, pairs);
  const strangers = strangersNetworks(ix, pairs, back, unseenAtPace, params, words).filter((f) =>
    f.members.some((a) => !held[a]),
  );
  const findings = kept([...fromHops, ...fanned, ...bipartite, ...forwarded, ...again, ...strangers], pairs);
  const loan = new RegExp(params.loanPurposePattern, "i");
  for (const f of findings) {
    if (f.sources.length) openedFor(ix, f, loan);
    if (f.sources.length) outOfTheOrdinary(ix, f, loan, params.fanDwarfFactor);
    const pts = TYPOLOGY_POINTS[f.typology];
    f.hubPoints = pts.hub;
    f.memberPoints = pts.member;
    f.sourcePoints = pts.source;
  }
  const byAccount = new Map<number, number[]>();
  findings.forEach((f, i) => {
    for (const a of f.members) {
      let list = byAccount.get(a);
      if (!list) byAccount.set(a, (list = []));
      if (list[list.length - 1] !== i) list.push(i);
    }
  });
  return { findings, byAccount, back, unseenAtAccountsPace: unseenAtPace };
}

/** Appended to the reason of a shape found only with the other shapes' transfers left out of the usual sums. */
const REUSED_CLAUSE = "; usual sums taken without the transfers of the other shapes found";

/** A shape's identity: its typology and its accounts. */
function shapeKey(f: TypologyFinding): string {
  return `${f.typology}:${[...f.members].sort((x, y) => x - y).join(",")}`;
}

/** The findings worth reporting, in their order: each shape once, none that is a group dealing with itself. */
function kept(all: TypologyFinding[], pairs: Pairs): TypologyFinding[] {
  // A gather-scatter is found from its fan (bursts.ts) or, below fan size, from its hub's forwarding episode
  // (forwarding.ts): report each hub's once, the fan's first.
  const gathered = new Set<number>();
  const once = (f: TypologyFinding) => {
    if (f.typology !== "gather_scatter") return true;
    if (f.hubs.some((h) => gathered.has(h))) return false;
    for (const h of f.hubs) gathered.add(h);
    return true;
  };
  // A cycle or chain of accounts is also a group of forwarders: report it once, as the stronger claim.
  const hopped = new Set<number>();
  for (const f of all)
    if (f.typology === "cycle" || f.typology === "random") for (const a of f.members) hopped.add(a);
  // A fan, gather-scatter or layering chain whose accounts deal with each other besides it, as many transfers as the
  // shape has or more, is a group that deals with itself (relatives collecting for one of theirs and paying it back,
  // or passing a sum on to another of them); a scheme's members do not know each other (flows.ts does the same for
  // cycles).
  const group = (f: TypologyFinding) =>
    (f.typology === "fan_in" ||
      f.typology === "fan_out" ||
      f.typology === "gather_scatter" ||
      f.typology === "random") &&
    dealingsAmong(pairs, new Set(f.members)) - f.transfers.length >= f.transfers.length;
  return all.filter(
    (f) =>
      once(f) &&
      !group(f) &&
      (!(f.typology === "stack" || f.typology === "forwarding") ||
        f.members.some((a) => !hopped.has(a) && !f.hubs.includes(a))),
  );
}

/**
 * A source is half evidence because a victim or a lender sits in its place just as well; but a victim or a lender has
 * a life in the data besides (its pay, its shopping, its other loans). A source that does nothing in all the data but
 * pay into the shape (at most LIFE_MIN_TRANSFERS transfers, every one of them the shape's) exists for it: a member
 * in full, and the reason says so. A payment that says it is a loan is a lender's, whatever else the lender does (a
 * register of one bank shows another bank's lender only where it paid this bank's customers).
 */
function openedFor(ix: IndexedProjection, f: TypologyFinding, loan: RegExp): void {
  const shape = new Set(f.transfers);
  const bare = f.sources.filter((s) => {
    if (!openedForIt(ix, s)) return false;
    for (let i = ix.evStart[s]; i < ix.evStart[s + 1]; i++) {
      const t = ix.ev[i] >> 1;
      if (ix.ev[i] & 1 || !shape.has(t) || loan.test(ix.transfers[t].purpose ?? "")) return false;
    }
    return true;
  });
  if (!bare.length) return;
  f.sources = f.sources.filter((s) => !bare.includes(s));
  f.reason += `; ${bare.map((s) => ix.keys[s]).join(", ")} did nothing else in the data (opened for it)`;
}

/**
 * A source whose every payment into the shape was `factor` (fanDwarfFactor) times its own median or more, against a
 * life of LIFE_MIN_TRANSFERS other transfers or more, moved a sum it never moves: a member in full, and the reason
 * says so (on 55 seeds of the second world, 50 laundering accounts and no other; docs/DETECTION.md § 2 and
 * docs/DETECTION-HISTORY.md). A payment that says it is a loan stays a lender's; a victim paying a suspected drop is
 * the first world's rules' to call.
 */
function outOfTheOrdinary(ix: IndexedProjection, f: TypologyFinding, loan: RegExp, factor: number): void {
  const shape = new Set(f.transfers);
  const odd = f.sources.filter((s) => {
    const pays = f.transfers.filter((t) => ix.from[t] === s);
    return (
      pays.length > 0 &&
      pays.every(
        (t) =>
          !loan.test(ix.transfers[t].purpose ?? "") && unusualFor(ix, s, ix.kzt[t], shape, factor, false),
      )
    );
  });
  if (!odd.length) return;
  f.sources = f.sources.filter((s) => !odd.includes(s));
  f.reason += `; ${odd.map((s) => ix.keys[s]).join(", ")} paid at least ${factor} times its usual sums into it`;
}

/** Points an account earns from the findings it is in: the strongest in full, each further typology half. */
export function typologyPoints(result: TypologyResult, a: number): number {
  const list = result.byAccount.get(a);
  if (!list) return 0;
  const best = new Map<TypologyName, number>();
  for (const i of list) {
    const f = result.findings[i];
    const p = f.hubs.includes(a) ? f.hubPoints : f.sources.includes(a) ? f.sourcePoints : f.memberPoints;
    best.set(f.typology, Math.max(best.get(f.typology) ?? 0, p));
  }
  const v = [...best.values()].sort((x, y) => y - x);
  return v.reduce((sum, p, i) => sum + (i === 0 ? p : p / 2), 0);
}
