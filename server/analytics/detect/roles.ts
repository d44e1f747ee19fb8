/**
 * Roles per account (victim, drop, cash-out hub, exit, organiser candidate, ordinary) with a score (0–100) and
 * reasons in plain words.
 *
 * A drop is a pass-through account (R1) with enough further evidence: money from reported victims (R2), fan-in of
 * first-time senders (R2), rapid splits (R3), outflow to exits (R5), a new, dormant or rented account (R6), test
 * payments (R11), structuring (R12), and, found by iterating to a fixed point, links to other suspects: receiving
 * forwarded money from them, paying them, sharing identifiers with them (R7). Pass-through alone is not enough:
 * payroll accounts, merchants that sweep their takings and people moving their own money between their banks
 * all forward quickly, but none of them has the rest. A hub (R4) is a suspect that receives forwarded money from
 * suspects and cashes it out (exits, or accounts that keep what suspects pay them), or that gathers from at least
 * hubGatherMin suspects and pays no suspect.
 */
import type { AccountRole } from "../../../model/graph.js";
import { cashOut, cashOutWords, type ExitKind } from "./exits.js";
import type { AccountFeatures } from "./features.js";
import { count, duration, listSome, money, pct, scoreOf } from "./format.js";
import { type IdentifierIndex, sameOwnerOf } from "./identifiers.js";
import type { IndexedProjection } from "./indexed.js";
import type { Pairs } from "./pairs.js";
import type { DetectParams } from "./params.js";
import type { PassThroughStats } from "./pass-through.js";

/** A role the rules flag: the accounts clusters are made of (drops, hubs and organisers). */
export function isFlaggedRole(r: AccountRole): boolean {
  return r === "drop" || r === "hub" || r === "organiser";
}

export interface RoleInput {
  ix: IndexedProjection;
  pt: PassThroughStats;
  pairs: Pairs;
  exitKinds: (ExitKind | null)[];
  features: Map<number, AccountFeatures>;
  ids: IdentifierIndex;
  /** Accounts named as victims by a complaint, with their case numbers. */
  reportedVictims: Map<number, string[]>;
  /** The home country the run resolved (exits.ts resolveHomeCountry), null when the data shows none. */
  homeCountry: string | null;
  params: DetectParams;
  /** An amount (in the projection's KZT) in the data's own currency, for reasons (typologies/words.ts moneyIn). */
  money: (kzt: number) => string;
}

export interface RoleDecisions {
  role: AccountRole[];
  score: Float64Array;
  reasons: Map<number, string[]>;
  /** Accounts treated as exits although no watch-list names them (they keep what suspects pay them). */
  sinks: Set<number>;
  /**
   * Victims inferred only from paying a suspected drop (no complaint, no loan passed on): with no complaint in the
   * data a typology may still name them members of a scheme (typology-roles.ts).
   */
  paidVictims: Set<number>;
}

/**
 * Points per indicator. An account's points are their sum; a drop needs minDropScore points; the reported score is
 * format.ts scoreOf(points). Recorded with every run.
 */
export const POINTS = Object.freeze({
  passThrough: 25,
  victim: 20,
  victimEach: 10,
  victimMax: 40,
  fanIn: 15,
  rapidSplit: 5,
  exits: 20,
  newAccount: 10,
  firstSeen: 5,
  soleProprietor: 10,
  testPayment: 5,
  structuring: 5,
  upstream: 25,
  upstreamCandidate: 10,
  gather: 10,
  feedsFunnel: 10,
  downstream: 20,
  chainEnd: 10,
  downstreamCandidate: 5,
  shared: 10,
  sharedEach: 5,
  sharedMax: 20,
});
const P = POINTS;

interface Points {
  points: number;
  reasons: string[];
  /**
   * Base points: is there evidence of where the money came from (victims, a fan-in of strangers, private persons
   * paying a business account, test payments)? Network points: is the account linked by forwarded money to
   * suspects or likely ones? A drop needs one or the other: a tourist who draws a salary abroad, or a crypto buyer,
   * forwards fast and reaches exits, but the money is their own.
   */
  evidence: boolean;
}

