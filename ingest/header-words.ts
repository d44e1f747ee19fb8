/**
 * The words of a column header and what they mean (docs/FORMATS.md, "Recognition by meaning"). A header is
 * normalised (case, `ё`/`е`, quotes, punctuation, `_`/`-`/camelCase split, pandas' `.1` suffix, `№ п/п`), split
 * into words, and each word is looked up in a small vocabulary of *roles* (sender, beneficiary, counterparty,
 * victim…) and *types* (account, bank, tax id, name, date, amount…) in Russian, Kazakh and English.
 *
 * Russian and Kazakh inflect (счет, счета, счету; алушы, алушының), so their words are matched by stem prefix;
 * English words match whole (with a plural `s`), because short English stems would match too much ("to", "id").
 */

/** Who a column is about. */
export type Role = "from" | "to" | "cp" | "victim" | "own";

/** What a column holds. */
export type WordType =
  | "rowNo"
  | "fee"
  | "balance"
  | "status"
  | "knp"
  | "rate"
  | "debit"
  | "credit"
  | "amount"
  | "loss"
  | "registered"
  | "incident"
  | "date"
  | "time"
  | "currency"
  | "card"
  | "phone"
  | "device"
  | "ip"
  | "atm"
  | "caseNo"
  | "taxId"
  | "bank"
  | "account"
  | "txId"
  | "name"
  | "purpose"
  | "channel"
  | "country"
  | "event"
  | "category"
  | "scheme";

/** Which type names a column when a header has words of several (`Валюта счета` is a currency, not an account). */
export const TYPE_PRIORITY: readonly WordType[] = [
  "rowNo",
  "fee",
  "balance",
  "status",
  "knp",
  "rate",
  "debit",
  "credit",
  "loss",
  "amount",
  "registered",
  "incident",
  "date",
  "time",
  "currency",
  "card",
  "phone",
  "device",
  "ip",
  "atm",
  "caseNo",
  "taxId",
  "bank",
  "account",
  "txId",
  "name",
  "purpose",
  "channel",
  "country",
  "event",
  "category",
  "scheme",
];

/** What one header means. */
export interface HeaderWords {
  /** The normalised words. */
  words: string[];
  /** The first role named, if any. */
  role?: Role;
  /** The role is a noun ("Sender", "Получатель"), not only a preposition ("from", "to"): alone it names a party. */
  roleIsParty: boolean;
  /** Types named, in TYPE_PRIORITY order (the first is the column's type). */
  types: WordType[];
  /** Words of no known meaning (each lowers the confidence a little). */
  unknown: number;
  /** Bare `id` / `номер`: an identifier of whatever the other words name. */
  hasId: boolean;
  /** A vague word named the type (see Entry.weak). */
  weak: boolean;
  /** Money moving in ("received", "поступило") or out ("paid", "списано"), for two-sided amount columns. */
  direction?: "in" | "out";
}

/**
 * One word's meaning. `weak`: a vague word ("type", a posting date beside an operation date) that takes its field
 * only when nothing better competes.
 */
type Entry = {
  role?: Role;
  party?: boolean;
  type?: WordType;
  id?: true;
  dir?: "in" | "out";
  skip?: true;
  weak?: true;
  code?: true;
  /** "(эквивалент)", "converted": an amount restated in another currency, weaker than the amount itself. */
  weakMoney?: true;
  /** "Type"/"Тип"/"Вид" beside another type: the column classifies that thing ("Тип счета"), it does not hold it. */
  kindOf?: true;
};

