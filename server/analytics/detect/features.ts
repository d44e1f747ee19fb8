/**
 * Per-account indicators (docs/DETECTION.md R1–R3, R6, R10–R12) read from the account's own time-ordered
 * transfers. These are facts about one account; decisions that depend on other accounts (chains, hubs, shared
 * identifiers with suspects, organisers) are made in roles.ts.
 */
import type { ProjectionComplaint } from "../../../model/analysis.js";
import type { IndexedProjection } from "./indexed.js";
import type { DetectParams } from "./params.js";
import { isPassThrough, type PassThroughStats } from "./pass-through.js";

export interface AccountFeatures {
  /** R1: the span's forwarded share, median dwell and volume meet the thresholds. */
  passThrough: boolean;
  /** Forwarded share of the span's inflow (0 when there is no span). */
  ratio: number;
  /** R2: most distinct first-time senders of forwarded inflows within one fan-in window. */
  firstTimeSenders: number;
  /** Reported victims' transfers into this account during their incident window. */
  victims: {
    accounts: number;
    transfers: number;
    kzt: number;
    forwardedKzt: number;
    cases: string[];
    firstTs: number;
    lastTs: number;
    /** Share of everything the account received from the first to the last such transfer. */
    shareOfInflow: number;
    /** Reported victims at least passedInflowMinShare of whose transfer was forwarded within the window. */
    forwardedAccounts: number;
  };
  /** R3: forwarded inflows that were split over ≥ rapidSplitMinOutflows receivers within the split window. */
  rapidSplits: number;
  /** R6: days from opening to the first forwarded inflow (when the opening date is known). */
  daysOpenBeforeSpan: number | null;
  /** R6: days of silence before the span (null when the account was active up to it or has no earlier events). */
  dormantDays: number | null;
  /** Days from the start of the data to the account's first transfer, when it had none before the span. */
  firstSeenDays: number | null;
  /**
   * Share of the span's forwarded inflow that came from senders who had paid the account before the span began:
   * its regular income (a salary, a pension) rather than someone else's money.
   */
  regularIncomeShare: number;
  /** The largest such regular sender. */
  regularPayer: string | null;
  /** R10: share of the span's forwarded inflow that was loan disbursements (by payment purpose). */
  loanShare: number;
  /** R6: forwarded inflows from private persons into a sole proprietor's account. */
  soleProprietorPersonalInflows: number;
  /** R11: a tiny first payment from a sender followed by a large one within the window. */
  testPayments: {
    count: number;
    example?: { tinyKzt: number; largeKzt: number; delayMs: number; from: string };
  };
  /** R12: most transfers just below the structuring threshold within one window (in or out). */
  structuring: number;
  /** R12: the threshold they stayed below, in its currency (the first currency where structuring was found). */
  structuringBelow: { amount: number; currency: string } | null;
}

/**
 * What the relative amount settings come to on this data (detect/index.ts resolves them from the data's amounts):
 * R1's least forwarded volume and R11's largest test payment, in KZT like every amount of the indexed projection,
 * and R12's thresholds by currency.
 */
export interface DataAmounts {
  minPassThroughKzt: number;
  testPaymentMaxKzt: number;
  structuringThresholds: Map<string, number>;
}

/** A reported victim's incident window: transfers in it, large enough, to new payees count as the scheme's. */
export interface VictimWindow {
  caseNo: string;
  from: number;
  until: number;
  minKzt: number;
}

/** Index reported victims by account: the windows in which their transfers count as the scheme's. */
export function victimWindows(
  complaints: ProjectionComplaint[],
  params: DetectParams,
): Map<string, VictimWindow[]> {
  const out = new Map<string, VictimWindow[]>();
  for (const c of complaints) {
    const known = c.incidentAt !== undefined;
    const from = known
      ? c.incidentAt! - params.victimIncidentSlackMs
      : c.registeredAt - params.victimLookbackMs;
    const until = known ? Math.min(c.registeredAt, c.incidentAt! + params.victimWindowMs) : c.registeredAt;
    const list = out.get(c.victimAccount) ?? [];
    list.push({ caseNo: c.caseNo, from, until, minKzt: params.victimMinLossShare * c.lossKzt });
    out.set(c.victimAccount, list);
  }
  return out;
}

function regularIncome(
  regular: Map<number, number>,
  passedKzt: number,
  keys: string[],
): { regularIncomeShare: number; regularPayer: string | null } {
  let sum = 0;
  let top: [number, number] | null = null;
  for (const [s, v] of regular) {
    sum += v;
    if (!top || v > top[1] || (v === top[1] && s < top[0])) top = [s, v];
  }
  return { regularIncomeShare: passedKzt > 0 ? sum / passedKzt : 0, regularPayer: top ? keys[top[0]] : null };
}

