/**
 * Laundering schemes of the "aml" world, after the typologies of Altman et al., "Realistic Synthetic Financial
 * Transactions for Anti-Money Laundering Models" (NeurIPS 2023 Datasets and Benchmarks) and AMLSim (Suzumura &
 * Kanezashi): fan-in, fan-out, gather-scatter, scatter-gather, cycle, bipartite, stack and random. Each scheme has
 * 3–50 accounts, a period of hours to 30 days, its own amounts and a per-hop cut of 0–15%; money moves forward in
 * time along its path (an account forwards only after the money it forwards arrived), and what an intermediary
 * forwards is what it received less its cut. Members are ordinary customers with their own traffic (a mule also pays
 * rent), accounts opened for the purpose, and some accounts already used by another scheme.
 */
import type { Typology } from "../types.js";
import type { Rng } from "../prng.js";
import { AmlClock, DAY, HOUR } from "./clock.js";
import type { AmlLedger, TxType } from "./ledger.js";
import type { Population } from "./population.js";

export const TYPOLOGIES: readonly Typology[] = [
  "fan_in",
  "fan_out",
  "gather_scatter",
  "scatter_gather",
  "cycle",
  "bipartite",
  "stack",
  "random",
];

export interface PlannedScheme {
  typology: Typology;
  /** Members in the order money reaches them. */
  accounts: number[];
  /** Collecting accounts (role "hub"). */
  hubs: number[];
  /** Ledger rows. */
  rows: number[];
}

/** The bounds every scheme is drawn within (truth.json `planted`). */
export const SCHEME_BOUNDS = {
  minAccounts: 3,
  maxAccounts: 50,
  minPeriodHours: 2,
  maxPeriodDays: 30,
  maxCut: 0.15,
} as const;

const MIN_GAP = 60;

/** Plan schemes until about `target` distinct accounts launder; at least one of every typology. */
export function emitSchemes(
  pop: Population,
  clock: AmlClock,
  rng: Rng,
  ledger: AmlLedger,
  target: number,
): PlannedScheme[] {
  const reuse = rng.range(0.05, 0.15);
  const dedicatedPool = rng.shuffle(pop.dedicated.slice());
  // Mules come from people with no other planted role, so hard negatives stay innocent.
  const candidates = rng.shuffle(pop.persons.filter((p) => pop.hardNegative[p] === null));
  let nextCandidate = 0;
  const launderers: number[] = [];
  const isLaunderer = new Uint8Array(pop.keys.length);
  const schemes: PlannedScheme[] = [];

  const member = (taken: Set<number>): number => {
    for (let attempt = 0; attempt < 20; attempt++) {
      let a: number;
      if (launderers.length > 3 && rng.chance(reuse)) a = launderers[rng.int(0, launderers.length - 1)]!;
      else if (
        dedicatedPool.length > 0 &&
        rng.chance(dedicatedPool.length / Math.max(1, target - launderers.length))
      )
        a = dedicatedPool.pop()!;
      else a = candidates[nextCandidate++ % candidates.length]!;
      if (taken.has(a)) continue;
      taken.add(a);
      if (!isLaunderer[a]) {
        isLaunderer[a] = 1;
        launderers.push(a);
      }
      return a;
    }
    throw new RangeError("generator/aml: too few accounts for a laundering scheme");
  };

  const maxSize = Math.min(
    SCHEME_BOUNDS.maxAccounts,
    Math.max(SCHEME_BOUNDS.minAccounts, Math.round(target / 3)),
  );
  const order = rng.shuffle(TYPOLOGIES.slice());
  for (let s = 0; s < order.length || launderers.length < target; s++) {
    const typology = s < order.length ? order[s]! : order[rng.int(0, order.length - 1)]!;
    // Sizes skewed small (most schemes have a handful of accounts, a few dozens), 3–50; in a small case no scheme
    // takes more than a third of the laundering budget, so the eight typologies fit beside ordinary customers.
    const u = Math.pow(rng.next(), 2);
    // AMLSim's bipartite needs two senders and two receivers (fewer is a fan): at least four accounts.
    const size = Math.max(typology === "bipartite" ? 4 : 3, Math.round(3 * Math.pow(maxSize / 3, u)));
    const taken = new Set<number>();
    const accounts = Array.from({ length: size }, () => member(taken));
    const scheme = plan(typology, accounts, schemes.length, clock, rng, ledger);
    schemes.push(scheme);
  }
  return schemes;
}

interface SchemeStyle {
  t0: number;
  period: number;
  end: number;
  /** Typical amount of one transfer, cents. */
  amount: number;
  /** Largest cut a hop keeps. */
  maxCut: number;
  /** Keep each amount under this (structuring), or Infinity. */
  under: number;
  type: () => TxType;
  /** Most schemes act in daytime like everyone else; some at any hour. */
  when: (t: number) => number;
}

