/**
 * Where a trace starts.
 *
 * A complaint names the victim's account, the loss and the incident time, not the transfers; the stolen money is
 * picked from the victim's outflows (transfers and withdrawals to anyone but the victim) with
 * incidentAt ≤ ts ≤ min(registration, incidentAt + window):
 * 1. candidates in priority order: payments to payees the victim had never paid before the incident (fraud goes to
 *    new payees: drops), then the others; each group in (ts, txId) order;
 * 2. if some of them add up exactly to the loss, those are the stolen transfers, traced whole (the first such set
 *    in priority order, found by a bounded depth-first search);
 * 3. otherwise the candidates are taken in priority order until they add up to the loss, the last one in part.
 * What the outflows do not cover is reported untraced ("not found among the victim's outflows"). Without an
 * incident time, the window is the one that ends at the complaint's registration.
 * The generator's truth traces a victim's stolen payments whole and its loss is their sum, which rule 2 recovers.
 *
 * A transfer given by id is traced whole, from its own time.
 */
import type { TransferEdge } from "../../../model/graph.js";
import type { ComplaintRecord } from "../../../model/records.js";
import { lossTiyn, transferTiyn } from "./amounts.js";
import { TraceNotFoundError } from "./errors.js";
import { MONTH_WINDOW_MS, type ResolvedTraceOptions } from "./options.js";
import { byTsThenTxId } from "./simulation.js";
import type { Origin, Seed, TraceStore } from "./types.js";

export interface SeedPlan {
  origins: Origin[];
  /** Seeds by txId. */
  seeds: Map<string, Seed[]>;
  /** The seed transfers themselves. */
  transfers: TransferEdge[];
  /** Per origin, the part of the target no seed covers (tiyn). */
  shortfall: number[];
}

/** Victims per outflow query: one query for many complaints (a triage plans hundreds) instead of one each. */
const VICTIMS_PER_QUERY = 1000;

/**
 * The origins and seed transfers of a trace. `known` complaint records (by case number) are used instead of reading
 * them again.
 */
export async function planSeeds(
  store: TraceStore,
  o: ResolvedTraceOptions,
  known: ReadonlyMap<string, ComplaintRecord> = new Map(),
): Promise<SeedPlan> {
  const plan: SeedPlan = { origins: [], seeds: new Map(), transfers: [], shortfall: [] };
  // Without a window, money is followed to `asOf` or to the end of the data; a complaint without an incident time
  // looks for its stolen outflows in the month before its registration.
  const windowMs = o.windowMs;
  const lookBackMs = windowMs ?? MONTH_WINDOW_MS;
  const endOf = (start: number): number =>
    windowMs !== null ? start + windowMs : (o.asOf ?? Number.POSITIVE_INFINITY);
  const addSeed = (seed: Seed, t: TransferEdge): void => {
    const list = plan.seeds.get(t.txId);
    if (list) list.push(seed);
    else {
      plan.seeds.set(t.txId, [seed]);
      plan.transfers.push(t);
    }
  };

  const complaints = await Promise.all(
    o.complaints.map((caseNo) => known.get(caseNo) ?? store.complaint(caseNo)),
  );
  const missing = o.complaints.filter((_, i) => !complaints[i]);
  if (missing.length) {
    throw new TraceNotFoundError(
      `analytics/trace: no complaint with case number ${missing.join(", ")} in the store`,
    );
  }
  // Each victim's outflows up to its own bound; read for many victims at once, up to the latest bound.
  const bounds = complaints.map((c) =>
    Math.min(c!.registeredAt, endOf(c!.incidentAt ?? c!.registeredAt - lookBackMs)),
  );
  const latestOf = new Map<string, number>();
  complaints.forEach((c, i) =>
    latestOf.set(c!.victimAccount, Math.max(latestOf.get(c!.victimAccount) ?? -Infinity, bounds[i]!)),
  );
  const victims = [...latestOf.keys()];
  const byVictim = new Map<string, TransferEdge[]>();
  for (let i = 0; i < victims.length; i += VICTIMS_PER_QUERY) {
    const part = victims.slice(i, i + VICTIMS_PER_QUERY);
    const latest = Math.max(...part.map((v) => latestOf.get(v)!));
    for (const t of await store.transfers({ accounts: part, direction: "out", until: latest })) {
      const list = byVictim.get(t.from);
      if (list) list.push(t);
      else byVictim.set(t.from, [t]);
    }
  }
  const outflows = complaints.map((c, i) =>
    (byVictim.get(c!.victimAccount) ?? []).filter((t) => t.ts <= bounds[i]!),
  );
  complaints.forEach((c, i) => {
    const start = c!.incidentAt ?? c!.registeredAt - lookBackMs;
    const origin: Origin = {
      key: c!.caseNo,
      caseNo: c!.caseNo,
      victimAccount: c!.victimAccount,
      seedTxIds: [],
      targetTiyn: lossTiyn(c!, o.fxTable),
      windowStart: start,
      windowEnd: endOf(start),
    };
    const index = plan.origins.push(origin) - 1;
    const picked = pickStolen(outflows[i]!, c!.victimAccount, start, origin.targetTiyn, (t) =>
      transferTiyn(t, o.fxTable),
    );
    for (const { t, tiyn } of picked.seeds) addSeed({ origin: index, txId: t.txId, tiyn }, t);
    origin.seedTxIds = [...picked.seeds].sort((a, b) => byTsThenTxId(a.t, b.t)).map((s) => s.t.txId);
    plan.shortfall.push(picked.left);
  });

  if (o.txIds.length) {
    const found = await store.transfersByIds(o.txIds);
    const byId = new Map(found.map((t) => [t.txId, t]));
    const unknown = o.txIds.filter((id) => !byId.has(id));
    if (unknown.length) {
      throw new TraceNotFoundError(`analytics/trace: no transfer with id ${unknown.join(", ")} in the store`);
    }
    for (const txId of o.txIds) {
      const t = byId.get(txId)!;
      const tiyn = transferTiyn(t, o.fxTable);
      const index =
        plan.origins.push({
          key: `tx:${txId}`,
          seedTxIds: [txId],
          targetTiyn: tiyn,
          windowStart: t.ts,
          windowEnd: endOf(t.ts),
        }) - 1;
      addSeed({ origin: index, txId, tiyn }, t);
      plan.shortfall.push(0);
    }
  }
  return plan;
}

