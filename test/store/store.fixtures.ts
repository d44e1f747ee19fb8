/**
 * Hand-built known case for the store contract suite (test/store/contract.ts).
 *
 * Shape: the canonical records (model/records.ts) that ingest/ would emit for six small exports of one fraud:
 * a victim (Сеитова) is talked into moving 500 000 KZT to a "safe account" (drop 1, Ержанов), which forwards it to a
 * sole proprietor's business account (hub, ИП Нурланов); drop 2 (Болатов) feeds the hub too and cashes out at an ATM
 * in Istanbul; the hub pays a watch-listed crypto exchange (a TRON wallet in the purpose) and a foreign bank in EUR.
 * Drop 1 and drop 2 log in from one device; a card of drop 2's account is re-bound to drop 1's account; the hub
 * account and that card share an IP. The victim's complaint is registered three days later.
 *
 * Identifiers are valid (IBAN mod-97, IIN/BIN mod-11). Times are UTC epoch ms; the comments give Almaty local time
 * (UTC+5 from 2024-03-01). The batches are written in this order: where two records disagree the first non-null
 * value wins, so the order is part of the fixture.
 */
import type { CanonicalRecord, Source } from "../../model/records.js";

/** SHA-256 of each (imaginary) source file. Sorted by hash: SV < SD1 < REG < LNK < CMP < WL. */
export const FILE = {
  SV: "a1".repeat(32),
  SD1: "b2".repeat(32),
  REG: "c3".repeat(32),
  LNK: "d4".repeat(32),
  CMP: "e5".repeat(32),
  WL: "f6".repeat(32),
} as const;

export const src = (file: string, line: number): Source => ({ file, line });

/** Account keys. */
export const ACC = {
  /** Victim, Kaspi. */
  V: "KZ257220000000000001",
  /** Drop 1, Halyk. */
  D1: "KZ886010000000000003",
  /** Drop 2, Kaspi. */
  D2: "KZ957220000000000002",
  /** Drop 2's second (unused) account. */
  D3: "KZ577220000000000007",
  /** Hub: ИП Нурланов's business account. */
  H: "KZ417220000000000004",
  /** Watch-listed crypto exchange. */
  X: "KZ115510000000000005",
  /** A shop the victim paid before the fraud. */
  S: "KZ279650000000000006",
  /** A foreign bank account without IBAN: keyed `${bank}:${number}`. */
  F: "DEUTDEFF:0012345678",
} as const;

/** IINs (persons) and BINs (companies). The sole proprietor's BIN is its owner's IIN (same 12 digits). */
export const ID = {
  V: "850315400124",
  D1: "900712200340",
  D2: "921101300569",
  H: "880204500787",
  X: "170340001238",
  S: "200540004567",
} as const;

export const CARD = "440043******1234";
export const DEVICE = "dev-7f3a9c";
export const PHONE_D1 = "+77011234567";
export const PHONE_V = "+77017654321";
export const IP = "185.22.1.9";
export const WALLET = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";
export const ATM = "ATM-IST-0042";
export const CASE = "241750031000123";

export const T = {
  /** 08.03.2024 14:00 Almaty: the victim buys groceries. */
  t0: Date.UTC(2024, 2, 8, 9, 0),
  /** 10.03.2024 10:00: victim → drop 1. */
  t1: Date.UTC(2024, 2, 10, 5, 0),
  /** 10:30: drop 1 → hub. */
  t2: Date.UTC(2024, 2, 10, 5, 30),
  /** 11:00: drop 2 → hub, and drop 2's ATM withdrawal in the same millisecond. */
  t3: Date.UTC(2024, 2, 10, 6, 0),
  /** 12:00: hub → exchange. */
  t4: Date.UTC(2024, 2, 10, 7, 0),
  /** 11.03.2024 13:00: hub → foreign bank (EUR). */
  t5: Date.UTC(2024, 2, 11, 8, 0),
  registered: Date.UTC(2024, 2, 13, 4, 0),
  incident: Date.UTC(2024, 2, 10, 4, 45),
} as const;

