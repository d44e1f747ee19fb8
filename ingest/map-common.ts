/**
 * What the per-kind row mappers share: their context, account resolution with a per-file cache, reading a holder
 * (IIN/BIN + name), money with KZT conversion, and emitting a transfer or withdrawal through the dedupe ledger.
 * A mapper validates the whole row first and emits only when every value is good, so a rejected row leaves no
 * records behind.
 */
import {
  compactIdentifier,
  looksLikeIban,
  parseIinBin,
  resolveAccount,
  type ResolvedAccount,
} from "../model/identifiers.js";
import { InvalidValueError, quoteValue } from "../model/invalid-value.js";
import { normaliseCurrency, parseAmount, parseRate, toKzt, type KztAmount } from "../model/money.js";
import type { Source, TransferRecord, WithdrawalRecord } from "../model/records.js";
import { transferId } from "../model/transfer-id.js";
import { extractWallets } from "../model/wallets.js";
import { Batch, EntitySink, type Party } from "./entities.js";
import { RowRejected } from "./errors.js";
import { FieldReader } from "./fields.js";
import { fingerprint, Ledger } from "./ledger.js";
import type { Preamble } from "./sniff.js";
import type { TimeWindow } from "./time-window.js";

/** Everything a row mapper needs for one file. */
export interface MapContext {
  reader: FieldReader;
  entities: EntitySink;
  batch: () => Batch;
  ledger: Ledger;
  fx: Readonly<Record<string, number>>;
  zone: string;
  /** The file's currency where no column says (the mapping's `currency`); it goes before a preamble's. */
  currency?: string;
  preamble: Preamble;
  /** File-level remarks for the report (e.g. a preamble IIN that fails its check digit). */
  notes: string[];
  /** Parses timestamp cells in the file's zone and rejects implausible ones (`time.parse`); keeps the time range. */
  time: TimeWindow;
}

/** A row that did not throw RowRejected was accepted or was a duplicate of an earlier row. */
export type RowOutcome = "accepted" | "duplicate";
export type RowMapper = (row: string[], src: Source) => RowOutcome;

/**
 * Account and IIN/BIN resolution for one file. Validating is cheaper than a cache lookup here (an IBAN's mod-97 is a
 * 20-character loop; a map with 100k keys costs a cache miss per lookup), so this only binds the validators.
 */
export class AccountResolver {
  /** parseIinBin. */
  iinBin(raw: string): { id: string; isBin: boolean } {
    return parseIinBin(raw);
  }

  resolve(number: string, bank: string): ResolvedAccount {
    return resolveAccount(number, bank);
  }
}

/** The bank of non-IBAN account numbers in a file that names no banks (docs/FORMATS.md, "Identifiers"). */
export const UNNAMED_BANK = "no-bank";

/** Read and validate an account column (+ its bank column); throws a reject naming the column. */
export function readAccount(
  ctx: MapContext,
  resolver: AccountResolver,
  row: string[],
  accIdx: number,
  bankIdx: number,
  field: string,
  fallbackBank = "",
): ResolvedAccount {
  const number = ctx.reader.required(row, accIdx, field);
  // An export with no bank column for this side (AMLSim, PaySim, a foreign system's register) numbers its accounts
  // in one namespace of its own: key them under UNNAMED_BANK. A file that has the column but leaves it empty for a
  // non-IBAN number is still rejected, as is anything shaped like an IBAN that fails its check digits.
  // An IBAN names its own bank: it never takes UNNAMED_BANK, which would otherwise be stored as its bank and hide the
  // real one a statement gives (the first non-null value of a field wins).
  // (Tested cheapest first: a compact IBAN as exports print it needs no compacting.)
  const unnamed =
    bankIdx < 0 && !fallbackBank && !looksLikeIban(number) && !looksLikeIban(compactIdentifier(number))
      ? UNNAMED_BANK
      : "";
  const bank = FieldReader.cell(row, bankIdx) || fallbackBank || unnamed;
  return ctx.reader.parse(number, field, (v) => resolver.resolve(v, bank));
}

