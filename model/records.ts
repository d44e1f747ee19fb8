/**
 * Canonical records: what every export turns into after ingest, and what every store writes.
 *
 * This module is the contract between ingest/, generator/, server/store/ and server/analytics/.
 * It holds types only; validators live beside it (model/identifiers.ts, model/time.ts, model/money.ts).
 *
 * Conventions:
 * - Timestamps are epoch milliseconds (UTC). Zone-less local times in exports are Asia/Almaty (model/time.ts).
 * - Amounts are numbers in the currency's major unit, rounded to 2 decimals. `amountKzt` is always filled.
 * - An account key is its IBAN when it has one, otherwise `${bank}:${number}` (see accountKey in model/identifiers.ts).
 */

/** Where a record came from: SHA-256 of the source file and the 1-based line number in that file. */
export interface Source {
  file: string;
  line: number;
}

export type AccountKind = "personal" | "business" | "exchange" | "merchant" | "foreign";
export type CompanyKind = "sole_proprietor" | "legal_entity";
export type IdentifierType = "phone" | "device" | "ip";
export type WalletChain = "tron" | "ethereum" | "bitcoin";

export interface AccountRecord {
  kind: "account";
  /** IBAN, or `${bank}:${number}` when the export carries no IBAN. */
  key: string;
  iban?: string;
  /** Account number as printed, when it is not an IBAN. */
  number?: string;
  /** BIC when known (e.g. CASPKZKA), else the bank's name as printed. */
  bank?: string;
  currency?: string;
  accountKind?: AccountKind;
  /** IIN or BIN of the holder, when the export gives it. */
  holderId?: string;
  holderName?: string;
  openedAt?: number;
  /** Set by a watch-list file: exchange, P2P merchant or card-to-crypto service. */
  watchlist?: "exchange" | "p2p" | "card2crypto";
  sources: Source[];
}

export interface PersonRecord {
  kind: "person";
  iin: string;
  name?: string;
  sources: Source[];
}

export interface CompanyRecord {
  kind: "company";
  bin: string;
  name?: string;
  companyKind: CompanyKind;
  sources: Source[];
}

/** OWNS: a person (IIN) or company (BIN) holds an account. */
export interface OwnershipRecord {
  kind: "ownership";
  ownerId: string;
  ownerType: "person" | "company";
  account: string;
  sources: Source[];
}

/** CONTROLS: a person controls a company (sole proprietor = same 12 digits, or a director). */
export interface ControlRecord {
  kind: "control";
  iin: string;
  bin: string;
  sources: Source[];
}

export interface TransferRecord {
  kind: "transfer";
  /** The bank's reference when both sides share it, else a hash of the natural key (see ingest/dedupe). */
  txId: string;
  from: string;
  to: string;
  ts: number;
  amount: number;
  currency: string;
  amountKzt: number;
  /** How amountKzt was obtained: "kzt" (already KZT), "data" (rate column), "table" (configured table). */
  rateSource?: "kzt" | "data" | "table";
  channel?: string;
  purpose?: string;
  knp?: string;
  /** Crypto wallet addresses found in the purpose text. */
  wallets?: { address: string; chain: WalletChain }[];
  sources: Source[];
}

/** WITHDREW: cash taken from an account at an ATM / cash point. */
export interface WithdrawalRecord {
  kind: "withdrawal";
  txId: string;
  account: string;
  atmId: string;
  /** ISO 3166-1 alpha-2 country of the cash point. */
  country: string;
  ts: number;
  amount: number;
  currency: string;
  amountKzt: number;
  sources: Source[];
}

export interface CardRecord {
  kind: "card";
  /** Masked PAN (4400 43** **** 1234 → "440043******1234") or its hash. */
  cardId: string;
  account?: string;
  holderIin?: string;
  sources: Source[];
}

/** USED: a person, account or card used a phone, device or IP (card-linkage / app-session logs). */
export interface IdentifierUseRecord {
  kind: "usage";
  subjectType: "person" | "account" | "card";
  subject: string;
  identifierType: IdentifierType;
  /** E.164 phone, device id, or IP address. */
  identifier: string;
  ts: number;
  event: string;
  sources: Source[];
}

export interface ComplaintRecord {
  kind: "complaint";
  caseNo: string;
  registeredAt: number;
  incidentAt?: number;
  victimIin?: string;
  victimName?: string;
  victimAccount: string;
  loss: number;
  currency: string;
  lossKzt: number;
  scheme?: string;
  sources: Source[];
}

/** A source file as ingested: lets evidence packages list every file with its hash. Emitted once per file. */
export interface SourceFileRecord {
  kind: "sourceFile";
  sha256: string;
  /** File name as uploaded (no directories). */
  name: string;
  bytes: number;
  exportKind: ExportKind;
  rowsRead: number;
}

export type CanonicalRecord =
  | AccountRecord
  | PersonRecord
  | CompanyRecord
  | OwnershipRecord
  | ControlRecord
  | TransferRecord
  | WithdrawalRecord
  | CardRecord
  | IdentifierUseRecord
  | ComplaintRecord
  | SourceFileRecord;

export type RecordKind = CanonicalRecord["kind"];

/** The kinds of export the ingest pipeline understands. */
export type ExportKind = "statement" | "register" | "linkage" | "complaints" | "watchlist";
