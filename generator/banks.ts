/**
 * The banks of a generated case and how each one writes its exports: encoding, line ends, header language,
 * number and date style, channel names. Every header here is one docs/FORMATS.md lists, so the ingest pipeline
 * recognises it; the variety across banks (cp1251 / UTF-8 / UTF-8+BOM, Russian / Kazakh / English, spaced
 * thousands, preamble vs. column statements) is the point.
 */
import type { CanonicalField } from "../ingest/columns.js";
import type { DateStyle } from "./almaty-time.js";

export type BankId =
  | "kaspi"
  | "halyk"
  | "jusan"
  | "freedom"
  | "bcc"
  | "treasury"
  | "tbc"
  | "ziraat"
  | "enbd"
  | "sber"
  | "optima";

/** Channels the simulation uses; each bank prints them its own way. */
export type Channel = "app" | "card" | "pos" | "atm" | "internet" | "branch" | "swift" | "payroll";

// The columns each bank writes, named by the canonical fields ingest/ reads (ingest/columns.ts is the one list).
/** Register fields: all but a rate column (the generator's banks state amounts in the transfer's currency). */
export type RegisterField = Exclude<CanonicalField<"register">, "rate">;

/** Statement fields: one debit and one credit column with a counterparty, never the register-style pairs. */
export type StatementField = Exclude<
  CanonicalField<"statement">,
  "amount" | `${"from" | "to"}${"Account" | "Bank" | "Name" | "Id"}`
>;

export type LinkageField = CanonicalField<"linkage">;

/** How one Kazakh bank writes its files. */
export interface ExportStyle {
  encoding: "cp1251" | "utf8" | "utf8bom";
  eol: "\r\n" | "\n";
  delimiter: ";";
  /** Thousands separator in amounts ("" = none); the decimal separator is always a comma. */
  thousands: "" | " " | "\u00a0";
  dateStyle: DateStyle;
  phoneStyle: "e164" | "eight" | "brackets";
  channels: Record<Channel, string>;
  register: { title?: string; columns: [RegisterField, string][] };
  /** "preamble": the account is named in a `Выписка по счету KZ…` line; "column": every row carries it. */
  statement: { shape: "preamble-ru" | "preamble-en" | "column"; columns: [StatementField, string][] };
  linkage: [LinkageField, string][];
}

export interface Bank {
  id: BankId;
  bic: string;
  name: string;
  country: string;
  /** Reference prefix for transfers this bank originates. */
  refPrefix: string;
  /** How account numbers look: a KZ/foreign IBAN with its bank code, or a domestic number without IBAN. */
  account:
    | { iban: true; bankCode: string; shape: "kaspi" | "kzt" | "digits16" | "tr" }
    | { iban: false; prefix: string; length: number };
  /** First six digits of the cards the bank issues (masked PANs keep them). */
  cardBins: string[];
  /** Market share among personal accounts (KZ banks only). */
  share: number;
  /** Export style, for the five Kazakh banks whose files the case contains. */
  style?: ExportStyle;
}

const CH_RU: Record<Channel, string> = {
  app: "Мобильное приложение",
  card: "Перевод с карты на карту",
  pos: "POS-терминал",
  atm: "Банкомат",
  internet: "Интернет-банкинг",
  branch: "Отделение",
  swift: "SWIFT",
  payroll: "Зарплатный проект",
};
const CH_EN: Record<Channel, string> = {
  app: "mobile",
  card: "card2card",
  pos: "pos",
  atm: "atm",
  internet: "internet",
  branch: "branch",
  swift: "swift",
  payroll: "payroll",
};