/** Whole-word entries (English and short Cyrillic abbreviations). */
const WORDS: Record<string, Entry> = {
  // roles
  sender: { role: "from", party: true },
  payer: { role: "from", party: true },
  debtor: { role: "from", party: true },
  originator: { role: "from", party: true },
  orig: { role: "from" },
  origin: { role: "from" },
  from: { role: "from" },
  source: { role: "from" },
  remitter: { role: "from", party: true },
  ordering: { role: "from" },
  beneficiary: { role: "to", party: true },
  bene: { role: "to" },
  benef: { role: "to" },
  payee: { role: "to", party: true },
  creditor: { role: "to", party: true },
  recipient: { role: "to", party: true },
  receiver: { role: "to", party: true },
  to: { role: "to" },
  dest: { role: "to" },
  destination: { role: "to" },
  counterparty: { role: "cp", party: true },
  counterpart: { role: "cp", party: true },
  correspondent: { role: "cp", party: true },
  partner: { role: "cp", party: true },
  victim: { role: "victim", party: true },
  own: { role: "own" },
  // fields
  account: { type: "account" },
  acct: { type: "account" },
  acc: { type: "account" },
  iban: { type: "account" },
  иик: { type: "account" },
  iik: { type: "account" },
  bank: { type: "bank" },
  bic: { type: "bank" },
  swift: { type: "bank" },
  бик: { type: "bank" },
  bik: { type: "bank" },
  sort: { type: "bank" },
  routing: { type: "bank" },
  iin: { type: "taxId" },
  bin: { type: "taxId" },
  иин: { type: "taxId" },
  бин: { type: "taxId" },
  жсн: { type: "taxId" },
  бсн: { type: "taxId" },
  // A Russian ИНН or another country's tax number is not a Kazakh IIN/BIN (its check digit differs): not read.
  инн: { type: "status" },
  inn: { type: "status" },
  кпп: { type: "status" },
  tin: { type: "status" },
  tax: { type: "status" },
  ssn: { type: "status" },
  жск: { type: "account" },
  бск: { type: "bank" },
  location: { type: "status" },
  mcc: { type: "status" },
  name: { type: "name" },
  фио: { type: "name" },
  date: { type: "date" },
  day: { type: "date", weak: true },
  time: { type: "time" },
  timestamp: { type: "time" },
  datetime: { type: "time" },
  created: { type: "date" },
  posted: { weak: true },
  posting: { weak: true },
  booking: { weak: true },
  completed: { weak: true },
  started: { type: "date" },
  step: { skip: true },
  amount: { type: "amount" },
  amt: { type: "amount" },
  sum: { type: "amount" },
  gross: { type: "amount" },
  debit: { type: "debit" },
  outflow: { type: "debit" },
  withdrawal: { type: "debit" },
  credit: { type: "credit" },
  inflow: { type: "credit" },
  deposit: { type: "credit" },
  currency: { type: "currency" },
  ccy: { type: "currency" },
  curr: { type: "currency" },
  cur: { type: "currency" },
  purpose: { type: "purpose" },
  description: { type: "purpose" },
  details: { type: "purpose" },
  detail: { type: "purpose" },
  remittance: { type: "purpose" },
  memo: { type: "purpose" },
  narrative: { type: "purpose" },
  narration: { type: "purpose" },
  comment: { type: "purpose" },
  particulars: { type: "purpose" },
  reference: { type: "txId" },
  ref: { type: "txId" },
  txid: { type: "txId" },
  endtoend: { type: "txId" },
  document: { type: "txId" },
  doc: { type: "txId" },
  slip: { type: "txId" },
  rate: { type: "rate" },
  fx: { type: "rate" },
  channel: { type: "channel" },
  type: { type: "channel", weak: true, kindOf: true },
  тип: { type: "channel", weak: true, kindOf: true },
  format: { type: "channel", weak: true },
  вид: { type: "channel", weak: true, kindOf: true },
  кнп: { type: "knp" },
  тмк: { type: "knp" },
  knp: { type: "knp" },
  atm: { type: "atm" },
  country: { type: "country" },
  ел: { type: "country" },
  card: { type: "card" },
  pan: { type: "card" },
  phone: { type: "phone" },
  mobile: { type: "phone" },
  msisdn: { type: "phone" },
  device: { type: "device" },
  ip: { type: "ip" },
  event: { type: "event" },
  case: { type: "caseNo" },
  ердр: { type: "caseNo" },
  сдтб: { type: "caseNo" },
  дело: { type: "caseNo" },
  дела: { type: "caseNo" },
  іс: { type: "caseNo" },
  registered: { type: "registered" },
  registration: { type: "registered" },
  incident: { type: "incident" },
  loss: { type: "loss" },
  scheme: { type: "scheme" },
  category: { type: "category" },
  balance: { type: "balance" },
  fee: { type: "fee" },
  fees: { type: "fee" },
  commission: { type: "fee" },
  status: { type: "status" },
  state: { type: "status" },
  статус: { type: "status" },
  id: { id: true },
  no: { id: true },
  numbersign: { id: true },
  nr: { id: true },
  num: { id: true },
  number: { id: true },
  номер: { id: true },
  нөмірі: { id: true },
  // directions of money, for registers that print both sides' amounts
  paid: { dir: "out" },
  sent: { dir: "out" },
  payment: { dir: "out" },
  received: { dir: "in" },
  receiving: { dir: "in", role: "to" },
  // words that add nothing
  of: { skip: true },
  the: { skip: true },
  and: { skip: true },
  in: { skip: true },
  transaction: { skip: true },
  tran: { skip: true },
  tx: { skip: true },
  txn: { skip: true },
  trans: { skip: true },
  operation: { skip: true },
  value: { weak: true },
  equivalent: { weakMoney: true },
  converted: { weakMoney: true },
  full: { skip: true },
  и: { skip: true },
  в: { skip: true },
  по: { skip: true },
  для: { skip: true },
  code: { code: true },
  код: { code: true },
};

