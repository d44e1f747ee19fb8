/**
 * The cast of a case: who exists, which accounts they hold, and who plays which part. Built once before the
 * simulation from the seed and the target size; behaviour lives in ordinary.ts and rings.ts.
 */
import { Calendar } from "./almaty-time.js";
import { BANKS, EXPORTING_BANKS, bankIndex, type Bank, type BankId } from "./banks.js";
import {
  makeBin,
  makeDeviceId,
  makeEthAddress,
  makeBtcAddress,
  makeIban,
  makeIin,
  makeIp,
  makePhone,
  makeTronAddress,
  maskedPan,
} from "./identifiers.js";
import { companyName, foreignName, personName, shopName, shortName } from "./names.js";
import type { Rng } from "./prng.js";
import type { Scheme } from "./types.js";
import type { Account, HardNegativeKind, HolderType, World } from "./world.js";

/** An ordinary (or victim, organiser, drop) person and their everyday habits. */
export interface Person {
  holder: number;
  age: number;
  /** Account that receives income. */
  main: number;
  /** Account used for spending (differs from `main` for people who move their money between banks). */
  spend: number;
  family: number;
  employer: number;
  /** Monthly income in tiyn (salary or pension). */
  income: number;
  pensionDay: number;
  allowanceFrom: number;
  allowanceDay: number;
  landlord: number;
  rent: number;
  rentDay: number;
  utilities: number[];
  utilityDay: number;
  shopRate: number;
  familyRate: number;
  atmRate: number;
  cryptoTo: number;
  cryptoDay: number;
  trip: { day: number; atms: number[] } | null;
  loan: { day: number; mfo: number; amount: number } | null;
  remitFrom: number;
  remitTo: number;
  remitDay: number;
  victim: boolean;
}

export interface Employer {
  account: number;
  employees: number[];
  /** Day of month of the pay run; a second run mid-month when `advanceDay` > 0. */
  payday: number;
  advanceDay: number;
}

/** A collector of many small payments: a shop or a utility, which settles to a supplier weekly. */
export interface Collector {
  account: number;
  supplier: number;
  weekday: number;
  /** Shops paid by card-to-card transfers rather than POS (sole proprietors). */
  personal: boolean;
  median: number;
}

export type ExitChannel =
  | { type: "account"; account: number }
  | { type: "wallet"; account: number; wallet: string }
  | { type: "atm"; atms: number[] };

export interface RingMember {
  account: number;
  /** 0 = first-line drops … depth-2 = last drop layer; hubs are layer depth-1. */
  layer: number;
  hub: boolean;
  retention: number;
  targets: number[];
  pending: number;
  pendingT: number;
  pendingTAmt: number;
  committed: number;
  scheduled: boolean;
  rentedFrom: number;
  /** Ring money received so far (tiyn). */
  received: number;
}

export interface Ring {
  id: string;
  organiser: number;
  members: RingMember[];
  depth: number;
  exits: ExitChannel[];
  devices: string[];
  phones: string[];
  ips: string[];
  startDay: number;
  endDay: number;
}

export interface Victim {
  person: number;
  account: number;
  ring: number;
  scheme: Scheme;
  day: number;
  complaint: boolean;
  seeds: number[];
  caseNo: string;
  registeredDelayDays: number;
  /** Remote-access loan victims: when the fraudster's session logged in to the victim's app (virtual seconds). */
  remoteLoginAt: number;
}

export interface Cast {
  cal: Calendar;
  persons: Person[];
  families: number[][];
  employers: Employer[];
  shops: Collector[];
  utilities: Collector[];
  treasury: number;
  pensionPayer: number;
  mfos: number[];
  foreignSenders: number[];
  foreignReceivers: number[];
  exchanges: number[];
  p2p: number[];
  unlistedP2p: number;
  card2crypto: number[];
  rings: Ring[];
  victims: Victim[];
  domesticAtms: number[];
  abroadAtms: Map<string, number[]>;
  mobileIps: string[];
  /** Cumulative popularity of shops, for weighted picks by binary search. */
  shopCumulative: Float64Array;
  /** Employed persons by employer are in `employers`; pensioners are paid by the pension payer. */
  pensioners: number[];
}

const KZ_OPERATORS = ["701", "702", "705", "707", "747", "771", "775", "776", "777", "778"];
const HOME_IP_PREFIXES = [
  "2.132",
  "2.133",
  "2.134",
  "37.150",
  "37.151",
  "95.56",
  "95.57",
  "95.58",
  "178.88",
  "92.46",
];
const MOBILE_IP_PREFIXES = ["5.34", "5.76", "46.36", "82.200", "185.48"];
const VPN_IP_PREFIXES = ["185.220", "45.142", "91.219", "193.42", "104.244"];
const ATM_ABROAD: [string, string][] = [
  ["TR", "IST"],
  ["AE", "DXB"],
  ["GE", "TBS"],
  ["KG", "FRU"],
  ["UZ", "TAS"],
];
const KZ_CITIES = ["ALA", "AST", "SHY", "KAR", "AKT", "PAV"];

