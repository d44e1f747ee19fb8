/**
 * Errands: ordinary people passing money on for someone else within hours or days, with everyday sums. They are the
 * legitimate lives closest to the smallest laundering schemes (a one-hop chain, a gather, a split of three to six
 * accounts), which no other background traffic imitates:
 *
 * - pay for: a relative or friend sends a sum and the person pays it (to the cent, rounded, topped up or less a
 *   little) to a shop, a landlord, a utility or another person the same day;
 * - collect: two to six friends each pay their share and the person pays the whole (often with their own share on
 *   top) to a shop, a supplier or a private seller a few hours to three days later;
 * - share out: a larger sum comes in (a sale, an inheritance, a prize) and the person splits it among two to four
 *   relatives or friends within two days.
 *
 * A runner's counterparties are mostly their circle (relatives, and friends they otherwise split small bills with),
 * a share drawn per seed (20–50%) people with no other tie to them. Emitted after the schemes from a stream of their
 * own, so that every other transfer of a seed is the same as without them; runners (1–3% of people) are drawn from
 * people with no scheme and no hard-negative role but family.
 */
import type { Rng } from "../prng.js";
import { humanAmount, poisson, roundTo } from "./background.js";
import { type AmlClock, HOUR } from "./clock.js";
import type { AmlLedger } from "./ledger.js";
import { distinct, pickCum, type Population } from "./population.js";

/** Emit the errands of the whole period into `ledger` and mark their runners `errand` hard negatives. */
export function emitErrands(
  pop: Population,
  clock: AmlClock,
  rng: Rng,
  ledger: AmlLedger,
  inSchemes: ReadonlySet<number>,
): void {
  const days = clock.days;
  const family = new Map<number, number[]>();
  for (const fam of pop.families) for (const p of fam) family.set(p, fam);
  const free = pop.persons.filter(
    (p) => (pop.hardNegative[p] === null || pop.hardNegative[p] === "family") && !inSchemes.has(p),
  );
  const runners = distinct(rng, free, Math.round(free.length * rng.range(0.01, 0.03)));
  const weights = [rng.range(1, 3), rng.range(1, 3), rng.range(0.5, 1.5)];

  // Each runner's circle: their relatives in the bank and a few friends they otherwise split bills with (small sums
  // both ways now and then); errands draw on the circle, or on someone with no other tie in the data (a colleague).
  const circles = new Map<number, number[]>();
  const strangerShare = rng.range(0.2, 0.5);
  for (const p of runners) {
    const friends = distinct(rng, pop.persons, rng.int(2, 6)).filter((q) => q !== p);
    for (const q of friends)
      for (let k = poisson(rng, rng.range(0.5, 3)); k > 0; k--) {
        const t = clock.daytime(rng, rng.int(0, days - 1));
        const cents = humanAmount(rng, rng.logNormal(3_000, 0.8));
        if (rng.chance(0.5)) ledger.push(p, q, t, cents, "TRANSFER");
        else ledger.push(q, p, t, cents, "TRANSFER");
      }
    circles.set(p, [...(family.get(p) ?? []).filter((q) => q !== p), ...friends]);
  }

  /** Someone the runner knows: from their circle, or someone with no other tie to them. */
  const acquaintance = (p: number, not: readonly number[]) => {
    const circle = circles.get(p)!;
    for (let tries = 0; tries < 8; tries++) {
      const q =
        circle.length && !rng.chance(strangerShare)
          ? circle[rng.int(0, circle.length - 1)]!
          : pop.persons[rng.int(0, pop.persons.length - 1)]!;
      if (q !== p && !not.includes(q)) return q;
    }
    return -1;
  };
  /** Where money for something bought goes: a shop, a supplier, a landlord or a private seller. */
  const payee = (p: number, not: readonly number[]) => {
    const r = rng.next();
    if (r < 0.35) return pop.merchants[pickCum(rng, pop.merchantCum)]!;
    if (r < 0.5) return pop.suppliers[rng.int(0, pop.suppliers.length - 1)]!;
    if (r < 0.6 && pop.tenancies.length) return pop.tenancies[rng.int(0, pop.tenancies.length - 1)]!.landlord;
    if (r < 0.65) return pop.utilities[rng.int(0, pop.utilities.length - 1)]!;
    return acquaintance(p, not);
  };

  for (const p of runners) {
    let did = false;
    for (let k = Math.max(1, poisson(rng, 1.3)); k > 0; k--) {
      const day = rng.int(0, Math.max(0, days - 4));
      const t0 = clock.daytime(rng, day);
      const kind = rng.weighted(weights);
      if (kind === 0) {
        const from = acquaintance(p, []);
        const to = payee(p, [from]);
        if (from < 0 || to < 0 || to === p) continue;
        const sum = humanAmount(rng, rng.logNormal(15_000, 0.9));
        const r = rng.next();
        const on =
          r < 0.5
            ? sum
            : r < 0.7
              ? roundTo(sum, 10)
              : r < 0.85
                ? Math.round(sum * rng.range(1, 1.3))
                : Math.round(sum * rng.range(0.9, 1));
        ledger.push(from, p, t0, sum, "TRANSFER");
        ledger.push(p, to, clock.clamp(t0 + rng.range(0.1, 10) * HOUR), Math.max(100, on), "TRANSFER");
      } else if (kind === 1) {
        const share = humanAmount(rng, rng.logNormal(6_000, 0.8));
        const n = rng.int(2, 6);
        const friends: number[] = [];
        for (let i = 0; i < n; i++) {
          const q = acquaintance(p, friends);
          if (q >= 0) friends.push(q);
        }
        const to = payee(p, friends);
        if (friends.length < 2 || to < 0 || to === p) continue;
        let total = 0;
        let last = t0;
        for (const q of friends) {
          const t = clock.clamp(t0 + rng.range(0, 48) * HOUR);
          const cents = rng.chance(0.7) ? share : humanAmount(rng, share * rng.range(0.7, 1.3));
          ledger.push(q, p, t, cents, "TRANSFER");
          total += cents;
          last = Math.max(last, t);
        }
        const own = rng.chance(0.6) ? share : 0;
        ledger.push(
          p,
          to,
          clock.clamp(last + rng.range(0.5, 72) * HOUR),
          total + own,
          rng.chance(0.5) ? "TRANSFER" : "CARD",
        );
      } else {
        const from = rng.chance(0.7)
          ? acquaintance(p, [])
          : pop.suppliers[rng.int(0, pop.suppliers.length - 1)]!;
        if (from < 0) continue;
        const sum = roundTo(rng.logNormal(150_000, 0.8), 10);
        const n = rng.int(2, 4);
        const to: number[] = [];
        for (let i = 0; i < n; i++) {
          const q = acquaintance(p, [from, ...to]);
          if (q >= 0) to.push(q);
        }
        if (to.length < 2) continue;
        ledger.push(from, p, t0, sum, rng.chance(0.5) ? "TRANSFER" : "WIRE");
        const part = (sum * rng.range(0.5, 1)) / to.length;
        for (const q of to)
          ledger.push(p, q, clock.clamp(t0 + rng.range(0.5, 48) * HOUR), roundTo(part, 10), "TRANSFER");
      }
      did = true;
    }
    if (did) pop.hardNegative[p] = "errand";
  }
}
