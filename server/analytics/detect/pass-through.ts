/**
 * R1 pass-through: which inflows an account forwarded soon after they arrived, and how long money stayed.
 *
 * Each account's events are replayed in FIFO event order (indexed.ts); every outflow is matched to earlier inflows
 * still in the account, either the most recent first (LIFO, the default here) or the earliest first (FIFO, the
 * tracing rule). LIFO is the default for *detection* because a rented or dormant account usually holds an old
 * balance: FIFO would match the drop's forwarding to that old money and hide a transfer forwarded within minutes.
 * Tracing keeps FIFO (docs/FORMATS.md). Money an outflow cannot be matched to is "unknown" (accounts start empty).
 *
 * An account's pass-through span runs from its first to its last inflow of which at least passedInflowMinShare was
 * forwarded within the window; the ratio and the median dwell are taken over the inflows of that span, so that a
 * rented account's years of ordinary history do not dilute a two-day burst.
 */
import type { IndexedProjection } from "./indexed.js";

export type Matching = "lifo" | "fifo";

export interface PassThroughOptions {
  matching: Matching;
  windowMs: number;
  passedInflowMinShare: number;
}

export interface PassThroughStats {
  /** Per transfer, as an inflow of its receiver: KZT the receiver forwarded within the window. */
  fwdIn: Float64Array;
  /** Per transfer, as an outflow of its sender: KZT of it matched to inflows received within the window. */
  fastOut: Float64Array;
  /** Per transfer, as an outflow: the shortest dwell of the money it carried (NaN when unmatched). */
  outDwellMs: Float64Array;
  /** Per account. */
  inKzt: Float64Array;
  outKzt: Float64Array;
  nIn: Int32Array;
  nOut: Int32Array;
  spanStart: Float64Array;
  spanEnd: Float64Array;
  spanInKzt: Float64Array;
  spanFwdKzt: Float64Array;
  /** Inflows of the span with at least passedInflowMinShare forwarded. */
  passedInflows: Int32Array;
  /** Amount-weighted median time from credit to matching debit over the span's matched money (NaN: none). */
  medianDwellMs: Float64Array;
  unknownOutKzt: Float64Array;
}

const EPS = 0.005;

/** Replay every account and match outflows to inflows. O(events) per account plus a sort of its matched chunks. */
export function passThrough(ix: IndexedProjection, opts: PassThroughOptions): PassThroughStats {
  const m = ix.transfers.length;
  const n = ix.n;
  const s: PassThroughStats = {
    fwdIn: new Float64Array(m),
    fastOut: new Float64Array(m),
    outDwellMs: new Float64Array(m).fill(NaN),
    inKzt: new Float64Array(n),
    outKzt: new Float64Array(n),
    nIn: new Int32Array(n),
    nOut: new Int32Array(n),
    spanStart: new Float64Array(n).fill(NaN),
    spanEnd: new Float64Array(n).fill(NaN),
    spanInKzt: new Float64Array(n),
    spanFwdKzt: new Float64Array(n),
    passedInflows: new Int32Array(n),
    medianDwellMs: new Float64Array(n).fill(NaN),
    unknownOutKzt: new Float64Array(n),
  };
  let maxEvents = 0;
  for (let a = 0; a < n; a++) maxEvents = Math.max(maxEvents, ix.evStart[a + 1] - ix.evStart[a]);
  // Reused buffers: the lots still in the account, and the matched chunks (inflow, dwell, amount).
  const lotT = new Int32Array(maxEvents);
  const lotRem = new Float64Array(maxEvents);
  const chunkIn = new Int32Array(2 * maxEvents);
  const chunkDwell = new Float64Array(2 * maxEvents);
  const chunkAmt = new Float64Array(2 * maxEvents);
  const order: number[] = [];
  const { ev, evStart, ts, kzt } = ix;
  const lifo = opts.matching === "lifo";

  for (let a = 0; a < n; a++) {
    let head = 0; // FIFO: first live lot
    let top = 0; // one past the last lot
    let chunks = 0;
    for (let i = evStart[a]; i < evStart[a + 1]; i++) {
      const e = ev[i];
      const t = e >> 1;
      const amount = kzt[t];
      if (e & 1) {
        s.inKzt[a] += amount;
        s.nIn[a]++;
        lotT[top] = t;
        lotRem[top++] = amount;
        continue;
      }
      s.outKzt[a] += amount;
      s.nOut[a]++;
      let left = amount;
      while (left > EPS && top > head) {
        const k = lifo ? top - 1 : head;
        const c = Math.min(left, lotRem[k]);
        const inT = lotT[k];
        const dwell = ts[t] - ts[inT];
        if (dwell <= opts.windowMs) {
          s.fwdIn[inT] += c;
          s.fastOut[t] += c;
        }
        if (!(s.outDwellMs[t] <= dwell)) s.outDwellMs[t] = dwell;
        chunkIn[chunks] = inT;
        chunkDwell[chunks] = dwell;
        chunkAmt[chunks++] = c;
        lotRem[k] -= c;
        left -= c;
        if (lotRem[k] <= EPS) {
          if (lifo) top--;
          else head++;
        }
      }
      if (left > EPS) s.unknownOutKzt[a] += left;
    }

    // The span: first to last inflow forwarded (mostly) within the window.
    let start = NaN;
    let end = NaN;
    for (let i = evStart[a]; i < evStart[a + 1]; i++) {
      const e = ev[i];
      if (!(e & 1)) continue;
      const t = e >> 1;
      if (s.fwdIn[t] >= opts.passedInflowMinShare * kzt[t] && kzt[t] > 0) {
        if (Number.isNaN(start)) start = ts[t];
        end = ts[t];
      }
    }
    if (Number.isNaN(start)) continue;
    s.spanStart[a] = start;
    s.spanEnd[a] = end;
    for (let i = evStart[a]; i < evStart[a + 1]; i++) {
      const e = ev[i];
      if (!(e & 1)) continue;
      const t = e >> 1;
      if (ts[t] < start || ts[t] > end) continue;
      s.spanInKzt[a] += kzt[t];
      s.spanFwdKzt[a] += s.fwdIn[t];
      if (s.fwdIn[t] >= opts.passedInflowMinShare * kzt[t] && kzt[t] > 0) s.passedInflows[a]++;
    }
    // Amount-weighted median dwell of the span's matched money.
    order.length = 0;
    let total = 0;
    for (let c = 0; c < chunks; c++) {
      const inTs = ts[chunkIn[c]];
      if (inTs >= start && inTs <= end) {
        order.push(c);
        total += chunkAmt[c];
      }
    }
    order.sort((x, y) => chunkDwell[x] - chunkDwell[y]);
    let acc = 0;
    for (const c of order) {
      acc += chunkAmt[c];
      if (acc >= total / 2) {
        s.medianDwellMs[a] = chunkDwell[c];
        break;
      }
    }
  }
  return s;
}

/** R1 for account a: the span's forwarded share, median dwell and forwarded volume meet the thresholds. */
export function isPassThrough(
  pt: PassThroughStats,
  a: number,
  t: { passThroughMinRatio: number; maxDwellMs: number; minPassThroughKzt: number },
): boolean {
  if (Number.isNaN(pt.spanStart[a]) || pt.spanInKzt[a] <= 0) return false;
  return (
    pt.spanFwdKzt[a] / pt.spanInKzt[a] >= t.passThroughMinRatio &&
    pt.spanFwdKzt[a] >= t.minPassThroughKzt &&
    pt.medianDwellMs[a] <= t.maxDwellMs
  );
}
