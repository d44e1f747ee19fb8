/**
 * Header synonyms per export kind (docs/FORMATS.md: Russian, Kazakh and English headers) and the matching of a
 * file's header row: which canonical field each column holds (an exact documented header, else by meaning, see
 * ingest/header-meaning.ts), and which kind of export the header row describes. Exact matching ignores case,
 * repeated whitespace, `ё`/`е`, surrounding quotes, a trailing `:` or `*`, spaces around `/`, and a unit in
 * parentheses (`Сумма (KZT)`).
 */
import type { ExportKind } from "../model/records.js";
import { recognise } from "./header-meaning.js";
import { analyseHeader } from "./header-words.js";
import type { AmbiguousField, ColumnGuess } from "./types.js";

/** Canonical fields of each kind, with every recognised header. */
const SYNONYM_TABLE = {
  register: {
    txId: [
      "Референс",
      "Номер документа",
      "ID транзакции",
      "Құжат нөмірі",
      "Reference",
      "Transaction ID",
      "TxID",
    ],
    ts: ["Дата операции", "Дата и время", "Операция күні", "Date", "Timestamp", "Date/Time"],
    fromAccount: [
      "Счет отправителя",
      "ИИК отправителя",
      "Жіберушінің шоты",
      "Sender account",
      "From account",
      "Debit account",
    ],
    fromBank: ["Банк отправителя", "БИК отправителя", "Жіберушінің банкі", "Sender bank", "Sender BIC"],
    fromName: ["Отправитель", "ФИО отправителя", "Жіберуші", "Sender", "Sender name"],
    fromId: ["ИИН/БИН отправителя", "Жіберушінің ЖСН/БСН", "Sender IIN/BIN", "Sender ID"],
    toAccount: [
      "Счет получателя",
      "ИИК получателя",
      "Алушының шоты",
      "Beneficiary account",
      "To account",
      "Credit account",
    ],
    toBank: ["Банк получателя", "БИК получателя", "Алушының банкі", "Beneficiary bank", "Beneficiary BIC"],
    toName: ["Получатель", "ФИО получателя", "Алушы", "Beneficiary", "Beneficiary name"],
    toId: ["ИИН/БИН получателя", "Алушының ЖСН/БСН", "Beneficiary IIN/BIN", "Beneficiary ID"],
    amount: ["Сумма", "Сома", "Amount"],
    currency: ["Валюта", "Currency"],
    rate: ["Курс", "Бағам", "Rate", "FX rate"],
    channel: ["Канал", "Арна", "Channel"],
    purpose: ["Назначение платежа", "Назначение", "Төлем мақсаты", "Purpose", "Payment details"],
    knp: ["КНП", "ТМК", "KNP", "Purpose code"],
    atmId: ["Банкомат", "ID банкомата", "ATM", "ATM ID"],
    country: ["Страна", "Ел", "Country"],
  },
  statement: {
    account: ["Счет", "Номер счета", "Шот", "Account"],
    ts: ["Дата операции", "Дата и время", "Операция күні", "Date", "Timestamp"],
    txId: ["Номер документа", "Референс", "Құжат нөмірі", "Document No", "Reference"],
    debit: ["Дебет", "Расход", "Шығыс", "Debit"],
    credit: ["Кредит", "Приход", "Кіріс", "Credit"],
    amount: ["Сумма", "Сома", "Amount"],
    currency: ["Валюта", "Currency"],
    counterpartyName: ["Контрагент", "Наименование контрагента", "Counterparty"],
    counterpartyId: ["ИИН/БИН контрагента", "Контрагенттің ЖСН/БСН", "Counterparty IIN/BIN"],
    counterpartyAccount: [
      "Счет контрагента",
      "ИИК контрагента",
      "Контрагенттің шоты",
      "Counterparty account",
    ],
    counterpartyBank: [
      "БИК контрагента",
      "Банк контрагента",
      "Контрагенттің банкі",
      "Counterparty BIC",
      "Counterparty bank",
    ],
    // Statements that print both parties instead of one counterparty: recognised by meaning only
    // ("Счет плательщика", "Payee account"), see ingest/map-statement.ts.
    fromAccount: [],
    fromBank: [],
    fromName: [],
    fromId: [],
    toAccount: [],
    toBank: [],
    toName: [],
    toId: [],
    purpose: ["Назначение платежа", "Төлем мақсаты", "Purpose", "Payment details"],
    knp: ["КНП", "ТМК", "KNP"],
    atmId: ["Банкомат", "ATM"],
    country: ["Страна", "Ел", "Country"],
  },
  linkage: {
    ts: ["Дата и время", "Время", "Уақыты", "Timestamp", "Time"],
    iin: ["ИИН", "ЖСН", "IIN"],
    card: ["Карта", "Номер карты", "Card", "PAN"],
    account: ["Счет", "IBAN", "Шот", "Account"],
    phone: ["Телефон", "Phone"],
    deviceId: ["ID устройства", "Устройство", "Құрылғы", "Device ID", "Device"],
    ip: ["IP-адрес", "IP", "IP-мекенжай", "IP address"],
    event: ["Событие", "Оқиға", "Event"],
  },
  complaints: {
    caseNo: ["Номер ЕРДР", "Номер дела", "СДТБ нөмірі", "Іс нөмірі", "Case No", "Case number"],
    registeredAt: ["Дата регистрации", "Тіркелген күні", "Registered", "Registration date"],
    victimIin: ["ИИН потерпевшего", "Жәбірленушінің ЖСН", "Victim IIN"],
    victimName: ["ФИО потерпевшего", "Жәбірленуші", "Victim name"],
    victimAccount: ["Счет потерпевшего", "Жәбірленушінің шоты", "Victim account"],
    loss: ["Сумма ущерба", "Залал сомасы", "Loss", "Loss amount"],
    currency: ["Валюта", "Currency"],
    scheme: ["Схема", "Способ", "Scheme"],
    incidentAt: ["Время происшествия", "Дата происшествия", "Оқиға уақыты", "Incident time"],
  },
  watchlist: {
    account: ["Счет", "Account"],
    bank: ["Банк", "БИК", "Bank", "BIC"],
    name: ["Наименование", "Name"],
    category: ["Категория", "Category"],
  },
} as const satisfies Record<ExportKind, Record<string, readonly string[]>>;