/** Draw an index from cumulative weights by binary search. */
export function pickCumulative(rng: Rng, cumulative: Float64Array): number {
  const x = rng.next() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulativeOf(weights: number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (c[i] = s += w));
  return c;
}

/** Makes unique identifiers: IINs, BINs, account numbers, phones, IPs, card numbers. */
class Minter {
  private readonly used = new Set<string>();
  private serial = 0;

  constructor(private readonly rng: Rng) {}

  private fresh(make: () => string | null): string {
    for (;;) {
      const v = make();
      if (v !== null && !this.used.has(v)) {
        this.used.add(v);
        return v;
      }
    }
  }

  iin(age: number, male: boolean): string {
    return this.fresh(() =>
      makeIin(
        { y: 2024 - age, m: this.rng.int(1, 12), d: this.rng.int(1, 28) },
        male,
        this.serial++ * 7 + this.rng.int(0, 6),
      ),
    );
  }

  bin(): string {
    return this.fresh(() =>
      makeBin({ y: this.rng.int(2001, 2022), m: this.rng.int(1, 12) }, this.rng.int(0, 99999)),
    );
  }

  /** An account at `bank`: IBAN (key = IBAN) or, for banks without IBANs, a number keyed `${BIC}:${number}`. */
  account(bank: Bank): { key: string; iban?: string; number?: string } {
    const spec = bank.account;
    const digits = (n: number) => Array.from({ length: n }, () => String(this.rng.int(0, 9))).join("");
    if (!spec.iban) {
      const number = this.fresh(() => spec.prefix + digits(spec.length - spec.prefix.length));
      return { key: `${bank.bic}:${number}`, number };
    }
    const iban = this.fresh(() => {
      let bban: string;
      if (spec.shape === "kaspi") bban = spec.bankCode + "S" + digits(12);
      else if (spec.shape === "kzt") bban = spec.bankCode + "KZT" + digits(10);
      else if (spec.shape === "tr") bban = spec.bankCode + "0" + digits(16);
      else bban = spec.bankCode + digits(bank.country === "KZ" ? 16 - spec.bankCode.length : 16);
      return makeIban(bank.country, bban);
    });
    return { key: iban, iban };
  }

  phone(): string {
    return this.fresh(() => makePhone(this.rng.pick(KZ_OPERATORS), this.rng.int(0, 9999999)));
  }

  /** A run of `n` SIMs from one dealer: consecutive subscriber numbers. */
  dealerPhones(n: number): string[] {
    for (;;) {
      const op = this.rng.pick(KZ_OPERATORS);
      const base = this.rng.int(0, 9999999 - n);
      const run = Array.from({ length: n }, (_, i) => makePhone(op, base + i));
      if (run.every((p) => !this.used.has(p))) {
        run.forEach((p) => this.used.add(p));
        return run;
      }
    }
  }

  ip(prefixes: readonly string[]): string {
    return this.fresh(() => makeIp(this.rng, prefixes));
  }

  device(): string {
    return this.fresh(() => makeDeviceId(this.rng));
  }

  card(bank: Bank): string {
    // A bank's two BINs give 20 000 masked PANs at most: a case of a million accounts wants more cards than all the
    // banks' BINs hold, and drawing on would never end. After many collisions the PAN comes from another BIN of the
    // same issuer range (its first four digits); smaller cases never get that far, so their bytes do not change.
    let tries = 0;
    return this.fresh(() => {
      let bin = this.rng.pick(bank.cardBins);
      if (++tries > 64) bin = bin.slice(0, 4) + String(this.rng.int(10, 99));
      return maskedPan(bin, this.rng.int(0, 9999));
    });
  }
}

/** How many of each kind of participant a case of `n` accounts has. */
export function sizing(n: number) {
  const rings = Math.max(2, Math.round(n / 700));
  const exchanges = Math.max(2, Math.round(n / 25000) + 1);
  const p2p = Math.max(1, Math.round(n / 20000) + 1);
  const card2crypto = Math.max(1, Math.round(n / 60000) + 1);
  const foreignSenders = Math.max(2, Math.round(n / 3000));
  const foreignReceivers = Math.max(2, Math.round(n / 3000));
  const mfos = Math.max(1, Math.min(6, Math.round(n / 20000) + 1));
  const utilities = Math.min(6, Math.max(3, Math.round(n / 100)));
  const fixed =
    2 + exchanges + p2p + 1 + card2crypto + foreignSenders + foreignReceivers + mfos + utilities + rings * 11;
  // Per person: 1.06 accounts (6% keep a second bank), plus employers (1 per 45) and shops (1 per 70); about 2%
  // of accounts never transact and are left out.
  const persons = Math.max(40, Math.floor((n - fixed) / (1.06 + 1 / 45 + 1 / 70) / 0.98));
  const employers = Math.max(3, Math.round(persons / 45));
  const shops = Math.max(3, Math.round(persons / 70));
  return {
    rings,
    exchanges,
    p2p,
    card2crypto,
    foreignSenders,
    foreignReceivers,
    mfos,
    utilities,
    persons,
    employers,
    shops,
  };
}