const REGISTER_RU_A: [RegisterField, string][] = [
  ["txId", "Референс"],
  ["ts", "Дата операции"],
  ["fromAccount", "Счет отправителя"],
  ["fromBank", "БИК отправителя"],
  ["fromName", "Отправитель"],
  ["fromId", "ИИН/БИН отправителя"],
  ["toAccount", "Счет получателя"],
  ["toBank", "БИК получателя"],
  ["toName", "Получатель"],
  ["toId", "ИИН/БИН получателя"],
  ["amount", "Сумма"],
  ["currency", "Валюта"],
  ["channel", "Канал"],
  ["purpose", "Назначение платежа"],
  ["knp", "КНП"],
  ["atmId", "Банкомат"],
  ["country", "Страна"],
];
const REGISTER_RU_B: [RegisterField, string][] = [
  ["txId", "Номер документа"],
  ["ts", "Дата и время"],
  ["fromAccount", "ИИК отправителя"],
  ["fromBank", "Банк отправителя"],
  ["fromName", "ФИО отправителя"],
  ["fromId", "ИИН/БИН отправителя"],
  ["toAccount", "ИИК получателя"],
  ["toBank", "Банк получателя"],
  ["toName", "ФИО получателя"],
  ["toId", "ИИН/БИН получателя"],
  ["amount", "Сумма"],
  ["currency", "Валюта"],
  ["channel", "Канал"],
  ["purpose", "Назначение"],
  ["knp", "КНП"],
  ["atmId", "ID банкомата"],
  ["country", "Страна"],
];
const REGISTER_KZ: [RegisterField, string][] = [
  ["txId", "Референс"],
  ["ts", "Операция күні"],
  ["fromAccount", "Жіберушінің шоты"],
  ["fromBank", "Жіберушінің банкі"],
  ["fromName", "Жіберуші"],
  ["fromId", "Жіберушінің ЖСН/БСН"],
  ["toAccount", "Алушының шоты"],
  ["toBank", "Алушының банкі"],
  ["toName", "Алушы"],
  ["toId", "Алушының ЖСН/БСН"],
  ["amount", "Сома"],
  ["currency", "Валюта"],
  ["channel", "Арна"],
  ["purpose", "Төлем мақсаты"],
  ["knp", "ТМК"],
  ["atmId", "Банкомат"],
  ["country", "Ел"],
];
const REGISTER_EN: [RegisterField, string][] = [
  ["txId", "Transaction ID"],
  ["ts", "Date/Time"],
  ["fromAccount", "Sender account"],
  ["fromBank", "Sender BIC"],
  ["fromName", "Sender name"],
  ["fromId", "Sender IIN/BIN"],
  ["toAccount", "Beneficiary account"],
  ["toBank", "Beneficiary BIC"],
  ["toName", "Beneficiary name"],
  ["toId", "Beneficiary IIN/BIN"],
  ["amount", "Amount"],
  ["currency", "Currency"],
  ["channel", "Channel"],
  ["purpose", "Payment details"],
  ["knp", "KNP"],
  ["atmId", "ATM ID"],
  ["country", "Country"],
];

const STATEMENT_RU_A: [StatementField, string][] = [
  ["ts", "Дата операции"],
  ["txId", "Номер документа"],
  ["debit", "Дебет"],
  ["credit", "Кредит"],
  ["currency", "Валюта"],
  ["counterpartyName", "Контрагент"],
  ["counterpartyId", "ИИН/БИН контрагента"],
  ["counterpartyAccount", "Счет контрагента"],
  ["counterpartyBank", "БИК контрагента"],
  ["purpose", "Назначение платежа"],
  ["knp", "КНП"],
  ["atmId", "Банкомат"],
  ["country", "Страна"],
];
const STATEMENT_RU_B: [StatementField, string][] = [
  ["account", "Номер счета"],
  ["ts", "Дата и время"],
  ["txId", "Референс"],
  ["debit", "Расход"],
  ["credit", "Приход"],
  ["currency", "Валюта"],
  ["counterpartyName", "Наименование контрагента"],
  ["counterpartyId", "ИИН/БИН контрагента"],
  ["counterpartyAccount", "ИИК контрагента"],
  ["counterpartyBank", "Банк контрагента"],
  ["purpose", "Назначение платежа"],
  ["knp", "КНП"],
  ["atmId", "Банкомат"],
  ["country", "Страна"],
];
const STATEMENT_KZ: [StatementField, string][] = [
  ["account", "Шот"],
  ["ts", "Операция күні"],
  ["txId", "Құжат нөмірі"],
  ["debit", "Шығыс"],
  ["credit", "Кіріс"],
  ["currency", "Валюта"],
  ["counterpartyName", "Контрагент"],
  ["counterpartyId", "Контрагенттің ЖСН/БСН"],
  ["counterpartyAccount", "Контрагенттің шоты"],
  ["counterpartyBank", "Контрагенттің банкі"],
  ["purpose", "Төлем мақсаты"],
  ["knp", "ТМК"],
  ["atmId", "Банкомат"],
  ["country", "Ел"],
];
const STATEMENT_EN: [StatementField, string][] = [
  ["ts", "Date"],
  ["txId", "Reference"],
  ["debit", "Debit"],
  ["credit", "Credit"],
  ["currency", "Currency"],
  ["counterpartyName", "Counterparty"],
  ["counterpartyId", "Counterparty IIN/BIN"],
  ["counterpartyAccount", "Counterparty account"],
  ["counterpartyBank", "Counterparty BIC"],
  ["purpose", "Payment details"],
  ["knp", "KNP"],
  ["atmId", "ATM"],
  ["country", "Country"],
];
const STATEMENT_RU_C: [StatementField, string][] = [
  ["ts", "Дата и время"],
  ["txId", "Референс"],
  ["debit", "Расход"],
  ["credit", "Приход"],
  ["currency", "Валюта"],
  ["counterpartyName", "Наименование контрагента"],
  ["counterpartyId", "ИИН/БИН контрагента"],
  ["counterpartyAccount", "ИИК контрагента"],
  ["counterpartyBank", "Банк контрагента"],
  ["purpose", "Назначение платежа"],
  ["knp", "КНП"],
  ["atmId", "Банкомат"],
  ["country", "Страна"],
];

