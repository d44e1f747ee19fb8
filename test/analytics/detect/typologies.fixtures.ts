/**
 * Hand-built AMLSim-style shapes for the typology detectors (Altman et al. 2023; the AMLSim typology set): one bank,
 * bare numeric account numbers, amounts in USD at face value, no complaints, identifiers or exits. Each shape sits in
 * an ordinary background (people paying shops small sums over two months, seeded) so that the data's own amount
 * quantiles mean something. Amounts and times are chosen by hand; times are minutes after T0 (projection.fixtures).
 */
import type { IdentifierLink, Projection } from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import { DAY, HOUR, MIN, T0 } from "./projection.fixtures.js";

export { DAY, HOUR, MIN, T0 };

/** A register under construction: numeric accounts, USD, each transfer its own reference. */
export class Register {
  private transfers: TransferEdge[] = [];
  private links: IdentifierLink[] = [];
  private seq = 0;

  /** The accounts have one owner (a person's own accounts), as an export naming holders says. */
  ownedBy(owner: string, ...accounts: string[]): this {
    for (const account of accounts) this.links.push({ account, type: "owner", value: owner });
    return this;
  }

  pay(from: string, to: string, usd: number, minutes: number): this {
    this.transfers.push({
      txId: String(++this.seq).padStart(7, "0"),
      from,
      to,
      ts: T0 + minutes * MIN,
      amount: usd,
      currency: "USD",
      amountKzt: usd,
    });
    return this;
  }

  build(): Projection {
    const keys = new Set<string>();
    for (const t of this.transfers) keys.add(t.from).add(t.to);
    return {
      accounts: [...keys].sort().map((key) => ({ key })),
      transfers: [...this.transfers],
      identifiers: [...this.links],
      complaints: [],
    };
  }
}

/** Numeric account number of the i-th person (10 digits). */
export const acct = (i: number) => String(4_000_000_000 + i);

/**
 * Ordinary life: 80 people each paying 25 small sums (5–120 USD) to 12 shops over 60 days, and 8 repeat transfers
 * between pairs of friends. Seeded (a 32-bit LCG), so the same background every time.
 */
export function background(r = new Register()): Register {
  let s = 12345;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let p = 0; p < 80; p++) {
    for (let k = 0; k < 25; k++) {
      const shop = `shop${Math.floor(rnd() * 12)}`;
      r.pay(acct(p), shop, Math.round(5 + rnd() * 115), Math.floor(rnd() * 60 * 24 * 60));
    }
  }
  for (let p = 0; p < 8; p++) {
    for (let k = 0; k < 4; k++) r.pay(acct(p), acct(p + 40), 60 + 10 * k, 60 * 24 * (7 * k + 3));
  }
  return r;
}

/** A cycle of four accounts: 9 000 USD round, 5% kept per hop, a few hours per hop. */
export function cycleCase(r = background()): Register {
  const c = ["7000000001", "7000000002", "7000000003", "7000000004"];
  let usd = 9_000;
  for (let i = 0; i < 4; i++) {
    r.pay(c[i], c[(i + 1) % 4], Math.round(usd), 60 * 24 * 20 + 180 * i);
    usd *= 0.95;
  }
  return r;
}

/** The same four transfers with the times reversed: each account pays before it was paid. No cycle. */
export function backwardsCycleCase(r = background()): Register {
  const c = ["7000000001", "7000000002", "7000000003", "7000000004"];
  let usd = 9_000;
  for (let i = 0; i < 4; i++) {
    r.pay(c[i], c[(i + 1) % 4], Math.round(usd), 60 * 24 * 20 - 180 * i);
    usd *= 0.95;
  }
  return r;
}

/** A layering chain A → B → C → D → E: 12 000 USD passed on less 3% within two hours at each step. */
export function chainCase(r = background()): Register {
  const c = ["7100000001", "7100000002", "7100000003", "7100000004", "7100000005"];
  let usd = 12_000;
  for (let i = 0; i < 4; i++) {
    r.pay(c[i], c[i + 1], Math.round(usd), 60 * 24 * 30 + 100 * i);
    usd *= 0.97;
  }
  return r;
}

/**
 * A layering chain of everyday sums: 60 USD (or `usd`; the background's median is about 62, its floor about 74)
 * passed on less 2% every few minutes (or every `spacingMin` minutes), over `links` accounts in a row.
 */
export function smallSumChainCase(links: number, r = background(), spacingMin = 7, usd = 60): Register {
  for (let i = 0; i < links + 1; i++) {
    r.pay(
      `71100000${String(i).padStart(2, "0")}`,
      `71100000${String(i + 1).padStart(2, "0")}`,
      Math.round(usd),
      60 * 24 * 33 + spacingMin * i,
    );
    usd *= 0.98;
  }
  return r;
}

/**
 * A long cycle of everyday sums: 300 USD passed round `accounts` accounts, 15% kept at each hop, ten minutes apart,
 * back to where it started; its last hops carry under 20 USD (a quarter of the data's floor). The hops below 25 USD
 * are `tailSpacingMin` apart instead.
 */
export function fadingCycleCase(accounts = 20, tailSpacingMin = 10, r = background()): Register {
  let usd = 300;
  let at = 60 * 24 * 36;
  for (let i = 0; i < accounts; i++) {
    at += usd < 25 ? tailSpacingMin : 10;
    r.pay(
      `71200000${String(i).padStart(2, "0")}`,
      `71200000${String((i + 1) % accounts).padStart(2, "0")}`,
      Math.round(usd * 100) / 100,
      at,
    );
    usd *= 0.85;
  }
  return r;
}

/** Scatter-gather: one source pays four intermediaries 5 000 USD each; each passes 4 600 on to one collector. */
export function scatterGatherCase(r = background(), mids = 4, spacingMin = 30, related = false): Register {
  for (let i = 0; i < mids; i++) {
    r.pay("7200000000", `720000001${i}`, 5_000 + 50 * i, 60 * 24 * 10 + spacingMin * i);
    r.pay(`720000001${i}`, "7200000099", 4_600 + 40 * i, 60 * 24 * 10 + spacingMin * i + 300);
  }
  // A family's: the two intermediaries pay each other small sums every month besides.
  if (related)
    for (let m = 0; m < 6; m++) {
      r.pay("7200000010", "7200000011", 80 + m, 60 * 24 * (30 * m + 2));
      r.pay("7200000011", "7200000010", 70 + m, 60 * 24 * (30 * m + 3));
    }
  return r;
}

/**
 * The scatter-gather of scatterGatherCase with two smaller parts: 7200000000 also pays 7200000014 and 7200000015
 * 60 and 65 USD (below the scheme floor: the background's sums are 5–120 USD), and each passes 57 and 62 USD on to
 * 7200000099 within five hours, `afterDays` days after the shape's first payment.
 */
export function smallerPartsScatterGatherCase(r = background(), afterDays = 0): Register {
  scatterGatherCase(r);
  for (let i = 0; i < 2; i++) {
    const at = 60 * 24 * (10 + afterDays) + 45 + 30 * i;
    r.pay("7200000000", `720000001${4 + i}`, 60 + 5 * i, at);
    r.pay(`720000001${4 + i}`, "7200000099", 57 + 5 * i, at + 300);
  }
  return r;
}

/**
 * Fan-in: six accounts (or `senders`) with their own small shopping each pay a fresh account 7 000–9 500 USD within
 * two days.
 */
export function fanInCase(r = background(), senders = 6): Register {
  for (let i = 0; i < senders; i++)
    r.pay(acct(10 + i), "7300000099", 7_000 + 500 * i, 60 * 24 * 40 + 400 * i);
  return r;
}

/**
 * fanInCase's six senders, four of whom dealt with another of them before: acct(10) paid acct(11) and acct(12) paid
 * acct(13) weeks earlier. `links` says how: "scheme" one payment of 9 000 / 8 500 USD each (reused mules paying each
 * other in another scheme), "everyday" one of 90 / 110 USD (relatives), "again" the large sums twice (partners).
 */
export function linkedFanInCase(links: "scheme" | "everyday" | "again", r = background()): Register {
  const [a, b] = links === "everyday" ? [90, 110] : [9_000, 8_500];
  for (const day of links === "again" ? [10, 20] : [10]) {
    r.pay(acct(10), acct(11), a, 60 * 24 * day);
    r.pay(acct(12), acct(13), b, 60 * 24 * (day + 2));
  }
  return fanInCase(r);
}