/** Cyrillic stems, matched as prefixes of a word (Russian and Kazakh inflect). */
const STEMS: [string, Entry][] = [
  ["отправител", { role: "from", party: true }],
  ["плательщик", { role: "from", party: true }],
  ["жіберуш", { role: "from", party: true }],
  ["төлеуш", { role: "from", party: true }],
  ["дебитор", { role: "from", party: true }],
  ["получател", { role: "to", party: true }],
  ["бенефициар", { role: "to", party: true }],
  ["алушы", { role: "to", party: true }],
  ["контрагент", { role: "cp", party: true }],
  ["корреспондент", { role: "cp", party: true }],
  ["потерпевш", { role: "victim", party: true }],
  ["жәбірлен", { role: "victim", party: true }],
  ["счет", { type: "account" }],
  ["шот", { type: "account" }],
  ["банк", { type: "bank" }],
  ["наименован", { type: "name" }],
  ["атау", { type: "name" }],
  ["дат", { type: "date" }],
  ["күн", { type: "date" }],
  ["врем", { type: "time" }],
  ["уақыт", { type: "time" }],
  ["сумм", { type: "amount" }],
  ["сома", { type: "amount" }],
  ["дебет", { type: "debit" }],
  ["расход", { type: "debit" }],
  ["шығыс", { type: "debit" }],
  ["списан", { type: "debit" }],
  ["кредит", { type: "credit" }],
  ["приход", { type: "credit" }],
  ["кіріс", { type: "credit" }],
  ["поступлен", { type: "credit" }],
  ["зачислен", { type: "credit" }],
  ["валют", { type: "currency" }],
  ["назначен", { type: "purpose" }],
  ["мақсат", { type: "purpose" }],
  ["описан", { type: "purpose" }],
  ["детал", { type: "purpose" }],
  ["основан", { type: "purpose" }],
  ["комментар", { type: "purpose" }],
  ["примечан", { type: "purpose" }],
  ["референс", { type: "txId" }],
  ["документ", { type: "txId" }],
  ["құжат", { type: "txId" }],
  ["транзакц", { id: true }],
  ["курс", { type: "rate" }],
  ["бағам", { type: "rate" }],
  ["канал", { type: "channel" }],
  ["арна", { type: "channel" }],
  ["банкомат", { type: "atm" }],
  ["стран", { type: "country" }],
  ["карт", { type: "card" }],
  ["телефон", { type: "phone" }],
  ["устройств", { type: "device" }],
  ["құрылғы", { type: "device" }],
  ["событ", { type: "event" }],
  ["оқиға", { type: "event" }],
  ["регистрац", { type: "registered" }],
  ["тіркел", { type: "registered" }],
  ["происшеств", { type: "incident" }],
  ["ущерб", { type: "loss" }],
  ["залал", { type: "loss" }],
  ["схем", { type: "scheme" }],
  ["способ", { type: "scheme" }],
  ["категор", { type: "category" }],
  ["остат", { type: "balance" }],
  ["сальдо", { type: "balance" }],
  ["қалдық", { type: "balance" }],
  ["комисс", { type: "fee" }],
  ["операц", { skip: true }],
  ["проводк", { weak: true }],
  ["эквивалент", { weakMoney: true }],
  ["валютирован", { weak: true }],
  ["платеж", { dir: "out" }],
  ["төлем", { dir: "out" }],
  ["клиент", { role: "own" }],
  ["владел", { role: "own" }],
];
// Longest stem first, so "банкомат" wins over "банк".
STEMS.sort((a, b) => b[0].length - a[0].length);

/** A 3-letter currency code or a unit word (`Сумма, тенге`, `Amount (KZT)`): says nothing about the column. */
const UNITS = new Set([
  "kzt",
  "usd",
  "eur",
  "rub",
  "gbp",
  "cny",
  "try",
  "aed",
  "тенге",
  "тг",
  "руб",
  "рублей",
  "долл",
  "utc",
  "gmt",
]);

function lookupWord(w: string): Entry | undefined {
  const exact = WORDS[w];
  if (exact) return exact;
  if (w.length > 3 && w.endsWith("s")) {
    const singular = WORDS[w.slice(0, -1)];
    if (singular) return singular;
  }
  if (/[а-яәіңғүұқөһ]/.test(w)) {
    for (const [stem, e] of STEMS) if (w.startsWith(stem)) return e;
  }
  return undefined;
}