/** Points an account earns on its own (no other account's status involved), with the reasons. */
function basePoints(f: AccountFeatures, a: number, input: RoleInput): Points {
  const { pt, params } = input;
  let points = 0;
  const reasons: string[] = [];
  // A pass-through account is judged on the victims' money it passed on; a holding account on what it holds.
  const victims = f.passThrough ? f.victims.forwardedAccounts : f.victims.accounts;
  if (f.passThrough) {
    points += P.passThrough;
    reasons.push(
      `forwarded ${pct(f.ratio)} of ${input.money(pt.spanInKzt[a])} received over ${duration(pt.spanEnd[a] - pt.spanStart[a])}` +
        ` (${count(pt.passedInflows[a], "inflow")}), money leaving a median ${duration(pt.medianDwellMs[a])} after it came in`,
    );
  }
  if (victims > 0) {
    points += Math.min(P.victimMax, P.victim + P.victimEach * (victims - 1));
    const span = f.victims.lastTs - f.victims.firstTs;
    reasons.push(
      `received ${count(f.victims.transfers, "transfer")} (${input.money(f.victims.kzt)}) from ${count(f.victims.accounts, "reported victim")}` +
        `${span > 0 ? ` within ${duration(span)}` : ""} (${listSome(f.victims.cases.map((c) => `case ${c}`))})` +
        (f.victims.kzt > 0 ? `, forwarded ${pct(f.victims.forwardedKzt / f.victims.kzt)} of it` : ""),
    );
  }
  // New senders are no evidence for an account that forwards steadily over most of the data: a business whose new
  // clients pay it and whose suppliers it pays the next day, all period long.
  const dataSpan = input.ix.lastTs - input.ix.firstTs;
  const steady = dataSpan > 0 && pt.spanEnd[a] - pt.spanStart[a] >= params.steadyFlowMinShare * dataSpan;
  const fanIn = f.passThrough && f.firstTimeSenders >= params.fanInMin && !steady;
  if (fanIn) {
    points += P.fanIn;
    reasons.push(`${f.firstTimeSenders} first-time senders whose money it passed on (fan-in)`);
  }
  // R3 is a split that follows a fan-in (R2): on its own, every payroll run splits.
  if (f.passThrough && (fanIn || victims > 0) && f.rapidSplits > 0) {
    points += P.rapidSplit;
    reasons.push(
      `split ${count(f.rapidSplits, "inflow")} over ${params.rapidSplitMinOutflows}+ receivers within ${duration(params.rapidSplitWindowMs)}`,
    );
  }
  if (f.daysOpenBeforeSpan !== null && f.daysOpenBeforeSpan * 86_400_000 < params.newAccountMs) {
    points += P.newAccount;
    reasons.push(
      `opened ${Math.max(0, Math.round(f.daysOpenBeforeSpan))} days before money started passing through`,
    );
  } else if (f.dormantDays !== null) {
    points += P.newAccount;
    reasons.push(`dormant for ${Math.round(f.dormantDays)} days, then money passed through`);
  } else if (f.firstSeenDays !== null && f.firstSeenDays * 86_400_000 >= params.newAccountMs) {
    points += P.firstSeen;
    reasons.push(
      `no transfers in the first ${Math.round(f.firstSeenDays)} days of the data, then money passed through`,
    );
  }
  const soleProprietor =
    f.passThrough &&
    f.soleProprietorPersonalInflows >= 2 &&
    pt.medianDwellMs[a] <= params.soleProprietorMaxDwellMs;
  if (soleProprietor) {
    points += P.soleProprietor;
    reasons.push(
      `sole proprietor's business account that passed on ${f.soleProprietorPersonalInflows} transfers from private persons`,
    );
  }
  if (f.testPayments.count > 0 && f.testPayments.example) {
    const x = f.testPayments.example;
    points += P.testPayment;
    reasons.push(
      `received a test payment of ${input.money(x.tinyKzt)} from ${x.from}, then ${input.money(x.largeKzt)} ${duration(x.delayMs)} later` +
        (f.testPayments.count > 1 ? ` (${f.testPayments.count} such pairs)` : ""),
    );
  }
  if (f.structuring > 0 && f.structuringBelow) {
    points += P.structuring;
    const below = f.structuringBelow;
    reasons.push(
      `${f.structuring} transfers just below ${money(below.amount, below.currency)} within ${duration(params.structuringWindowMs)}`,
    );
  }
  const evidence = victims > 0 || fanIn || soleProprietor || f.testPayments.count > 0;
  if (f.passThrough && f.regularIncomeShare >= 0.5) {
    reasons.push(
      `${pct(f.regularIncomeShare)} of what it passed on came from senders who paid it before (${f.regularPayer}): its own income`,
    );
  }
  return { points, reasons, evidence };
}