const LINKAGE_RU_A: [LinkageField, string][] = [
  ["ts", "Дата и время"],
  ["iin", "ИИН"],
  ["card", "Номер карты"],
  ["account", "Счет"],
  ["phone", "Телефон"],
  ["deviceId", "ID устройства"],
  ["ip", "IP-адрес"],
  ["event", "Событие"],
];
const LINKAGE_RU_B: [LinkageField, string][] = [
  ["ts", "Время"],
  ["iin", "ИИН"],
  ["card", "Карта"],
  ["account", "IBAN"],
  ["phone", "Телефон"],
  ["deviceId", "Устройство"],
  ["ip", "IP"],
  ["event", "Событие"],
];
const LINKAGE_KZ: [LinkageField, string][] = [
  ["ts", "Уақыты"],
  ["iin", "ЖСН"],
  ["card", "Карта"],
  ["account", "Шот"],
  ["phone", "Телефон"],
  ["deviceId", "Құрылғы"],
  ["ip", "IP-мекенжай"],
  ["event", "Оқиға"],
];
const LINKAGE_EN: [LinkageField, string][] = [
  ["ts", "Timestamp"],
  ["iin", "IIN"],
  ["card", "PAN"],
  ["account", "Account"],
  ["phone", "Phone"],
  ["deviceId", "Device ID"],
  ["ip", "IP address"],
  ["event", "Event"],
];