/** Split a header into normalised words (see the module header). */
export function headerWords(raw: string): string[] {
  let s = raw.replace(/^\ufeff/, "").trim();
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) s = s.slice(1, -1).trim();
  // camelCase and letter/digit boundaries: "nameOrig" → "name Orig", "IBANNumber" → "IBAN Number".
  s = s.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
  s = s.toLowerCase().replace(/ё/g, "е");
  if (/(^|[^\p{L}])п\s*\/\s*п([^\p{L}]|$)/u.test(s)) return ["#rowno"];
  s = s.replace(/[№#]/g, " numbersign ").replace(/end[\s_-]*to[\s_-]*end/g, " endtoend ");
  const words = s.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "" && !/^[0-9]+$/.test(w));
  return words;
}

const cache = new Map<string, HeaderWords>();

/** What a header means (cached: detection asks about the same header for every kind). */
export function analyseHeader(raw: string): HeaderWords {
  let hit = cache.get(raw);
  if (hit) return hit;
  hit = analyse(raw);
  if (cache.size > 10_000) cache.clear();
  cache.set(raw, hit);
  return hit;
}

function analyse(raw: string): HeaderWords {
  const words = headerWords(raw);
  const out: HeaderWords = {
    words,
    roleIsParty: false,
    types: [],
    unknown: 0,
    hasId: false,
    weak: false,
  };
  if (words.length === 1 && words[0] === "#rowno") {
    out.types = ["rowNo"];
    return out;
  }
  if (words.length === 1 && (words[0] === "numbersign" || words[0] === "no" || words[0] === "n")) {
    // "№", "#" or "No" alone numbers the rows ("Номер" alone is a document number).
    out.types = ["rowNo"];
    return out;
  }
  const types = new Set<WordType>();
  const weakTypes = new Set<WordType>();
  let hasCode = false;
  const roles = new Set<Role>();
  let kindOf = false;
  // "Posting date", "Дата валютирования": a bookkeeping date, weaker than the operation's own date.
  let postingWord = false;
  let moneyWord = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    // Two-word phrases first: "paid out", "money in", "sort code", "tax id".
    const next = words[i + 1];
    if ((w === "paid" || w === "money") && (next === "out" || next === "in")) {
      types.add(next === "out" ? "debit" : "credit");
      i++;
      continue;
    }
    if (UNITS.has(w)) continue;
    const e = lookupWord(w);
    if (!e) {
      out.unknown++;
      continue;
    }
    if (e.skip) continue;
    if (e.code) hasCode = true;
    if (e.kindOf) kindOf = true;
    if (e.weakMoney) moneyWord = true;
    if (e.weak && e.type) weakTypes.add(e.type);
    else if (e.weak) postingWord = true;
    if (e.id) out.hasId = true;
    if (e.dir && !out.direction) out.direction = e.dir;
    if (e.role) {
      roles.add(e.role);
      if (!out.role) {
        out.role = e.role;
        out.roleIsParty = e.party === true;
      }
    }
    if (e.type) types.add(e.type);
  }
  // "Получатель/Отправитель", "Beneficiary/Payer": either side, as a statement prints its counterparty.
  if (roles.has("from") && roles.has("to")) out.role = "cp";
  // "Debit account" / "Дебет счета": debit and credit name the side of a transfer, not an amount.
  const sideOf = types.has("account") || types.has("bank") || types.has("name") || types.has("taxId");
  if (sideOf && (types.has("debit") || types.has("credit")) && !types.has("amount") && !out.role) {
    out.role = types.has("debit") ? "from" : "to";
    types.delete("debit");
    types.delete("credit");
  }
  // "Счет/карта контрагента": an account that may be printed as a card number is still the account.
  if (types.has("card") && types.has("account")) types.delete("card");
  // A BIC or a sort code names the bank even beside "account"; "Bank account" is an account.
  if (types.has("bank") && types.has("account")) {
    if (words.some((w) => w === "bic" || w === "бик" || w === "swift" || w === "sort" || w === "bik"))
      types.delete("account");
    else types.delete("bank");
  }
  // "Purpose code" / "Код назначения платежа" is the KNP, not the purpose text.
  if (hasCode && types.has("purpose")) {
    types.delete("purpose");
    types.add("knp");
  }
  // "Тип счета", "Account type": a classification of the thing named. "Тип события" is still the event.
  const things: WordType[] = [
    "account",
    "card",
    "bank",
    "currency",
    "amount",
    "txId",
    "name",
    "taxId",
    "phone",
  ];
  if (kindOf && things.some((t) => types.has(t))) {
    types.clear();
    types.add("status");
  } else if (kindOf && types.size > 1) types.delete("channel");
  out.types = TYPE_PRIORITY.filter((t) => types.has(t));
  // "Posting date" beside "Date": the qualifier makes the column the weaker claimant of its type.
  const primary = out.types[0];
  out.weak =
    primary !== undefined &&
    (weakTypes.has(primary) ||
      (postingWord && (primary === "date" || primary === "time")) ||
      (moneyWord && (primary === "amount" || primary === "currency")));
  return out;
}