function style(clock: AmlClock, rng: Rng): SchemeStyle {
  // Two days kept free at the end: hops may run a little past a scheme's period, never past the data's end.
  const maxPeriod = Math.min(SCHEME_BOUNDS.maxPeriodDays * DAY, (clock.days - 3) * DAY);
  const lo = Math.log(SCHEME_BOUNDS.minPeriodHours * HOUR);
  const period = Math.exp(rng.range(lo, Math.log(maxPeriod)));
  const t0 = clock.start + rng.range(0, clock.end - clock.start - period - 2 * DAY);
  const wire = rng.range(0, 0.5);
  return {
    t0,
    period,
    end: t0 + period,
    amount: Math.min(5_000_000, Math.max(10_000, rng.logNormal(rng.range(50_000, 600_000), 0.9))),
    maxCut: rng.range(0, SCHEME_BOUNDS.maxCut),
    under: rng.chance(0.2) ? 1_000_000 : Infinity,
    type: () => (rng.chance(wire) ? "WIRE" : "TRANSFER"),
    when: rng.chance(0.8) ? (t) => clock.clamp(clock.toDaytime(t)) : (t) => clock.clamp(t),
  };
}

/** One transfer's amount near the scheme's typical amount. */
function draw(rng: Rng, st: SchemeStyle): number {
  const c = Math.round(st.amount * rng.logNormal(1, 0.3));
  if (c >= st.under) return st.under - rng.int(100, 90_000);
  return Math.max(1000, rng.chance(0.3) ? Math.round(c / 10_000) * 10_000 || 10_000 : c);
}

/** What a hop forwards of `cents`: less a cut of 0 to maxCut, never below 1 dollar. */
function lessCut(rng: Rng, st: SchemeStyle, cents: number): number {
  return Math.max(100, Math.floor(cents * (1 - rng.range(0, st.maxCut))));
}

/** `k` sorted moments in [from, to], at least a minute apart. */
function moments(rng: Rng, k: number, from: number, to: number): number[] {
  const span = Math.max(to - from, k * MIN_GAP * 2);
  const ts = Array.from({ length: k }, () => Math.floor(from + rng.next() * span)).sort((a, b) => a - b);
  for (let i = 1; i < k; i++) if (ts[i]! < ts[i - 1]! + MIN_GAP) ts[i] = ts[i - 1]! + MIN_GAP;
  return ts;
}

/** A moment after `after` (a minute at least) and, room allowing, before `end`. */
function later(rng: Rng, after: number, end: number): number {
  const room = Math.max(MIN_GAP * 2, end - after);
  return Math.floor(after + MIN_GAP + rng.next() * (room - MIN_GAP));
}

/** Split `total` cents into `k` positive parts of random sizes. */
function split(rng: Rng, total: number, k: number): number[] {
  const w = Array.from({ length: k }, () => rng.range(0.5, 1.5));
  const sum = w.reduce((s, x) => s + x, 0);
  const parts = w.map((x) => Math.max(100, Math.floor((total * x) / sum)));
  let excess = parts.reduce((s, x) => s + x, 0) - total;
  for (let i = 0; excess > 0 && i < k; i++) {
    const d = Math.min(excess, parts[i]! - 100);
    parts[i]! -= d;
    excess -= d;
  }
  return parts;
}