/** Depth-first search for candidates adding up exactly to `target`, in priority order; null if none within budget. */
export function exactSubset(amounts: number[], target: number, budget = 100_000): number[] | null {
  const suffix = new Array<number>(amounts.length + 1).fill(0);
  for (let i = amounts.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + amounts[i]!;
  const chosen: number[] = [];
  let steps = 0;
  const search = (i: number, left: number): boolean => {
    if (left === 0) return true;
    if (i >= amounts.length || suffix[i]! < left || ++steps > budget) return false;
    if (amounts[i]! <= left) {
      chosen.push(i);
      if (search(i + 1, left - amounts[i]!)) return true;
      chosen.pop();
    }
    return search(i + 1, left);
  };
  return search(0, target) ? chosen : null;
}

/** Candidates beyond this many are not searched for an exact sum (they can still fill the loss in order). */
const MAX_EXACT_CANDIDATES = 60;

/** The victim's stolen outflows by the rule in this module's header. */
export function pickStolen(
  outflows: TransferEdge[],
  victim: string,
  start: number,
  target: number,
  tiyn: (t: TransferEdge) => number,
): { seeds: { t: TransferEdge; tiyn: number }[]; left: number } {
  const own = outflows.filter((t) => t.from === victim && t.to !== victim).sort(byTsThenTxId);
  const knownPayees = new Set(own.filter((t) => t.ts < start).map((t) => t.to));
  const after = own.filter((t) => t.ts >= start);
  const candidates = [
    ...after.filter((t) => !knownPayees.has(t.to)),
    ...after.filter((t) => knownPayees.has(t.to)),
  ].filter((t) => tiyn(t) > 0);
  if (target <= 0) return { seeds: [], left: 0 };

  const head = candidates.slice(0, MAX_EXACT_CANDIDATES);
  const exact = exactSubset(
    head.map((t) => tiyn(t)),
    target,
  );
  if (exact) {
    const seeds = exact.map((k) => ({ t: head[k]!, tiyn: tiyn(head[k]!) }));
    return { seeds: seeds.sort((a, b) => byTsThenTxId(a.t, b.t)), left: 0 };
  }
  const seeds: { t: TransferEdge; tiyn: number }[] = [];
  let left = target;
  for (const t of candidates) {
    if (left <= 0) break;
    const part = Math.min(left, tiyn(t));
    seeds.push({ t, tiyn: part });
    left -= part;
  }
  return { seeds, left };
}
