/**
 * Replays the transfers of the reached accounts in global time order and moves traced money through them.
 *
 * Order (docs/FORMATS.md): per account, events by (ts, outflows before inflows at the same ts, txId). Globally this
 * is: take transfers by ts; at one ts, first let every outflow take its money (in txId order), then deliver every
 * inflow (in txId order). So money arriving at the same millisecond as an outflow, or later, never rides on it.
 *
 * Only accounts in `reached` hold pools; any other sender pays in untraced money. A traced lot riding an outflow
 * goes on to the receiver's pool, stops at an exit, or stops untraced (hop limit, window end, below minimum). A lot
 * that goes to an account not yet reached marks it `newlyReached`: the caller fetches its history and replays again.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { TraceMethod } from "../../../model/trace.js";
import { traceExitOf } from "./exit-rule.js";
import { createPool, UNTRACED, type Lot, type Pool } from "./pools.js";
import {
  Tally,
  type EdgeTally,
  type ExitTally,
  type Origin,
  type Seed,
  type UntracedCode,
  type UntracedTally,
} from "./types.js";

export interface SimulationInput {
  method: TraceMethod;
  maxHops: number;
  minTiyn: number;
  origins: Origin[];
  /** Seeds by txId. */
  seeds: Map<string, Seed[]>;
  /** Accounts whose full history (up to the last window end) is in `ordered`. */
  reached: Set<string>;
  /** Every fetched transfer once (histories of the reached accounts and the seed transfers), by (ts, txId). */
  ordered: FetchedTransfer[];
  /** Account details by key (null: the store has no record of it). */
  accounts: Map<string, ProjectionAccount | null>;
}

/** A fetched transfer with its amount in tiyn, worked out once. */
export interface FetchedTransfer {
  t: TransferEdge;
  tiyn: number;
}

export interface SimulationState {
  pools: Map<string, Pool>;
  edges: Map<string, EdgeTally>;
  exits: Map<string, ExitTally>;
  untraced: Map<string, UntracedTally>;
  newlyReached: Set<string>;
}

/** Order of replay: ts, then txId (plain code-unit comparison, as the stores sort). */
export function byTsThenTxId(a: TransferEdge, b: TransferEdge): number {
  return a.ts - b.ts || (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : 0);
}

/** Add traced money that stopped being followed. */
export function addUntraced(
  state: Pick<SimulationState, "untraced">,
  account: string | undefined,
  code: UntracedCode,
  origin: number,
  tiyn: number,
  txId?: string,
): void {
  const key = `${account ?? ""}|${code}`;
  let u = state.untraced.get(key);
  if (!u) {
    u = { account, code, tally: new Tally() };
    state.untraced.set(key, u);
  }
  u.tally.add(origin, tiyn, txId);
}

/** Turn the first untraced money of an outflow into its seeds' traced money (hop 0: the seed transfer is hop 1). */
function applySeeds(carried: Lot[], seeds: Seed[], t: TransferEdge, state: SimulationState): Lot[] {
  let lots = carried;
  for (const seed of seeds) {
    let need = seed.tiyn;
    const next: Lot[] = [];
    for (const lot of lots) {
      if (need > 0 && lot.label === UNTRACED) {
        const part = Math.min(need, lot.amount);
        next.push({ label: seed.origin, amount: part, hops: 0, arrivedAt: t.ts, txId: t.txId });
        if (lot.amount > part) next.push({ ...lot, amount: lot.amount - part });
        need -= part;
      } else next.push(lot);
    }
    if (need > 0) addUntraced(state, t.from, "seed_overlap", seed.origin, need, t.txId);
    lots = next;
  }
  return lots;
}

