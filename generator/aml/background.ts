/**
 * The "aml" world's legitimate traffic, including the hard negatives whose shape alone looks like laundering:
 * payroll (one employer → many staff within seconds), merchants (many small, often round payments in; weekly
 * settlements out), utilities and rent (periodic fan-in), crowdfunding (a burst of donations in, then one payout),
 * families (money both ways), rotating savings clubs, people moving their salary to their own second account within hours, and businesses
 * that collect from clients and pay suppliers the next day. Plus the ordinary rest: shopping and payments to
 * friends. Every rate is drawn per seed.
 */
import type { Rng } from "../prng.js";
import { AmlClock, DAY, HOUR } from "./clock.js";
import type { AmlLedger } from "./ledger.js";
import { distinct, pickCum, type Population } from "./population.js";

/** Poisson draw (Knuth for small means, a rounded normal above 30). */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  for (;;) {
    p *= rng.next();
    if (p <= l) return k;
    k++;
  }
}

/** Cents rounded to a whole number of `unit` dollars (at least one unit). */
export const roundTo = (cents: number, unit: number) =>
  Math.max(unit * 100, Math.round(cents / (unit * 100)) * unit * 100);

/** An amount as people pay it: often a round figure, else to the cent. */
export function humanAmount(rng: Rng, cents: number): number {
  const c = Math.max(100, Math.round(cents));
  const r = rng.next();
  if (r < 0.3) return roundTo(c, c >= 50_000 ? 50 : c >= 10_000 ? 10 : 5);
  if (r < 0.55) return roundTo(c, 1);
  return c;
}