const KZ_SHARES = EXPORTING_BANKS.map((b) => b.share);

/** What every phase of building the cast draws on: the world, randomness, the sizes and the account factory. */
interface CastBuilder {
  world: World;
  rng: Rng;
  n: number;
  cal: Calendar;
  size: ReturnType<typeof sizing>;
  mint: Minter;
  /** The calendar's first virtual second, and one day in seconds. */
  start: number;
  day: number;
  /** A Kazakh bank, weighted by market share. */
  kzBank(): number;
  addAccount(
    holder: number,
    bank: number,
    kind: Account["kind"],
    openedAt: number,
    extra?: Partial<Account>,
  ): number;
  /** An opening time well before the period. */
  oldOpening(): number;
  addPersonHolder(age: number, male: boolean, homeIp?: string): number;
  addOrg(name: string, type?: HolderType): number;
}

function castBuilder(world: World, rng: Rng, n: number, cal: Calendar): CastBuilder {
  const size = sizing(n);
  const mint = new Minter(rng);
  const start = cal.startVirtual;
  const day = 86400;

  const kzBank = () => bankIndex(EXPORTING_BANKS[rng.weighted(KZ_SHARES)]!.id);

  const addAccount = (
    holder: number,
    bank: number,
    kind: Account["kind"],
    openedAt: number,
    extra: Partial<Account> = {},
  ): number => {
    const b = BANKS[bank]!;
    const num = mint.account(b);
    // One object shape for every account (optional fields present as undefined) keeps property access fast.
    const a: Account = {
      key: num.key,
      iban: num.iban,
      number: num.number,
      bank,
      holder,
      kind,
      openedAt,
      role: "ordinary",
      ring: -1,
      hardNegative: null,
      watchlist: undefined,
      openingBalance: false,
      statement: false,
      card: undefined,
    };
    return world.addAccount(Object.assign(a, extra));
  };
  const oldOpening = () => start - rng.int(60, 3000) * day - rng.int(0, day - 1);

  const addPersonHolder = (age: number, male: boolean, homeIp?: string): number =>
    world.addHolder({
      id: mint.iin(age, male),
      name: personName(rng, male),
      type: "person",
      phone: mint.phone(),
      device: mint.device(),
      homeIp,
    });
  const addOrg = (name: string, type: HolderType = "legal_entity"): number =>
    world.addHolder({ id: type === "foreign" ? "" : mint.bin(), name, type });

  return {
    world,
    rng,
    n,
    cal,
    size,
    mint,
    start,
    day,
    kzBank,
    addAccount,
    oldOpening,
    addPersonHolder,
    addOrg,
  };
}

/** What each phase built, as the later phases read it. */
type Roots = ReturnType<typeof addRoots>;
type People = ReturnType<typeof addPeople>;
type Collectors = ReturnType<typeof addCollectors>;
type Exits = ReturnType<typeof addExits>;
type Atms = ReturnType<typeof addAtms>;
type Habits = ReturnType<typeof assignHabits>;
type RingsAndVictims = ReturnType<typeof addRings>;

/** The roots of the money: the treasury and the pension payer, microfinance lenders, senders and receivers abroad. */
function addRoots(b: CastBuilder) {
  const { world, rng, size, kzBank, addAccount, oldOpening, addOrg } = b;
  // Roots: the treasury and the pension payer (both at the treasury), microfinance lenders, senders abroad.
  const treasuryBank = bankIndex("treasury");
  const treasury = addAccount(
    addOrg("РГУ «Комитет казначейства МФ РК»"),
    treasuryBank,
    "business",
    oldOpening(),
    {
      openingBalance: true,
      hardNegative: "benefits_payer",
    },
  );
  const pensionPayer = addAccount(
    addOrg("НАО «Государственная корпорация «Правительство для граждан»»"),
    treasuryBank,
    "business",
    oldOpening(),
    { openingBalance: true, hardNegative: "benefits_payer" },
  );
  const mfoNames = [
    "Быстрые займы",
    "Онлайн Кредит",
    "Деньги Сразу",
    "Кредит Плюс",
    "Займ Онлайн",
    "Легкий Займ",
  ];
  const mfos = Array.from({ length: size.mfos }, (_, i) =>
    addAccount(addOrg(`ТОО «МФО ${mfoNames[i % mfoNames.length]}»`), kzBank(), "business", oldOpening(), {
      openingBalance: true,
    }),
  );
  const foreignBanks: BankId[] = ["sber", "optima", "tbc", "ziraat", "enbd"];
  const foreignSenders = Array.from({ length: size.foreignSenders }, () => {
    const b = bankIndex(rng.pick(foreignBanks.slice(0, 2)));
    const ru = BANKS[b]!.id === "sber" || BANKS[b]!.id === "optima";
    return addAccount(
      world.addHolder({
        id: "",
        name: ru ? personName(rng, rng.chance(0.5)) : foreignName(rng, false),
        type: "foreign",
      }),
      b,
      "foreign",
      oldOpening(),
      { openingBalance: true },
    );
  });
  const foreignReceivers = Array.from({ length: size.foreignReceivers }, () => {
    const b = bankIndex(rng.pick(foreignBanks));
    const ru = BANKS[b]!.id === "sber" || BANKS[b]!.id === "optima";
    return addAccount(
      world.addHolder({
        id: "",
        name: ru ? personName(rng, rng.chance(0.5)) : foreignName(rng, false),
        type: "foreign",
      }),
      b,
      "foreign",
      oldOpening(),
    );
  });
  return { treasury, pensionPayer, mfos, foreignSenders, foreignReceivers };
}

