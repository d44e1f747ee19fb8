/**
 * The "aml" world's ledger: growable typed columns of every transfer, in the order they were planned (not time
 * order). `timeOrder()` gives the register's row order; a row's register reference is its position there plus one.
 * Amounts are integer cents so that a hop's "received less the cut" is exact.
 */

/** Payment formats printed in the register's `tx_type` column. */
export const TX_TYPES = ["TRANSFER", "ACH", "CARD", "WIRE", "CHEQUE"] as const;
export type TxType = (typeof TX_TYPES)[number];
const TX_TYPE_CODE = new Map<TxType, number>(TX_TYPES.map((t, i) => [t, i]));

export class AmlLedger {
  length = 0;
  from = new Int32Array(4096);
  to = new Int32Array(4096);
  /** Epoch seconds UTC. */
  ts = new Float64Array(4096);
  cents = new Float64Array(4096);
  type = new Uint8Array(4096);
  /** Laundering scheme index, -1 for background traffic. */
  scheme = new Int32Array(4096);

  /** Append a transfer; returns its row. */
  push(from: number, to: number, ts: number, cents: number, type: TxType, scheme = -1): number {
    if (from === to) throw new RangeError(`generator/aml: a transfer from account ${from} to itself`);
    if (!(cents >= 1) || !Number.isInteger(cents))
      throw new RangeError(`generator/aml: amount ${cents} cents is not a positive whole number of cents`);
    if (this.length === this.from.length) this.grow();
    const i = this.length++;
    this.from[i] = from;
    this.to[i] = to;
    this.ts[i] = Math.floor(ts);
    this.cents[i] = cents;
    this.type[i] = TX_TYPE_CODE.get(type)!;
    this.scheme[i] = scheme;
    return i;
  }

  /** Rows in time order; ties (same second) keep the planning order, so the order is a function of the seed. */
  timeOrder(): Uint32Array {
    const n = this.length;
    const order = new Uint32Array(n);
    if (n === 0) return order;
    let t0 = Infinity;
    let t1 = -Infinity;
    for (let i = 0; i < n; i++) {
      t0 = Math.min(t0, this.ts[i]!);
      t1 = Math.max(t1, this.ts[i]!);
    }
    // One number per row, (second, row) packed exactly into a double: a plain numeric sort, no comparator calls.
    const rowBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    if ((t1 - t0 + 1) * 2 ** rowBits < 2 ** 53) {
      const keys = new Float64Array(n);
      const scale = 2 ** rowBits;
      for (let i = 0; i < n; i++) keys[i] = (this.ts[i]! - t0) * scale + i;
      keys.sort();
      for (let i = 0; i < n; i++) order[i] = keys[i]! % scale;
      return order;
    }
    for (let i = 0; i < n; i++) order[i] = i;
    const ts = this.ts;
    order.sort((a, b) => ts[a]! - ts[b]! || a - b);
    return order;
  }

  private grow(): void {
    const n = this.from.length * 2;
    const grow = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (k: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.from = grow(this.from, (k) => new Int32Array(k));
    this.to = grow(this.to, (k) => new Int32Array(k));
    this.ts = grow(this.ts, (k) => new Float64Array(k));
    this.cents = grow(this.cents, (k) => new Float64Array(k));
    this.type = grow(this.type, (k) => new Uint8Array(k));
    this.scheme = grow(this.scheme, (k) => new Int32Array(k));
  }
}