/**
 * Gather-scatter: five accounts pay a hub 6 000–8 000 USD within a day; then the hub pays 90% of it on to four
 * accounts the next day. Its mirror has the payouts first: a fan-out before the fan-in is no gather-scatter.
 */
export function gatherScatterCase(r = background(), payoutsFirst = false): Register {
  const base = 60 * 24 * 45;
  let sum = 0;
  for (let i = 0; i < 5; i++) {
    const usd = 6_000 + 500 * i;
    sum += usd;
    r.pay(acct(20 + i), "7400000050", usd, base + 200 * i);
  }
  const shift = payoutsFirst ? -60 * 24 * 3 : 60 * 24;
  for (let j = 0; j < 4; j++)
    r.pay("7400000050", `740000006${j}`, Math.round((0.9 * sum) / 4), base + shift + 60 * j);
  return r;
}

/**
 * The gather-scatter of gatherScatterCase through a hub with a life of its own, as a reused mule's looks in the
 * second world: `salary` a pay of 2 000 USD every five days, twelve times (24 000 USD, so the fan's 35 000 USD is
 * under 60% of all it ever received, yet arrived within hours); `batch` its five payers all pay within ten minutes
 * (the hub still splits it over hours); `laterScheme` ten days after, the hub pays five other strangers 1 500 USD
 * each (its own bills, or another scheme's money: its outflows after the fan then exceed 110% of it). `payouts`
 * false leaves the money in the hub. `usualSenders`: the five payers are firms that pay their suppliers 6 500–7 300
 * USD every nine days (the fan's sums are their ordinary). `spreadDays` spreads the five payments over that many days.
 */
export function busyGatherScatterCase(
  opts: {
    salary?: boolean;
    batch?: boolean;
    laterScheme?: boolean;
    payouts?: boolean;
    usualSenders?: boolean;
    spreadDays?: number;
  },
  r = background(),
): Register {
  const base = 60 * 24 * 45;
  let sum = 0;
  const sender = (i: number) => (opts.usualSenders ? `742000000${i}` : acct(20 + i));
  for (let i = 0; i < 5; i++) {
    const usd = 6_000 + 500 * i;
    sum += usd;
    const step = opts.spreadDays ? (60 * 24 * opts.spreadDays) / 4 : opts.batch ? 2 : 200;
    r.pay(sender(i), "7400000050", usd, base + Math.round(step * i));
    if (opts.usualSenders)
      for (let k = 0; k < 9; k++)
        r.pay(sender(i), `743000000${k % 3}`, 6_500 + 100 * k, 60 * 24 * (2 + 9 * k) + i);
  }
  if (opts.payouts !== false)
    for (let j = 0; j < 4; j++)
      r.pay("7400000050", `740000006${j}`, Math.round((0.9 * sum) / 4), base + 60 * 24 + 60 * j);
  if (opts.salary)
    for (let w = 0; w < 12; w++) r.pay("8100000000", "7400000050", 2_000, 60 * 24 * (1 + 5 * w));
  if (opts.laterScheme)
    for (let j = 0; j < 5; j++) r.pay("7400000050", `741000007${j}`, 1_500, base + 60 * 24 * 10 + 90 * j);
  return r;
}

/**
 * A gather-scatter through a hub whose pay is the size of each part (seed 2902's 44-account scheme): 1 600 USD every
 * fourteen days and 1 300 USD rent a month; eight strangers pay it 1 300–2 000 USD within a day, and the next day it
 * passes 90% on to seven one-off receivers in parts of 1 500–2 000 USD, and later pays a shop 150 USD. The sums are
 * its usual ones; the pace on both sides is not. `steadyPayees`: it also paid ten other one-off receivers such sums
 * over the weeks before (a small firm paying its suppliers), so the scatter is its usual pace.
 */
export function salariedGatherScatterCase(steadyPayees = false, r = background()): Register {
  const hub = "7450000000";
  const day = 60 * 24;
  for (let w = 0; w < 5; w++) r.pay("8150000000", hub, 1_600, day * (1 + 14 * w));
  for (let m = 0; m < 2; m++) r.pay(hub, "8160000000", 1_300, day * (3 + 30 * m));
  const base = day * 45;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const usd = 1_300 + 100 * i - (i % 2) * 50;
    sum += usd;
    r.pay(`745000001${i}`, hub, usd, base + 150 * i);
  }
  for (let j = 0; j < 7; j++) r.pay(hub, `745000002${j}`, Math.round((0.9 * sum) / 7), base + day + 90 * j);
  r.pay(hub, "7450000030", 150, base + 5 * day);
  if (steadyPayees)
    for (let k = 0; k < 10; k++)
      r.pay(hub, `74600000${String(k).padStart(2, "0")}`, 1_500 + 40 * k, day * (4 + 4 * k));
  return r;
}

/**
 * AMLSim's stack of six accounts (two sources each pay both middle accounts, which each pay both targets) within three
 * hours, 1 800–2 400 USD a transfer; `reused` adds a bipartite block five weeks earlier in which the first source was
 * one of the receivers (an account used by two schemes), so that the two blocks share an account.
 */
export function reusedStackCase(reused: boolean, r = background()): Register {
  const t0 = 60 * 24 * 50;
  const [s1, s2, m1, m2, z1, z2] = [
    "7600000001",
    "7600000002",
    "7600000011",
    "7600000012",
    "7600000021",
    "7600000022",
  ];
  r.pay(s1, m1, 2_000, t0)
    .pay(s1, m2, 2_200, t0 + 20)
    .pay(s2, m1, 2_100, t0 + 40)
    .pay(s2, m2, 1_900, t0 + 60);
  r.pay(m1, z1, 2_000, t0 + 120)
    .pay(m1, z2, 2_000, t0 + 130)
    .pay(m2, z1, 1_950, t0 + 150)
    .pay(m2, z2, 2_050, t0 + 170);
  if (reused) {
    const t1 = 60 * 24 * 15;
    for (const [i, x] of ["7600000031", "7600000032"].entries())
      for (const [j, y] of [s1, "7600000041"].entries())
        r.pay(x, y, 2_300 + 50 * (i + j), t1 + 90 * (2 * i + j));
  }
  return r;
}

/**
 * cycleCase's four accounts as a family: the same 9 000 USD round, and besides it they pay each other now and then
 * (five transfers among them over two months, every way), as relatives do.
 */
export function familyCycleCase(r = background()): Register {
  cycleCase(r);
  const c = ["7000000001", "7000000002", "7000000003", "7000000004"];
  r.pay(c[1], c[0], 150, 60 * 24 * 2)
    .pay(c[2], c[0], 80, 60 * 24 * 9)
    .pay(c[0], c[3], 120, 60 * 24 * 30);
  r.pay(c[3], c[2], 60, 60 * 24 * 40).pay(c[0], c[2], 200, 60 * 24 * 55);
  return r;
}

/**
 * fanInCase's six payments into one account, from its relatives: over two months the account pays each of them back
 * now and then (two small transfers each), as a family does.
 */
export function familyFanInCase(r = background()): Register {
  fanInCase(r);
  for (let i = 0; i < 6; i++)
    for (const d of [5, 25]) r.pay("7300000099", acct(10 + i), 100 + 10 * i, 60 * 24 * d + 30 * i);
  return r;
}

/** Payroll: an employer pays 30 staff 2 000–2 600 USD within two minutes, twice, a month apart. */
export function payrollCase(r = background()): Register {
  for (const month of [0, 30]) {
    r.pay("8000000000", "7500000000", 70_000, 60 * 24 * (5 + month) - 60);
    for (let i = 0; i < 30; i++) r.pay("7500000000", acct(i), 2_000 + 20 * i, 60 * 24 * (5 + month) + i / 15);
  }
  return r;
}

/** A family: two relatives send each other money back and forth, the return a few days later. */
export function familyCase(r = background()): Register {
  for (let k = 0; k < 3; k++) {
    r.pay(acct(60), acct(61), 3_000, 60 * 24 * (10 + 15 * k));
    r.pay(acct(61), acct(60), 2_900, 60 * 24 * (12 + 15 * k));
  }
  return r;
}

/**
 * A fan-out that dwarfs the account's history: it was paid a 2 500 USD salary three times, then pays thirty people
 * (with their own shopping) 2 500–3 660 USD each within eight hours. Each payment is its salary's size; the burst is
 * twelve times all its other money. With `salary` 12 000 each payment is a fraction of its pay; `spreadDays` spreads
 * the thirty payments over that many days; `otherPayees` gives the account that many payees of its own (2 000 USD
 * and up, each once), as a business has suppliers.
 */