/** People, in families that share a home IP, each with a main account. */
function addPeople(b: CastBuilder) {
  const { rng, n, cal, size, mint, start, day, kzBank, addAccount, oldOpening, addPersonHolder } = b;
  // People, in families that share a home IP.
  const persons: Person[] = [];
  const families: number[][] = [];
  const mobileIps = Array.from({ length: Math.max(4, Math.round(n / 3000)) }, () =>
    mint.ip(MOBILE_IP_PREFIXES),
  );
  const newPerson = (age: number, family: number, homeIp?: string): number => {
    const male = rng.chance(0.5);
    const holder = addPersonHolder(age, male, homeIp);
    const bank = kzBank();
    const recent = rng.chance(0.04);
    const opened = recent ? start + rng.int(0, cal.days - 1) * day - rng.int(0, day - 1) : oldOpening();
    const acc = addAccount(holder, bank, "personal", Math.min(opened, start + (cal.days - 1) * day), {
      hardNegative: recent ? "new_account" : null,
    });
    persons.push({
      holder,
      age,
      main: acc,
      spend: acc,
      family,
      employer: -1,
      income: 0,
      pensionDay: 0,
      allowanceFrom: -1,
      allowanceDay: 0,
      landlord: -1,
      rent: 0,
      rentDay: 0,
      utilities: [],
      utilityDay: 0,
      shopRate: 0,
      familyRate: 0,
      atmRate: 0,
      cryptoTo: -1,
      cryptoDay: 0,
      trip: null,
      loan: null,
      remitFrom: -1,
      remitTo: -1,
      remitDay: 0,
      victim: false,
    });
    return persons.length - 1;
  };
  while (persons.length < size.persons) {
    const f = families.length;
    const members: number[] = [];
    const homeIp = mint.ip(HOME_IP_PREFIXES);
    const sizeF = Math.min(size.persons - persons.length, rng.weighted([0.25, 0.3, 0.25, 0.15, 0.05]) + 1);
    for (let i = 0; i < sizeF; i++) {
      // First member an adult; the rest any adult age, students and pensioners included.
      const age = i === 0 ? rng.int(25, 70) : rng.int(18, 80);
      members.push(newPerson(age, f, homeIp));
    }
    families.push(members);
  }
  return { persons, families, mobileIps };
}

/** Employers and the collectors people pay: shops and utilities. */
function addCollectors(b: CastBuilder, had: People) {
  const { world, rng, size, mint, kzBank, addAccount, oldOpening, addOrg } = b;
  const { persons } = had;
  // Employers and collectors (shops, utilities).
  const employers: Employer[] = Array.from({ length: size.employers }, () => ({
    account: addAccount(addOrg(companyName(rng)), kzBank(), "business", oldOpening(), {
      hardNegative: "payroll",
    }),
    employees: [],
    payday: rng.pick([5, 10, 15, 20, 25]),
    advanceDay: rng.chance(0.3) ? rng.pick([18, 22]) : 0,
  }));
  const employerCum = cumulativeOf(employers.map((_, i) => 1 / Math.pow(i + 1, 0.9)));
  const shops: Collector[] = [];
  for (let i = 0; i < size.shops; i++) {
    const ownerPerson = rng.chance(0.3) ? rng.int(0, persons.length - 1) : -1;
    const owner = ownerPerson >= 0 ? world.holders[persons[ownerPerson]!.holder]! : null;
    const holder =
      owner !== null
        ? world.addHolder({ id: owner.id, name: shopName(rng, owner.name), type: "sole_proprietor" })
        : addOrg(shopName(rng, null));
    shops.push({
      account: addAccount(holder, kzBank(), owner ? "business" : "merchant", oldOpening(), {
        hardNegative: owner ? "sole_proprietor" : "merchant",
      }),
      supplier: rng.int(0, employers.length - 1),
      weekday: rng.int(1, 5),
      personal: owner !== null,
      median: owner ? rng.range(3000, 15000) * 100 : rng.range(2500, 9000) * 100,
    });
  }
  const shopCumulative = cumulativeOf(shops.map((s, i) => (s.personal ? 0.3 : 1) / Math.pow(i + 1, 0.8)));
  const utilityNames = [
    "ТОО «Единый расчетный центр Алатау»",
    "ТОО «Мобайл Телеком Сервис»",
    "ТОО «Интернет Дала»",
    "ТОО «Энергосбыт Сарыарка»",
    "ГКП «Водоканал Жетысу»",
    "АО «Газ Сеть Алатау»",
  ];
  const utilities: Collector[] = Array.from({ length: size.utilities }, (_, i) => ({
    account: addAccount(
      world.addHolder({ id: mint.bin(), name: utilityNames[i % utilityNames.length]!, type: "legal_entity" }),
      kzBank(),
      "merchant",
      oldOpening(),
      { hardNegative: "utility" },
    ),
    supplier: rng.int(0, employers.length - 1),
    weekday: rng.int(1, 5),
    personal: false,
    median: [2400000, 350000, 600000, 900000, 450000, 700000][i % 6]!,
  }));
  return { employers, employerCum, shops, shopCumulative, utilities };
}