/** Emit the background traffic of the whole period into `ledger`. */
export function emitBackground(pop: Population, clock: AmlClock, rng: Rng, ledger: AmlLedger): void {
  const days = clock.days;
  const span = days / 90;

  // Payroll: one batch per payday, staff paid seconds apart; some move part of it to their own second account.
  const salaryMoves = rng.range(0.6, 0.9);
  for (const e of pop.employers) {
    if (e.staff.length === 0) continue;
    const paydays: number[] = [];
    for (let d = 0; d < days; d++)
      if (e.biweekly ? d % 14 === e.payday % 14 : clock.monthDay(d) === e.payday) paydays.push(d);
    for (const d of paydays) {
      let t = clock.officeHours(rng, d);
      e.staff.forEach((p, i) => {
        t += rng.int(0, 3);
        const pay = Math.round(e.salary[i]! * (e.biweekly ? 0.5 : 1) * (rng.chance(0.05) ? 1.3 : 1));
        ledger.push(e.account, p, clock.clamp(t), pay, "ACH");
        const own = pop.savings.get(p);
        if (own !== undefined && rng.chance(salaryMoves))
          ledger.push(
            p,
            own,
            clock.clamp(t + rng.range(0.5, 12) * HOUR),
            roundTo(pay * rng.range(0.1, 0.6), 10),
            "TRANSFER",
          );
      });
    }
  }
  // Second accounts: now and then money goes back to the main account.
  for (const [owner, own] of pop.savings)
    for (let k = poisson(rng, 1.2 * span); k > 0; k--)
      ledger.push(
        own,
        owner,
        clock.daytime(rng, rng.int(0, days - 1)),
        roundTo(rng.logNormal(40_000, 0.8), 10),
        "TRANSFER",
      );

  // Shopping: Zipf-popular merchants, log-normal baskets; merchants settle weekly with a supplier.
  const shopRate = rng.range(2.5, 5) * span;
  const weeks = Math.ceil(days / 7);
  const takings = new Float64Array(pop.merchants.length * weeks);
  const shoppers = pop.persons.concat(pop.dedicated);
  for (const p of shoppers) {
    for (let k = poisson(rng, shopRate * pop.activity[p]!); k > 0; k--) {
      const m = pickCum(rng, pop.merchantCum);
      const d = rng.int(0, days - 1);
      const cents = humanAmount(rng, pop.merchantPrice[m]! * rng.logNormal(1, 0.5));
      ledger.push(p, pop.merchants[m]!, clock.daytime(rng, d), cents, "CARD");
      takings[m * weeks + Math.floor(d / 7)]! += cents;
    }
  }
  pop.merchants.forEach((acc, m) => {
    const supplier = pop.suppliers[rng.int(0, pop.suppliers.length - 1)]!;
    const share = rng.range(0.4, 0.7);
    const weekday = rng.int(0, 6);
    for (let w = 0; w + 1 < weeks; w++) {
      const d = (w + 1) * 7 + weekday;
      const cents = Math.round(takings[m * weeks + w]! * share);
      if (d < days && cents >= 1000) ledger.push(acc, supplier, clock.officeHours(rng, d), cents, "ACH");
    }
  });

  // Utilities: monthly bills, a month's takings partly passed to a supplier.
  const utilityShare = rng.range(0.5, 0.8);
  const utilityTakings = new Float64Array(pop.utilities.length);
  for (const p of pop.persons) {
    if (!rng.chance(utilityShare)) continue;
    for (const u of distinct(
      rng,
      pop.utilities.map((_, i) => i),
      rng.int(1, 2),
    )) {
      const base = rng.logNormal(9_000, 0.5);
      const day = rng.int(1, 28);
      for (let d = 0; d < days; d++) {
        if (clock.monthDay(d) !== day) continue;
        const cents = Math.max(500, Math.round(base * rng.range(0.8, 1.25)));
        ledger.push(p, pop.utilities[u]!, clock.daytime(rng, d), cents, "ACH");
        utilityTakings[u]! += cents;
      }
    }
  }
  pop.utilities.forEach((acc, u) => {
    const cents = Math.round((utilityTakings[u]! * rng.range(0.5, 0.7)) / Math.max(1, Math.floor(days / 30)));
    for (let d = 20; d < days && cents >= 1000; d += 30)
      ledger.push(acc, pop.suppliers[u % pop.suppliers.length]!, clock.officeHours(rng, d), cents, "WIRE");
  });

  // Rent: the same amount on the same days each month.
  for (const r of pop.tenancies)
    for (let d = 0; d < days; d++)
      if (clock.monthDay(d) === r.day)
        ledger.push(
          r.tenant,
          r.landlord,
          clock.daytime(rng, d),
          r.cents,
          rng.chance(0.7) ? "ACH" : "TRANSFER",
        );

  // Families: money both ways, often paid back days later.
  const familyRate = rng.range(1.5, 4) * span;
  for (const fam of pop.families)
    for (const p of fam)
      for (let k = poisson(rng, familyRate); k > 0; k--) {
        let q = fam[rng.int(0, fam.length - 1)]!;
        if (q === p) q = fam[(fam.indexOf(p) + 1) % fam.length]!;
        const d = rng.int(0, days - 1);
        const cents = roundTo(rng.logNormal(20_000, 0.9), 10);
        const t = clock.daytime(rng, d);
        ledger.push(p, q, t, cents, "TRANSFER");
        if (rng.chance(0.35))
          ledger.push(
            q,
            p,
            clock.clamp(t + rng.range(1, 10) * DAY),
            roundTo(cents * rng.range(0.3, 1), 10),
            "TRANSFER",
          );
      }

  // Friends and acquaintances.
  const p2pRate = rng.range(0.8, 2) * span;
  for (const p of pop.persons)
    for (let k = poisson(rng, p2pRate * pop.activity[p]!); k > 0; k--) {
      const q = pop.persons[rng.int(0, pop.persons.length - 1)]!;
      if (q !== p)
        ledger.push(
          p,
          q,
          clock.daytime(rng, rng.int(0, days - 1)),
          humanAmount(rng, rng.logNormal(6_000, 1)),
          "TRANSFER",
        );
    }

  // Crowdfunding: a burst of donations, then the whole pot (less the platform's fee) paid out once.
  const gifts = [1_000, 2_000, 2_500, 5_000, 10_000, 20_000, 50_000];
  const giftWeights = [3, 4, 2, 5, 4, 2, 1];
  for (const c of pop.crowdfunders) {
    const startDay = rng.int(0, Math.max(0, days - 12));
    const burst = rng.range(1, 7) * DAY;
    const t0 = clock.officeHours(rng, startDay);
    const donors = distinct(
      rng,
      pop.persons,
      Math.min(600, Math.max(10, Math.round(rng.logNormal(60, 0.8)))),
    );
    let total = 0;
    let last = t0;
    for (const p of donors) {
      if (p === c) continue;
      // Most donations come early, when the campaign is shared.
      const t = clock.clamp(t0 + burst * Math.pow(rng.next(), 2));
      const cents = rng.chance(0.8)
        ? gifts[rng.weighted(giftWeights)]!
        : humanAmount(rng, rng.logNormal(4_000, 0.8));
      ledger.push(p, c, t, cents, "TRANSFER");
      total += cents;
      last = Math.max(last, t);
    }
    const beneficiary = rng.chance(0.5)
      ? pop.suppliers[rng.int(0, pop.suppliers.length - 1)]!
      : pop.merchants[rng.int(0, pop.merchants.length - 1)]!;
    const payout = Math.round(total * rng.range(0.9, 0.99));
    if (payout >= 100) ledger.push(c, beneficiary, clock.clamp(last + rng.range(1, 4) * DAY), payout, "WIRE");
  }

  // Rotating savings clubs: month by month, every member pays that month's member (a legitimate many-to-one that
  // moves around a closed group, like a cycle or bipartite scheme).
  for (const club of pop.clubs) {
    let turn = rng.int(0, club.members.length - 1);
    for (let d = 0; d < days; d++) {
      if (clock.monthDay(d) !== club.day) continue;
      const payee = club.members[turn % club.members.length]!;
      for (const m of club.members)
        if (m !== payee)
          ledger.push(
            m,
            payee,
            clock.daytime(rng, Math.min(days - 1, d + rng.int(0, 2))),
            club.cents,
            "TRANSFER",
          );
      turn++;
    }
  }

  // Businesses that collect from clients and pay their suppliers the next working day.
  for (const b of pop.passThroughs) {
    const perDay = rng.range(1, 8);
    const median = rng.range(300, 2000) * 100;
    let yesterday = 0;
    for (let d = 0; d < days; d++) {
      const wd = clock.weekday(d);
      if (wd === 0 || wd === 6) continue;
      if (yesterday > 0) {
        const out = Math.round(yesterday * b.share);
        const weights = b.suppliers.map(() => rng.range(0.5, 1.5));
        const sum = weights.reduce((s, w) => s + w, 0);
        let left = out;
        b.suppliers.forEach((s, i) => {
          const part = i === b.suppliers.length - 1 ? left : Math.round((out * weights[i]!) / sum);
          left -= part;
          if (part >= 100)
            ledger.push(
              b.account,
              s,
              clock.clamp(clock.start + d * DAY + (9 - clock.offsetHours) * HOUR + rng.int(0, 7200)),
              part,
              "WIRE",
            );
        });
      }
      yesterday = 0;
      for (let k = poisson(rng, perDay); k > 0; k--) {
        const client = b.clients[rng.int(0, b.clients.length - 1)]!;
        const cents = humanAmount(rng, rng.logNormal(median, 0.7));
        ledger.push(client, b.account, clock.officeHours(rng, d), cents, "ACH");
        yesterday += cents;
      }
    }
  }
}
