/**
 * Transfer register rows (one row per transfer, both sides) → transfer or withdrawal, accounts, holders, OWNS.
 * A row with an ATM and no beneficiary account is a cash withdrawal from the sender's account.
 */
import type { Source } from "../model/records.js";
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
  readPositiveAmount,
  rejectIfSummary,
  type MapContext,
  type RowMapper,
} from "./map-common.js";

export function registerMapper(ctx: MapContext): RowMapper {
  const r = ctx.reader;
  const c = {
    txId: r.col("txId"),
    ts: r.col("ts"),
    fromAccount: r.col("fromAccount"),
    fromBank: r.col("fromBank"),
    fromName: r.col("fromName"),
    fromId: r.col("fromId"),
    toAccount: r.col("toAccount"),
    toBank: r.col("toBank"),
    toName: r.col("toName"),
    toId: r.col("toId"),
    amount: r.col("amount"),
    currency: r.col("currency"),
    rate: r.col("rate"),
    channel: r.col("channel"),
    purpose: r.col("purpose"),
    knp: r.col("knp"),
    atmId: r.col("atmId"),
    country: r.col("country"),
  };
  const resolver = new AccountResolver();
  const parseTs = ctx.time.parse;

  return (row: string[], src: Source) => {
    rejectIfSummary(row, FieldReader.cell(row, c.ts));
    const ts = r.parse(r.required(row, c.ts, "ts"), "ts", parseTs);
    const from = readAccount(ctx, resolver, row, c.fromAccount, c.fromBank, "fromAccount");
    const amount = readPositiveAmount(ctx, row, c.amount, "amount");
    const currency = readCurrency(ctx, row, c.currency);
    const kzt = convert(ctx, row, amount, currency, c.rate);
    const fromParty = readParty(ctx, resolver, row, c.fromId, c.fromName, "fromId");
    const fromName = FieldReader.cell(row, c.fromName) || undefined;
    const ref = FieldReader.cell(row, c.txId);
    const toText = FieldReader.cell(row, c.toAccount);

    if (toText === "") {
      const atmId = FieldReader.cell(row, c.atmId);
      if (atmId === "") {
        throw r.reject(
          r.has("toAccount") ? "toAccount" : "atmId",
          "is empty: a transfer needs a beneficiary account or an ATM",
        );
      }
      const country = r.optional(row, c.country, "country", parseCountry) ?? "KZ";
      const { rec, outcome } = claimWithdrawal(
        ctx,
        { ref, account: from.key, atmId, country, ts, amount, currency, kzt },
        src,
      );
      ctx.entities.heldAccount(from, fromParty, fromName, undefined, src);
      ctx.batch().push(rec);
      return outcome;
    }

    const to = readAccount(ctx, resolver, row, c.toAccount, c.toBank, "toAccount");
    const toParty = readParty(ctx, resolver, row, c.toId, c.toName, "toId");
    const toName = FieldReader.cell(row, c.toName) || undefined;
    if (to.key === from.key) throw r.reject("toAccount", "is the same account as the sender");
    const { rec, outcome } = claimTransfer(
      ctx,
      {
        ref,
        from: from.key,
        to: to.key,
        ts,
        amount,
        currency,
        kzt,
        channel: FieldReader.cell(row, c.channel) || undefined,
        purpose: FieldReader.cell(row, c.purpose) || undefined,
        knp: FieldReader.cell(row, c.knp) || undefined,
      },
      src,
    );
    // A register does not say which currency an account is kept in, so account records carry none.
    ctx.entities.heldAccount(from, fromParty, fromName, undefined, src);
    ctx.entities.heldAccount(to, toParty, toName, undefined, src);
    ctx.batch().push(rec);
    return outcome;
  };
}