/** Crypto exits: exchanges and card-to-crypto services (legal entities), P2P traders (persons). */
function addExits(b: CastBuilder) {
  const { rng, size, mint, kzBank, addAccount, oldOpening, addPersonHolder, addOrg } = b;
  const exchangeNames = [
    "Kazakh Digital Exchange",
    "Crypto Dala",
    "Astana Coin",
    "Nomad Crypto",
    "Bitkz",
    "Tenge Crypto",
  ];
  const exchanges = Array.from({ length: size.exchanges }, (_, i) =>
    addAccount(
      addOrg(`ТОО «${exchangeNames[i % exchangeNames.length]}»`),
      kzBank(),
      "exchange",
      oldOpening(),
      {
        role: "exit",
        watchlist: "exchange",
        statement: true,
      },
    ),
  );
  const c2cNames = ["Card2Crypto KZ", "Cripta Pay", "USDT Express", "Coin Card"];
  const card2crypto = Array.from({ length: size.card2crypto }, (_, i) =>
    addAccount(addOrg(`ТОО «${c2cNames[i % c2cNames.length]}»`), kzBank(), "exchange", oldOpening(), {
      role: "exit",
      watchlist: "card2crypto",
      statement: true,
    }),
  );
  const traderAccount = (listed: boolean): number => {
    const holder = addPersonHolder(rng.int(22, 40), rng.chance(0.7), mint.ip(HOME_IP_PREFIXES));
    return addAccount(holder, kzBank(), "personal", oldOpening(), {
      role: "exit",
      watchlist: listed ? "p2p" : undefined,
      statement: true,
    });
  };
  const p2p = Array.from({ length: size.p2p }, () => traderAccount(true));
  const unlistedP2p = traderAccount(false);
  return { exchanges, card2crypto, p2p, unlistedP2p };
}

/** ATMs at home and abroad. */
function addAtms(b: CastBuilder) {
  const { world, rng, n } = b;
  // ATMs.
  const domesticAtms = Array.from({ length: Math.max(8, Math.round(n / 400)) }, (_, i) =>
    world.addAtm({
      id: `ATM-KZ-${rng.pick(KZ_CITIES)}-${String(1000 + i * 7 + rng.int(0, 6)).padStart(5, "0")}`,
      country: "KZ",
    }),
  );
  const abroadAtms = new Map<string, number[]>();
  for (const [country, city] of ATM_ABROAD) {
    abroadAtms.set(
      country,
      Array.from({ length: 6 }, (_, i) =>
        world.addAtm({ id: `${city}${String(20000 + i * 131 + rng.int(0, 130))}`, country }),
      ),
    );
  }
  return { domesticAtms, abroadAtms };
}

