/**
 * Replays the transfers of the reached accounts in global time order and moves traced money through them.
 *
 * Order (docs/FORMATS.md): per account, events by (ts, outflows before inflows at the same ts, txId). Globally this
 * is: take transfers by ts; at one ts, first let every outflow take its money (in txId order), then deliver every
 * inflow (in txId order). So money arriving at the same millisecond as an outflow, or later, never rides on it.
 *
 * Only accounts with a window hold pools, and only from the window's start on (when it opens, the pool holds the
 * window's opening balance as untraced money); any other sender pays in untraced money. Each origin's money on a lot
 * (pools.ts: a lot carries the tags of every origin whose money it is) goes on to the receiver's pool, stops at an
 * exit, or stops untraced (hop limit, window end, below minimum), decided per origin as if that origin were traced
 * alone. Money that goes to an account without an open pool (not reached yet, or before its window) marks it
 * `newlyReached` with the time: the caller reads its history from then on and replays again.
 *
 * Most transfers the replay sees carry no traced money (a reached account's clean history): they only move untraced
 * amounts between pools, without building lots.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { TraceMethod } from "../../../model/trace.js";
import type { InflowRun } from "../../store/types.js";
import { traceExitOf } from "./exit-rule.js";
import { createPool, untracedLot, type Lot, type Pool, type Tag } from "./pools.js";
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
  /**
   * By account index (FetchedTransfer.from/to), the accounts whose history from `from` on (up to the last window end)
   * is in `ordered`, with what they held at `from`.
   */
  windows: ReadonlyMap<number, HistoryWindow>;
  /** Account keys by index. */
  keys: string[];
  /** Every fetched transfer once (histories of the reached accounts and the seed transfers), by (ts, txId). */
  ordered: FetchedTransfer[];
  /** Account details by key (null: the store has no record of it). */
  accounts: Map<string, ProjectionAccount | null>;
}

/** A fetched transfer with its amount in tiyn, its two accounts' indices and its seeds, worked out once. */
export interface FetchedTransfer {
  t: TransferEdge;
  tiyn: number;
  from: number;
  to: number;
  seeds: Seed[] | undefined;
  /**
   * A run of inflows the store summed (tracer.ts): `from` is no account, `t` stands where the run's last inflow
   * stands and `tiyn` is the run's total (less the inflows cut out of it since).
   */
  run?: InflowRun;
  /**
   * An inflow cut out of its receiver's run after the run was read (its sender got a window later): exact while it
   * carries untraced money only; if it carries traced money, the replay reports it (`cutCarriedTraced`).
   */
  cut?: true;
}

export interface SimulationState {
  /** Pools of the reached accounts, by account key. */
  pools: Map<string, Pool>;
  edges: Map<string, EdgeTally>;
  exits: Map<string, ExitTally>;
  untraced: Map<string, UntracedTally>;
  /**
   * By account index, the first time traced money went to an account without an open pool: not reached yet, or
   * before its window's start.
   */
  newlyReached: Map<number, number>;
  /** By account index, receivers of an inflow cut out of a run (FetchedTransfer.cut) that carried traced money. */
  cutCarriedTraced: Set<number>;
}

