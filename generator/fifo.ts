/**
 * FIFO allocation of the complaints' stolen money over the emitted ledger, by the rules in docs/FORMATS.md
 * ("Rules shared by the generator's truth and the tracer"):
 * - per account, events in order of (ts, outflows before inflows at the same ts, txId); money that arrives in the
 *   same second as an outflow is not available to it; accounts start empty and a shortfall is "unknown" money;
 * - an outflow carries the earliest money still in the account, and that money keeps its order in the receiver;
 * - a complaint's seed transfers carry their full amount as that complaint's money;
 * - money that reaches an exit (wallet named in the purpose, ATM, listed or foreign account) stops there.
 *
 * All amounts are integer tiyn. Each complaint is traced as if alone. FIFO is positional, so all complaints can be
 * traced in one pass with lots tagged by the *set* of complaints whose money they are: a seed transfer that happens
 * to carry another complaint's money (a victim paid with a salary that once passed through a drop's shop) carries
 * it on for that complaint and is, in full, its own complaint's money too.
 */

/** The ledger as the FIFO routine sees it. `to < 0` is a withdrawal. */
export interface FifoLedger {
  length: number;
  accounts: number;
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  ts: ArrayLike<number>;
  amount: ArrayLike<number>;
  txId(row: number): string;
  /** Exit key of the row, or null when the money goes on into the receiving account. */
  exitKey(row: number): string | null;
  /** Complaint index when the row is a seed (stolen money), else -1. */
  seed(row: number): number;
}

export interface FifoResult {
  /** Per complaint: exit key → tiyn. */
  exits: Map<string, number>[];
  /** Per complaint: account index → tiyn still held at the end. */
  holding: Map<number, number>[];
  /** Per account: tiyn paid out beyond the money the data shows arriving. */
  shortfall: Float64Array;
}

/** Interned sets of complaint indices; tag -1 is the empty set (untainted money). */
class TagSets {
  readonly sets: number[][] = [];
  private readonly index = new Map<string, number>();

  /** The tag of `tag`'s set plus complaint `c`. */
  with(tag: number, c: number): number {
    const set = tag < 0 ? [c] : [...new Set([...this.sets[tag]!, c])].sort((a, b) => a - b);
    const k = set.join(",");
    let t = this.index.get(k);
    if (t === undefined) {
      t = this.sets.length;
      this.sets.push(set);
      this.index.set(k, t);
    }
    return t;
  }
}

/** A queue of money lots, earliest first, each with its tag. */
class Lots {
  amt: number[] = [];
  tag: number[] = [];
  head = 0;

  push(tag: number, amt: number): void {
    const n = this.amt.length;
    if (n > this.head && this.tag[n - 1] === tag) this.amt[n - 1]! += amt;
    else {
      this.amt.push(amt);
      this.tag.push(tag);
    }
  }

  /** Take `x` from the front; returns [tag, amt, tag, amt, …] and the shortfall. */
  take(x: number, out: number[]): number {
    while (x > 0 && this.head < this.amt.length) {
      const a = this.amt[this.head]!;
      const t = this.tag[this.head]!;
      if (a <= x) {
        out.push(t, a);
        x -= a;
        this.head++;
      } else {
        out.push(t, x);
        this.amt[this.head] = a - x;
        x = 0;
      }
    }
    if (this.head > 256 && this.head * 2 > this.amt.length) {
      this.amt = this.amt.slice(this.head);
      this.tag = this.tag.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

/** Allocate `complaints` complaints' money over the ledger. */
export function fifoAllocate(ledger: FifoLedger, complaints: number): FifoResult {
  const plain = new Float64Array(ledger.accounts);
  const lots: (Lots | undefined)[] = new Array(ledger.accounts);
  const shortfall = new Float64Array(ledger.accounts);
  const exits = Array.from({ length: complaints }, () => new Map<string, number>());
  const holding = Array.from({ length: complaints }, () => new Map<number, number>());
  const tags = new TagSets();

  // Rows must come in time order; within one second they are handled in txId order, outflows first.
  const carried: (number[] | null)[] = [];
  let i = 0;
  while (i < ledger.length) {
    let j = i + 1;
    const t = ledger.ts[i]!;
    while (j < ledger.length && ledger.ts[j] === t) j++;
    if (j < ledger.length && ledger.ts[j]! < t)
      throw new RangeError("generator/fifo: ledger rows are not in time order");
    const group: number[] = [];
    for (let k = i; k < j; k++) group.push(k);
    if (group.length > 1) {
      const ids = new Map(group.map((k) => [k, ledger.txId(k)]));
      group.sort((a, b) => (ids.get(a)! < ids.get(b)! ? -1 : ids.get(a)! > ids.get(b)! ? 1 : 0));
    }
    // Phase 1: every outflow of this second takes its money.
    carried.length = 0;
    for (const k of group) {
      const from = ledger.from[k]!;
      const x = ledger.amount[k]!;
      const seed = ledger.seed(k);
      const q = lots[from];
      let parts: number[] | null = null;
      if (q) {
        parts = [];
        const short = q.take(x, parts);
        if (short > 0) {
          shortfall[from]! += short;
          parts.push(-1, short);
        }
      } else {
        const u = Math.min(x, plain[from]!);
        plain[from]! -= u;
        if (x > u) shortfall[from]! += x - u;
      }
      if (seed >= 0) {
        // The whole transfer is this complaint's money, on top of any other complaint's money it carries.
        if (!parts) parts = [-1, x];
        for (let p = 0; p < parts.length; p += 2) parts[p] = tags.with(parts[p]!, seed);
      }
      carried.push(parts);
    }
    // Phase 2: every inflow of this second lands (or stops at its exit).
    group.forEach((k, g) => {
      const to = ledger.to[k]!;
      const x = ledger.amount[k]!;
      const parts = carried[g]!;
      const key = ledger.exitKey(k);
      if (key !== null) {
        if (parts)
          for (let p = 0; p < parts.length; p += 2) {
            const tag = parts[p]!;
            if (tag < 0) continue;
            for (const c of tags.sets[tag]!) exits[c]!.set(key, (exits[c]!.get(key) ?? 0) + parts[p + 1]!);
          }
        if (to >= 0) {
          const q = lots[to];
          if (q) q.push(-1, x);
          else plain[to]! += x;
        }
        return;
      }
      const tainted = parts !== null && parts.some((v, p) => p % 2 === 0 && v >= 0);
      let q = lots[to];
      if (!tainted) {
        if (q) q.push(-1, x);
        else plain[to]! += x;
        return;
      }
      if (!q) {
        q = lots[to] = new Lots();
        if (plain[to]! > 0) q.push(-1, plain[to]!);
        plain[to] = 0;
      }
      for (let p = 0; p < parts!.length; p += 2) q.push(parts![p]!, parts![p + 1]!);
    });
    i = j;
  }

  lots.forEach((q, acc) => {
    if (!q) return;
    for (let p = q.head; p < q.amt.length; p++) {
      const tag = q.tag[p]!;
      if (tag < 0) continue;
      for (const c of tags.sets[tag]!) holding[c]!.set(acc, (holding[c]!.get(acc) ?? 0) + q.amt[p]!);
    }
  });
  return { exits, holding, shortfall };
}