/** Everyday habits: incomes, allowances, rent, second banks, crypto buys, trips, loans and remittances. */
function assignHabits(b: CastBuilder, had: Roots & People & Collectors & Exits & Atms) {
  const { world, rng, cal, kzBank, addAccount, oldOpening } = b;
  const {
    mfos,
    foreignSenders,
    foreignReceivers,
    persons,
    families,
    employers,
    employerCum,
    utilities,
    exchanges,
    p2p,
    abroadAtms,
  } = had;
  const pensioners: number[] = [];
  persons.forEach((p, i) => {
    if (p.age >= 63) {
      p.income = Math.round(rng.logNormal(120000, 0.25)) * 100;
      p.pensionDay = rng.int(1, 10);
      pensioners.push(i);
    } else if (p.age >= 23 || rng.chance(0.4)) {
      if (rng.chance(0.9)) {
        p.employer = pickCumulative(rng, employerCum);
        p.income = Math.min(3_000_000, Math.max(85_000, Math.round(rng.logNormal(280000, 0.45)))) * 100;
        employers[p.employer]!.employees.push(i);
      }
    }
    p.shopRate = rng.range(0.01, 0.04);
    p.familyRate = families[p.family]!.length > 1 ? rng.range(0.003, 0.02) : 0;
    p.atmRate = rng.range(0.002, 0.015);
    if (rng.chance(0.65)) {
      // Most households pay one consolidated bill (the settlement centre); some pay a provider directly.
      p.utilities = [rng.chance(0.6) ? 0 : rng.int(1, utilities.length - 1)];
      p.utilityDay = rng.int(1, 28);
    }
  });
  // Students without income get an allowance from an earning family member.
  persons.forEach((p) => {
    if (p.income > 0) return;
    const earner = families[p.family]!.find((q) => persons[q]!.income > 0);
    if (earner !== undefined) {
      p.allowanceFrom = earner;
      p.allowanceDay = rng.int(1, 28);
    }
  });
  // Landlords and tenants.
  const earners = persons.map((_, i) => i).filter((i) => persons[i]!.income > 0);
  for (const i of rng.sample(earners, Math.round(persons.length * 0.1))) {
    const p = persons[i]!;
    if (p.landlord >= 0) continue;
    const landlord = rng.int(0, persons.length - 1);
    if (landlord === i || persons[landlord]!.family === p.family) continue;
    p.landlord = landlord;
    p.rent = rng.int(8, 25) * 1000000;
    p.rentDay = rng.int(1, 28);
  }
  // People who keep accounts in two banks and move their salary across.
  for (const i of rng.sample(earners, Math.round(persons.length * 0.06))) {
    const p = persons[i]!;
    let bank = kzBank();
    while (bank === world.accounts[p.main]!.bank) bank = kzBank();
    p.spend = addAccount(p.holder, bank, "personal", oldOpening(), { hardNegative: "own_transfer" });
    world.accounts[p.main]!.hardNegative = "own_transfer";
  }
  // Crypto buyers through listed exchanges and P2P traders (innocent watch-list payers).
  const listedExits = [...exchanges, ...p2p];
  for (const i of rng.sample(earners, Math.max(2, Math.round(persons.length * 0.02)))) {
    const p = persons[i]!;
    p.cryptoTo = rng.pick(listedExits);
    p.cryptoDay = rng.int(1, 28);
    world.accounts[p.spend]!.hardNegative = "watchlist_payer";
  }
  // Travellers who take cash out abroad.
  for (const i of rng.sample(earners, Math.max(1, Math.round(persons.length * 0.015)))) {
    const p = persons[i]!;
    p.trip = { day: rng.int(5, cal.days - 8), atms: abroadAtms.get(rng.pick(["TR", "AE", "GE"]))! };
    world.accounts[p.spend]!.hardNegative = "atm_abroad";
  }
  // Microfinance borrowers, remittances from and to relatives abroad.
  for (const i of rng.sample(
    persons.map((_, k) => k),
    Math.max(1, Math.round(persons.length * 0.02)),
  )) {
    const p = persons[i]!;
    p.loan = { day: rng.int(3, cal.days - 10), mfo: rng.pick(mfos), amount: rng.int(5, 50) * 1000000 };
    world.accounts[p.main]!.hardNegative ??= "loan";
  }
  for (const i of rng.sample(
    persons.map((_, k) => k),
    Math.max(2, Math.round(persons.length * 0.03)),
  )) {
    persons[i]!.remitFrom = rng.pick(foreignSenders);
    persons[i]!.remitDay = rng.int(1, 28);
  }
  for (const i of rng.sample(earners, Math.max(2, Math.round(persons.length * 0.02)))) {
    persons[i]!.remitTo = rng.pick(foreignReceivers);
    persons[i]!.remitDay ||= rng.int(1, 28);
  }
  return { pensioners, earners };
}