export function salarySizedFanOutCase(
  r = background(),
  salary = 2_500,
  spreadDays = 0,
  otherPayees = 0,
): Register {
  for (let m = 0; m < 3; m++) r.pay("8100000000", "7600000000", salary, 60 * 24 * (2 + 15 * m));
  for (let i = 0; i < otherPayees; i++) r.pay("7600000000", acct(100 + i), 2_000 + 10 * i, 60 * 24 * (1 + i));
  const step = spreadDays ? Math.floor((60 * 24 * spreadDays) / 30) : 16;
  for (let i = 0; i < 30; i++) r.pay("7600000000", acct(30 + i), 2_500 + 40 * i, 60 * 24 * 50 + step * i);
  return r;
}

/**
 * Bipartite: four people, each with three payees of their own paid every month, each pay three of four fresh
 * accounts 1 500–1 940 USD, all within two days (`spreadDays` stretches the same payments over that many days). Half
 * of everyone each sender pays is its own, so only the burst in time makes it a block.
 */
export function bipartiteBurstCase(r = background(), spreadDays = 2): Register {
  let k = 0;
  for (let s = 0; s < 4; s++) {
    for (let p = 0; p < 3; p++)
      for (let m = 0; m < 3; m++) r.pay(`780000000${s}`, `78100000${s}${p}`, 100, 60 * 24 * (1 + 20 * m) + p);
    for (let j = 0; j < 3; j++) {
      const usd = 1_500 + 40 * k;
      r.pay(
        `780000000${s}`,
        `770000000${(s + j) % 4}`,
        usd,
        60 * 24 * 20 + Math.round((k * spreadDays * 60 * 24) / 12),
      );
      k++;
    }
  }
  return r;
}

/**
 * A stack whose layers follow each other: two accounts with shopping of their own each pay the same two accounts
 * 2 000–2 300 USD a week apart (days 0 and 7), which pay the same two receivers about as much between days
 * `layer2[0]` and `layer2[1]`. Every layer within 15 days; the two together, with the defaults, 18.
 */
export function layeredStackCase(layer2: [number, number] = [10, 18], r = background()): Register {
  const t0 = 60 * 24 * 20;
  const day = 60 * 24;
  const [s1, s2, m1, m2, z1, z2] = [
    "7610000001",
    "7610000002",
    "7610000011",
    "7610000012",
    "7610000021",
    "7610000022",
  ];
  for (const a of [s1, s2, m1, m2])
    for (let k = 0; k < 4; k++) r.pay(a, `shop${k % 2}`, 40 + 10 * k, 60 * 24 * (2 + 9 * k));
  r.pay(s1, m1, 2_000, t0)
    .pay(s1, m2, 2_200, t0 + 60)
    .pay(s2, m1, 2_100, t0 + 7 * day)
    .pay(s2, m2, 2_300, t0 + 7 * day + 60);
  const [a, b] = layer2;
  r.pay(m1, z1, 2_000, t0 + a * day).pay(m1, z2, 2_050, t0 + a * day + 60);
  r.pay(m2, z1, 2_150, t0 + b * day).pay(m2, z2, 2_100, t0 + b * day + 60);
  return r;
}

/**
 * A stack of two: one account pays two fresh accounts 9 000 and 7 000 USD; each passes about 95% on to one collector
 * within hours (`gapDays` puts that many days between the first payment and the second one's hop instead).
 */
export function twoForwarderStackCase(r = background(), gapDays = 0): Register {
  const t0 = 60 * 24 * 30;
  r.pay("7900000000", "7900000001", 9_000, t0);
  r.pay("7900000001", "7900000009", 8_550, t0 + 120);
  r.pay("7900000000", "7900000002", 7_000, t0 + 30 + 60 * 24 * gapDays);
  r.pay("7900000002", "7900000009", 6_650, t0 + 200 + 60 * 24 * gapDays);
  return r;
}

/**
 * A gather-scatter below fan size: a fresh account pays 7900000100 5 000 USD; after it came in, 7900000100 (an
 * ordinary shopper, acct(3)'s life) passes 2 300 and 2 400 USD on to two fresh accounts within two days. With
 * `usualSums` the two receivers are people who get 2 000–2 500 USD every month anyway. With `payerLife` the payer
 * is paid a 2 000 USD salary every twenty days (a relative's windfall, not an account opened for it). With
 * `receiverLife` each receiver shops now and then (relatives with lives of their own, to whom the sum is still large).
 */
export function smallGatherScatterCase(
  r = background(),
  usualSums = false,
  life = false,
  payerLife = false,
  receiverLife = false,
): Register {
  const t0 = 60 * 24 * 30;
  if (life) for (let k = 0; k < 6; k++) r.pay("7900000100", `shop${k}`, 40 + 5 * k, 60 * 24 * (3 + 9 * k));
  if (payerLife) for (let m = 0; m < 3; m++) r.pay("8100000001", "7900000101", 2_000, 60 * 24 * (1 + 20 * m));
  r.pay("7900000101", "7900000100", 5_000, t0);
  r.pay("7900000100", "7900000102", 2_300, t0 + 60 * 20);
  r.pay("7900000100", "7900000103", 2_400, t0 + 60 * 44);
  if (receiverLife) shopsNowAndThen(r, ["7900000102", "7900000103"]);
  if (usualSums)
    for (const who of ["7900000102", "7900000103"])
      for (let m = 0; m < 3; m++) r.pay(`8200000${m}00`, who, 2_000 + 250 * m, 60 * 24 * (1 + 20 * m));
  return r;
}

/**
 * A stack whose middle layer waits: a fresh source pays three middle accounts 6 000–7 000 USD, and each middle
 * account passes 95% on to two targets `waitDays` later (AMLSim pays on at any time in the scheme's period).
 * `spreadDays` spreads the three middle accounts' episodes that many days apart.
 */
export function slowStackCase(r = background(), waitDays = 10, spreadDays = 0): Register {
  const t0 = 60 * 24 * 5;
  for (let i = 0; i < 3; i++) {
    const mid = `790000020${i}`;
    const at = t0 + 60 * 24 * spreadDays * i;
    const usd = 6_000 + 500 * i;
    r.pay("7900000190", mid, usd, at + 60 * i);
    const out = Math.round(0.95 * usd);
    r.pay(mid, `790000030${i}`, Math.round(out / 2), at + 60 * 24 * waitDays + 60 * i);
    r.pay(mid, `790000030${(i + 1) % 3}`, out - Math.round(out / 2), at + 60 * 24 * waitDays + 60 * i + 90);
  }
  return r;
}

/**
 * One hop: 7900000400 pays 7900000401 9 000 USD and three hours later 7900000401 passes 8 600 USD on to 7900000402.
 * With `life` 7900000401 is a shopper of its own (six payments to shops over the data); with `usualForReceiver`
 * 7900000402 is paid 8 500 USD by its employer every twenty days (the sum is its ordinary). `dwellMin` puts that
 * many minutes between the two payments instead of three hours. With `payerLife` 7900000400 is paid a 2 000 USD
 * salary every twenty days (otherwise the 9 000 USD is all it does in the data). With `receiverLife` 7900000402
 * shops now and then (a friend's landlord or a relative, not an account opened for it).
 */
export function oneHopCase(
  r = background(),
  life = false,
  usualForReceiver = false,
  dwellMin = 180,
  payerLife = false,
  receiverLife = false,
): Register {
  const t0 = 60 * 24 * 30;
  if (payerLife) for (let m = 0; m < 3; m++) r.pay("8100000001", "7900000400", 2_000, 60 * 24 * (1 + 20 * m));
  if (life) for (let k = 0; k < 6; k++) r.pay("7900000401", `shop${k}`, 40 + 5 * k, 60 * 24 * (3 + 9 * k));
  if (usualForReceiver)
    for (let m = 0; m < 3; m++) r.pay("8100000000", "7900000402", 8_500, 60 * 24 * (5 + 20 * m));
  r.pay("7900000400", "7900000401", 9_000, t0);
  r.pay("7900000401", "7900000402", 8_600, t0 + dwellMin);
  if (receiverLife) shopsNowAndThen(r, ["7900000402"]);
  return r;
}

/**
 * Seed 3001's split: 7900000400 pays 7 500 USD to 7900000411, which passes it on in two halves (3 630 and 3 710 USD)
 * to two fresh accounts eleven and seventeen days later. `life`: 7900000411 also shops every nine days.
 */