/**
 * R4's gather as structure, before anyone is a suspect: an account into which at least hubGatherMin pass-through
 * accounts forward fresh money, each of them sending it most of what it pays out (at least funnelMinShare) and
 * together making up most of what it receives, is a funnel. Both ends earn points and count as
 * evidence: this is how a ring shows in a bare transfer register. Payroll fans out, merchants are fed by ordinary
 * customers and the treasury takes a small tax from each employer, so none makes a funnel; known exits are left out
 * (they gather from everyone), and so are feeders with a clientele (hasClientele: businesses paying a supplier).
 */
function addFunnels(input: RoleInput, base: Map<number, Points>, loanVictims: Set<number>): void {
  const { pairs, pt, features, exitKinds, ix, params } = input;
  const feeders = new Map<number, { from: number[]; kzt: number }>();
  for (let p = 0; p < pairs.count; p++) {
    const s = pairs.from[p];
    const g = pairs.to[p];
    if (pairs.fastKzt[p] < params.funnelMinShare * pt.outKzt[s] || exitKinds[g] || loanVictims.has(s))
      continue;
    if (!features.get(s)?.passThrough || hasClientele(s, input)) continue;
    const e = feeders.get(g) ?? { from: [], kzt: 0 };
    e.from.push(s);
    e.kzt += pairs.kzt[p];
    feeders.set(g, e);
  }
  for (const [g, e] of [...feeders].sort((x, y) => x[0] - y[0])) {
    if (e.from.length < params.hubGatherMin || e.kzt < 0.5 * pt.inKzt[g]) continue;
    const bg = base.get(g);
    if (bg) {
      bg.points += P.gather;
      bg.evidence = true;
      bg.reasons.push(
        `gathers ${input.money(e.kzt)} (${pct(e.kzt / pt.inKzt[g])} of its inflow) from ${e.from.length} pass-through accounts`,
      );
    }
    for (const s of e.from) {
      const bs = base.get(s);
      if (!bs) continue;
      bs.points += P.feedsFunnel;
      bs.evidence = true;
      bs.reasons.push(`one of ${e.from.length} pass-through accounts passing money on to ${ix.keys[g]}`);
    }
  }
}

/**
 * Does the account have a clientele: clienteleMin senders or more, none of them passing money on itself, each of whom
 * paid it clienteleMinPayments times or more? A business collecting from its clients pays its suppliers the next day
 * and looks like a pass-through account; several such businesses sharing a supplier would make a funnel. A drop's
 * senders are victims paying once or twice and drops upstream, which pass money on (docs/DETECTION-HISTORY.md,
 * thirteenth pass).
 */
function hasClientele(a: number, input: RoleInput): boolean {
  const { pairs, features, params } = input;
  let clients = 0;
  for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
    const p = pairs.inIdx[i];
    if (pairs.n[p] < params.clienteleMinPayments || features.get(pairs.from[p])?.passThrough) continue;
    if (++clients >= params.clienteleMin) return true;
  }
  return false;
}