/** The most distinct senders among events falling in one window of `windowMs` (events in time order). */
function maxDistinctInWindow(events: { ts: number; s: number }[], windowMs: number): number {
  const inWindow = new Map<number, number>();
  let best = 0;
  for (let i = 0, j = 0; i < events.length; i++) {
    inWindow.set(events[i].s, (inWindow.get(events[i].s) ?? 0) + 1);
    while (events[i].ts - events[j].ts > windowMs) {
      const k = inWindow.get(events[j].s)! - 1;
      if (k === 0) inWindow.delete(events[j].s);
      else inWindow.set(events[j].s, k);
      j++;
    }
    best = Math.max(best, inWindow.size);
  }
  return best;
}

/** Compute the features of the given accounts. */
export function accountFeatures(
  ix: IndexedProjection,
  pt: PassThroughStats,
  victimIdx: Map<number, VictimWindow[]>,
  accounts: Iterable<number>,
  params: DetectParams,
  amounts: DataAmounts,
): Map<number, AccountFeatures> {
  const out = new Map<number, AccountFeatures>();
  for (const a of accounts) out.set(a, featuresOf(a, ix, pt, victimIdx, params, amounts));
  return out;
}

function featuresOf(
  a: number,
  ix: IndexedProjection,
  pt: PassThroughStats,
  victimIdx: Map<number, VictimWindow[]>,
  params: DetectParams,
  amounts: DataAmounts,
): AccountFeatures {
  const { ev, evStart, ts, kzt, from, to, transfers } = ix;
  const start = pt.spanStart[a];
  const end = pt.spanEnd[a];
  const hasSpan = !Number.isNaN(start);
  const ratio = hasSpan && pt.spanInKzt[a] > 0 ? pt.spanFwdKzt[a] / pt.spanInKzt[a] : 0;
  const passThrough = isPassThrough(pt, a, { ...params, minPassThroughKzt: amounts.minPassThroughKzt });
  const isPassed = (t: number) => kzt[t] > 0 && pt.fwdIn[t] >= params.passedInflowMinShare * kzt[t];

  /** When each sender first paid this account. */
  const firstPaid = new Map<number, number>();
  /** Forwarded inflows from first-time senders: (ts, sender), in time order. */
  const firstTime: { ts: number; s: number }[] = [];
  const victimsForwarded = new Set<number>();
  const victimAccounts = new Set<number>();
  const cases = new Set<string>();
  const victims = {
    shareOfInflow: 0,
    forwardedAccounts: 0,
    accounts: 0,
    transfers: 0,
    kzt: 0,
    forwardedKzt: 0,
    cases: [] as string[],
    firstTs: NaN,
    lastTs: NaN,
  };
  let lastBeforeSpan = NaN;
  let firstEvent = NaN;
  let solePersonal = 0;
  const soleProp = ix.info[a]?.holderKind === "sole_proprietor";
  const loanPurpose = new RegExp(params.loanPurposePattern, "i");
  let loanKzt = 0;
  let passedKzt = 0;
  const regular = new Map<number, number>();
  const outs: number[] = [];
  const passedIns: number[] = [];
  // R11: the first payment of each sender, waiting for a large follow-up.
  const firstPayment = new Map<number, number>();
  const testPayments: AccountFeatures["testPayments"] = { count: 0 };
  // R12: transfers just below the threshold of their own currency, in and out (per currency).
  const nearThreshold = new Map<string, number[]>();

  for (let i = evStart[a]; i < evStart[a + 1]; i++) {
    const e = ev[i];
    const t = e >> 1;
    if (Number.isNaN(firstEvent)) firstEvent = ts[t];
    if (hasSpan && ts[t] < start) lastBeforeSpan = ts[t];
    const { amount, currency } = transfers[t];
    const limit = amounts.structuringThresholds.get(currency);
    if (limit !== undefined && amount >= limit * (1 - params.structuringBand) && amount < limit) {
      const list = nearThreshold.get(currency);
      if (list) list.push(ts[t]);
      else nearThreshold.set(currency, [ts[t]]);
    }
    if (e & 1) {
      const s = from[t];
      const first = !firstPaid.has(s);
      if (first) firstPaid.set(s, ts[t]);
      const since = firstPaid.get(s)!;
      const hits = victimIdx
        .get(s)
        ?.filter((w) => ts[t] >= w.from && ts[t] <= w.until && since >= w.from && kzt[t] >= w.minKzt);
      if (hits?.length) {
        victimAccounts.add(s);
        for (const w of hits) cases.add(w.caseNo);
        victims.transfers++;
        victims.kzt += kzt[t];
        victims.forwardedKzt += pt.fwdIn[t];
        if (isPassed(t)) victimsForwarded.add(s);
        if (Number.isNaN(victims.firstTs)) victims.firstTs = ts[t];
        victims.lastTs = ts[t];
      }
      if (hasSpan && ts[t] >= start && ts[t] <= end && isPassed(t)) {
        if (first) firstTime.push({ ts: ts[t], s });
        passedIns.push(t);
        passedKzt += kzt[t];
        if (since < start) regular.set(s, (regular.get(s) ?? 0) + kzt[t]);
        const purpose = transfers[t].purpose;
        if (purpose && loanPurpose.test(purpose)) loanKzt += kzt[t];
        if (soleProp && ix.info[s]?.holderKind === "person") solePersonal++;
      }
      const tiny = firstPayment.get(s);
      if (first) firstPayment.set(s, t);
      else if (tiny !== undefined) {
        firstPayment.delete(s);
        const delay = ts[t] - ts[tiny];
        if (
          kzt[tiny] <= amounts.testPaymentMaxKzt &&
          delay <= params.testPaymentWindowMs &&
          kzt[t] >= params.testPaymentMinFactor * Math.max(kzt[tiny], 1)
        ) {
          testPayments.count++;
          testPayments.example ??= { tinyKzt: kzt[tiny], largeKzt: kzt[t], delayMs: delay, from: ix.keys[s] };
        }
      }
    } else {
      outs.push(t);
    }
  }
  victims.accounts = victimAccounts.size;
  victims.forwardedAccounts = victimsForwarded.size;
  if (victims.accounts > 0) {
    let inflow = 0;
    for (let i = evStart[a]; i < evStart[a + 1]; i++) {
      const e = ev[i];
      const t = e >> 1;
      if (e & 1 && ts[t] >= victims.firstTs && ts[t] <= victims.lastTs) inflow += kzt[t];
    }
    victims.shareOfInflow = inflow > 0 ? victims.kzt / inflow : 0;
  }
  victims.cases = [...cases].sort();

  // R3: a forwarded inflow, then ≥ N outflows to distinct receivers within the window summing to ≥ share of it.
  let rapidSplits = 0;
  let o = 0;
  for (const t of passedIns) {
    while (o < outs.length && ts[outs[o]] < ts[t]) o++;
    const receivers = new Set<number | string>();
    let sum = 0;
    for (let k = o; k < outs.length && k < o + 50 && ts[outs[k]] <= ts[t] + params.rapidSplitWindowMs; k++) {
      const u = outs[k];
      receivers.add(to[u] >= 0 ? to[u] : transfers[u].to);
      sum += kzt[u];
    }
    if (receivers.size >= params.rapidSplitMinOutflows && sum >= params.rapidSplitMinShare * kzt[t])
      rapidSplits++;
  }

  // R12: the largest number of near-threshold transfers within one window.
  let structuring = 0;
  let structuringBelow: AccountFeatures["structuringBelow"] = null;
  for (const [currency, times] of nearThreshold) {
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] > params.structuringWindowMs) j++;
      most = Math.max(most, i - j + 1);
    }
    if (most >= params.structuringMinCount && most > structuring) {
      structuring = most;
      structuringBelow = { amount: amounts.structuringThresholds.get(currency)!, currency };
    }
  }

  const DAY = 86_400_000;
  const openedAt = ix.info[a]?.openedAt;
  const daysOpenBeforeSpan = hasSpan && openedAt !== undefined ? (start - openedAt) / DAY : null;
  const dormantDays =
    hasSpan && !Number.isNaN(lastBeforeSpan) && start - lastBeforeSpan >= params.dormantMs
      ? (start - lastBeforeSpan) / DAY
      : null;
  const firstSeenDays = hasSpan && Number.isNaN(lastBeforeSpan) ? (firstEvent - ix.firstTs) / DAY : null;

  return {
    passThrough,
    ratio,
    firstTimeSenders: maxDistinctInWindow(firstTime, params.fanInWindowMs),
    victims,
    rapidSplits,
    daysOpenBeforeSpan,
    dormantDays,
    firstSeenDays,
    loanShare: passedKzt > 0 ? loanKzt / passedKzt : 0,
    ...regularIncome(regular, passedKzt, ix.keys),
    soleProprietorPersonalInflows: solePersonal,
    testPayments,
    structuring,
    structuringBelow,
  };
}