/** Batch 1: the transfer register (both sides of each row). */
const register: CanonicalRecord[] = [
  {
    kind: "sourceFile",
    sha256: FILE.REG,
    name: "register_march.csv",
    bytes: 2048,
    exportKind: "register",
    rowsRead: 6,
  },
  // Drop 1's account as the register knows it: only the BIC.
  { kind: "account", key: ACC.D1, iban: ACC.D1, bank: "HSBKKZKX", sources: [src(FILE.REG, 2)] },
  {
    kind: "account",
    key: ACC.H,
    iban: ACC.H,
    bank: "CASPKZKA",
    currency: "KZT",
    accountKind: "business",
    holderId: ID.H,
    holderName: "ИП Нурланов Ерлан",
    sources: [src(FILE.REG, 2)],
  },
  {
    kind: "company",
    bin: ID.H,
    name: "ИП Нурланов Ерлан",
    companyKind: "sole_proprietor",
    sources: [src(FILE.REG, 2)],
  },
  { kind: "ownership", ownerId: ID.H, ownerType: "company", account: ACC.H, sources: [src(FILE.REG, 2)] },
  {
    kind: "transfer",
    txId: "HLK-0003",
    from: ACC.D1,
    to: ACC.H,
    ts: T.t2,
    amount: 450000,
    currency: "KZT",
    amountKzt: 450000,
    rateSource: "kzt",
    channel: "mobile",
    purpose: "Перевод",
    sources: [src(FILE.REG, 2)],
  },
  {
    kind: "account",
    key: ACC.D2,
    iban: ACC.D2,
    bank: "CASPKZKA",
    currency: "KZT",
    accountKind: "personal",
    holderId: ID.D2,
    holderName: "Болатов Болат",
    sources: [src(FILE.REG, 3)],
  },
  { kind: "person", iin: ID.D2, name: "Болатов Болат", sources: [src(FILE.REG, 3)] },
  { kind: "ownership", ownerId: ID.D2, ownerType: "person", account: ACC.D2, sources: [src(FILE.REG, 3)] },
  {
    kind: "transfer",
    txId: "REG-0004",
    from: ACC.D2,
    to: ACC.H,
    ts: T.t3,
    amount: 200000,
    currency: "KZT",
    amountKzt: 200000,
    rateSource: "kzt",
    sources: [src(FILE.REG, 3)],
  },
  {
    kind: "account",
    key: ACC.X,
    iban: ACC.X,
    bank: "BRKEKZKA",
    holderId: ID.X,
    holderName: "ТОО «КриптоОбмен»",
    sources: [src(FILE.REG, 4)],
  },
  {
    kind: "transfer",
    txId: "REG-0005",
    from: ACC.H,
    to: ACC.X,
    ts: T.t4,
    amount: 600000,
    currency: "KZT",
    amountKzt: 600000,
    rateSource: "kzt",
    purpose: `Оплата USDT TRC20 ${WALLET}`,
    wallets: [{ address: WALLET, chain: "tron" }],
    sources: [src(FILE.REG, 4)],
  },
  {
    kind: "account",
    key: ACC.F,
    number: "0012345678",
    bank: "DEUTDEFF",
    currency: "EUR",
    accountKind: "foreign",
    sources: [src(FILE.REG, 5)],
  },
  {
    kind: "transfer",
    txId: "REG-0006",
    from: ACC.H,
    to: ACC.F,
    ts: T.t5,
    amount: 100,
    currency: "EUR",
    amountKzt: 49000,
    rateSource: "data",
    channel: "swift",
    sources: [src(FILE.REG, 5)],
  },
  {
    kind: "withdrawal",
    txId: "REG-0007",
    account: ACC.D2,
    atmId: ATM,
    country: "TR",
    ts: T.t3,
    amount: 100000,
    currency: "KZT",
    amountKzt: 100000,
    sources: [src(FILE.REG, 6)],
  },
];