/** Read a holder (IIN/BIN column and name column); undefined when the id is empty. */
export function readParty(
  ctx: MapContext,
  resolver: AccountResolver,
  row: string[],
  idIdx: number,
  nameIdx: number,
  idField: string,
): Party | undefined {
  const raw = FieldReader.cell(row, idIdx);
  if (raw === "") return undefined;
  const { id, isBin } = ctx.reader.parse(raw, idField, (v) => resolver.iinBin(v));
  const name = FieldReader.cell(row, nameIdx);
  return name ? { id, isBin, name } : { id, isBin };
}

/** An amount that must be above zero. */
export function readPositiveAmount(ctx: MapContext, row: string[], idx: number, field: string): number {
  const v = ctx.reader.parse(ctx.reader.required(row, idx, field), field, parseAmount);
  if (!(v > 0)) throw ctx.reader.reject(field, `amount ${v} must be above zero`);
  return v;
}

/** Currency of a row: its column, else the file's mapping, else `fallback` (KZT when nothing says otherwise). */
export function readCurrency(ctx: MapContext, row: string[], idx: number, fallback = "KZT"): string {
  return ctx.reader.optional(row, idx, "currency", normaliseCurrency) ?? ctx.currency ?? fallback;
}

/** Amount in KZT from the row's rate column or the configured table; rejects when neither knows the currency. */
export function convert(
  ctx: MapContext,
  row: string[],
  amount: number,
  currency: string,
  rateIdx: number,
): KztAmount {
  const rate = currency === "KZT" ? undefined : ctx.reader.optional(row, rateIdx, "rate", parseRate);
  try {
    return toKzt(amount, currency, rate, ctx.fx);
  } catch (e) {
    if (e instanceof InvalidValueError) throw ctx.reader.reject("currency", e.message);
    throw e;
  }
}

const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  KAZ: "KZ", КАЗАХСТАН: "KZ", ҚАЗАҚСТАН: "KZ", KAZAKHSTAN: "KZ",
  RUS: "RU", РОССИЯ: "RU", RUSSIA: "RU", РЕСЕЙ: "RU",
  KGZ: "KG", КЫРГЫЗСТАН: "KG", КИРГИЗИЯ: "KG", KYRGYZSTAN: "KG", ҚЫРҒЫЗСТАН: "KG",
  UZB: "UZ", УЗБЕКИСТАН: "UZ", UZBEKISTAN: "UZ", ӨЗБЕКСТАН: "UZ",
  TUR: "TR", ТУРЦИЯ: "TR", TURKEY: "TR", TÜRKIYE: "TR", ТҮРКИЯ: "TR",
  ARE: "AE", ОАЭ: "AE", UAE: "AE", БАӘ: "AE",
  CHN: "CN", КИТАЙ: "CN", CHINA: "CN", ҚЫТАЙ: "CN",
  GEO: "GE", ГРУЗИЯ: "GE", GEORGIA: "GE",
  ARM: "AM", АРМЕНИЯ: "AM", ARMENIA: "AM",
  THA: "TH", ТАИЛАНД: "TH", THAILAND: "TH",
}; // prettier-ignore

/** ISO 3166-1 alpha-2 country from `KZ`, `KAZ` or a common name; throws InvalidValueError otherwise. */
export function parseCountry(raw: string): string {
  const up = raw.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(up)) return up;
  const alias = COUNTRY_ALIASES[up];
  if (alias) return alias;
  throw new InvalidValueError(`country ${quoteValue(raw)} is not a 2-letter ISO code or a known name`, raw);
}

/** First words of summary lines at the end of statements and registers. */
const SUMMARY =
  /^(итого|всего|обороты|сальдо|остаток|барлығы|жиыны|total|subtotal|closing balance|opening balance)/i;