export const SYNONYMS: Readonly<Record<ExportKind, Readonly<Record<string, readonly string[]>>>> =
  SYNONYM_TABLE;

/**
 * The canonical fields of an export kind: what a column can be mapped to. The one list; the generator writes its
 * columns under these names and the API sends them to the client (GET /api/mappings `fields`).
 */
export type CanonicalField<K extends ExportKind> = Extract<keyof (typeof SYNONYM_TABLE)[K], string>;

/**
 * Fields a kind cannot do without; `[a, b]` inside the list means "a or b", and `a+b` inside such a list "a and b".
 * A statement with one signed amount column needs a counterparty column too: a date and an amount alone describe
 * nothing that could be traced.
 */
const REQUIRED: Readonly<Record<ExportKind, readonly (string | readonly string[])[]>> = {
  register: ["ts", "fromAccount", ["toAccount", "atmId"], "amount"],
  statement: ["ts", ["debit", "credit", "amount+counterpartyAccount", "amount+counterpartyName"]],
  linkage: ["ts", ["iin", "card", "account"], ["event", "phone", "deviceId", "ip", "card"]],
  complaints: ["caseNo", "registeredAt", "victimAccount", "loss"],
  watchlist: ["account", "category"],
};

/** Fields only one kind has: a header with them points at that kind. */
const DISTINCTIVE: Readonly<Record<ExportKind, readonly string[]>> = {
  register: ["fromAccount", "toAccount", "fromBank", "toBank", "fromId", "toId"],
  statement: [
    "debit",
    "credit",
    "counterpartyAccount",
    "counterpartyName",
    "counterpartyId",
    "counterpartyBank",
  ],
  linkage: ["event", "deviceId", "ip", "phone", "card"],
  complaints: ["caseNo", "victimAccount", "loss", "registeredAt", "victimIin"],
  watchlist: ["category"],
};