function plan(
  typology: Typology,
  m: number[],
  index: number,
  clock: AmlClock,
  rng: Rng,
  ledger: AmlLedger,
): PlannedScheme {
  const st = style(clock, rng);
  const rows: number[] = [];
  const hubs: number[] = [];
  const send = (from: number, to: number, t: number, cents: number) =>
    rows.push(ledger.push(from, to, st.when(t), cents, st.type(), index));
  const n = m.length;
  // Per account: money received so far and the moment the last of it arrived (forwarding waits for it).
  const received = new Map<number, { cents: number; last: number }>();
  const receive = (a: number, cents: number, t: number) => {
    const r = received.get(a) ?? { cents: 0, last: 0 };
    r.cents += cents;
    r.last = Math.max(r.last, t);
    received.set(a, r);
  };
  const sendAndReceive = (from: number, to: number, t: number, cents: number) => {
    send(from, to, t, cents);
    receive(to, cents, clock.clamp(t));
  };

  switch (typology) {
    case "fan_out": {
      const ts = moments(rng, n - 1, st.t0, st.end);
      for (let i = 1; i < n; i++) send(m[0]!, m[i]!, ts[i - 1]!, draw(rng, st));
      break;
    }
    case "fan_in": {
      const ts = moments(rng, n - 1, st.t0, st.end);
      for (let i = 0; i < n - 1; i++) send(m[i]!, m[n - 1]!, ts[i]!, draw(rng, st));
      hubs.push(m[n - 1]!);
      break;
    }
    case "gather_scatter": {
      const k = Math.min(n - 2, Math.max(1, Math.round((n - 1) * rng.range(0.3, 0.7))));
      const hub = m[k]!;
      const mid = st.t0 + st.period * rng.range(0.3, 0.7);
      const ts = moments(rng, k, st.t0, mid);
      for (let i = 0; i < k; i++) sendAndReceive(m[i]!, hub, ts[i]!, draw(rng, st));
      const got = received.get(hub)!;
      const parts = split(rng, lessCut(rng, st, got.cents), n - 1 - k);
      const outTs = moments(rng, parts.length, got.last + MIN_GAP, Math.max(st.end, got.last + HOUR));
      parts.forEach((c, j) => send(hub, m[k + 1 + j]!, outTs[j]!, c));
      hubs.push(hub);
      break;
    }
    case "scatter_gather": {
      const hub = m[n - 1]!;
      const mids = m.slice(1, n - 1);
      const ts = moments(rng, mids.length, st.t0, st.t0 + st.period / 2);
      mids.forEach((a, i) => {
        const cents = draw(rng, st);
        send(m[0]!, a, ts[i]!, cents);
        send(a, hub, later(rng, clock.clamp(ts[i]!), st.end), lessCut(rng, st, cents));
      });
      hubs.push(hub);
      break;
    }
    case "cycle": {
      const ts = moments(rng, n, st.t0, st.end);
      let cents = draw(rng, st);
      for (let i = 0; i < n; i++) {
        send(m[i]!, m[(i + 1) % n]!, ts[i]!, cents);
        cents = lessCut(rng, st, cents);
      }
      break;
    }
    case "random": {
      // A random walk: every member once in a random order, then a few more hops back to members already visited.
      const path = m.slice();
      for (let extra = rng.int(0, Math.floor(n / 2)); extra > 0; extra--) {
        let a = m[rng.int(0, n - 1)]!;
        if (a === path[path.length - 1]) a = m[(m.indexOf(a) + 1) % n]!;
        path.push(a);
      }
      const ts = moments(rng, path.length - 1, st.t0, st.end);
      let cents = draw(rng, st);
      for (let i = 0; i + 1 < path.length; i++) {
        send(path[i]!, path[i + 1]!, ts[i]!, cents);
        cents = lessCut(rng, st, cents);
      }
      break;
    }
    case "bipartite": {
      // AMLSim's bipartite: every sender pays every receiver (all to all), at least two of each.
      const k = Math.min(n - 2, Math.max(2, Math.round(n * rng.range(0.3, 0.7))));
      const a = m.slice(0, k);
      const b = m.slice(k);
      const edges: [number, number][] = [];
      for (const x of a) for (const y of b) edges.push([x, y]);
      const ts = moments(rng, edges.length, st.t0, st.end);
      rng.shuffle(edges).forEach(([x, y], i) => send(x, y, ts[i]!, draw(rng, st)));
      break;
    }
    case "stack": {
      // AMLSim's stack ("stacked bipartite layers", IBM AMLSim transaction_graph_generator.py and StackTypology):
      // the first third of the members pay every account of the second third, which pay every account of the last
      // third. Layering in time, as in our other shapes: a middle account pays on what it got, less its cut, split
      // over every target, after its last inflow.
      const third = Math.floor(n / 3);
      const layer0 = m.slice(0, third);
      const layer1 = m.slice(third, 2 * third);
      const layer2 = m.slice(2 * third);
      const mid = st.t0 + st.period * rng.range(0.3, 0.6);
      const firstHop: [number, number][] = [];
      for (const x of layer0) for (const y of layer1) firstHop.push([x, y]);
      const ts = moments(rng, firstHop.length, st.t0, mid);
      rng.shuffle(firstHop).forEach(([x, y], i) => sendAndReceive(x, y, ts[i]!, draw(rng, st)));
      for (const y of layer1) {
        const got = received.get(y)!;
        const parts = split(rng, lessCut(rng, st, got.cents), layer2.length);
        const outTs = moments(rng, parts.length, got.last + MIN_GAP, Math.max(st.end, got.last + HOUR));
        rng.shuffle(layer2.slice()).forEach((z, j) => send(y, z, outTs[j]!, parts[j]!));
      }
      break;
    }
  }
  return { typology, accounts: m, hubs, rows };
}
