/**
 * Complaint register rows (the pre-trial investigation register, ЕРДР) → complaint, the victim's account, the
 * victim as a person and OWNS. One complaint per case number: a second row of the same case with the same victim
 * account and loss is a duplicate; with different ones it is rejected (the model holds one victim account per case).
 */
import { parseIinBin } from "../model/identifiers.js";
import type { ComplaintRecord, Source } from "../model/records.js";
import { FieldReader } from "./fields.js";
import {
  AccountResolver,
  claimOther,
  convert,
  readAccount,
  readCurrency,
  readPositiveAmount,
  rejectIfSummary,
  type MapContext,
  type RowMapper,
} from "./map-common.js";

export function complaintsMapper(ctx: MapContext): RowMapper {
  const r = ctx.reader;
  const c = {
    caseNo: r.col("caseNo"),
    registeredAt: r.col("registeredAt"),
    victimIin: r.col("victimIin"),
    victimName: r.col("victimName"),
    victimAccount: r.col("victimAccount"),
    loss: r.col("loss"),
    currency: r.col("currency"),
    scheme: r.col("scheme"),
    incidentAt: r.col("incidentAt"),
  };
  const resolver = new AccountResolver();
  const parseTs = ctx.time.parse;

  return (row: string[], src: Source) => {
    rejectIfSummary(row, FieldReader.cell(row, c.registeredAt));
    const caseNo = r.required(row, c.caseNo, "caseNo");
    const registeredAt = r.parse(r.required(row, c.registeredAt, "registeredAt"), "registeredAt", parseTs);
    const incidentAt = r.optional(row, c.incidentAt, "incidentAt", parseTs);
    const account = readAccount(ctx, resolver, row, c.victimAccount, -1, "victimAccount");
    const loss = readPositiveAmount(ctx, row, c.loss, "loss");
    const currency = readCurrency(ctx, row, c.currency);
    const kzt = convert(ctx, row, loss, currency, -1);
    const victim = r.optional(row, c.victimIin, "victimIin", parseIinBin);
    const victimName = FieldReader.cell(row, c.victimName) || undefined;
    const scheme = FieldReader.cell(row, c.scheme) || undefined;

    const claim = claimOther(ctx, `c|${caseNo}`, `${account.key}|${Math.round(loss * 100)}|${currency}`);
    if (claim === "conflict") {
      throw r.reject("caseNo", `case ${caseNo} was already read with another victim account or loss`);
    }
    if (claim === "duplicate") return "duplicate";

    if (victim) {
      const holder = ctx.entities.party(victimName ? { ...victim, name: victimName } : victim, src);
      ctx.entities.account(
        account,
        { holder, holderId: victim.id, ...(victimName ? { holderName: victimName } : {}) },
        src,
      );
      ctx.entities.ownership(holder, account.key, src);
    } else ctx.entities.account(account, victimName ? { holderName: victimName } : {}, src);

    const rec: ComplaintRecord = {
      kind: "complaint",
      caseNo,
      registeredAt,
      victimAccount: account.key,
      loss,
      currency,
      lossKzt: kzt.amountKzt,
      sources: [src],
    };
    if (incidentAt !== undefined) rec.incidentAt = incidentAt;
    if (victim) rec.victimIin = victim.id;
    if (victimName) rec.victimName = victimName;
    if (scheme) rec.scheme = scheme;
    ctx.batch().push(rec);
    return "accepted";
  };
}