export const EXPORT_KINDS: readonly ExportKind[] = [
  "register",
  "statement",
  "linkage",
  "complaints",
  "watchlist",
];

/** Normalise a header for matching (see module header). */
export function normaliseHeader(raw: string): string {
  let s = raw.replace(/^\ufeff/, "").trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
  s = s.toLowerCase().replace(/ё/g, "е").replace(/\s+/g, " ");
  s = s
    .replace(/\s*\/\s*/g, "/")
    .replace(/[:*]+$/, "")
    .trim();
  return s;
}

/** The header without a trailing unit in parentheses or after a comma: `Сумма (KZT)`, `Сумма, тенге`. */
function withoutUnit(norm: string): string {
  return norm
    .replace(/\s*\([^)]*\)$/, "")
    .replace(/,\s*[^,]{1,12}$/, "")
    .trim();
}

type Lookup = Map<string, string>;
const LOOKUPS = new Map<ExportKind, Lookup>();

function lookup(kind: ExportKind): Lookup {
  let m = LOOKUPS.get(kind);
  if (!m) {
    m = new Map();
    for (const [field, names] of Object.entries(SYNONYMS[kind])) {
      for (const name of names) if (!m.has(normaliseHeader(name))) m.set(normaliseHeader(name), field);
    }
    LOOKUPS.set(kind, m);
  }
  return m;
}

/** The canonical field a header names in an export of `kind`, or undefined. */
export function fieldForHeader(kind: ExportKind, header: string): string | undefined {
  const m = lookup(kind);
  const n = normaliseHeader(header);
  return m.get(n) ?? m.get(withoutUnit(n));
}

/** Is this header a known column name of any kind? */
export function isKnownHeader(header: string): boolean {
  return EXPORT_KINDS.some((k) => fieldForHeader(k, header) !== undefined);
}

/** The fields of `kind` (for validating a mapping file). */
export function fieldsOf(kind: ExportKind): string[] {
  return Object.keys(SYNONYMS[kind]);
}

export interface HeaderMatch {
  kind: ExportKind;
  /** Column index → canonical field (one column per field). */
  fields: (string | undefined)[];
  /** Header as in the file → canonical field. */
  mapping: Record<string, string>;
  /** Headers that map to nothing. */
  ignored: string[];
  /** Required fields this header row lacks (empty when the kind is usable). */
  missing: string[];
  /** Each column's field, confidence and alternatives. */
  columns: ColumnGuess[];
  /** Fields two or more columns claim about equally (the first column is used). */
  ambiguous: AmbiguousField[];
  /** The ambiguous fields that are required: the kind is not usable until a mapping decides. */
  conflicts: AmbiguousField[];
  /** A time column appended to the `ts` column's date (split date and time columns). */
  tsTime?: number;
}

/** Is `field` one a kind requires (alone or as one of its alternatives)? */
function isRequired(kind: ExportKind, field: string): boolean {
  return REQUIRED[kind].some((r) =>
    typeof r === "string" ? r === field : r.some((alt) => alt.split("+").includes(field)),
  );
}

/**
 * Map a header row to the fields of `kind`, by exact documented header first, then by meaning
 * (ingest/header-meaning.ts). `overrides` (header as in the file → field) take precedence; an override to "" or "-"
 * ignores the column.
 */