/** The mule rings and their victims. */
function addRings(b: CastBuilder, had: People & Exits & Atms & Habits) {
  const { world, rng, cal, size, mint, start, day, kzBank, addAccount, oldOpening } = b;
  const { persons, exchanges, card2crypto, p2p, unlistedP2p, abroadAtms, earners } = had;
  // Rings.
  const rings: Ring[] = [];
  const victims: Victim[] = [];
  const victimPool = rng.shuffle(earners.slice());
  let victimCursor = 0;
  const usedAsOwner = new Set<number>();
  const schemes: Scheme[] = ["marketplace", "safe_account", "investment", "remote_loan"];
  for (let r = 0; r < size.rings; r++) {
    const id = `R${String(r + 1).padStart(3, "0")}`;
    const depth = rng.pick([2, 3, 3, 4]);
    const ringStart = rng.int(Math.min(7, cal.days - 10), Math.max(7, cal.days - 25));
    const ringEnd = Math.min(cal.days - 4, ringStart + rng.int(14, 45));
    const devices = Array.from({ length: rng.int(2, 3) }, () => mint.device());
    const ips = Array.from({ length: rng.int(2, 3) }, () => mint.ip(VPN_IP_PREFIXES));
    const ring: Ring = {
      id,
      organiser: -1,
      members: [],
      depth,
      exits: [],
      devices,
      phones: [],
      ips,
      startDay: ringStart,
      endDay: ringEnd,
    };
    const ringPersonAccount = (age: number, recentDays: number): number => {
      const male = rng.chance(0.7);
      const holder = world.addHolder({
        id: mint.iin(age, male),
        name: personName(rng, male),
        type: "person",
        device: mint.device(),
        homeIp: mint.ip(HOME_IP_PREFIXES),
      });
      const bank = bankIndex(rng.pick(["kaspi", "kaspi", "freedom", "jusan", "halyk", "bcc"] as BankId[]));
      const opened =
        recentDays > 0
          ? start + (ringStart - rng.int(1, recentDays)) * day + rng.int(9, 20) * 3600
          : oldOpening();
      return addAccount(holder, bank, "personal", opened, { role: "drop", ring: r, statement: true });
    };
    // Organiser: an older person with an old account.
    ring.organiser = ringPersonAccount(rng.int(26, 45), 0);
    world.accounts[ring.organiser]!.role = "organiser";
    const layerSizes = [rng.int(3, 6), rng.int(2, 3), rng.int(1, 2)].slice(0, depth - 1);
    const memberAt = (account: number, layer: number, hub: boolean, rentedFrom = -1): RingMember => ({
      account,
      layer,
      hub,
      retention: rng.range(0.05, 0.09),
      targets: [],
      pending: 0,
      pendingT: -1,
      pendingTAmt: 0,
      committed: 0,
      scheduled: false,
      rentedFrom,
      received: 0,
    });
    const rentIp = (): { account: number; owner: number } | null => {
      // A sole proprietor rents out a dormant business account.
      for (let tries = 0; tries < 20; tries++) {
        const owner = rng.int(0, persons.length - 1);
        const p = persons[owner]!;
        if (usedAsOwner.has(owner) || p.age < 25 || p.age > 60) continue;
        usedAsOwner.add(owner);
        const h = world.holders[p.holder]!;
        const holder = world.addHolder({
          id: h.id,
          name: `ИП ${shortName(h.name)}`,
          type: "sole_proprietor",
        });
        const acc = addAccount(holder, kzBank(), "business", oldOpening(), {
          role: "drop",
          ring: r,
          statement: true,
        });
        return { account: acc, owner };
      }
      return null;
    };
    layerSizes.forEach((k, layer) => {
      for (let i = 0; i < k; i++) {
        if (layer === 0 && i < 2 && rng.chance(0.35)) {
          const rented = rentIp();
          if (rented) {
            ring.members.push(memberAt(rented.account, layer, false, rented.owner));
            continue;
          }
        }
        ring.members.push(memberAt(ringPersonAccount(rng.int(18, 26), 25), layer, false));
      }
    });
    const hubCount = rng.int(1, 2);
    for (let i = 0; i < hubCount; i++) {
      const rented = rng.chance(0.3) ? rentIp() : null;
      const acc = rented ? rented.account : ringPersonAccount(rng.int(19, 30), 25);
      world.accounts[acc]!.role = "hub";
      ring.members.push(memberAt(acc, depth - 1, true, rented ? rented.owner : -1));
    }
    // Wire each layer to the next: everyone downstream gets at least one upstream.
    for (let layer = 0; layer < depth - 1; layer++) {
      const up = ring.members.filter((m) => m.layer === layer);
      const down = ring.members.filter((m) => m.layer === layer + 1).map((m) => ring.members.indexOf(m));
      up.forEach((m, i) => m.targets.push(down[i % down.length]!));
      down.forEach((d, i) => {
        const m = up[i % up.length]!;
        if (!m.targets.includes(d)) m.targets.push(d);
      });
      for (const m of up)
        if (down.length > m.targets.length && rng.chance(0.4)) {
          const extra = rng.pick(down);
          if (!m.targets.includes(extra)) m.targets.push(extra);
        }
    }
    // Shared identifiers: a dealer's run of SIMs for the ring's phones.
    ring.phones = mint.dealerPhones(ring.members.length + 2);
    ring.members.forEach((m, i) => {
      const h = world.holders[world.accounts[m.account]!.holder]!;
      if (m.rentedFrom < 0) h.phone = ring.phones[i]!;
    });
    world.holders[world.accounts[ring.organiser]!.holder]!.phone = ring.phones[ring.members.length]!;
    // Exits: two or three channels.
    const channels: ExitChannel[] = [];
    // The first channel cycles through the kinds, so that every kind of exit shows up once there are five rings.
    const kinds = ["wallet", "foreign", "atm", "exchange", "p2p"];
    const first = kinds[r % kinds.length]!;
    const options = [
      first,
      ...rng.shuffle(["exchange", "p2p", "wallet", "foreign", "atm", "unlisted"].filter((k) => k !== first)),
    ];
    const want = rng.int(2, 3);
    for (const o of options) {
      if (channels.length >= want) break;
      if (o === "exchange") channels.push({ type: "account", account: rng.pick(exchanges) });
      else if (o === "p2p") channels.push({ type: "account", account: rng.pick(p2p) });
      else if (o === "unlisted" && rng.chance(0.5)) channels.push({ type: "account", account: unlistedP2p });
      else if (o === "wallet") {
        const w = rng.next();
        const wallet = w < 0.75 ? makeTronAddress(rng) : w < 0.9 ? makeEthAddress(rng) : makeBtcAddress(rng);
        channels.push({ type: "wallet", account: rng.pick(card2crypto), wallet });
      } else if (o === "foreign") {
        const b = bankIndex(rng.pick(["tbc", "ziraat", "enbd", "sber", "optima"] as BankId[]));
        const firm = rng.chance(0.5);
        const holder = world.addHolder({ id: "", name: foreignName(rng, firm), type: "foreign" });
        channels.push({
          type: "account",
          account: addAccount(holder, b, "foreign", oldOpening(), { role: "exit" }),
        });
      } else if (o === "atm")
        channels.push({ type: "atm", atms: abroadAtms.get(rng.pick(["TR", "AE", "GE", "KG", "UZ"]))! });
    }
    if (!channels.some((c) => c.type !== "atm"))
      channels.push({ type: "account", account: rng.pick(exchanges) });
    ring.exits = channels;
    rings.push(ring);

    // Victims: ordinary earners, each of one scheme.
    const nVictims = rng.int(6, 14);
    for (let v = 0; v < nVictims && victimCursor < victimPool.length; v++) {
      const person = victimPool[victimCursor++]!;
      const p = persons[person]!;
      if (p.victim || p.cryptoTo >= 0) continue;
      p.victim = true;
      const scheme =
        p.age >= 60
          ? rng.pick<Scheme>(["safe_account", "safe_account", "remote_loan", "marketplace"])
          : rng.pick(schemes);
      victims.push({
        person,
        account: p.spend,
        ring: r,
        scheme,
        day: rng.int(ringStart, Math.max(ringStart, ringEnd - (scheme === "investment" ? 14 : 0))),
        complaint: rng.chance(0.65),
        seeds: [],
        caseNo: "",
        registeredDelayDays: Math.round(Math.min(120, 3 + rng.logNormal(18, 0.8))),
        remoteLoginAt: -1,
      });
    }
  }
  // Mark ring-cast persons (owners of rented accounts keep their ordinary life).
  victims.forEach((v) => {
    world.accounts[v.account]!.role = "victim";
  });
  return { rings, victims };
}