/** Batch 2: drop 1's statement (Halyk), then the victim's statement (Kaspi). */
const statements: CanonicalRecord[] = [
  {
    kind: "sourceFile",
    sha256: FILE.SD1,
    name: "halyk_erzhanov.csv",
    bytes: 900,
    exportKind: "statement",
    rowsRead: 2,
  },
  // Knows more than the register (holder, currency, kind) and prints the bank's name: the BIC already stored stays.
  {
    kind: "account",
    key: ACC.D1,
    iban: ACC.D1,
    bank: "Халык Банк",
    currency: "KZT",
    accountKind: "personal",
    holderId: ID.D1,
    holderName: "Ержанов Ержан",
    sources: [src(FILE.SD1, 1)],
  },
  { kind: "person", iin: ID.D1, name: "Ержанов Ержан", sources: [src(FILE.SD1, 1)] },
  { kind: "ownership", ownerId: ID.D1, ownerType: "person", account: ACC.D1, sources: [src(FILE.SD1, 1)] },
  // The receiver's side of the victim's transfer: the same bank reference, a channel the victim's bank omits.
  {
    kind: "transfer",
    txId: "KSP-0002",
    from: ACC.V,
    to: ACC.D1,
    ts: T.t1,
    amount: 500000,
    currency: "KZT",
    amountKzt: 500000,
    rateSource: "kzt",
    channel: "mobile",
    purpose: "Перевод на безопасный счет",
    knp: "119",
    sources: [src(FILE.SD1, 3)],
  },
  // The register's row of the same transfer again, from the statement: a second source.
  {
    kind: "transfer",
    txId: "HLK-0003",
    from: ACC.D1,
    to: ACC.H,
    ts: T.t2,
    amount: 450000,
    currency: "KZT",
    amountKzt: 450000,
    rateSource: "kzt",
    sources: [src(FILE.SD1, 4)],
  },
  {
    kind: "sourceFile",
    sha256: FILE.SV,
    name: "kaspi_seitova.csv",
    bytes: 1200,
    exportKind: "statement",
    rowsRead: 3,
  },
  {
    kind: "account",
    key: ACC.V,
    iban: ACC.V,
    bank: "CASPKZKA",
    currency: "KZT",
    accountKind: "personal",
    holderId: ID.V,
    holderName: "Сеитова Айгуль",
    openedAt: Date.UTC(2019, 4, 1),
    sources: [src(FILE.SV, 2)],
  },
  { kind: "person", iin: ID.V, name: "Сеитова Айгуль", sources: [src(FILE.SV, 2)] },
  { kind: "ownership", ownerId: ID.V, ownerType: "person", account: ACC.V, sources: [src(FILE.SV, 2)] },
  {
    kind: "account",
    key: ACC.S,
    iban: ACC.S,
    bank: "HCSKKZKA",
    accountKind: "merchant",
    holderId: ID.S,
    holderName: "ТОО «Магнум»",
    sources: [src(FILE.SV, 4)],
  },
  {
    kind: "company",
    bin: ID.S,
    name: "ТОО «Магнум»",
    companyKind: "legal_entity",
    sources: [src(FILE.SV, 4)],
  },
  { kind: "ownership", ownerId: ID.S, ownerType: "company", account: ACC.S, sources: [src(FILE.SV, 4)] },
  {
    kind: "transfer",
    txId: "KSP-0001",
    from: ACC.V,
    to: ACC.S,
    ts: T.t0,
    amount: 5000,
    currency: "KZT",
    amountKzt: 5000,
    rateSource: "kzt",
    channel: "card",
    purpose: "Покупка",
    sources: [src(FILE.SV, 4)],
  },
  // The sender's side of KSP-0002: no channel; the stored channel stays.
  {
    kind: "transfer",
    txId: "KSP-0002",
    from: ACC.V,
    to: ACC.D1,
    ts: T.t1,
    amount: 500000,
    currency: "KZT",
    amountKzt: 500000,
    rateSource: "kzt",
    purpose: "Перевод на безопасный счет",
    knp: "119",
    sources: [src(FILE.SV, 5)],
  },
];

