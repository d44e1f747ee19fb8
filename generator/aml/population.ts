/**
 * The "aml" world's accounts: one bank's customers with numeric account numbers, split into persons and
 * businesses, and the relationships the background traffic runs on (employers and their staff, merchants and their
 * popularity, utilities, landlords and tenants, families, people's second accounts, crowdfunding collectors,
 * businesses that pass their takings on to suppliers). Sizes and degrees are heavy-tailed (Pareto employer sizes,
 * Zipf merchant popularity, log-normal personal activity) and every proportion is drawn per seed.
 */
import type { Rng } from "../prng.js";

/** Why an innocent account has laundering-like structure (a planted hard negative). */
export type AmlHardNegativeKind =
  | "payroll"
  | "merchant"
  | "utility"
  | "rent"
  | "crowdfunding"
  | "pass_through"
  | "own_transfer"
  | "family"
  | "savings_club"
  | "errand";

export interface Employer {
  account: number;
  staff: number[];
  /** Monthly salary per member of staff, cents. */
  salary: number[];
  /** Paid monthly on this day of the month, or every 14 days from this day of the period when `biweekly`. */
  payday: number;
  biweekly: boolean;
}

export interface PassThrough {
  account: number;
  clients: number[];
  suppliers: number[];
  /** Share of a day's takings paid to suppliers the next day. */
  share: number;
}

export interface Tenancy {
  tenant: number;
  landlord: number;
  cents: number;
  day: number;
}

export interface Population {
  bank: string;
  numbers: string[];
  keys: string[];
  business: Uint8Array;
  hardNegative: (AmlHardNegativeKind | null)[];
  /** Ordinary people (landlords, family members and crowdfunding collectors included). */
  persons: number[];
  /** Accounts opened for laundering: little else happens on them. */
  dedicated: number[];
  /** Per account: how busy its holder is (a multiplier on shopping and person-to-person payments). */
  activity: Float64Array;
  employers: Employer[];
  /** Employer index per account, -1 when none. */
  employerOf: Int32Array;
  merchants: number[];
  merchantCum: Float64Array;
  /** Typical basket per merchant, cents. */
  merchantPrice: Float64Array;
  utilities: number[];
  suppliers: number[];
  tenancies: Tenancy[];
  families: number[][];
  /** Owner account → the same person's second account. */
  savings: Map<number, number>;
  crowdfunders: number[];
  /** Rotating savings clubs: each month every member pays that month's member the same round sum. */
  clubs: { members: number[]; cents: number; day: number }[];
  passThroughs: PassThrough[];
}