export function slowSplitCase(r = background(), life = false): Register {
  const t0 = 60 * 24 * 20;
  if (life) for (let k = 0; k < 6; k++) r.pay("7900000411", `shop${k}`, 40 + 5 * k, 60 * 24 * (3 + 9 * k));
  r.pay("7900000400", "7900000411", 7_500, t0);
  r.pay("7900000411", "7900000412", 3_630, t0 + 60 * 24 * 11);
  r.pay("7900000411", "7900000413", 3_710, t0 + 60 * 24 * 17);
  return r;
}

/**
 * AMLSim's smallest bipartite: two senders with lives of their own (each pays its landlord and its utility every
 * month, so the block is only half of whom it pays) each pay both of two fresh receivers 3 000–3 300 USD within
 * three days. With `moneyBack` one receiver pays a sender 500 USD a week later: people who deal with each other
 * every way, a family.
 */
export function twoByTwoCase(r = background(), moneyBack = false): Register {
  const t0 = 60 * 24 * 20;
  const senders = ["7900000510", "7900000511"];
  senders.forEach((s, i) => {
    for (let m = 0; m < 3; m++) {
      r.pay(s, `790000052${i}`, 900, 60 * 24 * (2 + 20 * m));
      r.pay(s, `790000053${i}`, 80, 60 * 24 * (4 + 20 * m));
    }
  });
  let k = 0;
  for (const s of senders)
    for (const to of ["7900000500", "7900000501"]) r.pay(s, to, 3_000 + 100 * k, t0 + 60 * 17 * k++);
  if (moneyBack) r.pay("7900000500", senders[0], 500, t0 + 60 * 24 * 7);
  return r;
}

/**
 * A fast fan-out of a few hundred dollars each from an account with a life of its own: it pays a 2 000 USD rent
 * three times and small bills to three payees (`otherPayees` more one-off payees of 60–100 USD besides), then pays
 * thirty people (with their own shopping) 200–345 USD each within six hours (`spreadDays`: the same payments over
 * that many days). The fan is about half of all the account ever paid, so only its pace sets it apart. `smaller`:
 * within the same hours it also pays three more people 69–71 USD each (below the scheme floor: the background's sums
 * are 5–120 USD).
 */
export function fastFanOutCase(r = background(), spreadDays = 0, otherPayees = 0, smaller = false): Register {
  const hub = "7700000000";
  for (let m = 0; m < 3; m++) r.pay(hub, "8200000000", 2_000, 60 * 24 * (3 + 20 * m));
  for (let m = 0; m < 9; m++) r.pay(hub, `bill${m % 3}`, 30 + 5 * m, 60 * 24 * (4 + 6 * m));
  for (let i = 0; i < otherPayees; i++) r.pay(hub, acct(100 + i), 60 + i, 60 * 24 * (1 + i));
  const step = spreadDays ? (60 * 24 * spreadDays) / 30 : 12;
  for (let i = 0; i < 30; i++) r.pay(hub, acct(30 + i), 200 + 5 * i, 60 * 24 * 50 + Math.round(step * i));
  if (smaller) for (let i = 0; i < 3; i++) r.pay(hub, acct(70 + i), 69 + i, 60 * 24 * 50 + 100 * (i + 1));
  return r;
}

/**
 * A fast fan-in of a few hundred dollars each, some below the scheme floor (seed 2502's 27 senders within two hours):
 * beside the usual background, sixty firms pay one another 700–1 600 USD forty times each, so that the data's sums are
 * large; an account with a life of its own (a salary of 1 500 USD three times, two relatives' small gifts, rent and
 * bills) then receives 560–1 460 USD from sixteen people who shop for 20–60 USD a week, one every seven minutes. The
 * sums above the floor alone are no fan: fewer senders than it dealt with otherwise, half of all it received.
 * `spreadHours`: the same payments over that many hours; `usualSums`: the senders pay such sums every week anyway.
 */
export function fastFanInCase(
  opts: { spreadHours?: number; usualSums?: boolean } = {},
  r = background(),
): Register {
  for (let f = 0; f < 60; f++)
    for (let k = 0; k < 40; k++)
      r.pay(
        `firm${f}`,
        `firm${(f + 1 + (k % 5)) % 60}`,
        700 + ((37 * k + 53 * f) % 900),
        60 * (24 + 35 * k) + f,
      );
  const hub = "7470000000";
  for (let m = 0; m < 3; m++) r.pay("8170000000", hub, 1_500, 60 * 24 * (1 + 20 * m));
  for (let m = 0; m < 2; m++) r.pay(`817000001${m}`, hub, 40 + 10 * m, 60 * 24 * (9 + 20 * m));
  for (let m = 0; m < 3; m++) r.pay(hub, "8170000020", 900, 60 * 24 * (2 + 20 * m));
  for (let m = 0; m < 6; m++) r.pay(hub, `bill${m % 3}`, 40 + 5 * m, 60 * 24 * (5 + 8 * m));
  const step = opts.spreadHours ? (60 * opts.spreadHours) / 15 : 7;
  for (let i = 0; i < 16; i++) {
    const sender = `74700001${String(i).padStart(2, "0")}`;
    for (let k = 0; k < 6; k++)
      r.pay(
        sender,
        opts.usualSums ? `firm${k}` : `shop${k}`,
        opts.usualSums ? 560 + 60 * i : 20 + 7 * k,
        60 * 24 * (3 + 7 * k) + i,
      );
    r.pay(sender, hub, 560 + 60 * i, 60 * 24 * 50 + Math.round(step * i));
  }
  return r;
}

/**
 * A fan-in of two: an account paid a 3 000 USD salary three times, that shops, receives 1 400 and 1 130 USD within
 * twenty minutes from two accounts with no other transfers (opened for it). With `lives`, the two senders shop every
 * week like everyone else (two friends paying back what they owe).
 */
export function openedFanInCase(r = background(), lives = false): Register {
  const hub = "7800000000";
  for (let m = 0; m < 3; m++) r.pay("8300000000", hub, 3_000, 60 * 24 * (2 + 20 * m));
  for (let k = 0; k < 8; k++) r.pay(hub, `shop${k % 12}`, 40 + 7 * k, 60 * 24 * (3 + 7 * k));
  const senders = ["7810000000", "7820000000"];
  if (lives)
    for (const s of senders)
      for (let k = 0; k < 8; k++) r.pay(s, `shop${k}`, 30 + 9 * k, 60 * 24 * (1 + 7 * k));
  r.pay(senders[0], hub, 1_400, 60 * 24 * 45);
  r.pay(senders[1], hub, 1_130, 60 * 24 * 45 + 20);
  return r;
}

/**
 * gatherScatterCase through a reused hub: six days before its five payers, another scheme's account paid a sixth
 * sum into it, an hour after paying one of the five 8 800 USD (the two schemes' payers dealt with each other).
 */
export function reusedHubGatherScatterCase(r = background()): Register {
  const before = 60 * 24 * 39;
  r.pay(acct(30), acct(20), 8_800, before - 60);
  r.pay(acct(30), "7400000050", 7_100, before);
  return gatherScatterCase(r);
}

/**
 * A fan-out of two from an account that does nothing else in the data: 7900000800 pays two shoppers 900 and 870 USD
 * within two hours. Thirty-five tenants paying their landlords 1 000 USD every month make those sums the data's
 * 0.7–0.8 quantile: above the fan floor, below the largest fifth. With `payerLife` the payer shops too (five payments
 * of 20–40 USD), so it has a life of its own. With `landlord` the second receiver is a landlord, paid 1 000 USD every
 * few days: 870 USD is an ordinary sum for it.
 */
export function bareFanOutCase(r = background(), payerLife = false, landlord = false): Register {
  for (let i = 0; i < 35; i++)
    for (let m = 0; m < 20; m++)
      r.pay(`86000000${10 + i}`, `8700000${10 + i}`, 1_000, 60 * 24 * (1 + 3 * m) + i);
  const receivers = ["7900000801", landlord ? "870000010" : "7900000802"];
  for (const who of receivers)
    for (let k = 0; k < 8; k++) r.pay(who, `shop${k}`, 30 + 9 * k, 60 * 24 * (1 + 7 * k));
  if (payerLife)
    for (let k = 0; k < 5; k++) r.pay("7900000800", `shop${k}`, 20 + 5 * k, 60 * 24 * (2 + 9 * k));
  r.pay("7900000800", receivers[0], 900, 60 * 24 * 45);
  r.pay("7900000800", receivers[1], 870, 60 * 24 * 45 + 120);
  return r;
}

