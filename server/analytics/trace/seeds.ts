/**
 * Where a trace starts.
 *
 * A complaint's traced money is the victim's outflows (transfers and withdrawals, to any account but the victim's
 * own) with incidentAt ≤ ts ≤ incidentAt + window, taken in (ts, txId) order until they add up to the loss; the
 * last one taken may be traced in part. When the outflows add up to less than the loss, the rest is reported as
 * untraced ("not found among the victim's outflows"). Without an incident time, the window is the one that ends at
 * the complaint's registration.
 *
 * A transfer given by id is traced whole, from its own time.
 */
import type { TransferEdge } from "../../../model/graph.js";
import { lossTiyn, transferTiyn } from "./amounts.js";
import { TraceNotFoundError } from "./errors.js";
import type { ResolvedTraceOptions } from "./options.js";
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

export async function planSeeds(store: TraceStore, o: ResolvedTraceOptions): Promise<SeedPlan> {
  const plan: SeedPlan = { origins: [], seeds: new Map(), transfers: [], shortfall: [] };
  const windowMs = o.params.windowMs;
  const addSeed = (seed: Seed, t: TransferEdge): void => {
    const list = plan.seeds.get(t.txId);
    if (list) list.push(seed);
    else {
      plan.seeds.set(t.txId, [seed]);
      plan.transfers.push(t);
    }
  };

  const complaints = await Promise.all(o.complaints.map((caseNo) => store.complaint(caseNo)));
  const missing = o.complaints.filter((_, i) => !complaints[i]);
  if (missing.length) {
    throw new TraceNotFoundError(
      `analytics/trace: no complaint with case number ${missing.join(", ")} in the store`,
    );
  }
  const outflows = await Promise.all(
    complaints.map((c) => {
      const start = c!.incidentAt ?? c!.registeredAt - windowMs;
      return store.transfers({
        accounts: [c!.victimAccount],
        direction: "out",
        after: start - 1,
        until: start + windowMs,
      });
    }),
  );
  complaints.forEach((c, i) => {
    const start = c!.incidentAt ?? c!.registeredAt - windowMs;
    const origin: Origin = {
      key: c!.caseNo,
      caseNo: c!.caseNo,
      victimAccount: c!.victimAccount,
      targetTiyn: lossTiyn(c!, o.fxTable),
      windowStart: start,
      windowEnd: start + windowMs,
    };
    const index = plan.origins.push(origin) - 1;
    let left = origin.targetTiyn;
    const outs = outflows[i]!.filter(
      (t) => t.from === c!.victimAccount && t.to !== c!.victimAccount && t.ts >= start,
    );
    for (const t of outs.sort(byTsThenTxId)) {
      if (left <= 0) break;
      const part = Math.min(left, transferTiyn(t, o.fxTable));
      if (part <= 0) continue;
      addSeed({ origin: index, txId: t.txId, tiyn: part }, t);
      left -= part;
    }
    plan.shortfall.push(left);
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
          targetTiyn: tiyn,
          windowStart: t.ts,
          windowEnd: t.ts + windowMs,
        }) - 1;
      addSeed({ origin: index, txId, tiyn }, t);
      plan.shortfall.push(0);
    }
  }
  return plan;
}