interface LinkContext {
  /** Per account: pass-through accounts that forwarded fresh money to it in bulk (more than a cut). */
  feeders: Map<number, number[]>;
  /** Do the two accounts have an owner in common (one person's own accounts)? */
  sameOwner(a: number, b: number): boolean;
  /** exits.ts cashOut, remembered per account while the set of sinks stays the same object. */
  cashOut(a: number, sinks: Set<number>): ReturnType<typeof cashOut>;
}

/** Bulk forwarding links between pass-through accounts, and owners, for the link points. */
function linkContext(input: RoleInput, loanVictims: Set<number>): LinkContext {
  const { pairs, pt, features, ids, params } = input;
  const sameOwner = sameOwnerOf(ids);
  const feeders = new Map<number, number[]>();
  for (let p = 0; p < pairs.count; p++) {
    const s = pairs.from[p];
    const a = pairs.to[p];
    if (pairs.fastKzt[p] <= 0 || pairs.fwdKzt[p] <= 0 || loanVictims.has(s) || !features.get(s)?.passThrough)
      continue;
    if (pairs.kzt[p] <= params.organiserMaxCutShare * pt.outKzt[s] || sameOwner(s, a)) continue;
    feeders.set(a, [...(feeders.get(a) ?? []), s]);
  }
  let cachedFor: Set<number> | null = null;
  const cache = new Map<number, ReturnType<typeof cashOut>>();
  const cashOutOf = (a: number, sinks: Set<number>) => {
    if (cachedFor !== sinks) {
      cache.clear();
      cachedFor = sinks;
    }
    let c = cache.get(a);
    if (!c) cache.set(a, (c = cashOut(input.ix, a, input.exitKinds, sinks, input.homeCountry)));
    return c;
  };
  return { feeders, sameOwner, cashOut: cashOutOf };
}