/** Where an account's pool opens: the start of its history window and the untraced money it held then. */
export interface HistoryWindow {
  from: number;
  openingTiyn: number;
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

/**
 * Make the first `seed.tiyn` of an outflow its seed origin's money (hop 0: the seed transfer is hop 1), on top of any
 * other origin's money it carries: traced alone, the seed origin would take the whole of it. Money that already is
 * this origin's (it came back to the victim) stays counted once; the seed's part over it is reported as overlap.
 */
function applySeeds(carried: Lot[], seeds: Seed[], t: TransferEdge, state: SimulationState): Lot[] {
  let lots = carried;
  for (const seed of seeds) {
    let need = seed.tiyn;
    const next: Lot[] = [];
    for (const lot of lots) {
      if (need <= 0) {
        next.push(lot);
        continue;
      }
      const part = Math.min(need, lot.amount);
      const others = lot.tags.filter((g) => g.origin !== seed.origin);
      if (others.length < lot.tags.length)
        addUntraced(state, t.from, "seed_overlap", seed.origin, part, t.txId);
      next.push({
        tags: [...others, { origin: seed.origin, hops: 0 }],
        amount: part,
        arrivedAt: t.ts,
        txId: t.txId,
      });
      if (lot.amount > part) next.push({ ...lot, amount: lot.amount - part });
      need -= part;
    }
    lots = next;
  }
  return lots;
}

/** Replay every fetched transfer once, each pool opening at its window with its opening balance. */
export function simulate(input: SimulationInput): SimulationState {
  const { origins, maxHops, minTiyn, keys } = input;
  const state: SimulationState = {
    pools: new Map(),
    edges: new Map(),
    exits: new Map(),
    untraced: new Map(),
    newlyReached: new Map(),
    cutCarriedTraced: new Set(),
  };
  // Open pools by account index; each opens when the replay reaches its window's start.
  const pools: (Pool | undefined)[] = new Array(keys.length);
  const opening: { index: number; from: number; pool: Pool }[] = [];
  for (const [index, w] of input.windows) {
    const pool = createPool(input.method);
    if (w.openingTiyn > 0) pool.putUntraced(w.openingTiyn, w.from, "");
    state.pools.set(keys[index]!, pool);
    opening.push({ index, from: w.from, pool });
  }
  opening.sort((a, b) => a.from - b.from);
  let opened = 0;

  const ordered = input.ordered;
  // This millisecond's inflows into pools, delivered after all its outflows took their money.
  const toPools: Pool[] = [];
  const toLots: (Lot[] | null)[] = [];
  const toRows: FetchedTransfer[] = [];
  for (let i = 0; i < ordered.length;) {
    const ts = ordered[i]!.t.ts;
    while (opened < opening.length && opening[opened]!.from <= ts) {
      const o = opening[opened++]!;
      pools[o.index] = o.pool;
    }
    let n = 0;
    for (; i < ordered.length && ordered[i]!.t.ts === ts; i++) {
      const row = ordered[i]!;
      const fromPool = pools[row.from];
      const toPool = pools[row.to];
      const seeds = row.seeds;
      // Untraced money only: from an account not reached, or from the untraced front of a reached one's pool.
      if (!seeds && (!fromPool || fromPool.takeUntraced(row.tiyn))) {
        if (toPool) {
          toPools[n] = toPool;
          toLots[n] = null;
          toRows[n++] = row;
        }
        continue;
      }
      const t = row.t;
      let carried = fromPool ? fromPool.take(row.tiyn) : [untracedLot(row.tiyn, t.ts, t.txId)];
      if (seeds) carried = applySeeds(carried, seeds, t, state);
      const delivered = carry(state, input, origins, maxHops, minTiyn, row, carried, toPool !== undefined);
      if (row.cut && toPool && delivered.some((lot) => lot.tags.length > 0))
        state.cutCarriedTraced.add(row.to);
      if (toPool) {
        toPools[n] = toPool;
        toLots[n] = delivered;
        toRows[n++] = row;
      }
    }
    for (let k = 0; k < n; k++) {
      const lots = toLots[k];
      if (lots) toPools[k]!.put(lots);
      else toPools[k]!.putUntraced(toRows[k]!.tiyn, ts, toRows[k]!.t.txId);
    }
  }
  return state;
}

/**
 * Decide, per origin on each carried lot, whether its money is followed over this transfer, record it, and return
 * the lots the receiver gets (money that stopped here arrives as untraced).
 */
function carry(
  state: SimulationState,
  input: SimulationInput,
  origins: Origin[],
  maxHops: number,
  minTiyn: number,
  row: FetchedTransfer,
  carried: Lot[],
  toReached: boolean,
): Lot[] {
  const t = row.t;
  // Per lot, the tags followed on; per origin, how much of its money this transfer carries on.
  const follow: (Tag[] | null)[] = new Array(carried.length).fill(null);
  const followable = new Map<number, number>();
  for (let k = 0; k < carried.length; k++) {
    const lot = carried[k]!;
    if (lot.tags.length === 0) continue;
    const on: Tag[] = [];
    for (const tag of lot.tags) {
      if (t.ts > origins[tag.origin]!.windowEnd) {
        addUntraced(state, t.from, "window_end", tag.origin, lot.amount, t.txId);
      } else if (tag.hops + 1 > maxHops) {
        addUntraced(state, t.from, "hop_limit", tag.origin, lot.amount, t.txId);
      } else {
        on.push(tag);
        followable.set(tag.origin, (followable.get(tag.origin) ?? 0) + lot.amount);
      }
    }
    if (on.length) follow[k] = on;
  }
  if (followable.size === 0) return carried.map((lot) => untracedLot(lot.amount, t.ts, t.txId));

  // An origin whose money on this transfer is below the minimum stops here (as it would traced alone).
  const small = new Set<number>();
  for (const [origin, tiyn] of followable) if (tiyn < minTiyn) small.add(origin);
  if (small.size) {
    carried.forEach((lot, k) => {
      const on = follow[k];
      if (!on) return;
      for (const tag of on)
        if (small.has(tag.origin))
          addUntraced(state, t.from, "below_minimum", tag.origin, lot.amount, t.txId);
      const kept = on.filter((tag) => !small.has(tag.origin));
      follow[k] = kept.length ? kept : null;
    });
  }
  const anyFollowed = follow.some((on) => on !== null);
  const exit = anyFollowed
    ? traceExitOf(t, input.accounts.get(t.to) ?? undefined, input.accounts.get(t.from) ?? undefined)
    : null;

  return carried.map((lot, k) => {
    const on = follow[k];
    if (!on) return untracedLot(lot.amount, t.ts, t.txId);
    for (const tag of on) recordEdge(state, t, tag.origin, lot.amount);
    if (exit) {
      for (const tag of on) recordExit(state, exit.id, exit.kind, tag.origin, lot.amount, t.txId);
      return untracedLot(lot.amount, t.ts, t.txId);
    }
    if (!toReached) {
      // Not reached yet (or not this early): the caller reads this account from now on and replays. If it never
      // does (account limit), the money is reported as not followed beyond this account.
      if (!state.newlyReached.has(row.to)) state.newlyReached.set(row.to, t.ts);
      for (const tag of on) addUntraced(state, t.to, "account_limit", tag.origin, lot.amount, t.txId);
      return untracedLot(lot.amount, t.ts, t.txId);
    }
    return {
      tags: on.map((tag) => ({ origin: tag.origin, hops: tag.hops + 1 })),
      amount: lot.amount,
      arrivedAt: t.ts,
      txId: t.txId,
    };
  });
}

function recordEdge(state: SimulationState, t: TransferEdge, origin: number, tiyn: number): void {
  let e = state.edges.get(t.txId);
  if (!e) {
    e = { from: t.from, to: t.to, txId: t.txId, ts: t.ts, tally: new Tally() };
    state.edges.set(t.txId, e);
  }
  e.tally.add(origin, tiyn);
}

function recordExit(
  state: SimulationState,
  id: string,
  kind: ExitTally["kind"],
  origin: number,
  tiyn: number,
  txId: string,
): void {
  let x = state.exits.get(id);
  if (!x) {
    x = { id, kind, tally: new Tally() };
    state.exits.set(id, x);
  }
  x.tally.add(origin, tiyn, txId);
}