/** Replay every fetched transfer once, from empty pools. */
export function simulate(input: SimulationInput): SimulationState {
  const { reached, accounts, origins, maxHops, minTiyn } = input;
  const state: SimulationState = {
    pools: new Map(),
    edges: new Map(),
    exits: new Map(),
    untraced: new Map(),
    newlyReached: new Set(),
  };
  for (const key of reached) state.pools.set(key, createPool(input.method));

  const ordered = input.ordered;
  const deliveries: { to: Pool; lots: Lot[] | null; t: TransferEdge; amount: number }[] = [];
  for (let i = 0; i < ordered.length;) {
    const ts = ordered[i]!.t.ts;
    deliveries.length = 0;
    for (; i < ordered.length && ordered[i]!.t.ts === ts; i++) {
      const { t, tiyn: amount } = ordered[i]!;
      const fromPool = state.pools.get(t.from);
      const toPool = state.pools.get(t.to);
      const seeds = input.seeds.get(t.txId);
      // Transfers between two accounts that are not reached carry nothing traced (seeds excepted).
      if (!fromPool && !seeds) {
        if (toPool) deliveries.push({ to: toPool, lots: null, t, amount });
        continue;
      }
      let carried = fromPool ? fromPool.take(amount) : [untracedLot(amount, t)];
      if (seeds) carried = applySeeds(carried, seeds, t, state);

      // Decide per traced lot whether it is followed over this transfer.
      let followable = 0;
      const follow: boolean[] = carried.map((lot) => {
        if (lot.label === UNTRACED) return false;
        if (t.ts > origins[lot.label]!.windowEnd) {
          addUntraced(state, t.from, "window_end", lot.label, lot.amount, t.txId);
          return false;
        }
        if (lot.hops + 1 > maxHops) {
          addUntraced(state, t.from, "hop_limit", lot.label, lot.amount, t.txId);
          return false;
        }
        followable += lot.amount;
        return true;
      });
      if (followable > 0 && followable < minTiyn) {
        carried.forEach((lot, k) => {
          if (follow[k]) addUntraced(state, t.from, "below_minimum", lot.label, lot.amount, t.txId);
        });
        follow.fill(false);
        followable = 0;
      }

      const exit =
        followable > 0
          ? traceExitOf(t, accounts.get(t.to) ?? undefined, accounts.get(t.from) ?? undefined)
          : null;
      const delivered: Lot[] = [];
      carried.forEach((lot, k) => {
        if (!follow[k]) {
          delivered.push(untracedLot(lot.amount, t));
          return;
        }
        recordEdge(state, t, lot);
        if (exit) {
          recordExit(state, exit.id, exit.kind, lot, t.txId);
          delivered.push(untracedLot(lot.amount, t));
        } else if (toPool) {
          delivered.push({
            label: lot.label,
            amount: lot.amount,
            hops: lot.hops + 1,
            arrivedAt: t.ts,
            txId: t.txId,
          });
        } else {
          // Not reached yet: the caller fetches this account and replays. If it never does (account limit), the
          // money is reported as not followed beyond this account.
          state.newlyReached.add(t.to);
          addUntraced(state, t.to, "account_limit", lot.label, lot.amount, t.txId);
        }
      });
      if (toPool) deliveries.push({ to: toPool, lots: delivered, t, amount });
    }
    for (const d of deliveries) {
      if (d.lots) d.to.put(d.lots);
      else d.to.putUntraced(d.amount, d.t.ts, d.t.txId);
    }
  }
  return state;
}

function untracedLot(amount: number, t: TransferEdge): Lot {
  return { label: UNTRACED, amount, hops: 0, arrivedAt: t.ts, txId: t.txId };
}

function recordEdge(state: SimulationState, t: TransferEdge, lot: Lot): void {
  let e = state.edges.get(t.txId);
  if (!e) {
    e = { from: t.from, to: t.to, txId: t.txId, ts: t.ts, tally: new Tally() };
    state.edges.set(t.txId, e);
  }
  e.tally.add(lot.label, lot.amount);
}

function recordExit(
  state: SimulationState,
  id: string,
  kind: ExitTally["kind"],
  lot: Lot,
  txId: string,
): void {
  let x = state.exits.get(id);
  if (!x) {
    x = { id, kind, tally: new Tally() };
    state.exits.set(id, x);
  }
  x.tally.add(lot.label, lot.amount, txId);
}
