/**
 * Human labels for export kinds and canonical fields (the internal names are docs/FORMATS.md's), in one place for the
 * whole client, and the words the upload page uses for a column's confidence.
 */

/** Labels of the export kinds. */
export const KIND_LABELS: Readonly<Record<string, string>> = {
  register: "Transfer register",
  statement: "Account statement",
  linkage: "Card and app-session log",
  complaints: "Complaint register",
  watchlist: "Watch-list",
};

/** Labels of the canonical fields; a field means the same in every kind unless KIND_FIELD_LABELS says otherwise. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  txId: "Transaction reference",
  ts: "Date and time",
  fromAccount: "Sender account",
  fromBank: "Sender bank",
  fromName: "Sender name",
  fromId: "Sender IIN/BIN",
  toAccount: "Beneficiary account",
  toBank: "Beneficiary bank",
  toName: "Beneficiary name",
  toId: "Beneficiary IIN/BIN",
  amount: "Amount",
  currency: "Currency",
  rate: "Exchange rate",
  channel: "Channel",
  purpose: "Payment purpose",
  knp: "Purpose code (KNP)",
  atmId: "ATM",
  country: "Country",
  account: "Account",
  debit: "Debit (money out)",
  credit: "Credit (money in)",
  counterpartyName: "Counterparty name",
  counterpartyId: "Counterparty IIN/BIN",
  counterpartyAccount: "Counterparty account",
  counterpartyBank: "Counterparty bank",
  iin: "IIN",
  card: "Card number",
  phone: "Phone",
  deviceId: "Device ID",
  ip: "IP address",
  event: "Event",
  caseNo: "Case number",
  registeredAt: "Registration date",
  victimIin: "Victim IIN",
  victimName: "Victim name",
  victimAccount: "Victim account",
  loss: "Loss amount",
  scheme: "Scheme",
  incidentAt: "Incident time",
  bank: "Bank",
  name: "Name",
  category: "Category",
};

/** Where a field's meaning depends on the kind. */
const KIND_FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  statement: { account: "Statement's own account" },
  watchlist: { name: "Account holder name" },
};

/** "counterpartyTaxId" → "Counterparty tax id": a readable fallback for a field this table does not know yet. */
function words(field: string): string {
  const s = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? words(kind);
}

export function fieldLabel(field: string, kind?: string): string {
  return (kind ? KIND_FIELD_LABELS[kind]?.[field] : undefined) ?? FIELD_LABELS[field] ?? words(field);
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
        .join(" with "),
    )
    .join(" or ");
}

/** Confidence 0..1 in words: "high (96%)". */
export function confidenceLabel(confidence: number): string {
  const pct = Math.round(confidence * 100);
  const level = confidence >= 0.85 ? "high" : confidence >= 0.5 ? "medium" : "low";
  return `${level} (${pct}%)`;
}