/** Batch 3: the card-linkage / app-session log. */
const linkage: CanonicalRecord[] = [
  {
    kind: "sourceFile",
    sha256: FILE.LNK,
    name: "linkage.csv",
    bytes: 1500,
    exportKind: "linkage",
    rowsRead: 12,
  },
  { kind: "person", iin: ID.H, name: "Нурланов Ерлан", sources: [src(FILE.LNK, 2)] },
  { kind: "control", iin: ID.H, bin: ID.H, sources: [src(FILE.LNK, 2)] },
  // Drop 1 seen first without a name: the stored name stays.
  { kind: "person", iin: ID.D1, sources: [src(FILE.LNK, 3)] },
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.D1,
    identifierType: "device",
    identifier: DEVICE,
    ts: Date.UTC(2024, 2, 9, 12, 0),
    event: "login",
    sources: [src(FILE.LNK, 3)],
  },
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.D1,
    identifierType: "phone",
    identifier: PHONE_D1,
    ts: Date.UTC(2024, 2, 9, 12, 0),
    event: "login",
    sources: [src(FILE.LNK, 3)],
  },
  { kind: "card", cardId: CARD, account: ACC.D2, holderIin: ID.D2, sources: [src(FILE.LNK, 4)] },
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.D2,
    identifierType: "device",
    identifier: DEVICE,
    ts: Date.UTC(2024, 2, 9, 13, 0),
    event: "login",
    sources: [src(FILE.LNK, 5)],
  },
  // The same log row read twice (duplicate line in the export): one use, one source.
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.D2,
    identifierType: "device",
    identifier: DEVICE,
    ts: Date.UTC(2024, 2, 9, 13, 0),
    event: "login",
    sources: [src(FILE.LNK, 5)],
  },
  // The card re-bound to drop 1's account: one card, two ISSUED_ON; the holder IIN seen first stays.
  { kind: "card", cardId: CARD, account: ACC.D1, holderIin: ID.D1, sources: [src(FILE.LNK, 6)] },
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.D1,
    identifierType: "phone",
    identifier: PHONE_D1,
    ts: Date.UTC(2024, 2, 10, 4, 0),
    event: "phone_change",
    sources: [src(FILE.LNK, 7)],
  },
  {
    kind: "usage",
    subjectType: "account",
    subject: ACC.H,
    identifierType: "ip",
    identifier: IP,
    ts: Date.UTC(2024, 2, 10, 6, 50),
    event: "login",
    sources: [src(FILE.LNK, 8)],
  },
  {
    kind: "usage",
    subjectType: "card",
    subject: CARD,
    identifierType: "ip",
    identifier: IP,
    ts: Date.UTC(2024, 2, 10, 8, 55),
    event: "login",
    sources: [src(FILE.LNK, 9)],
  },
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.V,
    identifierType: "phone",
    identifier: PHONE_V,
    ts: Date.UTC(2024, 2, 10, 4, 50),
    event: "login",
    sources: [src(FILE.LNK, 10)],
  },
  // Drop 2 opens a second account.
  {
    kind: "account",
    key: ACC.D3,
    iban: ACC.D3,
    bank: "CASPKZKA",
    currency: "KZT",
    accountKind: "personal",
    holderId: ID.D2,
    openedAt: Date.UTC(2024, 2, 1, 5, 0),
    sources: [src(FILE.LNK, 11)],
  },
  { kind: "ownership", ownerId: ID.D2, ownerType: "person", account: ACC.D3, sources: [src(FILE.LNK, 11)] },
  // The hub's owner on the shared device: reaches the hub account through CONTROLS → company → OWNS.
  {
    kind: "usage",
    subjectType: "person",
    subject: ID.H,
    identifierType: "device",
    identifier: DEVICE,
    ts: Date.UTC(2024, 2, 10, 6, 45),
    event: "login",
    sources: [src(FILE.LNK, 12)],
  },
];

/** Batch 4: the complaint register and the watch-list. */
const complaintsAndWatchlist: CanonicalRecord[] = [
  {
    kind: "sourceFile",
    sha256: FILE.CMP,
    name: "erdr.csv",
    bytes: 400,
    exportKind: "complaints",
    rowsRead: 1,
  },
  {
    kind: "complaint",
    caseNo: CASE,
    registeredAt: T.registered,
    incidentAt: T.incident,
    victimIin: ID.V,
    victimName: "Сеитова Айгуль",
    victimAccount: ACC.V,
    loss: 500000,
    currency: "KZT",
    lossKzt: 500000,
    scheme: "безопасный счет",
    sources: [src(FILE.CMP, 2)],
  },
  {
    kind: "sourceFile",
    sha256: FILE.WL,
    name: "watchlist.csv",
    bytes: 120,
    exportKind: "watchlist",
    rowsRead: 1,
  },
  {
    kind: "account",
    key: ACC.X,
    iban: ACC.X,
    bank: "BRKEKZKA",
    accountKind: "exchange",
    watchlist: "exchange",
    holderName: "ТОО «КриптоОбмен»",
    sources: [src(FILE.WL, 2)],
  },
  {
    kind: "company",
    bin: ID.X,
    name: "ТОО «КриптоОбмен»",
    companyKind: "legal_entity",
    sources: [src(FILE.WL, 2)],
  },
  { kind: "ownership", ownerId: ID.X, ownerType: "company", account: ACC.X, sources: [src(FILE.WL, 2)] },
];

/** The batches in the order the contract suite writes them. */
export const fixtureBatches: CanonicalRecord[][] = [register, statements, linkage, complaintsAndWatchlist];
