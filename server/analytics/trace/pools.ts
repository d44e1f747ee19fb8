/**
 * What an account holds while the tracer replays its transfers: a pool of lots. A lot is an amount of money that came
 * in by one transfer, tagged with the origins (complaints or transfer seeds) whose traced money it is: none for
 * untraced money, usually one, several when a victim's stolen outflow carried money another complaint had already
 * traced into the victim's account. Each complaint counts that money as its own, as it would traced alone (the
 * generator's truth tags lots with the set of complaints the same way: generator/fifo.ts). Two ways to pick the money
 * an outflow carries:
 * - FIFO (Clayton's Case, 1816): the earliest money still in the account leaves first (the default; the generator's
 *   truth follows it).
 * - proportional ("haircut"): every outflow carries the same share of each lot the account holds.
 * Accounts start empty: an outflow larger than what the pool holds carries untraced money for the shortfall.
 */
import type { TraceMethod } from "../../../model/trace.js";

/** One origin's claim on a lot: the origin's index and the transfers its money has taken so far. */
export interface Tag {
  /** Index of the traced origin (complaint or transfer seed). */
  origin: number;
  /** Transfers this money has taken so far for this origin (the seed transfer is hop 1). */
  hops: number;
}

/** The tags of untraced money. */
export const UNTRACED: readonly Tag[] = Object.freeze([]);

export interface Lot {
  /** Whose traced money this is; UNTRACED (empty) for money no origin follows. */
  tags: readonly Tag[];
  /** Integer tiyn. */
  amount: number;
  /** When it arrived in the account that holds it. */
  arrivedAt: number;
  /** The transfer it arrived by. */
  txId: string;
}

export interface Pool {
  /** Add an inflow's lots, in the order they were carried. */
  put(lots: Lot[]): void;
  /** Add an inflow of untraced money only (the common case: cheaper than `put`). */
  putUntraced(amount: number, arrivedAt: number, txId: string): void;
  /** Remove `amount` tiyn and return the lots that make it up (shortfall as one untraced lot at the end). */
  take(amount: number): Lot[];
  /**
   * Remove `amount` tiyn if none of it is traced money, without listing the lots it takes (most outflows of a busy
   * account); false, with nothing taken, when `take` is needed.
   */
  takeUntraced(amount: number): boolean;
  /** Traced lots still held. */
  traced(): Lot[];
}

export function untracedLot(amount: number, arrivedAt: number, txId: string): Lot {
  return { tags: UNTRACED, amount, arrivedAt, txId };
}

/** First in, first out: a queue of lots. */
export class FifoPool implements Pool {
  private lots: Lot[] = [];
  private head = 0;
  /** Traced lots in the queue (from `head` on). */
  private tracedLots = 0;

  put(lots: Lot[]): void {
    for (const lot of lots) {
      if (lot.amount <= 0) continue;
      if (lot.tags.length === 0) this.putUntraced(lot.amount, lot.arrivedAt, lot.txId);
      else {
        this.lots.push({ ...lot });
        this.tracedLots++;
      }
    }
  }

  putUntraced(amount: number, arrivedAt: number, txId: string): void {
    if (amount <= 0) return;
    const last = this.lots.length > this.head ? this.lots[this.lots.length - 1]! : undefined;
    // Untraced money is interchangeable: merging neighbours keeps queues of busy accounts short.
    if (last && last.tags.length === 0) last.amount += amount;
    else this.lots.push(untracedLot(amount, arrivedAt, txId));
  }

  take(amount: number): Lot[] {
    const out: Lot[] = [];
    let need = amount;
    while (need > 0 && this.head < this.lots.length) {
      const lot = this.lots[this.head]!;
      if (lot.amount <= need) {
        out.push(lot);
        need -= lot.amount;
        this.head++;
        if (lot.tags.length) this.tracedLots--;
      } else {
        out.push({ ...lot, amount: need });
        lot.amount -= need;
        need = 0;
      }
    }
    if (need > 0) out.push(untracedLot(need, 0, ""));
    this.compact();
    return out;
  }

  takeUntraced(amount: number): boolean {
    const lot = this.lots[this.head];
    if (!lot) return true;
    if (lot.tags.length) return false;
    if (lot.amount > amount) lot.amount -= amount;
    else if (this.tracedLots === 0) {
      // The only lot left (untraced neighbours are merged): taken whole, the rest is shortfall.
      this.lots.length = 0;
      this.head = 0;
    } else if (lot.amount === amount) {
      this.head++;
      this.compact();
    } else return false;
    return true;
  }

  private compact(): void {
    if (this.head > 256 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
  }

  traced(): Lot[] {
    return this.lots.slice(this.head).filter((l) => l.tags.length > 0);
  }
}

/** The key that keeps apart lots that must not be merged: same tags (origin and hops) and the same inflow. */
function lotKey(lot: Lot): string {
  let key = lot.txId;
  for (const t of lot.tags) key += `|${t.origin}:${t.hops}`;
  return key;
}

/** Haircut: every outflow carries amount / balance of every lot. Untraced money is one number. */
export class ProportionalPool implements Pool {
  private cleanTiyn = 0;
  private lots = new Map<string, Lot>();

  put(lots: Lot[]): void {
    for (const lot of lots) {
      if (lot.amount <= 0) continue;
      if (lot.tags.length === 0) {
        this.cleanTiyn += lot.amount;
        continue;
      }
      const key = lotKey(lot);
      const held = this.lots.get(key);
      if (held) held.amount += lot.amount;
      else this.lots.set(key, { ...lot });
    }
  }

  putUntraced(amount: number): void {
    if (amount > 0) this.cleanTiyn += amount;
  }

  takeUntraced(amount: number): boolean {
    if (this.lots.size) return false;
    this.cleanTiyn = Math.max(0, this.cleanTiyn - amount);
    return true;
  }

  take(amount: number): Lot[] {
    let tracedTotal = 0;
    for (const lot of this.lots.values()) tracedTotal += lot.amount;
    const balance = this.cleanTiyn + tracedTotal;
    if (balance <= 0) return [untracedLot(amount, 0, "")];
    const share = amount >= balance ? 1 : amount / balance;
    // Largest-remainder rounding: the traced parts add up to round(traced × share) tiyn, never more than the outflow.
    const lots = [...this.lots];
    const exact = lots.map(([, lot]) => lot.amount * share);
    const parts = exact.map((x, i) => (share === 1 ? lots[i]![1].amount : Math.floor(x)));
    let spare = Math.round(exact.reduce((s, x) => s + x, 0)) - parts.reduce((s, x) => s + x, 0);
    const byRemainder = exact.map((x, i) => [x - parts[i]!, i] as const).sort((a, b) => b[0] - a[0]);
    for (const [, i] of byRemainder) {
      if (spare <= 0) break;
      parts[i]!++;
      spare--;
    }
    const out: Lot[] = [];
    let carried = 0;
    lots.forEach(([key, lot], i) => {
      const part = parts[i]!;
      if (part <= 0) return;
      out.push({ ...lot, amount: part });
      carried += part;
      lot.amount -= part;
      if (lot.amount <= 0) this.lots.delete(key);
    });
    const cleanPart = Math.min(this.cleanTiyn, amount - carried);
    this.cleanTiyn -= cleanPart;
    const rest = amount - carried;
    if (rest > 0) out.push(untracedLot(rest, 0, ""));
    return out;
  }

  traced(): Lot[] {
    return [...this.lots.values()];
  }
}

export function createPool(method: TraceMethod): Pool {
  return method === "proportional" ? new ProportionalPool() : new FifoPool();
}
