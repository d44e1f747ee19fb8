/**
 * Turns the tallies of a finished replay into a TraceResult: totals in KZT, exits and the freeze list largest
 * first, untraced parts with their reasons, and the same split per complaint. Every amount comes from integer tiyn
 * tallies, so `tracedKzt = Σ exitsKzt + Σ holdingKzt + untracedKzt` holds exactly (per complaint too).
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type {
  ComplaintTrace,
  FreezeEntry,
  TraceCurrency,
  TraceExit,
  TraceParams,
  TraceResult,
  UntracedPart,
} from "../../../model/trace.js";
import { toKzt } from "./amounts.js";
import { inCurrencies } from "./currencies.js";
import type { SimulationState } from "./simulation.js";
import { UNTRACED_REASONS, type Origin, type Tally } from "./types.js";

export interface Holding {
  account: string;
  /** Per complaint: a lot that is several complaints' money counts for each (tally.tiyn sums them). */
  tally: Tally;
  /** The traced money in the account, each lot counted once (≤ tally.tiyn). */
  heldTiyn: number;
}

export interface ResultInput {
  params: TraceParams;
  origins: Origin[];
  state: SimulationState;
  holdings: Holding[];
  accounts: Map<string, ProjectionAccount | null>;
  asOf: number;
  currencies: TraceCurrency[];
  /** Per account, its last transfer in or out that the trace read. */
  lastMovement: Map<string, number>;
}

function byOriginKzt(origins: Origin[], tally: Tally): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [origin, tiyn] of tally.byOrigin) if (tiyn) out[origins[origin]!.key] = toKzt(tiyn);
  return out;
}

const largestFirst = <T extends { amountKzt: number }>(a: T, b: T): number => b.amountKzt - a.amountKzt;

export function buildResult(input: ResultInput): TraceResult {
  const { origins, state, holdings, accounts, asOf, currencies } = input;

  const exits: TraceExit[] = [...state.exits.values()]
    .map((x) => ({
      id: x.id,
      kind: x.kind,
      amountKzt: toKzt(x.tally.tiyn),
      txIds: [...x.tally.txIds].sort(),
      byComplaint: byOriginKzt(origins, x.tally),
    }))
    .sort((a, b) => largestFirst(a, b) || (a.id < b.id ? -1 : 1));

  const freezeList: FreezeEntry[] = holdings
    .map((h) => {
      const bank = accounts.get(h.account)?.bank;
      return {
        account: h.account,
        ...(bank ? { bank } : {}),
        amountKzt: toKzt(h.tally.tiyn),
        heldKzt: toKzt(h.heldTiyn),
        arrivedAt: h.tally.arrivedAt,
        heldForMs: Math.max(0, asOf - h.tally.arrivedAt),
        txIds: [...h.tally.txIds].sort(),
        byComplaint: byOriginKzt(origins, h.tally),
        amounts: inCurrencies(toKzt(h.tally.tiyn), currencies),
        ...(input.lastMovement.has(h.account) ? { lastMovementAt: input.lastMovement.get(h.account)! } : {}),
      };
    })
    .sort((a, b) => largestFirst(a, b) || (a.account < b.account ? -1 : 1));

  const untraced: UntracedPart[] = [...state.untraced.values()]
    .filter((u) => u.tally.tiyn > 0)
    .map((u) => ({
      ...(u.account !== undefined ? { account: u.account } : {}),
      amountKzt: toKzt(u.tally.tiyn),
      reason: UNTRACED_REASONS[u.code],
      code: u.code,
      txIds: [...u.tally.txIds].sort(),
      byComplaint: byOriginKzt(origins, u.tally),
    }))
    .sort((a, b) => largestFirst(a, b) || a.code.localeCompare(b.code));

  // Per origin, in tiyn, then the totals as sums of the per-origin figures.
  const per = origins.map((o) => ({
    exits: new Map<string, number>(),
    holding: new Map<string, number>(),
    untraced: 0,
    target: o.targetTiyn,
  }));
  for (const x of state.exits.values()) for (const [i, v] of x.tally.byOrigin) per[i]!.exits.set(x.id, v);
  for (const h of holdings) for (const [i, v] of h.tally.byOrigin) per[i]!.holding.set(h.account, v);
  for (const u of state.untraced.values()) for (const [i, v] of u.tally.byOrigin) per[i]!.untraced += v;

  const byComplaint: Record<string, ComplaintTrace> = {};
  origins.forEach((o, i) => {
    const p = per[i]!;
    byComplaint[o.key] = {
      ...(o.victimAccount ? { victimAccount: o.victimAccount } : {}),
      seedTxIds: o.seedTxIds,
      tracedKzt: toKzt(p.target),
      exitsKzt: kztRecord(p.exits),
      holdingKzt: kztRecord(p.holding),
      untracedKzt: toKzt(p.untraced),
    };
  });

  const sum = (f: (p: (typeof per)[number]) => number): number => per.reduce((s, p) => s + f(p), 0);
  const exitsKzt: Record<string, number> = {};
  for (const x of exits) exitsKzt[x.id] = x.amountKzt;
  const holdingKzt: Record<string, number> = {};
  for (const f of freezeList) holdingKzt[f.account] = f.amountKzt;

  return {
    complaints: origins.filter((o) => o.caseNo !== undefined).map((o) => o.caseNo!),
    tracedKzt: toKzt(sum((p) => p.target)),
    exitsKzt,
    holdingKzt,
    untracedKzt: toKzt(sum((p) => p.untraced)),
    edges: [...state.edges.values()]
      .sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : 1))
      .map((e) => ({
        from: e.from,
        to: e.to,
        txId: e.txId,
        ts: e.ts,
        tracedKzt: toKzt(e.tally.tiyn),
        byComplaint: byOriginKzt(origins, e.tally),
      })),
    params: input.params,
    exits,
    freezeList,
    untraced,
    asOf,
    currencies,
    tracedIn: inCurrencies(toKzt(sum((p) => p.target)), currencies),
    byComplaint,
  };
}

function kztRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1])) if (v) out[k] = toKzt(v);
  return out;
}