/**
 * A fan-out of two among accounts with lives of their own: 7900000500, paid a 3 000 USD salary every twenty days and
 * shopping, pays 4 200 and 3 900 USD to two shoppers `gapMinutes` apart (five hours). With `usualForReceivers` the
 * two ("second": the second alone) are paid 4 000–4 800 USD by their clients every six days (the sum is their
 * ordinary: a contractor paid for a job).
 */
export function pairFanOutCase(
  r = background(),
  usualForReceivers: boolean | "second" = false,
  gapMinutes = 300,
): Register {
  const hub = "7900000500";
  const receivers = ["7900000501", "7900000502"];
  for (let m = 0; m < 3; m++) r.pay("8300000500", hub, 3_000, 60 * 24 * (2 + 20 * m));
  for (let k = 0; k < 8; k++) r.pay(hub, `shop${k % 12}`, 40 + 7 * k, 60 * 24 * (3 + 7 * k));
  for (const who of receivers) {
    for (let k = 0; k < 8; k++) r.pay(who, `shop${k}`, 30 + 9 * k, 60 * 24 * (1 + 7 * k));
    if (usualForReceivers === true || (usualForReceivers === "second" && who === receivers[1]))
      for (let m = 0; m < 9; m++)
        r.pay(`8300000${who.slice(-3)}`, who, 4_000 + 100 * m, 60 * 24 * (4 + 6 * m));
  }
  r.pay(hub, receivers[0], 4_200, 60 * 24 * 45);
  r.pay(hub, receivers[1], 3_900, 60 * 24 * 45 + gapMinutes);
  return r;
}

/**
 * A fan-in of two among accounts with lives of their own: 7900000700, a shopper paid a 300 USD allowance every twenty
 * days, receives 4 200 and 3 900 USD from two shoppers within five hours. With `collection` each payer first
 * collected 1 100 USD from each of four one-off donors in the days before (a crowdfunding pot passed on).
 */
export function pairFanInCase(r = background(), collection = false): Register {
  const hub = "7900000700";
  const senders = ["7900000701", "7900000702"];
  for (let m = 0; m < 3; m++) r.pay("8300000700", hub, 300, 60 * 24 * (2 + 20 * m));
  for (let k = 0; k < 8; k++) r.pay(hub, `shop${k % 12}`, 40 + 7 * k, 60 * 24 * (3 + 7 * k));
  senders.forEach((who, i) => {
    for (let k = 0; k < 8; k++) r.pay(who, `shop${k}`, 30 + 9 * k, 60 * 24 * (1 + 7 * k));
    if (collection) for (let d = 0; d < 4; d++) r.pay(`831000${i}${d}00`, who, 1_100, 60 * 24 * 40 + 600 * d);
  });
  r.pay(senders[0], hub, 4_200, 60 * 24 * 45);
  r.pay(senders[1], hub, 3_900, 60 * 24 * 45 + 300);
  return r;
}

/**
 * A gather-scatter of two payers and four receivers through a shopper's account: 7900000600 (shopping, acct(3)'s
 * life) receives 9 000 and 8 500 USD from two fresh accounts within a day and the next day pays 4 100–4 300 USD to
 * four fresh accounts. Its fan-out side is a fan; its fan-in side (two payers) is below fan size. With
 * `receiverLife` the four receivers shop now and then.
 */
export function twoPayerGatherScatterCase(r = background(), life = false, receiverLife = false): Register {
  const hub = "7900000600";
  const t0 = 60 * 24 * 30;
  if (life) for (let k = 0; k < 6; k++) r.pay(hub, `shop${k}`, 40 + 5 * k, 60 * 24 * (3 + 9 * k));
  r.pay("7900000601", hub, 9_000, t0);
  r.pay("7900000602", hub, 8_500, t0 + 60 * 7);
  for (let i = 0; i < 4; i++) r.pay(hub, `790000061${i}`, 4_100 + 60 * i, t0 + 60 * (24 + 3 * i));
  if (receiverLife)
    shopsNowAndThen(
      r,
      [0, 1, 2, 3].map((i) => `790000061${i}`),
    );
  return r;
}

/**
 * Money through accounts with lives of their own, in sums far beyond all of them (seeds 2101 and 2603 of the second
 * world, twenty-second pass): 7900000700–7900000703 each pay shops 35–60 USD now and then. 7900000700 pays 7900000701
 * `amount` (9 000 USD), which three hours later passes `passOn` on to 7900000702 ("hop"), or splits it between
 * 7900000702 and 7900000703 ("split"); or ("gather") 7900000700 and 7900000703 pay it five and four ninths of
 * `amount` within the hour and it passes `passOn` on to 7900000702. `payersShop` false: the payers (7900000700, and
 * 7900000703 in a gather) do nothing else (twenty-third pass). `petty`: three days after passing the money on,
 * 7900000701 pays a shop it never paid before 50 USD.
 */
export function dwarfedHopCase(
  r = background(),
  passOn = 8_600,
  shape: "hop" | "split" | "gather" = "hop",
  { amount = 9_000, payersShop = true, petty = false } = {},
): Register {
  const t0 = 60 * 24 * 30;
  const payers = shape === "gather" ? ["7900000700", "7900000703"] : ["7900000700"];
  shopsNowAndThen(
    r,
    ["7900000700", "7900000701", "7900000702", "7900000703"].filter((a) => payersShop || !payers.includes(a)),
  );
  if (shape === "gather") {
    r.pay("7900000700", "7900000701", Math.round((amount * 5) / 9), t0);
    r.pay("7900000703", "7900000701", Math.round((amount * 4) / 9), t0 + 40);
  } else r.pay("7900000700", "7900000701", amount, t0);
  if (shape === "split") {
    r.pay("7900000701", "7900000702", passOn / 2, t0 + 180);
    r.pay("7900000701", "7900000703", passOn / 2, t0 + 240);
  } else r.pay("7900000701", "7900000702", passOn, t0 + 180);
  if (petty) r.pay("7900000701", "shop-new", 50, t0 + 60 * 24 * 3);
  return r;
}

/**
 * A one-hop chain through an account whose own shopping is petty (10–15 USD; the background's sums are 5–120 USD),
 * seed 2404 of the second world (twenty-third pass): a stranger paid 7900001101 300 USD `staleDays` before the chain,
 * which it kept; then 7900001100 (a shopper) pays it 1 300 USD, and 17 hours later it passes 1 200 USD on to
 * 7900001102, opened for it.
 */
export function staleInflowHopCase(r = background(), staleDays = 35): Register {
  const t0 = 60 * 24 * 45;
  const hub = "7900001101";
  for (let k = 0; k < 6; k++) r.pay(hub, `shop${k}`, 10 + k, 60 * 24 * (1 + 9 * k) + 30);
  shopsNowAndThen(r, ["7900001100"]);
  r.pay("7900001103", hub, 300, t0 - 60 * 24 * staleDays);
  r.pay("7900001100", hub, 1_300, t0);
  r.pay(hub, "7900001102", 1_200, t0 + 60 * 17);
  return r;
}

/**
 * A one-hop chain through a salaried account (seed 2703 of the second world, twenty-third pass): 7900001201 is paid
 * 2 000 USD every fortnight, pays 1 100 USD rent every month and shops for 20–50 USD now and then. A stranger (a
 * shopper) pays it `amount` (400 USD), which two hours later it passes on, `passOn` USD, to 7900001202, opened for it
 * (or with `receiverShops`, a shopper too).
 */
export function salariedHopCase(
  r = background(),
  passOn = 390,
  { amount = 400, receiverShops = false } = {},
): Register {
  const hub = "7900001201";
  for (let k = 0; k < 4; k++) r.pay("8100000005", hub, 2_000, 60 * 24 * (1 + 14 * k));
  for (let m = 0; m < 3; m++) r.pay(hub, "8100000006", 1_100, 60 * 24 * (3 + 20 * m));
  for (let k = 0; k < 4; k++) r.pay(hub, `shop${k}`, 20 + 10 * k, 60 * 24 * (5 + 13 * k));
  shopsNowAndThen(r, receiverShops ? ["7900001200", "7900001202"] : ["7900001200"]);
  const t0 = 60 * 24 * 30;
  r.pay("7900001200", hub, amount, t0);
  r.pay(hub, "7900001202", passOn, t0 + 120);
  return r;
}