/** Decide every account's role. */
export function decideRoles(input: RoleInput): RoleDecisions {
  const { ix, pt, pairs, exitKinds, features, reportedVictims, params } = input;
  const n = ix.n;
  const role: AccountRole[] = new Array<AccountRole>(n).fill("ordinary");
  const score = new Float64Array(n);
  const reasons = new Map<number, string[]>();

  // Candidates: pass-through accounts and accounts fed by several reported victims; never exits or reported
  // victims, nor accounts that mostly pass on a loan they just received (R10: the victim of a remote-access loan).
  const candidates: number[] = [];
  const loanVictims: number[] = [];
  const base = new Map<number, Points>();
  for (const [a, f] of features) {
    if (exitKinds[a] || reportedVictims.has(a)) continue;
    // Holding victims' money without passing it on yet: several reported victims, nearly all that came in meanwhile.
    const holder =
      f.victims.accounts >= params.fanInMin && f.victims.shareOfInflow >= params.passThroughMinRatio;
    if (!f.passThrough && !holder) continue;
    if (f.passThrough && f.loanShare >= 0.5) {
      loanVictims.push(a);
      continue;
    }
    candidates.push(a);
    base.set(a, basePoints(f, a, input));
  }
  candidates.sort((x, y) => x - y);
  loanVictims.sort((x, y) => x - y);
  addFunnels(input, base, new Set(loanVictims));
  const links = linkContext(input, new Set(loanVictims));

  // Links to pass-through accounts count before they are confirmed only when those have evidence of their own.
  const suspect = new Uint8Array(n);
  const candidate = new Uint8Array(n);
  for (const a of candidates) {
    const b = base.get(a)!;
    if (features.get(a)!.passThrough && b.evidence && b.points >= params.candidateLinkMinScore)
      candidate[a] = 1;
  }
  let sinks: Set<number>;
  const total = new Map<number, Points>();

  // Fixed point: suspects earn points from links to suspects. The set only grows, so this ends.
  sinks = new Set<number>();
  for (;;) {
    const next = findSinks(input, suspect);
    if (next.size !== sinks.size || [...next].some((x) => !sinks.has(x))) sinks = next;
    let changed = false;
    for (const a of candidates) {
      const b = base.get(a)!;
      const net = networkPoints(a, input, links, suspect, candidate, sinks, false);
      if (b.points + net.points >= params.minDropScore && (b.evidence || net.evidence) && !suspect[a]) {
        suspect[a] = 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  // Word the reasons once, with the final suspects and sinks.
  for (const a of candidates) {
    const b = base.get(a)!;
    const net = networkPoints(a, input, links, suspect, candidate, sinks, true);
    total.set(a, {
      points: b.points + net.points,
      reasons: [...b.reasons, ...net.reasons],
      evidence: b.evidence || net.evidence,
    });
  }

  // Hubs and drops.
  for (const a of candidates) {
    const t = total.get(a)!;
    score[a] = scoreOf(t.points);
    if (!suspect[a]) {
      if (t.points > 0) {
        const why = t.evidence
          ? "not enough besides to call it a drop"
          : "nothing shows the money was anyone else's (no victims, fan-in or links to suspects): not called a drop";
        reasons.set(a, [...t.reasons, why]);
      }
      continue;
    }
    const sources = new Set<number>();
    let gathered = 0;
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const p = pairs.inIdx[i];
      const s = pairs.from[p];
      if (suspect[s] && pairs.fastKzt[p] > 0) {
        sources.add(s);
        gathered += pairs.kzt[p];
      }
    }
    let downstream = 0;
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      const r = pairs.to[p];
      if (suspect[r] && pairs.fastKzt[p] > 0) downstream++;
    }
    const share =
      pt.outKzt[a] > 0 ? cashOut(ix, a, exitKinds, sinks, input.homeCountry).total / pt.outKzt[a] : 0;
    const hub =
      sources.size >= params.hubMinSources &&
      (share >= params.hubMinExitShare || (downstream === 0 && sources.size >= params.hubGatherMin));
    role[a] = hub ? "hub" : "drop";
    const rs = [...t.reasons];
    if (hub) {
      rs.unshift(
        `cash-out hub: gathered ${input.money(gathered)} from ${count(sources.size, "suspect")}` +
          (share > 0
            ? ` and sent ${pct(share)} of its outflow to exits`
            : " and passed none of it to other suspects"),
      );
    }
    reasons.set(a, rs);
  }

  // Exits: watch-listed accounts always; foreign accounts and sinks when suspects pay them.
  for (let a = 0; a < n; a++) {
    const kind = exitKinds[a];
    const isSink = sinks.has(a);
    if (!kind && !isSink) continue;
    let fromSuspects = 0;
    const payers = new Set<number>();
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const p = pairs.inIdx[i];
      if (suspect[pairs.from[p]]) {
        fromSuspects += pairs.kzt[p];
        payers.add(pairs.from[p]);
      }
    }
    if (kind !== "watchlist" && payers.size === 0) continue;
    role[a] = "exit";
    score[a] = pt.inKzt[a] > 0 ? Math.round((100 * fromSuspects) / pt.inKzt[a]) : 0;
    const rs: string[] = [];
    if (kind === "watchlist") rs.push(`on the watch-list (${ix.info[a]?.watchlist ?? "exchange"})`);
    if (kind === "foreign_bank") rs.push("account at a foreign bank");
    if (isSink && !kind) rs.push("keeps what suspects pay it: treated as an exit");
    if (payers.size > 0)
      rs.push(`received ${input.money(fromSuspects)} from ${count(payers.size, "suspect")}`);
    reasons.set(a, rs);
  }

  // Reported victims.
  for (const [a, cases] of reportedVictims) {
    if (role[a] !== "ordinary" && role[a] !== "victim") continue;
    role[a] = "victim";
    score[a] = 0;
    const paid = paidToSuspects(a, pairs, suspect, ix, input.money);
    reasons.set(a, [`reported victim (${listSome(cases.map((c) => `case ${c}`))})`, ...(paid ? [paid] : [])]);
  }

  // Unreported victims: their money went into a drop during its pass-through span and was forwarded. An account that
  // passes money on itself is no victim (a loan victim is found below), unless what it passed on was its own income:
  // otherwise it is a drop not proven yet.
  const isCandidate = new Set(candidates);
  const paidVictims = new Set<number>();
  for (let a = 0; a < n; a++) {
    if (role[a] !== "drop") continue;
    for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
      const p = pairs.inIdx[i];
      const s = pairs.from[p];
      if (role[s] !== "ordinary" || suspect[s] || exitKinds[s] || pairs.fwdKzt[p] <= 0) continue;
      if (isCandidate.has(s) && (features.get(s)?.regularIncomeShare ?? 0) < 0.5) continue;
      if (pairs.lastTs[p] < pt.spanStart[a] || pairs.firstTs[p] > pt.spanEnd[a]) continue;
      role[s] = "victim";
      score[s] = 0;
      paidVictims.add(s);
      reasons.set(s, [
        `sent ${input.money(pairs.kzt[p])} to suspected drop ${ix.keys[a]}, which passed ${pct(pairs.fwdKzt[p] / pairs.kzt[p])} of it on (no complaint on file)`,
      ]);
    }
  }

  // Remote-access loan victims (R10): a loan came in and went straight on to a suspect.
  for (const a of loanVictims) {
    if (role[a] !== "ordinary" && role[a] !== "victim") continue;
    const paid = paidToSuspects(a, pairs, suspect, ix, input.money);
    if (!paid) continue;
    role[a] = "victim";
    score[a] = 0;
    paidVictims.delete(a);
    reasons.set(a, [
      `passed on ${pct(features.get(a)!.loanShare)} loan money (${input.money(pt.spanInKzt[a])}) a median ${duration(pt.medianDwellMs[a])} after it arrived: the remote-access loan pattern`,
      paid,
    ]);
  }

  markOrganisers(input, suspect, role, score, reasons);
  return { role, score, reasons, sinks, paidVictims };
}

