/**
 * Human labels for export kinds and canonical fields (the internal names are docs/FORMATS.md's), in one place for the
 * whole client, and the words the upload page uses for a column's confidence. The words themselves are messages in
 * client/src/i18n, so a field reads "Счёт отправителя", "Жіберушінің шоты" or "Sender account" by language.
 */
import { formatNumber, t, type MessageKey } from "./i18n/index.js";

/** Labels of the export kinds (message keys: the words are in client/src/i18n). */
export const KIND_LABELS: Readonly<Record<string, MessageKey>> = {
  register: "kind.register",
  statement: "kind.statement",
  linkage: "kind.linkage",
  complaints: "kind.complaints",
  watchlist: "kind.watchlist",
};

/** Labels of the canonical fields; a field means the same in every kind unless KIND_FIELD_LABELS says otherwise. */
export const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  txId: "field.txId",
  ts: "field.ts",
  fromAccount: "field.fromAccount",
  fromBank: "field.fromBank",
  fromName: "field.fromName",
  fromId: "field.fromId",
  toAccount: "field.toAccount",
  toBank: "field.toBank",
  toName: "field.toName",
  toId: "field.toId",
  amount: "field.amount",
  currency: "field.currency",
  rate: "field.rate",
  channel: "field.channel",
  purpose: "field.purpose",
  knp: "field.knp",
  atmId: "field.atmId",
  country: "field.country",
  account: "field.account",
  debit: "field.debit",
  credit: "field.credit",
  counterpartyName: "field.counterpartyName",
  counterpartyId: "field.counterpartyId",
  counterpartyAccount: "field.counterpartyAccount",
  counterpartyBank: "field.counterpartyBank",
  iin: "field.iin",
  card: "field.card",
  phone: "field.phone",
  deviceId: "field.deviceId",
  ip: "field.ip",
  event: "field.event",
  caseNo: "field.caseNo",
  registeredAt: "field.registeredAt",
  victimIin: "field.victimIin",
  victimName: "field.victimName",
  victimAccount: "field.victimAccount",
  loss: "field.loss",
  scheme: "field.scheme",
  incidentAt: "field.incidentAt",
  bank: "field.bank",
  name: "field.name",
  category: "field.category",
};

/** Where a field's meaning depends on the kind. */
const KIND_FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, MessageKey>>>> = {
  statement: { account: "field.statement.account" },
  watchlist: { name: "field.watchlist.name" },
};

/** "counterpartyTaxId" → "Counterparty tax id": a readable fallback for a field this table does not know yet. */
function words(field: string): string {
  const s = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function kindLabel(kind: string): string {
  const key = KIND_LABELS[kind];
  return key ? t(key) : words(kind);
}

export function fieldLabel(field: string, kind?: string): string {
  const key = (kind ? KIND_FIELD_LABELS[kind]?.[field] : undefined) ?? FIELD_LABELS[field];
  return key ? t(key) : words(field);
}

/**
 * A requirement as detection words it ("toAccount or atmId", "amount with counterpartyName", or a plain field) in
 * labels: "Beneficiary account or ATM".
 */
export function requirementLabel(requirement: string, kind?: string): string {
  return requirement
    .split(/\s+or\s+|\s*\|\s*/)
    .map((alternative) =>
      alternative
        .split(/\s+with\s+/)
        .map((f) => fieldLabel(f.trim(), kind))
        .join(t("fields.with")),
    )
    .join(t("fields.or"));
}

/** Confidence 0..1 in words: "high (96%)". */
export function confidenceLabel(confidence: number): string {
  const pct = formatNumber(Math.round(confidence * 100) / 100, { style: "percent" });
  return t(
    confidence >= 0.85 ? "confidence.high" : confidence >= 0.5 ? "confidence.medium" : "confidence.low",
    {
      pct,
    },
  );
}