/**
 * A slow one-hop chain through a shopper (seed 1503 of the second world, twenty-fourth pass): 7900001401 shops for
 * 35–50 USD now and then; a stranger (a shopper) pays it `amount` (1 500 USD), and `waitDays` (6) days later it passes
 * 95% of it on to 7900001402, opened for it (or with `receiverShops`, a shopper too).
 */
export function slowLivedHopCase(
  r = background(),
  { amount = 1_500, waitDays = 6, receiverShops = false } = {},
): Register {
  shopsNowAndThen(
    r,
    receiverShops ? ["7900001400", "7900001401", "7900001402"] : ["7900001400", "7900001401"],
  );
  const t0 = 60 * 24 * 20;
  r.pay("7900001400", "7900001401", amount, t0);
  r.pay("7900001401", "7900001402", Math.round(amount * 0.95), t0 + 60 * 24 * waitDays);
  return r;
}

/**
 * A one-hop chain hidden by a shared source (seed 1605 of the second world, twenty-fourth pass): 7900001500, a
 * shopper, pays 7900001502 (a shopper) 3 000 USD, which passes it on whole to 7900001503 (a shopper) two days later;
 * five days after that it pays 7900001501 (no other transfer) 5 000 USD, which 62 hours later passes 4 980 USD on to
 * 7900001504 (a shopper; or `to`). The two forwarders share a payer but make no stack.
 */
export function sharedSourceHopCase(r = background(), { to = "7900001504" } = {}): Register {
  shopsNowAndThen(r, ["7900001500", "7900001502", "7900001503", "7900001504"]);
  const t0 = 60 * 24 * 20;
  r.pay("7900001500", "7900001502", 3_000, t0);
  r.pay("7900001502", "7900001503", 3_000, t0 + 60 * 48);
  r.pay("7900001500", "7900001501", 5_000, t0 + 60 * 24 * 7);
  r.pay("7900001501", to, 4_980, t0 + 60 * 24 * 7 + 60 * 62);
  return r;
}

/**
 * A slow fan-in to a salaried account (seed 4201 of the second world, twenty-third pass): 7900001301 is paid 3 000
 * USD every month and shops for 35–60 USD now and then; five strangers (shoppers) pay it 1 500–2 500 USD over eight
 * days, about half of all it ever received. `sales`: three more strangers (shoppers) pay it 9 000 USD each, 25 days
 * apart (someone selling things), so that the five are no longer most of what it received over one-off pairs. The
 * first `opened` of the five senders have no other transfer (opened for it); with `usualSenders` the others pay 2 000
 * USD to someone every ten days, so their sums in the fan are what they usually pay (seed 1804, twenty-fourth pass).
 */
export function salariedFanInCase(
  r = background(),
  sales = false,
  { opened = 0, usualSenders = false } = {},
): Register {
  const hub = "7900001301";
  for (let m = 0; m < 3; m++) r.pay("8100000007", hub, 3_000, 60 * 24 * (2 + 20 * m));
  shopsNowAndThen(r, [hub]);
  const t0 = 60 * 24 * 30;
  for (let i = 0; i < 5; i++) {
    const sender = `790000131${i}`;
    if (i >= opened) shopsNowAndThen(r, [sender]);
    if (i >= opened && usualSenders)
      for (let m = 0; m < 6; m++) r.pay(sender, "8100000008", 2_000, 60 * 24 * (4 + 10 * m) + i);
    r.pay(sender, hub, 1_500 + 250 * i, t0 + 60 * 24 * 2 * i);
  }
  if (sales)
    for (let i = 0; i < 3; i++) {
      shopsNowAndThen(r, [`790000133${i}`]);
      r.pay(`790000133${i}`, hub, 9_000, 60 * 24 * (1 + 25 * i));
    }
  return r;
}

/** Each account pays a shop 35–60 USD four times over the data: a life of its own, in everyday sums. */
function shopsNowAndThen(r: Register, accounts: string[]): void {
  accounts.forEach((a, i) => {
    for (let k = 0; k < 4; k++) r.pay(a, `shop${k}`, 35 + 5 * k + i, 60 * 24 * (2 + 17 * k) + 60 * i);
  });
}

/**
 * A gather-scatter of everyday sums with smaller parts: eight strangers pay 7900000900 (opened for it) 150–220 USD
 * over a day, and four more pay it 50–65 USD among them, below the scheme floor (the background's sums are 5–120
 * USD). The next day it pays six fresh accounts 280 USD each, all the money that came in. `smallerBefore` moves the
 * four smaller payments to two days before the first of the eight, outside the gathering.
 */
export function smallerPartsGatherScatterCase(r = background(), smallerBefore = false): Register {
  const hub = "7900000900";
  const t0 = 60 * 24 * 30;
  for (let i = 0; i < 8; i++) r.pay(`79000009${10 + i}`, hub, 150 + 10 * i, t0 + 150 * i);
  for (let i = 0; i < 4; i++)
    r.pay(`79000009${30 + i}`, hub, 50 + 5 * i, smallerBefore ? t0 - 60 * 48 + 60 * i : t0 + 75 + 300 * i);
  for (let j = 0; j < 6; j++) r.pay(hub, `79000009${50 + j}`, 280, t0 + 60 * 24 * 2 + 90 * j);
  return r;
}

/**
 * A gather-scatter of strangers' everyday sums through a salaried account (seed 1502): 7900001000 is paid 2 000 USD
 * every twenty days and shops now and then; six strangers pay it 300–450 USD over nine days, and over the next week
 * it pays twelve others 150–205 USD each, all of it. `payees` gives it that many payees of its own (60–100 USD
 * once each) besides, so that the twelve are no longer most of the people it ever paid.
 */
export function strangersGatherScatterCase(r = background(), payees = 0): Register {
  const hub = "7900001000";
  const t0 = 60 * 24 * 30;
  for (let m = 0; m < 3; m++) r.pay("8100000003", hub, 2_000, 60 * 24 * (2 + 20 * m));
  for (let k = 0; k < 4; k++) r.pay(hub, `shop${k}`, 30 + 5 * k, 60 * 24 * (3 + 13 * k));
  for (let i = 0; i < payees; i++) r.pay(hub, acct(110 + i), 60 + 3 * i, 60 * 24 * (1 + 2 * i));
  let sum = 0;
  for (let i = 0; i < 6; i++) {
    const usd = 300 + 30 * i;
    sum += usd;
    r.pay(`79000010${10 + i}`, hub, usd, t0 + 60 * 24 * ((9 * i) / 5));
  }
  for (let j = 0; j < 12; j++)
    r.pay(hub, `79000010${30 + j}`, Math.round(sum / 12) - 5 + j, t0 + 60 * 24 * (10 + (7 * j) / 11));
  return r;
}

/**
 * A fan-out of three to friends: 7900000800, a shopper whose own payments are `usual` USD (six of them), pays three
 * friends (each shopping 10–31 USD) `usd`, `usd` + 3 and `usd` + 6 USD over `spreadDays` days, most of all it ever
 * paid. At 88 USD the sums lie between the background's 0.7 and 0.8 quantiles: a fan's size, not the largest fifth.
 */
export function slowFanOutCase(r = background(), usual = 22, usd = 88, spreadDays = 21): Register {
  const hub = "7900000800";
  for (let k = 0; k < 6; k++) r.pay(hub, `shop${k}`, usual + (k % 3), 60 * 24 * (2 + 9 * k));
  for (let i = 0; i < 3; i++) {
    const friend = `790000081${i}`;
    for (let k = 0; k < 6; k++) r.pay(friend, `shop${k + 3}`, 10 + 4 * k + i, 60 * 24 * (1 + 10 * k));
    r.pay(hub, friend, usd + 3 * i, 60 * 24 * 20 + Math.round((60 * 24 * spreadDays * i) / 2));
  }
  return r;
}

/**
 * A steady fan-out (seed 4403 of the second world, twenty-fourth pass): 7900001600, paid 1 000 USD a fortnight and
 * shopping now and then, pays `receivers` (20) accounts opened for it 76–82 USD each, evenly over `days` (20) days:
 * sums between the background's 0.6 and 0.7 quantiles (the scheme floor and the fan's).
 */