function paidToSuspects(
  a: number,
  pairs: Pairs,
  suspect: Uint8Array,
  ix: IndexedProjection,
  tell: (kzt: number) => string,
): string | null {
  const to: string[] = [];
  let sum = 0;
  for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
    const p = pairs.outIdx[i];
    if (suspect[pairs.to[p]]) {
      to.push(ix.keys[pairs.to[p]]);
      sum += pairs.kzt[p];
    }
  }
  return to.length
    ? `paid ${tell(sum)} to suspected ${to.length === 1 ? "drop" : "drops"} ${listSome(to)}`
    : null;
}

/**
 * Points from links to other accounts: forwarded money from / to suspects (or, for less, from / to pass-through
 * candidates not yet confirmed), gathering from several of them, exits, and identifiers shared with suspects.
 */
function networkPoints(
  a: number,
  input: RoleInput,
  links: LinkContext,
  suspect: Uint8Array,
  candidate: Uint8Array,
  sinks: Set<number>,
  explain: boolean,
): Points {
  const { pairs, pt, ids, ix, params } = input;
  let points = 0;
  const reasons: string[] = [];
  // Reasons are only worded once the suspects are final (the fixed point calls this many times).
  const say = (words: () => string) => {
    if (explain) reasons.push(words());
  };
  const keys = (list: number[]) => listSome(list.map((x) => ix.keys[x]));
  const up: number[] = [];
  const upCandidates: number[] = [];
  for (let i = pairs.inStart[a]; i < pairs.inStart[a + 1]; i++) {
    const p = pairs.inIdx[i];
    const s = pairs.from[p];
    // Money that passed through both: the sender paid it from fresh money and this account passed it on; and more
    // than a cut of what the sender paid out (an organiser's cut, or a drop's shopping, is no forwarding).
    if (s === a || pairs.fastKzt[p] <= 0 || pairs.fwdKzt[p] <= 0 || links.sameOwner(s, a)) continue;
    if (pairs.kzt[p] <= params.organiserMaxCutShare * pt.outKzt[s]) continue;
    if (suspect[s]) up.push(s);
    else if (candidate[s]) upCandidates.push(s);
  }
  if (up.length) {
    points += P.upstream;
    say(() => `received money that ${count(up.length, "suspect")} passed on (${keys(up)})`);
  } else if (upCandidates.length) {
    points += P.upstreamCandidate;
    say(
      () =>
        `received money that ${count(upCandidates.length, "pass-through account")} passed on (${keys(upCandidates)})`,
    );
  }
  const down: number[] = [];
  const downCandidates: number[] = [];
  for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
    const p = pairs.outIdx[i];
    const r = pairs.to[p];
    if (r === a || pairs.fastKzt[p] <= 0 || links.sameOwner(a, r)) continue;
    if (suspect[r]) down.push(r);
    else if (candidate[r]) downCandidates.push(r);
  }
  if (down.length) {
    points += P.downstream;
    say(() => `passed money on to ${count(down.length, "suspect")} (${keys(down)})`);
  } else if (downCandidates.length) {
    points += P.downstreamCandidate;
    say(
      () =>
        `passed money on to ${count(downCandidates.length, "pass-through account")} (${keys(downCandidates)})`,
    );
  }
  const out = pt.outKzt[a];
  const cash = links.cashOut(a, sinks);
  const share = out > 0 ? cash.total / out : 0;
  if (share > 0) {
    points += Math.round(P.exits * Math.min(1, share / params.exitShareMin));
    say(() => `sent ${pct(share)} of its outflow to exits: ${cashOutWords(cash.byKind, input.money)}`);
  }
  // The end of a layering chain: cashing out money that at least two pass-through accounts forwarded to it, or one
  // that was itself fed by another (two hops). A tourist cashes out a salary moved over from their other bank: one
  // hop, and the salary came from an employer, not from a pass-through account.
  const feeders = links.feeders.get(a) ?? [];
  const chainEnd =
    share >= params.hubMinExitShare &&
    (feeders.length >= 2 || feeders.some((f) => (links.feeders.get(f)?.length ?? 0) > 0));
  if (chainEnd) {
    points += P.chainEnd;
    say(() => `cashes out money passed on to it by ${keys(feeders)}`);
  }
  // R7: a shared device, phone, card or owner is strong; a shared IP (VPN exits, home networks) counts half.
  const sharedWith = new Set<number>();
  const sharedIds = new Set<number>();
  let strong = false;
  for (const id of ids.byAccount.get(a) ?? []) {
    const s = ids.shared[id];
    for (const b of s.accounts) {
      if (b === a || !suspect[b]) continue;
      sharedWith.add(b);
      sharedIds.add(id);
      if (s.type !== "ip") strong = true;
    }
  }
  if (sharedWith.size) {
    const full = Math.min(P.sharedMax, P.shared + P.sharedEach * (sharedWith.size - 1));
    points += strong ? full : Math.round(full / 2);
    say(() => {
      const what = [...sharedIds].map((id) => `${ids.shared[id].type} ${ids.shared[id].value}`).sort();
      return `shares ${listSome(what)} with ${count(sharedWith.size, "suspected account")}`;
    });
  }
  // Paying a suspect out of one's own salary is what a victim does: that link is no evidence of being a drop.
  const ownIncome = (input.features.get(a)?.regularIncomeShare ?? 0) >= 0.5;
  return {
    points,
    reasons,
    evidence: up.length + upCandidates.length > 0 || (down.length > 0 && !ownIncome) || chainEnd,
  };
}

