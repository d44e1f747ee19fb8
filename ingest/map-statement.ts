/**
 * Account statement rows (one account per file; debit/credit columns; counterparty columns) → transfers.
 * A debit is a transfer from the statement's account to the counterparty, a credit the reverse; a debit with an ATM
 * and no counterparty account is a cash withdrawal. The statement's own account comes from an account column or
 * from the preamble ("Выписка по счету KZ…"), its holder from "Владелец счета: NAME, ИИН …". The counterparty is in
 * counterparty columns, or, in statements that print both parties, on the recipient's side of a debit and the
 * payer's side of a credit.
 */
import { parseIinBin, resolveAccount, type ResolvedAccount } from "../model/identifiers.js";
import { InvalidValueError } from "../model/invalid-value.js";
import { parseAmount } from "../model/money.js";
import type { Source } from "../model/records.js";
import type { Party } from "./entities.js";
import { RowRejected } from "./errors.js";
import { FieldReader } from "./fields.js";
import {
  AccountResolver,
  claimTransfer,
  claimWithdrawal,
  convert,
  parseCountry,
  readAccount,
  readCurrency,
  readParty,
  rejectIfSummary,
  type MapContext,
  type RowMapper,
  UNNAMED_BANK,
} from "./map-common.js";

/** The preamble's account and holder, validated once per file. */
function ownFromPreamble(ctx: MapContext): {
  account?: ResolvedAccount;
  holder?: Party;
  holderName?: string;
} {
  const p = ctx.preamble;
  const out: { account?: ResolvedAccount; holder?: Party; holderName?: string } = {};
  if (p.account) {
    try {
      // A plain number with no bank in the preamble is keyed like the rows' numbers of a file that names no bank.
      out.account = resolveAccount(p.account, p.bank ?? UNNAMED_BANK);
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      ctx.notes.push(`preamble: account ${p.account} ignored: ${e.message}`);
    }
  }
  if (p.holderName) out.holderName = p.holderName;
  if (p.holderId) {
    try {
      const { id, isBin } = parseIinBin(p.holderId);
      out.holder = p.holderName ? { id, isBin, name: p.holderName } : { id, isBin };
    } catch (e) {
      if (!(e instanceof InvalidValueError)) throw e;
      ctx.notes.push(`preamble: holder IIN/BIN ignored: ${e.message}`);
    }
  }
  return out;
}

export function statementMapper(ctx: MapContext): RowMapper {
  const r = ctx.reader;
  const c = {
    account: r.col("account"),
    ts: r.col("ts"),
    txId: r.col("txId"),
    debit: r.col("debit"),
    credit: r.col("credit"),
    amount: r.col("amount"),
    currency: r.col("currency"),
    cpName: r.col("counterpartyName"),
    cpId: r.col("counterpartyId"),
    cpAccount: r.col("counterpartyAccount"),
    cpBank: r.col("counterpartyBank"),
    purpose: r.col("purpose"),
    knp: r.col("knp"),
    atmId: r.col("atmId"),
    country: r.col("country"),
  };
  // A statement that prints both parties (Плательщик / Получатель, as 1C statements do) instead of one
  // counterparty: the counterparty of a debit is the recipient, of a credit the payer.
  const bySide = c.cpAccount < 0 && (r.has("toAccount") || r.has("fromAccount"));
  const sideOf = (out: boolean) => {
    const p = out ? "to" : "from";
    return {
      account: r.col(`${p}Account`),
      bank: r.col(`${p}Bank`),
      name: r.col(`${p}Name`),
      id: r.col(`${p}Id`),
      accountField: `${p}Account`,
      idField: `${p}Id`,
    };
  };
  const cpColumns = {
    account: c.cpAccount,
    bank: c.cpBank,
    name: c.cpName,
    id: c.cpId,
    accountField: "counterpartyAccount",
    idField: "counterpartyId",
  };
  const own = ownFromPreamble(ctx);
  const resolver = new AccountResolver();
  const parseTs = ctx.time.parse;
  const side = (row: string[], idx: number, field: string): number => {
    const v = r.optional(row, idx, field, parseAmount);
    return v === undefined ? 0 : Math.abs(v);
  };

  return (row: string[], src: Source) => {
    rejectIfSummary(row, FieldReader.cell(row, c.ts));
    const ts = r.parse(r.required(row, c.ts, "ts"), "ts", parseTs);
    let account: ResolvedAccount | undefined;
    if (c.account >= 0 && FieldReader.cell(row, c.account) !== "") {
      account = readAccount(ctx, resolver, row, c.account, -1, "account", ctx.preamble.bank ?? "");
    } else account = own.account;
    if (!account) {
      throw new RowRejected(
        `the statement's own account is unknown: no "Счет" column value and no "Выписка по счету KZ…" line above the header`,
      );
    }
    let debit = side(row, c.debit, "debit");
    let credit = side(row, c.credit, "credit");
    if (c.debit < 0 && c.credit < 0) {
      // One signed amount column: money out is negative.
      const v = r.parse(r.required(row, c.amount, "amount"), "amount", parseAmount);
      if (v < 0) debit = -v;
      else credit = v;
    }
    if (debit > 0 && credit > 0) throw r.reject("debit", "both debit and credit are filled in one row");
    if (debit === 0 && credit === 0)
      throw r.reject(
        c.debit >= 0 ? "debit" : c.credit >= 0 ? "credit" : "amount",
        "no debit or credit amount",
      );
    const amount = debit > 0 ? debit : credit;
    const currency = readCurrency(ctx, row, c.currency, ctx.preamble.currency ?? "KZT");
    const kzt = convert(ctx, row, amount, currency, -1);
    const ref = FieldReader.cell(row, c.txId);
    const cpc = bySide ? sideOf(debit > 0) : cpColumns;
    const cpText = FieldReader.cell(row, cpc.account);

    if (cpText === "") {
      const atmId = FieldReader.cell(row, c.atmId);
      if (debit > 0 && atmId !== "") {
        const country = r.optional(row, c.country, "country", parseCountry) ?? "KZ";
        const { rec, outcome } = claimWithdrawal(
          ctx,
          { ref, account: account.key, atmId, country, ts, amount, currency, kzt },
          src,
        );
        ctx.entities.heldAccount(account, own.holder, own.holderName, currency, src);
        ctx.batch().push(rec);
        return outcome;
      }
      if (atmId !== "")
        throw r.reject("atmId", "a credit at an ATM (cash deposit) is not a transfer between accounts");
      throw r.reject(cpc.accountField, "is empty: a transfer needs the counterparty's account");
    }

    const cp = readAccount(ctx, resolver, row, cpc.account, cpc.bank, cpc.accountField);
    if (cp.key === account.key) throw r.reject(cpc.accountField, "is the statement's own account");
    const cpParty = readParty(ctx, resolver, row, cpc.id, cpc.name, cpc.idField);
    const cpName = FieldReader.cell(row, cpc.name) || undefined;
    const { rec, outcome } = claimTransfer(
      ctx,
      {
        ref,
        from: debit > 0 ? account.key : cp.key,
        to: debit > 0 ? cp.key : account.key,
        ts,
        amount,
        currency,
        kzt,
        purpose: FieldReader.cell(row, c.purpose) || undefined,
        knp: FieldReader.cell(row, c.knp) || undefined,
      },
      src,
    );
    ctx.entities.heldAccount(account, own.holder, own.holderName, currency, src);
    ctx.entities.heldAccount(cp, cpParty, cpName, undefined, src);
    ctx.batch().push(rec);
    return outcome;
  };
}
