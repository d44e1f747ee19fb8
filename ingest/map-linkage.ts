/**
 * Card-linkage / app-session log rows → persons, accounts (with opening time on `account_open`), cards, OWNS, and
 * USED records: each subject the row names (the person by IIN, the account, the card) used each identifier the row
 * names (phone, device, IP). Analytics resolve shared identifiers through these (model/analysis.ts IdentifierLink).
 */
import { isIP } from "node:net";
import { cardIdFromPan, normalisePhone, parseIinBin, type ResolvedAccount } from "../model/identifiers.js";
import { InvalidValueError, quoteValue } from "../model/invalid-value.js";
import type { IdentifierType, IdentifierUseRecord, Source } from "../model/records.js";
import { RowRejected } from "./errors.js";
import { FieldReader } from "./fields.js";
import { AccountResolver, claimOther, readAccount, type MapContext, type RowMapper } from "./map-common.js";

/** Event names as logs print them → the canonical events of docs/FORMATS.md. Unknown events pass through. */
const EVENTS: Readonly<Record<string, string>> = {
  вход: "login",
  авторизация: "login",
  кіру: "login",
  "log in": "login",
  "привязка карты": "card_bind",
  "карта привязана": "card_bind",
  "картаны байланыстыру": "card_bind",
  "card bind": "card_bind",
  "смена телефона": "phone_change",
  "смена номера": "phone_change",
  "смена номера телефона": "phone_change",
  "телефонды ауыстыру": "phone_change",
  "phone change": "phone_change",
  "открытие счета": "account_open",
  "открытие счёта": "account_open",
  "шот ашу": "account_open",
  "account open": "account_open",
  "привязка устройства": "device_bind",
  "новое устройство": "device_bind",
  "құрылғыны байланыстыру": "device_bind",
  "device bind": "device_bind",
};

/** Canonical event name: known synonyms mapped, others lower-cased with spaces and hyphens as underscores. */
export function normaliseEvent(raw: string): string {
  const t = raw.trim().toLowerCase().replace(/\s+/g, " ");
  return EVENTS[t] ?? t.replace(/[\s-]+/g, "_");
}

/** An IPv4 or IPv6 address (IPv6 lower-cased); throws InvalidValueError otherwise. */
export function parseIp(raw: string): string {
  const t = raw.trim();
  const v = isIP(t);
  if (v === 4) return t;
  if (v === 6) return t.toLowerCase();
  throw new InvalidValueError(`IP ${quoteValue(raw)} is not an IPv4 or IPv6 address`, raw);
}

export function linkageMapper(ctx: MapContext): RowMapper {
  const r = ctx.reader;
  const c = {
    ts: r.col("ts"),
    iin: r.col("iin"),
    card: r.col("card"),
    account: r.col("account"),
    phone: r.col("phone"),
    deviceId: r.col("deviceId"),
    ip: r.col("ip"),
    event: r.col("event"),
  };
  const resolver = new AccountResolver();
  const parseTs = ctx.time.parse;

  return (row: string[], src: Source) => {
    const ts = r.parse(r.required(row, c.ts, "ts"), "ts", parseTs);
    const holder = r.optional(row, c.iin, "iin", parseIinBin);
    const cardId = r.optional(row, c.card, "card", cardIdFromPan);
    let account: ResolvedAccount | undefined;
    if (FieldReader.cell(row, c.account) !== "")
      account = readAccount(ctx, resolver, row, c.account, -1, "account");
    const phone = r.optional(row, c.phone, "phone", normalisePhone);
    const device = FieldReader.cell(row, c.deviceId) || undefined;
    const ip = r.optional(row, c.ip, "ip", parseIp);
    let event = "session";
    if (c.event >= 0) event = normaliseEvent(r.required(row, c.event, "event"));
    if (!holder && !cardId && !account) {
      throw new RowRejected(`no IIN, card or account: the row does not say whose session or linkage it is`);
    }

    const key = `l|${ts}|${holder?.id ?? ""}|${cardId ?? ""}|${account?.key ?? ""}|${phone ?? ""}|${device ?? ""}|${ip ?? ""}|${event}`;
    if (claimOther(ctx, key, "") === "duplicate") return "duplicate";

    const e = ctx.entities;
    const iin = holder && !holder.isBin ? holder.id : undefined;
    const ownerHolder = holder ? e.party({ id: holder.id, isBin: holder.isBin }, src) : undefined;
    if (account) {
      e.account(
        account,
        {
          ...(ownerHolder ? { holder: ownerHolder, holderId: holder!.id } : {}),
          ...(event === "account_open" ? { openedAt: ts } : {}),
        },
        src,
      );
      if (ownerHolder) e.ownership(ownerHolder, account.key, src);
    }
    if (cardId) e.card(cardId, account?.key, iin, src);

    const subjects: [IdentifierUseRecord["subjectType"], string][] = [];
    if (iin) subjects.push(["person", iin]);
    if (account) subjects.push(["account", account.key]);
    if (cardId) subjects.push(["card", cardId]);
    const identifiers: [IdentifierType, string][] = [];
    if (phone) identifiers.push(["phone", phone]);
    if (device) identifiers.push(["device", device]);
    if (ip) identifiers.push(["ip", ip]);
    for (const [subjectType, subject] of subjects) {
      for (const [identifierType, identifier] of identifiers) {
        ctx.batch().push({
          kind: "usage",
          subjectType,
          subject,
          identifierType,
          identifier,
          ts,
          event,
          sources: [src],
        });
      }
    }
    return "accepted";
  };
}
