/**
 * The simulated world: holders, accounts, balances and the ledger of every transfer and withdrawal emitted.
 *
 * Money is kept in tiyn (integer hundredths of a tenge) so that every sum is exact. A transfer only happens when
 * the sender has the money *before* the transfer's second (money arriving in the same second does not count, as in
 * the shared FIFO rule), except from accounts flagged `openingBalance` (the state treasury, pension payer,
 * microfinance lenders and senders abroad), whose money predates the data. So no other account ever pays out
 * money the data does not show arriving.
 */
import type { AccountRole } from "../model/graph.js";
import type { AccountKind } from "../model/records.js";
import { emitted } from "./almaty-time.js";
import { bankAt, type Channel } from "./banks.js";
import { EventQueue } from "./event-queue.js";

export type HolderType = "person" | "sole_proprietor" | "legal_entity" | "foreign";

export interface Holder {
  /** IIN (persons, sole proprietors) or BIN (legal entities); empty for holders abroad. */
  id: string;
  name: string;
  type: HolderType;
  phone?: string;
  device?: string;
  homeIp?: string;
}

/** Why an innocent account looks suspicious (a planted hard negative). */
export type HardNegativeKind =
  | "payroll"
  | "merchant"
  | "utility"
  | "benefits_payer"
  | "own_transfer"
  | "watchlist_payer"
  | "atm_abroad"
  | "sole_proprietor"
  | "new_account"
  | "loan";

export interface Account {
  key: string;
  iban?: string;
  /** Domestic account number when the bank has no IBAN. */
  number?: string;
  bank: number;
  holder: number;
  kind: AccountKind;
  /** Virtual seconds. */
  openedAt: number;
  role: AccountRole;
  ring: number;
  hardNegative: HardNegativeKind | null;
  watchlist?: "exchange" | "p2p" | "card2crypto";
  /** Holds money from before the data (a root of the money flow). */
  openingBalance: boolean;
  /** Write a statement file for this account. */
  statement: boolean;
  card?: string;
}

/** Growable typed columns of the ledger. A negative `to` is a withdrawal at ATM number `-to - 1`. */
export class Ledger {
  length = 0;
  from = new Int32Array(1024);
  to = new Int32Array(1024);
  /** Emitted instant, epoch seconds UTC. */
  ts = new Float64Array(1024);
  amount = new Float64Array(1024);
  purpose = new Int32Array(1024);
  channel = new Uint8Array(1024);
  knp = new Uint16Array(1024);

  push(
    from: number,
    to: number,
    ts: number,
    amount: number,
    purpose: number,
    channel: number,
    knp: number,
  ): number {
    if (this.length === this.from.length) this.grow();
    const i = this.length++;
    this.from[i] = from;
    this.to[i] = to;
    this.ts[i] = ts;
    this.amount[i] = amount;
    this.purpose[i] = purpose;
    this.channel[i] = channel;
    this.knp[i] = knp;
    return i;
  }

  private grow(): void {
    const n = this.from.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.from = g(this.from, (k) => new Int32Array(k));
    this.to = g(this.to, (k) => new Int32Array(k));
    this.ts = g(this.ts, (k) => new Float64Array(k));
    this.amount = g(this.amount, (k) => new Float64Array(k));
    this.purpose = g(this.purpose, (k) => new Int32Array(k));
    this.channel = g(this.channel, (k) => new Uint8Array(k));
    this.knp = g(this.knp, (k) => new Uint16Array(k));
  }
}

export const CHANNELS: readonly Channel[] = [
  "app",
  "card",
  "pos",
  "atm",
  "internet",
  "branch",
  "swift",
  "payroll",
];

/** An ATM / cash point. */
export interface Atm {
  id: string;
  country: string;
}

export class World {
  readonly holders: Holder[] = [];
  readonly accounts: Account[] = [];
  readonly atms: Atm[] = [];
  readonly ledger = new Ledger();
  readonly queue = new EventQueue();
  readonly purposes: string[] = [];
  private readonly purposeIndex = new Map<string, number>();
  /** Per account (filled by `freeze()`): balance in tiyn, last inflow second and the amount that arrived then. */
  balance = new Float64Array(0);
  private inTs = new Float64Array(0);
  private inAmt = new Float64Array(0);
  /** Ledger rows per account that gets a statement. */
  readonly statementRows = new Map<number, number[]>();
  /** Accounts that took part in at least one transfer or withdrawal. */
  active = new Uint8Array(0);

  addHolder(h: Holder): number {
    this.holders.push(h);
    return this.holders.length - 1;
  }

  addAccount(a: Account): number {
    this.accounts.push(a);
    return this.accounts.length - 1;
  }

  addAtm(a: Atm): number {
    this.atms.push(a);
    return this.atms.length - 1;
  }

  /** Size the per-account state once the cast is complete. */
  freeze(): void {
    const n = this.accounts.length;
    this.balance = new Float64Array(n);
    this.inTs = new Float64Array(n).fill(-1);
    this.inAmt = new Float64Array(n);
    this.active = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (this.accounts[i]!.statement) this.statementRows.set(i, []);
  }

  /** Interned payment-purpose text. */
  purpose(text: string): number {
    let i = this.purposeIndex.get(text);
    if (i === undefined) {
      i = this.purposes.length;
      this.purposes.push(text);
      this.purposeIndex.set(text, i);
    }
    return i;
  }

  /** Money the account can send at virtual second `t` (inflows of that very second excluded). */
  available(acc: number, t: number): number {
    if (this.accounts[acc]!.openingBalance) return Number.MAX_SAFE_INTEGER;
    return this.balance[acc]! - (this.inTs[acc] === t ? this.inAmt[acc]! : 0);
  }

  /**
   * Move `amount` tiyn from `from` to `to` at virtual second `t`, if `from` has it. Returns the ledger row or -1.
   */
  transfer(
    from: number,
    to: number,
    amount: number,
    t: number,
    purpose: number,
    channel: Channel,
    knp: number,
  ): number {
    if (amount <= 0 || from === to || amount > this.available(from, t)) return -1;
    const row = this.ledger.push(from, to, emitted(t), amount, purpose, CHANNELS.indexOf(channel), knp);
    this.balance[from]! -= amount;
    this.balance[to]! += amount;
    if (this.inTs[to] === t) this.inAmt[to]! += amount;
    else {
      this.inTs[to] = t;
      this.inAmt[to] = amount;
    }
    this.active[from] = 1;
    this.active[to] = 1;
    this.statementRows.get(from)?.push(row);
    this.statementRows.get(to)?.push(row);
    return row;
  }

  /** Cash withdrawal of `amount` tiyn from `from` at ATM `atm`, if the account has it. Returns the row or -1. */
  withdraw(from: number, atm: number, amount: number, t: number): number {
    if (amount <= 0 || amount > this.available(from, t)) return -1;
    const row = this.ledger.push(from, -atm - 1, emitted(t), amount, -1, CHANNELS.indexOf("atm"), 0);
    this.balance[from]! -= amount;
    this.active[from] = 1;
    this.statementRows.get(from)?.push(row);
    return row;
  }

  /** The bank reference of ledger row `i`: the originating bank's prefix and a 10-digit serial. */
  txId(i: number): string {
    return bankAt(this.accounts[this.ledger.from[i]!]!.bank).refPrefix + String(i).padStart(10, "0");
  }
}
