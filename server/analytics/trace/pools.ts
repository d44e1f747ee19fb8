/**
 * What an account holds while the tracer replays its transfers: a pool of lots. A lot is an amount of money of one
 * origin (a complaint's traced money, or untraced money) that came in by one transfer. Two ways to pick the money an
 * outflow carries:
 * - FIFO (Clayton's Case, 1816): the earliest money still in the account leaves first (the default; the generator's
 *   truth follows it).
 * - proportional ("haircut"): every outflow carries the same share of each lot the account holds.
 * Accounts start empty: an outflow larger than what the pool holds carries untraced money for the shortfall.
 */
import type { TraceMethod } from "../../../model/trace.js";

/** Label of money that is not traced (clean inflows, shortfalls, money whose trace stopped). */
export const UNTRACED = -1;

export interface Lot {
  /** Index of the traced origin (complaint or transfer seed), or UNTRACED. */
  label: number;
  /** Integer tiyn. */
  amount: number;
  /** Transfers this money has taken so far (the seed transfer is hop 1). */
  hops: number;
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
  /** Remove `amount` tiyn and return the lots that make it up (shortfall as one UNTRACED lot at the end). */
  take(amount: number): Lot[];
  /** Traced lots still held. */
  traced(): Lot[];
}

function untraced(amount: number, arrivedAt: number, txId: string): Lot {
  return { label: UNTRACED, amount, hops: 0, arrivedAt, txId };
}

/** First in, first out: a queue of lots. */
export class FifoPool implements Pool {
  private lots: Lot[] = [];
  private head = 0;

  put(lots: Lot[]): void {
    for (const lot of lots) {
      if (lot.amount <= 0) continue;
      const last = this.lots.length > this.head ? this.lots[this.lots.length - 1]! : undefined;
      // Untraced money is interchangeable: merging neighbours keeps queues of busy accounts short.
      if (lot.label === UNTRACED && last?.label === UNTRACED) last.amount += lot.amount;
      else this.lots.push({ ...lot });
    }
  }

  putUntraced(amount: number, arrivedAt: number, txId: string): void {
    if (amount <= 0) return;
    const last = this.lots.length > this.head ? this.lots[this.lots.length - 1]! : undefined;
    if (last?.label === UNTRACED) last.amount += amount;
    else this.lots.push(untraced(amount, arrivedAt, txId));
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
      } else {
        out.push({ ...lot, amount: need });
        lot.amount -= need;
        need = 0;
      }
    }
    if (need > 0) out.push(untraced(need, 0, ""));
    if (this.head > 256 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  traced(): Lot[] {
    return this.lots.slice(this.head).filter((l) => l.label !== UNTRACED);
  }
}

/** Haircut: every outflow carries amount / balance of every lot. Untraced money is one number. */
export class ProportionalPool implements Pool {
  private clean = 0;
  private lots = new Map<string, Lot>();

  put(lots: Lot[]): void {
    for (const lot of lots) {
      if (lot.amount <= 0) continue;
      if (lot.label === UNTRACED) {
        this.clean += lot.amount;
        continue;
      }
      const key = `${lot.label}|${lot.hops}|${lot.txId}`;
      const held = this.lots.get(key);
      if (held) held.amount += lot.amount;
      else this.lots.set(key, { ...lot });
    }
  }

  putUntraced(amount: number): void {
    if (amount > 0) this.clean += amount;
  }

  take(amount: number): Lot[] {
    let tracedTotal = 0;
    for (const lot of this.lots.values()) tracedTotal += lot.amount;
    const balance = this.clean + tracedTotal;
    if (balance <= 0) return [untraced(amount, 0, "")];
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
    const cleanPart = Math.min(this.clean, amount - carried);
    this.clean -= cleanPart;
    const rest = amount - carried;
    if (rest > 0) out.push(untraced(rest, 0, ""));
    return out;
  }

  traced(): Lot[] {
    return [...this.lots.values()];
  }
}

export function createPool(method: TraceMethod): Pool {
  return method === "proportional" ? new ProportionalPool() : new FifoPool();
}