/** Cumulative weights for `pickCum`. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  for (let i = 0; i < weights.length; i++) c[i] = s += weights[i]!;
  return c;
}

/** Index drawn in proportion to the weights behind `cum` (binary search). */
export function pickCum(rng: Rng, cum: Float64Array): number {
  const x = rng.next() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Up to `k` distinct elements of `pool` (by rejection: cheap when k is small beside the pool, as here). */
export function distinct<T>(rng: Rng, pool: readonly T[], k: number): T[] {
  if (k >= pool.length) return rng.shuffle(pool.slice());
  const picked = new Set<number>();
  while (picked.size < k) picked.add(rng.int(0, pool.length - 1));
  return [...picked].map((i) => pool[i]!);
}

/** Pareto draw with minimum 1 and tail index `alpha`. */
export function pareto(rng: Rng, alpha: number): number {
  return Math.pow(1 - rng.next(), -1 / alpha);
}

/** Build the population for about `n` accounts, `laundering` of them reserved for laundering schemes. */
export function buildPopulation(rng: Rng, n: number, laundering: number): Population {
  const frac = (lo: number, hi: number, min: number) => Math.max(min, Math.round(n * rng.range(lo, hi)));
  const nEmployers = frac(0.005, 0.012, 2);
  const nMerchants = frac(0.01, 0.02, 3);
  const nUtilities = Math.max(2, Math.round(n * rng.range(0.0003, 0.0008)));
  const nSuppliers = frac(0.002, 0.004, 2);
  const nPassThrough = frac(0.002, 0.004, 1);
  const businesses = nEmployers + nMerchants + nUtilities + nSuppliers + nPassThrough;
  const nDedicated = Math.round(laundering * rng.range(0.2, 0.5));
  const savingsShare = rng.range(0.04, 0.08);
  const nPersons = Math.max(10, Math.round((n - businesses - nDedicated) / (1 + savingsShare)));
  const nSavings = Math.round(nPersons * savingsShare);
  const total = businesses + nDedicated + nPersons + nSavings;

  // Numeric account numbers of one length per seed, unique, no check digit.
  const digits = rng.int(8, 12);
  const bank = String(rng.int(1, 999)).padStart(3, "0");
  const seen = new Set<string>();
  const numbers: string[] = [];
  while (numbers.length < total) {
    let s = String(rng.int(1, 9));
    for (let d = 1; d < digits; d++) s += String(rng.int(0, 9));
    if (seen.has(s)) continue;
    seen.add(s);
    numbers.push(s);
  }
  const keys = numbers.map((num) => `${bank}:${num}`);
  const business = new Uint8Array(total);
  const hardNegative: (AmlHardNegativeKind | null)[] = new Array<AmlHardNegativeKind | null>(total).fill(
    null,
  );

  // Account indices are shuffled so that an account's position says nothing about what it is.
  const slots = rng.shuffle(Array.from({ length: total }, (_, i) => i));
  let next = 0;
  const take = (k: number, isBusiness: boolean, kind: AmlHardNegativeKind | null) => {
    const out = slots.slice(next, next + k);
    next += k;
    for (const a of out) {
      business[a] = isBusiness ? 1 : 0;
      hardNegative[a] = kind;
    }
    return out;
  };
  const employerAccounts = take(nEmployers, true, "payroll");
  const merchants = take(nMerchants, true, "merchant");
  const utilities = take(nUtilities, true, "utility");
  const suppliers = take(nSuppliers, true, null);
  const passAccounts = take(nPassThrough, true, "pass_through");
  const dedicated = take(nDedicated, false, null);
  const persons = take(nPersons, false, null);
  const savingsAccounts = take(nSavings, false, null);

  const activity = new Float64Array(total);
  for (let a = 0; a < total; a++) activity[a] = rng.logNormal(1, 0.7);
  for (const a of dedicated) activity[a] = rng.chance(0.5) ? rng.range(0.05, 0.4) : 0;

  // Employers: Pareto sizes, so a few employ thousands and most a handful.
  const employedShare = rng.range(0.6, 0.8);
  const employerCum = cumulative(employerAccounts.map(() => pareto(rng, rng.range(1.0, 1.4))));
  const employers: Employer[] = employerAccounts.map((account) => ({
    account,
    staff: [],
    salary: [],
    payday: rng.int(1, 28),
    biweekly: rng.chance(0.35),
  }));
  const employerOf = new Int32Array(total).fill(-1);
  const salaryMedian = rng.range(2500, 4500) * 100;
  for (const p of persons) {
    if (!rng.chance(employedShare)) continue;
    const e = pickCum(rng, employerCum);
    employerOf[p] = e;
    employers[e]!.staff.push(p);
    employers[e]!.salary.push(Math.round(rng.logNormal(salaryMedian, 0.45)));
  }

  // Merchants: Zipf popularity over a random ranking.
  const zipf = rng.range(0.8, 1.2);
  const merchantCum = cumulative(rng.shuffle(merchants.map((_, r) => 1 / Math.pow(r + 1, zipf))));
  const merchantPrice = new Float64Array(merchants.length);
  for (let m = 0; m < merchants.length; m++)
    merchantPrice[m] = Math.min(200_000, Math.max(300, rng.logNormal(3500, 0.9)));

  // Landlords and tenants: a few property managers with many tenants, most landlords with one or two.
  const personPool = rng.shuffle(persons.slice());
  let pp = 0;
  const fromPool = (k: number) => {
    const out = personPool.slice(pp, pp + k);
    pp += out.length;
    return out;
  };
  const landlords = fromPool(Math.max(1, Math.round(nPersons * rng.range(0.015, 0.03))));
  for (const l of landlords) hardNegative[l] = "rent";
  const landlordCum = cumulative(landlords.map(() => pareto(rng, 1.2)));
  const landlordSet = new Set(landlords);
  const tenantShare = rng.range(0.25, 0.45);
  const rentMedian = rng.range(900, 1800) * 100;
  const tenancies: Tenancy[] = [];
  for (const p of persons) {
    if (landlordSet.has(p) || !rng.chance(tenantShare)) continue;
    tenancies.push({
      tenant: p,
      landlord: landlords[pickCum(rng, landlordCum)]!,
      cents: Math.round(rng.logNormal(rentMedian, 0.35) / 1000) * 1000,
      day: rng.int(1, 5),
    });
  }

  const crowdfunders = fromPool(Math.max(1, Math.round(n * rng.range(0.001, 0.002))));
  for (const c of crowdfunders) hardNegative[c] = "crowdfunding";

  const clubs: Population["clubs"] = [];
  for (let k = Math.max(1, Math.round(n * rng.range(0.0003, 0.001))); k > 0; k--) {
    const members = fromPool(rng.int(4, 15));
    if (members.length < 3) break;
    for (const m of members) hardNegative[m] = "savings_club";
    clubs.push({ members, cents: rng.pick([5_000, 10_000, 20_000, 25_000, 50_000]), day: rng.int(1, 28) });
  }

  // Second accounts of the same person: money moved between them is nobody else's.
  const savings = new Map<number, number>();
  for (const s of savingsAccounts) {
    const owner = personPool[pp++];
    if (owner === undefined) break;
    savings.set(owner, s);
    hardNegative[owner] = "own_transfer";
    hardNegative[s] = "own_transfer";
  }

  // Families of 2–5 that send each other money both ways.
  const families: number[][] = [];
  const familyShare = rng.range(0.06, 0.15);
  let inFamilies = 0;
  while (inFamilies < nPersons * familyShare && pp < personPool.length - 1) {
    const fam = fromPool(rng.int(2, 5));
    if (fam.length < 2) break;
    for (const f of fam) hardNegative[f] = "family";
    families.push(fam);
    inFamilies += fam.length;
  }

  const passThroughs: PassThrough[] = passAccounts.map((account) => ({
    account,
    clients: distinct(rng, persons, Math.round(rng.range(5, 60))),
    suppliers: distinct(rng, suppliers, rng.int(1, 3)),
    share: rng.range(0.75, 0.95),
  }));

  return {
    bank,
    numbers,
    keys,
    business,
    hardNegative,
    persons,
    dedicated,
    activity,
    employers,
    employerOf,
    merchants,
    merchantCum,
    merchantPrice,
    utilities,
    suppliers,
    tenancies,
    families,
    savings,
    crowdfunders,
    clubs,
    passThroughs,
  };
}