/** All banks of a case, Kazakh exporters first. The order is part of the output's determinism. */
export const BANKS: readonly Bank[] = [
  {
    id: "kaspi",
    bic: "CASPKZKA",
    name: "АО «Kaspi Bank»",
    country: "KZ",
    refPrefix: "KSP",
    account: { iban: true, bankCode: "722", shape: "kaspi" },
    cardBins: ["440043", "400303"],
    share: 0.45,
    style: {
      encoding: "cp1251",
      eol: "\r\n",
      delimiter: ";",
      thousands: " ",
      dateStyle: "dmy-hms",
      phoneStyle: "eight",
      channels: CH_RU,
      register: { columns: REGISTER_RU_A },
      statement: { shape: "preamble-ru", columns: STATEMENT_RU_A },
      linkage: LINKAGE_RU_A,
    },
  },
  {
    id: "halyk",
    bic: "HSBKKZKX",
    name: "АО «Народный Банк Казахстана»",
    country: "KZ",
    refPrefix: "HB",
    account: { iban: true, bankCode: "601", shape: "kzt" },
    cardBins: ["440563", "539545"],
    share: 0.25,
    style: {
      encoding: "utf8bom",
      eol: "\n",
      delimiter: ";",
      thousands: "",
      dateStyle: "dmy-hms",
      phoneStyle: "e164",
      channels: CH_RU,
      register: { columns: REGISTER_RU_B },
      statement: { shape: "column", columns: STATEMENT_RU_B },
      linkage: LINKAGE_RU_B,
    },
  },
  {
    id: "jusan",
    bic: "TSESKZKA",
    name: "АО «First Heartland Jusan Bank»",
    country: "KZ",
    refPrefix: "JSN",
    account: { iban: true, bankCode: "998", shape: "digits16" },
    cardBins: ["539545", "404932"],
    share: 0.1,
    style: {
      encoding: "utf8bom",
      eol: "\n",
      delimiter: ";",
      thousands: "\u00a0",
      dateStyle: "dmy-hms",
      phoneStyle: "brackets",
      channels: CH_EN,
      register: { columns: REGISTER_KZ },
      statement: { shape: "column", columns: STATEMENT_KZ },
      linkage: LINKAGE_KZ,
    },
  },
  {
    id: "freedom",
    bic: "KSNVKZKA",
    name: "АО «Фридом Банк Казахстан»",
    country: "KZ",
    refPrefix: "FFB",
    account: { iban: true, bankCode: "551", shape: "kzt" },
    cardBins: ["415428", "522858"],
    share: 0.1,
    style: {
      encoding: "utf8",
      eol: "\n",
      delimiter: ";",
      thousands: "",
      dateStyle: "iso-space",
      phoneStyle: "e164",
      channels: CH_EN,
      register: { columns: REGISTER_EN },
      statement: { shape: "preamble-en", columns: STATEMENT_EN },
      linkage: LINKAGE_EN,
    },
  },
  {
    id: "bcc",
    bic: "KCJBKZKX",
    name: "АО «Банк ЦентрКредит»",
    country: "KZ",
    refPrefix: "BCC",
    account: { iban: true, bankCode: "856", shape: "kzt" },
    cardBins: ["405998", "548601"],
    share: 0.1,
    style: {
      encoding: "cp1251",
      eol: "\r\n",
      delimiter: ";",
      thousands: " ",
      dateStyle: "dmy-hms",
      phoneStyle: "brackets",
      channels: CH_RU,
      register: { title: "Реестр переводов АО «Банк ЦентрКредит»", columns: REGISTER_RU_B },
      statement: { shape: "preamble-ru", columns: STATEMENT_RU_C },
      linkage: LINKAGE_RU_A,
    },
  },
  {
    id: "treasury",
    bic: "KKMFKZ2A",
    name: "РГУ «Комитет казначейства МФ РК»",
    country: "KZ",
    refPrefix: "KKM",
    account: { iban: true, bankCode: "070", shape: "kzt" },
    cardBins: [],
    share: 0,
  },
  {
    id: "tbc",
    bic: "TBCBGE22",
    name: "TBC Bank",
    country: "GE",
    refPrefix: "TBC",
    account: { iban: true, bankCode: "TB", shape: "digits16" },
    cardBins: [],
    share: 0,
  },
  {
    id: "ziraat",
    bic: "TCZBTR2A",
    name: "T.C. Ziraat Bankasi",
    country: "TR",
    refPrefix: "ZRT",
    account: { iban: true, bankCode: "00010", shape: "tr" },
    cardBins: [],
    share: 0,
  },
  {
    id: "enbd",
    bic: "EBILAEAD",
    name: "Emirates NBD",
    country: "AE",
    refPrefix: "ENB",
    account: { iban: true, bankCode: "026", shape: "digits16" },
    cardBins: [],
    share: 0,
  },
  {
    id: "sber",
    bic: "SABRRUMM",
    name: "ПАО Сбербанк",
    country: "RU",
    refPrefix: "SBR",
    account: { iban: false, prefix: "40817810", length: 20 },
    cardBins: [],
    share: 0,
  },
  {
    id: "optima",
    bic: "ENEJKG22",
    name: "ОАО «Оптима Банк»",
    country: "KG",
    refPrefix: "OPT",
    account: { iban: false, prefix: "1091", length: 16 },
    cardBins: [],
    share: 0,
  },
];

/** The five Kazakh banks that deliver registers, statements and session logs. */
export const EXPORTING_BANKS = BANKS.filter((b) => b.style !== undefined);

/** Bank by index in BANKS. */
export function bankAt(index: number): Bank {
  return BANKS[index]!;
}

export function bankIndex(id: BankId): number {
  return BANKS.findIndex((b) => b.id === id);
}

/** True for a bank whose accounts are abroad (an exit by the shared tracing rules). */
export function isForeignBank(bank: Bank): boolean {
  return bank.country !== "KZ";
}