export function steadyFanOutCase(r = background(), receivers = 20, days = 20): Register {
  const hub = "7900001600";
  for (let k = 0; k < 4; k++) r.pay("8100000009", hub, 1_000, 60 * 24 * (1 + 14 * k));
  shopsNowAndThen(r, [hub]);
  const t0 = 60 * 24 * 25;
  for (let i = 0; i < receivers; i++)
    r.pay(
      hub,
      `79000017${String(i).padStart(2, "0")}`,
      76 + (i % 7),
      t0 + Math.round((60 * 24 * days * i) / (receivers - 1)),
    );
  return r;
}

/**
 * Money handed back and on: 7900000900 pays 7900000901 `usd` USD, who pays 7900000900 back `usd` − 2 a day later,
 * who pays 7900000902 `usd` − 4 a day after that. Each of the three shops 10–31 USD now and then. At 78 USD the sums
 * lie between the background's 0.6 and 0.7 quantiles (the scheme floor and the fan's).
 */
export function backAndForthChainCase(r = background(), usd = 78): Register {
  const [a, b, c] = ["7900000900", "7900000901", "7900000902"];
  [a, b, c].forEach((who, i) => {
    for (let k = 0; k < 6; k++) r.pay(who, `shop${k + 2}`, 10 + 4 * k + i, 60 * 24 * (1 + 10 * k));
  });
  r.pay(a, b, usd, 60 * 24 * 30);
  r.pay(b, a, usd - 2, 60 * 24 * 31);
  r.pay(a, c, usd - 4, 60 * 24 * 32);
  return r;
}

/**
 * A scatter-gather of everyday sums: 7200000100 pays four accounts 55–61 USD (below the background's 0.6 quantile,
 * the scheme floor) `spacingMin` minutes apart; each passes 52–58 USD on to 7200000199 two hours after it came in.
 */
export function everydayScatterGatherCase(r = background(), spacingMin = 30): Register {
  for (let i = 0; i < 4; i++) {
    r.pay("7200000100", `720000011${i}`, 55 + 2 * i, 60 * 24 * 10 + spacingMin * i);
    r.pay(`720000011${i}`, "7200000199", 52 + 2 * i, 60 * 24 * 10 + spacingMin * i + 120);
  }
  return r;
}

/**
 * A circle of friends passing sums on for each other over three weeks (the second world's errands): 7800000101, a
 * shopper, sends three friends with lives of their own 600–700 USD, 10 and 20 days apart, and each pays it on for
 * them within hours to someone new. Three forwarders linked by their common payer, but never two of them within one
 * hop's dwell: no layer of a scheme.
 */
export function circleErrandsCase(r = background(), days = 10): Register {
  const friend = "7800000101";
  for (let k = 0; k < 10; k++) r.pay(friend, `shop${k}`, 30 + 5 * k, 60 * 24 * (2 + 6 * k));
  for (let i = 0; i < 3; i++) {
    const runner = `78000001${1 + i}0`;
    for (let k = 0; k < 6; k++) r.pay(runner, `shop${k + i}`, 20 + 7 * k, 60 * 24 * (1 + 9 * k) + 40 * i);
    const at = 60 * 24 * (20 + days * i);
    r.pay(friend, runner, 600 + 50 * i, at);
    r.pay(runner, `78000001${1 + i}1`, 600 + 50 * i, at + 180);
  }
  return r;
}

/**
 * Two stacks 40 days apart joined through their source, 7800000001, a shopper with a life of its own who pays both
 * middle layers (one account reused by two schemes): each middle account passes 95% of 6 000–6 500 USD on within
 * hours. In the second, 7800000026 splits its share between the common target, a fresh account 7800000032, and
 * shop3, a shop everyone in the background pays small sums (the sum stands out for it, but it is nobody's end).
 */
export function joinedStacksCase(r = background()): Register {
  const source = "7800000001";
  for (let k = 0; k < 10; k++) r.pay(source, `shop${k}`, 30 + 5 * k, 60 * 24 * (2 + 6 * k));
  for (const [layer, day] of [5, 45].entries()) {
    const target = `780000002${layer}`;
    for (let i = 0; i < 3; i++) {
      const mid = `78000000${1 + layer}${i + 4}`;
      const usd = 6_000 + 250 * i;
      const at = 60 * 24 * day + 30 * i;
      r.pay(source, mid, usd, at);
      const out = Math.round(0.95 * usd);
      if (layer === 1 && i === 2) {
        r.pay(mid, target, Math.round(out / 2), at + 120);
        r.pay(mid, "7800000032", Math.round(out / 4), at + 130);
        r.pay(mid, "shop3", out - Math.round(out / 2) - Math.round(out / 4), at + 140);
      } else r.pay(mid, target, out, at + 120);
    }
  }
  return r;
}

/**
 * A fast fan-in of strangers into an account with a life of its own: 7950000000 (shopping 20–30 USD now and then)
 * takes 74–81 USD from eight senders within three hours, sums between the scheme floor and the fan's. Five senders are
 * new to the data; the other three shop 10–20 USD a time, so the sum stands out for them, unless `usualForSenders`,
 * when they shop 70–100 USD a time and the sum is what they always pay (a collection's first donors).
 */
export function strangersFanInCase(r = background(), usualForSenders = false): Register {
  const hub = "7950000000";
  for (let k = 0; k < 6; k++) r.pay(hub, `shop${k}`, 20 + 2 * k, 60 * 24 * (4 + 9 * k));
  const t0 = 60 * 24 * 33;
  for (let i = 0; i < 8; i++) {
    const sender = `79500000${10 + i}`;
    if (i < 3)
      for (let k = 0; k < 5; k++)
        r.pay(sender, `shop${k + i}`, usualForSenders ? 70 + 7 * k : 10 + 2 * k, 60 * 24 * (2 + 11 * k));
    r.pay(sender, hub, 74 + i, t0 + 20 * i);
  }
  return r;
}

/**
 * A slow fan of strangers at an account with a salary (paid 2 000 USD every two weeks, buying coffee, 6–11 USD, now
 * and then): twelve counterparties over ten days, 60–71 USD each, sums between the scheme floor's quarter and the
 * fan's floor; the fan is a tenth of the money the account received and no faster than its salary. `side` "in": the
 * twelve pay 7960000000 (7960000010–21); "out": 7970000000 pays them (7970000010–21). Six counterparties are new to
 * the data (opened for it); the other six shop 10–20 USD a time, so the sum stands out for them, unless `usual`, when
 * they shop 60–80 USD a time and the sum is their usual one.
 */
export function slowStrangersFanCase(side: "in" | "out", usual = false, r = background()): Register {
  const prefix = side === "in" ? "79600000" : "79700000";
  const hub = `${prefix}00`;
  for (let k = 0; k < 4; k++) r.pay(`${prefix}99`, hub, 2_000, 60 * 24 * (3 + 14 * k));
  for (let k = 0; k < 6; k++) r.pay(hub, `shop${k}`, 6 + k, 60 * 24 * (4 + 9 * k));
  for (let i = 0; i < 12; i++) {
    const other = `${prefix}${10 + i}`;
    if (i < 6)
      for (let k = 0; k < 5; k++)
        r.pay(other, `shop${k + i}`, usual ? 60 + 4 * k : 10 + 2 * k, 60 * 24 * (2 + 11 * k));
    const at = 60 * 24 * 30 + 60 * 20 * i;
    if (side === "in") r.pay(other, hub, 60 + i, at);
    else r.pay(hub, other, 60 + i, at);
  }
  return r;
}

/**
 * A fan-out from an account another scheme already uses: fanInCase's collector 7300000099 (six senders, 7 000–9 500
 * USD at day 40), which also pays four shops 40–70 USD, pays three shoppers 4 800–5 200 USD within six hours twelve
 * days later. Its usual sums are the fan-in's, so the fan-out's look ordinary for it until those are left out. With
 * `salary` the collector's large sums are its own life instead: an employer pays it 8 000 USD every ten days (no
 * fan-in), and the fan-out is its pay moved on.
 */
export function reusedFanOutCase(r = background(), salary = false): Register {
  for (let k = 0; k < 4; k++) r.pay("7300000099", `shop${k}`, 40 + 10 * k, 60 * 24 * (5 + 9 * k));
  if (salary) for (let k = 0; k < 6; k++) r.pay("7300000098", "7300000099", 8_000, 60 * 24 * (2 + 10 * k));
  else fanInCase(r);
  [5_000, 5_200, 4_800].forEach((usd, i) => r.pay("7300000099", acct(60 + i), usd, 60 * 24 * 52 + 120 * i));
  return r;
}