export function matchHeader(
  kind: ExportKind,
  headers: string[],
  overrides?: Record<string, string>,
): HeaderMatch {
  const over = new Map<string, string>();
  for (const [h, f] of Object.entries(overrides ?? {})) over.set(normaliseHeader(h), f);
  const fixed = new Map<number, string | null>();
  headers.forEach((h, i) => {
    const o = over.get(normaliseHeader(h));
    if (o !== undefined) fixed.set(i, o === "" || o === "-" ? null : o);
  });
  const r = recognise(kind, headers, (i) => fieldForHeader(kind, headers[i]!), fixed);
  if (kind === "statement") bothPartiesOnlyWithSides(r, fixed);
  const mapping: Record<string, string> = {};
  const ignored: string[] = [];
  const taken = new Set<string>();
  headers.forEach((h, i) => {
    const f = r.fields[i];
    if (f !== undefined) {
      taken.add(f);
      mapping[h] = f;
    } else if (i === r.tsTime) mapping[h] = "ts";
    else if (h.trim() !== "") ignored.push(h);
  });
  const has = (alt: string) => alt.split("+").every((a) => taken.has(a));
  const missing: string[] = [];
  for (const req of REQUIRED[kind]) {
    if (typeof req === "string") {
      if (!taken.has(req)) missing.push(req);
    } else if (!req.some(has)) missing.push(req.map((a) => a.replace("+", " with ")).join(" or "));
  }
  const conflicts = r.ambiguous.filter((a) => isRequired(kind, a.field));
  const out: HeaderMatch = {
    kind,
    fields: r.fields,
    mapping,
    ignored,
    missing,
    columns: r.columns,
    ambiguous: r.ambiguous,
    conflicts,
  };
  if (r.tsTime !== undefined) out.tsTime = r.tsTime;
  return out;
}

/** The fields of a statement that prints both parties (see ingest/map-statement.ts). */
const PARTY_FIELDS = new Set([
  "fromAccount",
  "fromBank",
  "fromName",
  "fromId",
  "toAccount",
  "toBank",
  "toName",
  "toId",
]);

/**
 * A statement reads payer and recipient columns only beside debit and credit columns (which say whose side the
 * counterparty is on): "Плательщик; Получатель; Сумма" is a register lacking its accounts, not a statement.
 */
function bothPartiesOnlyWithSides(
  r: ReturnType<typeof recognise>,
  fixed: ReadonlyMap<number, string | null>,
): void {
  if (r.fields.some((f) => f === "debit" || f === "credit")) return;
  r.fields.forEach((f, i) => {
    if (f === undefined || !PARTY_FIELDS.has(f) || fixed.has(i)) return;
    r.fields[i] = undefined;
    r.columns[i] = { ...r.columns[i]!, field: null, confidence: 0 };
  });
  r.ambiguous = r.ambiguous.filter((a) => !PARTY_FIELDS.has(a.field));
}

/** A match every required field of which has exactly one clear column. */
export function isUsable(m: HeaderMatch): boolean {
  return m.missing.length === 0 && m.conflicts.length === 0;
}

/**
 * Which kind a header row describes: among kinds whose required fields are all present and unambiguous, the one
 * whose distinctive fields are recognised best, then the most recognised columns. Null when no kind is usable.
 */
export function detectKind(headers: string[], overrides?: Record<string, string>): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  let bestScore = -1;
  const money = hasMoneyColumn(headers);
  for (const kind of EXPORT_KINDS) {
    if (kind === "linkage" && money) continue;
    const m = matchHeader(kind, headers, overrides);
    if (!isUsable(m)) continue;
    const score = kindScore(m);
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Does a header row have a money column? Money columns mean transactions: a card statement's "Номер карты" does not
 * make it a card-linkage log.
 */
export function hasMoneyColumn(headers: string[]): boolean {
  return headers.some((h) => ["amount", "debit", "credit"].includes(analyseHeader(h).types[0] ?? ""));
}

/** Distinctive fields weigh a hundred ordinary ones; each counts with its confidence. */
export function kindScore(m: HeaderMatch): number {
  let score = 0;
  for (const c of m.columns) {
    if (c.field === null) continue;
    score += c.confidence * (DISTINCTIVE[m.kind].includes(c.field) ? 100 : 1);
  }
  return score;
}

/** Does a header cell mean anything to recognition (a documented header, or words of a known role or type)? */
function meansSomething(cell: string): boolean {
  if (isKnownHeader(cell)) return true;
  const w = analyseHeader(cell);
  return w.types.length > 0 || w.roleIsParty;
}

/** How many cells of a row are recognised headers (of any kind, or named in `overrides`). */
export function recognisedCount(cells: string[], overrides?: Record<string, string>): number {
  const over = new Set(Object.keys(overrides ?? {}).map(normaliseHeader));
  let n = 0;
  for (const c of cells) if (c.trim() !== "" && (over.has(normaliseHeader(c)) || meansSomething(c))) n++;
  return n;
}