/**
 * Accounts that keep what suspects pay them (no exit kind known): each of at least sinkMinPayers suspects sent it
 * at least sinkMinShare of its outflow, and it did not pass the money on.
 */
function findSinks(input: RoleInput, suspect: Uint8Array): Set<number> {
  const { pairs, pt, exitKinds, params, features, reportedVictims } = input;
  const payers = new Map<number, number>();
  for (let a = 0; a < input.ix.n; a++) {
    if (!suspect[a] || pt.outKzt[a] <= 0) continue;
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      const r = pairs.to[p];
      if (suspect[r] || exitKinds[r] || reportedVictims.has(r)) continue;
      if (pairs.kzt[p] >= params.sinkMinShare * pt.outKzt[a]) payers.set(r, (payers.get(r) ?? 0) + 1);
    }
  }
  const sinks = new Set<number>();
  const need = params.sinkMinPayers;
  for (const [r, k] of payers) {
    if (k < need) continue;
    if (features.get(r)?.passThrough) continue;
    if (pt.inKzt[r] > 0 && pt.spanFwdKzt[r] / pt.inKzt[r] >= params.passThroughMinRatio) continue;
    sinks.add(r);
  }
  return sinks;
}

/** Organiser candidates: take a small cut from suspects, or share a device, phone or card with several. */
function markOrganisers(
  input: RoleInput,
  suspect: Uint8Array,
  role: AccountRole[],
  score: Float64Array,
  reasons: Map<number, string[]>,
): void {
  const { pairs, pt, ids, ix, params } = input;
  const cuts = new Map<number, { sources: Set<number>; kzt: number; transfers: number; fromHub: number }>();
  for (let a = 0; a < ix.n; a++) {
    if (!suspect[a] || pt.outKzt[a] <= 0) continue;
    for (let i = pairs.outStart[a]; i < pairs.outStart[a + 1]; i++) {
      const p = pairs.outIdx[i];
      const r = pairs.to[p];
      if (role[r] !== "ordinary" || suspect[r]) continue;
      if (pairs.kzt[p] > params.organiserMaxCutShare * pt.outKzt[a]) continue;
      const c = cuts.get(r) ?? { sources: new Set<number>(), kzt: 0, transfers: 0, fromHub: 0 };
      c.sources.add(a);
      c.kzt += pairs.kzt[p];
      c.transfers += pairs.n[p];
      if (role[a] === "hub") c.fromHub += pairs.n[p];
      cuts.set(r, c);
    }
  }
  // Accounts of the same owner as a suspect share its devices because they are one person's: that is no control.
  const sameOwner = new Set<number>();
  for (const s of ids.shared) {
    if (s.type === "owner" && s.accounts.some((a) => suspect[a]))
      for (const a of s.accounts) sameOwner.add(a);
  }
  const sharing = new Map<number, { with: Set<number>; strong: Set<number>; what: Set<string> }>();
  for (const s of ids.shared) {
    const sus = s.accounts.filter((a) => suspect[a]);
    if (!sus.length) continue;
    for (const b of s.accounts) {
      if (suspect[b] || role[b] !== "ordinary" || sameOwner.has(b)) continue;
      const e = sharing.get(b) ?? {
        with: new Set<number>(),
        strong: new Set<number>(),
        what: new Set<string>(),
      };
      for (const a of sus) {
        e.with.add(a);
        if (s.type !== "ip") e.strong.add(a);
      }
      e.what.add(`${s.type} ${s.value}`);
      sharing.set(b, e);
    }
  }
  const accounts = new Set([...cuts.keys(), ...sharing.keys()]);
  for (const a of [...accounts].sort((x, y) => x - y)) {
    const c = cuts.get(a);
    const sh = sharing.get(a);
    // A cut: small shares from several suspects, or again and again from a hub; most of what the account receives.
    const byCut =
      c &&
      (c.sources.size >= params.organiserMinSources || c.fromHub >= params.organiserMinCuts) &&
      c.kzt >= 0.5 * pt.inKzt[a];
    // Control: a device, phone, card or owner (not only an IP) shared with several suspects.
    const byIds = sh && sh.strong.size >= params.organiserMinSources;
    if (!byCut && !byIds) continue;
    role[a] = "organiser";
    const rs: string[] = [];
    let points = 40;
    if (byCut && c) {
      points += 10 * c.sources.size;
      rs.push(
        `received ${input.money(c.kzt)} in ${count(c.transfers, "small payment")} from ${count(c.sources.size, "suspect")}` +
          ` (${pct(c.kzt / pt.inKzt[a])} of its inflow), a cut of what they moved`,
      );
    }
    if (byIds && sh) {
      points += 10 * sh.with.size;
      rs.push(`shares ${listSome([...sh.what].sort())} with ${count(sh.with.size, "suspected account")}`);
    }
    score[a] = scoreOf(points);
    reasons.set(a, rs);
  }
}
