/**
 * An independent FIFO replay for the generator's tests, written from the shared rules in docs/FORMATS.md and traced
 * one complaint at a time (the simplest reading of the rules): per account, events in (ts, outflows first, txId)
 * order; an outflow carries the earliest money still there; money arriving in the same second is not available;
 * accounts start empty; the complaint's seed transfers carry their full amount; money stops at exits.
 */
import { isForeignKey, walletIn, type CaseData } from "./case-reader.js";

interface Event {
  txId: string;
  from: string;
  to: string | null;
  ts: number;
  tiyn: number;
  exit: string | null;
}

/** The exit key of a transfer or withdrawal under the shared rule, or null. */
export function exitKeyOf(
  e: { to: string | null; purpose?: string; atmId?: string },
  watchlist: Set<string>,
): string | null {
  const wallet = e.purpose ? walletIn(e.purpose) : null;
  if (wallet) return wallet;
  if (e.to === null) return e.atmId!;
  if (watchlist.has(e.to) || isForeignKey(e.to)) return e.to;
  return null;
}

/** All transfers and withdrawals of the case in (ts, txId) order, with their exit keys. */
export function eventsOf(data: CaseData): Event[] {
  const events: Event[] = [];
  for (const t of data.transfers.values())
    events.push({
      txId: t.txId,
      from: t.from,
      to: t.to,
      ts: t.ts,
      tiyn: t.tiyn,
      exit: exitKeyOf(t, data.watchlist),
    });
  for (const w of data.withdrawals.values())
    events.push({ txId: w.txId, from: w.from, to: null, ts: w.ts, tiyn: w.tiyn, exit: w.atmId });
  events.sort((a, b) => a.ts - b.ts || (a.txId < b.txId ? -1 : a.txId > b.txId ? 1 : 0));
  return events;
}

type Lot = [tiyn: number, tainted: boolean];

function take(queue: Lot[], x: number): { parts: Lot[]; short: number } {
  const parts: Lot[] = [];
  while (x > 0 && queue.length > 0) {
    const lot = queue[0]!;
    const n = Math.min(lot[0], x);
    parts.push([n, lot[1]]);
    lot[0] -= n;
    x -= n;
    if (lot[0] === 0) queue.shift();
  }
  if (x > 0) parts.push([x, false]);
  return { parts, short: x };
}

function give(queue: Lot[], parts: Lot[]): void {
  for (const [n, tainted] of parts) {
    const last = queue[queue.length - 1];
    if (last && last[1] === tainted) last[0] += n;
    else queue.push([n, tainted]);
  }
}

export interface Replay {
  exits: Map<string, number>;
  holding: Map<string, number>;
  /** Per account: money paid out that never arrived in the data. */
  shortfall: Map<string, number>;
}

/** Trace one complaint (its seed txIds) over the events; with no seeds it only measures shortfalls. */
export function replay(events: Event[], seeds: Set<string>): Replay {
  const queues = new Map<string, Lot[]>();
  const q = (k: string) => {
    let v = queues.get(k);
    if (!v) queues.set(k, (v = []));
    return v;
  };
  const exits = new Map<string, number>();
  const shortfall = new Map<string, number>();
  let i = 0;
  while (i < events.length) {
    let j = i;
    while (j < events.length && events[j]!.ts === events[i]!.ts) j++;
    const group = events.slice(i, j);
    const carried = group.map((e) => {
      const { parts, short } = take(q(e.from), e.tiyn);
      if (short > 0) shortfall.set(e.from, (shortfall.get(e.from) ?? 0) + short);
      return seeds.has(e.txId) ? ([[e.tiyn, true]] as Lot[]) : parts;
    });
    group.forEach((e, g) => {
      const parts = carried[g]!;
      if (e.exit !== null) {
        for (const [n, tainted] of parts) if (tainted) exits.set(e.exit, (exits.get(e.exit) ?? 0) + n);
        if (e.to !== null) give(q(e.to), [[e.tiyn, false]]);
      } else give(q(e.to!), parts);
    });
    i = j;
  }
  const holding = new Map<string, number>();
  for (const [acc, lots] of queues) {
    const n = lots.reduce((s, [v, t]) => s + (t ? v : 0), 0);
    if (n > 0) holding.set(acc, n);
  }
  return { exits, holding, shortfall };
}
