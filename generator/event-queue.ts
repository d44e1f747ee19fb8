/**
 * A binary min-heap of timed callbacks for the simulation. Ties on time break on insertion order, so the run is
 * deterministic whatever the heap's internal layout.
 */

interface Entry {
  t: number;
  seq: number;
  run: (t: number) => void;
}

export class EventQueue {
  private heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedule `run` at virtual second `t`. */
  push(t: number, run: (t: number) => void): void {
    const e: Entry = { t, seq: this.seq++, run };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  /** Run every event with time < `until`, in (time, insertion) order, including events they schedule. */
  runUntil(until: number): void {
    const h = this.heap;
    while (h.length > 0 && h[0]!.t < until) {
      const top = h[0]!;
      const last = h.pop()!;
      if (h.length > 0) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= h.length) break;
          const r = l + 1;
          const c = r < h.length && less(h[r]!, h[l]!) ? r : l;
          if (!less(h[c]!, last)) break;
          h[i] = h[c]!;
          i = c;
        }
        h[i] = last;
      }
      top.run(top.t);
    }
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