/**
 * A footer such as "Итого обороты; ; 1 500 000,00" is not a transaction: say so instead of a date error.
 * Cheap: only looks when the row's date cell does not start with a digit.
 */
export function rejectIfSummary(row: string[], dateCell: string): void {
  const c0 = dateCell.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return;
  for (const c of row) {
    const t = c.trim();
    if (t === "") continue;
    if (SUMMARY.test(t)) throw new RowRejected(`summary line ("${t.slice(0, 40)}"), not a transaction`);
    return;
  }
}

export interface TransferFields {
  ref: string;
  from: string;
  to: string;
  ts: number;
  amount: number;
  currency: string;
  kzt: KztAmount;
  channel?: string;
  purpose?: string;
  knp?: string;
}

/**
 * Claim a transfer in the ledger; throw a reject on a reference conflict. Returns the transfer record (not yet
 * emitted) and whether it is a duplicate.
 */
export function claimTransfer(
  ctx: MapContext,
  t: TransferFields,
  src: Source,
): { rec: TransferRecord; outcome: RowOutcome } {
  const txId = transferId(t.ref, t);
  const cents = Math.round(t.amount * 100);
  const claim = ctx.ledger.claim(txId, fingerprint(t.from, t.to, cents, t.currency));
  if (claim === "conflict") {
    throw ctx.reader.reject(
      "txId",
      `reference ${quoteValue(t.ref)} was already used earlier in this ingest for a different transfer ` +
        `(other payer, payee, amount or currency); a reference must name one transfer`,
    );
  }
  const rec: TransferRecord = {
    kind: "transfer",
    txId,
    from: t.from,
    to: t.to,
    ts: t.ts,
    amount: t.amount,
    currency: t.currency,
    amountKzt: t.kzt.amountKzt,
    rateSource: t.kzt.rateSource,
    sources: [src],
  };
  if (t.channel) rec.channel = t.channel;
  if (t.purpose) {
    rec.purpose = t.purpose;
    const wallets = extractWallets(t.purpose);
    if (wallets.length > 0) rec.wallets = wallets;
  }
  if (t.knp) rec.knp = t.knp;
  return { rec, outcome: claim === "new" ? "accepted" : "duplicate" };
}

export interface WithdrawalFields {
  ref: string;
  account: string;
  atmId: string;
  country: string;
  ts: number;
  amount: number;
  currency: string;
  kzt: KztAmount;
}

/** Claim a cash withdrawal in the ledger (id as for transfers, with `atm:<id>` as the payee). */
export function claimWithdrawal(
  ctx: MapContext,
  w: WithdrawalFields,
  src: Source,
): { rec: WithdrawalRecord; outcome: RowOutcome } {
  const to = `atm:${w.atmId}`;
  const txId = transferId(w.ref, { from: w.account, to, amount: w.amount, currency: w.currency, ts: w.ts });
  const claim = ctx.ledger.claim(txId, fingerprint(w.account, to, Math.round(w.amount * 100), w.currency));
  if (claim === "conflict") {
    throw ctx.reader.reject(
      "txId",
      `reference ${quoteValue(w.ref)} was already used earlier in this ingest for a different operation`,
    );
  }
  const rec: WithdrawalRecord = {
    kind: "withdrawal",
    txId,
    account: w.account,
    atmId: w.atmId,
    country: w.country,
    ts: w.ts,
    amount: w.amount,
    currency: w.currency,
    amountKzt: w.kzt.amountKzt,
    sources: [src],
  };
  return { rec, outcome: claim === "new" ? "accepted" : "duplicate" };
}

/** Claim a non-transfer record (complaint, session event, watch-list entry) by key and content. */
export function claimOther(ctx: MapContext, key: string, content: string): RowOutcome | "conflict" {
  const c = ctx.ledger.claim(key, fingerprint(content));
  return c === "new" ? "accepted" : c;
}