/**
 * Four businesses collecting from clients and paying one shared supplier 85% of each day's takings the next morning,
 * over five weeks. With `clientele` each business has six regular clients (people with their own shopping, each
 * paying it a dozen times or more); without, every payment comes from a sender seen once, as a drop's victims do.
 */
export function sharedSupplierCase(clientele: boolean, r = background()): Register {
  for (let b = 0; b < 4; b++) {
    const business = `73000000${b}0`;
    for (let d = 5; d < 40; d++) {
      let takings = 0;
      for (let j = 0; j < 3; j++) {
        const usd = 300 + ((d * 7 + j * 13 + b * 5) % 9) * 70;
        const sender = clientele
          ? acct(10 * b + ((d * 3 + j) % 6))
          : String(6_000_000_000 + b * 1000 + d * 10 + j);
        r.pay(sender, business, usd, 60 * 24 * d + 60 * (9 + 2 * j) + b);
        takings += usd;
      }
      r.pay(business, "7300000099", Math.round(takings * 0.85), 60 * 24 * (d + 1) + 60 * 8 + b);
    }
  }
  return r;
}

/**
 * A slow cycle: 1 500 USD round four accounts with nothing else between them, 5% kept a hop, one hop every
 * `hopDays` days (four hops: 3 × hopDays from first to last transfer).
 */
export function slowCycleCase(hopDays: number, r = background()): Register {
  const c = ["7000000011", "7000000012", "7000000013", "7000000014"];
  let usd = 1_500;
  for (let i = 0; i < 4; i++) {
    r.pay(c[i], c[(i + 1) % 4], Math.round(usd), 60 * 24 * (5 + hopDays * i));
    usd *= 0.95;
  }
  return r;
}

/**
 * Standing relationships, as AMLSim's normal models make them: 60 people each paying the same three counterparties
 * (a landlord, a utility, a friend) once a month for four months, amounts anywhere from 100 to 1 000 USD. No pair
 * deals only once. Seeded.
 */
export function standingRelationships(r = new Register()): Register {
  let s = 4242;
  const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let p = 0; p < 60; p++)
    for (const to of [`landlord${p % 7}`, `utility${p % 3}`, acct(100 + ((p + 1) % 60))])
      for (let m = 0; m < 4; m++)
        r.pay(acct(100 + p), to, Math.round(100 + rnd() * 900), 60 * 24 * (30 * m + (p % 28)));
  return r;
}

/**
 * AMLSim's fan-in: five accounts with lives of their own (in the background's accounts) each pay one of the
 * background's people once, over three months, sums like everyone's (120–940 USD).
 */
export function oneOffFanInCase(r = standingRelationships()): Register {
  const usd = [430, 120, 940, 615, 280];
  usd.forEach((v, i) => r.pay(acct(110 + 7 * i), acct(105), v, 60 * 24 * (3 + 19 * i) + 600));
  return r;
}

/** AMLSim's cycle: five of the background's people pay each other round once within ten days, amounts at random. */
export function oneOffCycleCase(r = standingRelationships()): Register {
  const c = [acct(120), acct(131), acct(142), acct(153), acct(124)];
  const usd = [710, 160, 880, 390, 530];
  c.forEach((a, i) => r.pay(a, c[(i + 1) % 5], usd[i], 60 * 24 * (40 + 2 * i) + 300));
  return r;
}

/** AMLSim's scatter-gather: one pays four once each, who each pay the same collector once, all equal sums. */
export function oneOffScatterGatherCase(r = standingRelationships()): Register {
  [111, 122, 133, 144].forEach((m, i) => {
    r.pay(acct(101), acct(m), 187, 60 * 24 * (50 + i) + 200);
    r.pay(acct(m), acct(155), 187, 60 * 24 * (53 + i) + 200);
  });
  return r;
}

/**
 * A fan-in whose senders mostly pay what they often pay (seed 4502 of the second world, twenty-fifth pass): eight
 * strangers pay 7300000099 (opened for it) 7 000–10 500 USD within three days. 7300000010–7300000014 pay such sums now
 * and then (three payments of 7 500–8 500 USD to dealers before, each its own); 7300000015–7300000017 (or, with
 * `shoppers` 2, the last two only) shop for 35–60 USD. With `employer`, 7300000050 (paying several staff 8 000 USD a
 * month) pays 7300000099 8 000 USD a month before and again within the fan: a salary, a standing relationship.
 */
export function usualSendersFanInCase(r = background(), { employer = false, shoppers = 3 } = {}): Register {
  const senders = Array.from({ length: 8 }, (_, i) => `73000000${10 + i}`);
  const usual = senders.length - shoppers;
  senders.slice(0, usual).forEach((s, i) => {
    for (let k = 0; k < 3; k++)
      r.pay(s, `dealer${i}${k}`, 7_500 + 500 * k + 10 * i, 60 * 24 * (5 + 10 * k) + 60 * i);
  });
  shopsNowAndThen(r, senders.slice(usual));
  senders.forEach((s, i) => r.pay(s, "7300000099", 7_000 + 500 * i, 60 * 24 * 40 + 400 * i));
  if (employer) {
    for (const day of [10, 40]) {
      r.pay("7300000050", "7300000099", 8_000, 60 * 24 * day + 700);
      for (let k = 0; k < 3; k++) r.pay("7300000050", `staff${k}`, 8_000, 60 * 24 * day + 10 * k);
    }
  }
  return r;
}

/**
 * A fan-in of three senders opened for it below the fan floor (seed 4504 of the second world, twenty-fifth pass):
 * 7800000100 shops for 5–9 USD and four friends (background people) pay it 10 USD now and then; three accounts with one
 * other transfer each pay it `sums` (76, 80 and 83 USD, below the data's 0.7 quantile) within `spanMin` (two hours).
 */
export function openedFanOfThreeCase(
  r = background(),
  { sums = [76, 80, 83], spanMin = 120 } = {},
): Register {
  const hub = "7800000100";
  for (let k = 0; k < 8; k++) r.pay(hub, `shop${k % 12}`, 5 + (k % 5), 60 * 24 * (3 + 6 * k));
  for (let k = 0; k < 4; k++) r.pay(acct(50 + k), hub, 10, 60 * 24 * (4 + 9 * k));
  sums.forEach((usd, i) => {
    const s = `781000010${i}`;
    r.pay(s, `shop${i}`, 20, 60 * 24 * 10);
    r.pay(s, hub, usd, 60 * 24 * 45 + Math.round((spanMin * i) / Math.max(1, sums.length - 1)));
  });
  return r;
}

/**
 * A slow fan-in of five strangers' 2 000–2 400 USD over five days into 7460000001, an account that pays shops every
 * few days; what else it received over the data is `otherIncome` USD, from one payer on days 2 and 40 (5: next to
 * nothing).
 */
export function quietHubFanInCase(r = background(), { otherIncome = 5 } = {}): Register {
  const hub = "7460000001";
  for (let k = 0; k < 20; k++) r.pay(hub, `shop${k % 12}`, 30 + k, 60 * 24 * k * 3 + 100);
  // A standing payer, paid twice, so its money is the account's own income and no part of the fan.
  r.pay(acct(79), hub, otherIncome / 2, 60 * 24 * 2);
  r.pay(acct(79), hub, otherIncome / 2, 60 * 24 * 40);
  for (let s = 0; s < 5; s++) r.pay(acct(50 + s), hub, 2000 + 100 * s, 60 * 24 * (20 + 1.2 * s));
  return r;
}

/**
 * A slow fan-in into 7460000001, an account that pays shops every few days and receives nothing else: `senders`
 * accounts whose own sums are 5–8 USD (ten shop payments each) pay it `usd` USD (plus 3 USD per sender) six days
 * apart. The background's amounts are 5–120 USD, so its 0.7 quantile is about 85 USD and its 0.8 about 97 USD.
 */
export function quietHubSlowFanInCase(r = background(), { senders = 3, usd = 88 } = {}): Register {
  const hub = "7460000001";
  for (let k = 0; k < 20; k++) r.pay(hub, `shop${k % 12}`, 20 + k, 60 * 24 * k * 3 + 100);
  for (let s = 0; s < senders; s++) {
    const sender = `74600001${String(s).padStart(2, "0")}`;
    for (let k = 0; k < 10; k++) r.pay(sender, `shop${(s + k) % 12}`, 5 + (k % 4), 60 * 24 * (1 + 5 * k) + s);
    r.pay(sender, hub, usd + 3 * s, 60 * 24 * (20 + 6 * s));
  }
  return r;
}