/** Which accounts deliver statements, and the cards bound during the period. */
function markStatementsAndCards(b: CastBuilder, had: People & Collectors & RingsAndVictims) {
  const { world, rng, mint } = b;
  const { persons, employers, shops, victims } = had;
  // Statements: every ring account (set above), complainants, exits, samples of hard negatives and others.
  victims.forEach((v) => {
    if (v.complaint) world.accounts[v.account]!.statement = true;
  });
  const sampleStatements = (accs: number[], k: number) =>
    rng.sample(accs, k).forEach((a) => (world.accounts[a]!.statement = true));
  const byHardNegative = (kind: HardNegativeKind) =>
    world.accounts.map((a, i) => (a.hardNegative === kind ? i : -1)).filter((i) => i >= 0);
  sampleStatements(
    employers.slice(Math.floor(employers.length / 3)).map((e) => e.account),
    2,
  );
  sampleStatements(
    shops.slice(Math.floor(shops.length / 2)).map((s) => s.account),
    3,
  );
  for (const kind of [
    "own_transfer",
    "watchlist_payer",
    "atm_abroad",
    "new_account",
    "loan",
  ] as HardNegativeKind[])
    sampleStatements(byHardNegative(kind), 3);
  sampleStatements(
    persons.map((p) => p.main),
    Math.min(1500, Math.max(10, Math.round(persons.length * 0.02))),
  );
  // Only the five Kazakh banks deliver statements.
  world.accounts.forEach((a) => {
    if (a.statement && !BANKS[a.bank]!.style) a.statement = false;
  });
  // Cards bound during the period (masked PANs, unique within the case): ring accounts, victims, a sample of others.
  world.accounts.forEach((a) => {
    const b = BANKS[a.bank]!;
    if (!b.style || (a.kind !== "personal" && a.kind !== "business")) return;
    if (a.ring >= 0 || a.role === "victim" || rng.chance(0.12)) a.card = mint.card(b);
  });
  return {};
}

/**
 * Build the cast into `world`, phase after phase (each draws from `rng` in the same order as ever, so a seed gives the
 * same case): roots, people, collectors, exits, ATMs, habits, rings, then statements and cards.
 */
export function buildCast(world: World, rng: Rng, n: number, cal: Calendar): Cast {
  const b = castBuilder(world, rng, n, cal);
  const roots = addRoots(b);
  const people = addPeople(b);
  const collectors = addCollectors(b, people);
  const exits = addExits(b);
  const atms = addAtms(b);
  const habits = assignHabits(b, { ...roots, ...people, ...collectors, ...exits, ...atms });
  const { rings, victims } = addRings(b, { ...people, ...exits, ...atms, ...habits });
  markStatementsAndCards(b, { ...people, ...collectors, rings, victims });
  const { treasury, pensionPayer, mfos, foreignSenders, foreignReceivers } = roots;
  const { persons, families, mobileIps } = people;
  const { employers, shops, shopCumulative, utilities } = collectors;
  const { exchanges, card2crypto, p2p, unlistedP2p } = exits;
  const { domesticAtms, abroadAtms } = atms;
  const { pensioners } = habits;
  return {
    cal,
    persons,
    families,
    employers,
    shops,
    utilities,
    treasury,
    pensionPayer,
    mfos,
    foreignSenders,
    foreignReceivers,
    exchanges,
    p2p,
    unlistedP2p,
    card2crypto,
    rings,
    victims,
    domesticAtms,
    abroadAtms,
    mobileIps,
    shopCumulative,
    pensioners,
  };
}
