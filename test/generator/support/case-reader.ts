/**
 * An independent reader of a generated case, for the generator's tests: it parses the export files with csv-parse
 * and iconv-lite using only the header names of docs/FORMATS.md and its own date, amount and key rules, and never
 * imports generator/ or ingest/ code, so a shared bug cannot hide.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";

/** Header → canonical field, per kind, as listed in docs/FORMATS.md. */
const HEADERS: Record<string, Record<string, string>> = {
  register: {
    Референс: "txId",
    "Номер документа": "txId",
    "ID транзакции": "txId",
    "Құжат нөмірі": "txId",
    Reference: "txId",
    "Transaction ID": "txId",
    TxID: "txId",
    "Дата операции": "ts",
    "Дата и время": "ts",
    "Операция күні": "ts",
    Date: "ts",
    Timestamp: "ts",
    "Date/Time": "ts",
    "Счет отправителя": "fromAccount",
    "ИИК отправителя": "fromAccount",
    "Жіберушінің шоты": "fromAccount",
    "Sender account": "fromAccount",
    "From account": "fromAccount",
    "Debit account": "fromAccount",
    "Банк отправителя": "fromBank",
    "БИК отправителя": "fromBank",
    "Жіберушінің банкі": "fromBank",
    "Sender bank": "fromBank",
    "Sender BIC": "fromBank",
    Отправитель: "fromName",
    "ФИО отправителя": "fromName",
    Жіберуші: "fromName",
    Sender: "fromName",
    "Sender name": "fromName",
    "ИИН/БИН отправителя": "fromId",
    "Жіберушінің ЖСН/БСН": "fromId",
    "Sender IIN/BIN": "fromId",
    "Sender ID": "fromId",
    "Счет получателя": "toAccount",
    "ИИК получателя": "toAccount",
    "Алушының шоты": "toAccount",
    "Beneficiary account": "toAccount",
    "To account": "toAccount",
    "Credit account": "toAccount",
    "Банк получателя": "toBank",
    "БИК получателя": "toBank",
    "Алушының банкі": "toBank",
    "Beneficiary bank": "toBank",
    "Beneficiary BIC": "toBank",
    Получатель: "toName",
    "ФИО получателя": "toName",
    Алушы: "toName",
    Beneficiary: "toName",
    "Beneficiary name": "toName",
    "ИИН/БИН получателя": "toId",
    "Алушының ЖСН/БСН": "toId",
    "Beneficiary IIN/BIN": "toId",
    "Beneficiary ID": "toId",
    Сумма: "amount",
    Сома: "amount",
    Amount: "amount",
    Валюта: "currency",
    Currency: "currency",
    Канал: "channel",
    Арна: "channel",
    Channel: "channel",
    "Назначение платежа": "purpose",
    Назначение: "purpose",
    "Төлем мақсаты": "purpose",
    Purpose: "purpose",
    "Payment details": "purpose",
    КНП: "knp",
    ТМК: "knp",
    KNP: "knp",
    "Purpose code": "knp",
    Банкомат: "atmId",
    "ID банкомата": "atmId",
    ATM: "atmId",
    "ATM ID": "atmId",
    Страна: "country",
    Ел: "country",
    Country: "country",
  },
  statement: {
    Счет: "account",
    "Номер счета": "account",
    Шот: "account",
    Account: "account",
    "Дата операции": "ts",
    "Дата и время": "ts",
    "Операция күні": "ts",
    Date: "ts",
    Timestamp: "ts",
    "Номер документа": "txId",
    Референс: "txId",
    "Құжат нөмірі": "txId",
    "Document No": "txId",
    Reference: "txId",
    Дебет: "debit",
    Расход: "debit",
    Шығыс: "debit",
    Debit: "debit",
    Кредит: "credit",
    Приход: "credit",
    Кіріс: "credit",
    Credit: "credit",
    Валюта: "currency",
    Currency: "currency",
    Контрагент: "counterpartyName",
    "Наименование контрагента": "counterpartyName",
    Counterparty: "counterpartyName",
    "ИИН/БИН контрагента": "counterpartyId",
    "Контрагенттің ЖСН/БСН": "counterpartyId",
    "Counterparty IIN/BIN": "counterpartyId",
    "Счет контрагента": "counterpartyAccount",
    "ИИК контрагента": "counterpartyAccount",
    "Контрагенттің шоты": "counterpartyAccount",
    "Counterparty account": "counterpartyAccount",
    "БИК контрагента": "counterpartyBank",
    "Банк контрагента": "counterpartyBank",
    "Контрагенттің банкі": "counterpartyBank",
    "Counterparty BIC": "counterpartyBank",
    "Counterparty bank": "counterpartyBank",
    "Назначение платежа": "purpose",
    "Төлем мақсаты": "purpose",
    Purpose: "purpose",
    "Payment details": "purpose",
    КНП: "knp",
    ТМК: "knp",
    KNP: "knp",
    Банкомат: "atmId",
    ATM: "atmId",
    Страна: "country",
    Ел: "country",
    Country: "country",
  },
  linkage: {
    "Дата и время": "ts",
    Время: "ts",
    Уақыты: "ts",
    Timestamp: "ts",
    Time: "ts",
    ИИН: "iin",
    ЖСН: "iin",
    IIN: "iin",
    Карта: "card",
    "Номер карты": "card",
    Card: "card",
    PAN: "card",
    Счет: "account",
    IBAN: "account",
    Шот: "account",
    Account: "account",
    Телефон: "phone",
    Phone: "phone",
    "ID устройства": "deviceId",
    Устройство: "deviceId",
    Құрылғы: "deviceId",
    "Device ID": "deviceId",
    Device: "deviceId",
    "IP-адрес": "ip",
    IP: "ip",
    "IP-мекенжай": "ip",
    "IP address": "ip",
    Событие: "event",
    Оқиға: "event",
    Event: "event",
  },
  complaints: {
    "Номер ЕРДР": "caseNo",
    "Номер дела": "caseNo",
    "Case No": "caseNo",
    "Case number": "caseNo",
    "Дата регистрации": "registeredAt",
    Registered: "registeredAt",
    "Registration date": "registeredAt",
    "ИИН потерпевшего": "victimIin",
    "Victim IIN": "victimIin",
    "ФИО потерпевшего": "victimName",
    "Victim name": "victimName",
    "Счет потерпевшего": "victimAccount",
    "Victim account": "victimAccount",
    "Сумма ущерба": "loss",
    Loss: "loss",
    "Loss amount": "loss",
    Валюта: "currency",
    Currency: "currency",
    Схема: "scheme",
    Способ: "scheme",
    "Время происшествия": "incidentAt",
    "Дата происшествия": "incidentAt",
    "Incident time": "incidentAt",
  },
  watchlist: {
    Счет: "account",
    Account: "account",
    Банк: "bank",
    БИК: "bank",
    Bank: "bank",
    BIC: "bank",
    Наименование: "name",
    Name: "name",
    Категория: "category",
    Category: "category",
  },
};

export type Kind = keyof typeof HEADERS;

export interface Table {
  file: string;
  encoding: "utf8" | "utf8bom" | "cp1251";
  delimiter: string;
  /** Lines before the header row. */
  preamble: string[];
  rows: Record<string, string>[];
}

/** Decode a file: a BOM means UTF-8, valid UTF-8 means UTF-8, anything else is Windows-1251. */
export function decode(buf: Buffer): { text: string; encoding: Table["encoding"] } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.subarray(3).toString("utf8"), encoding: "utf8bom" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf8" };
  } catch {
    return { text: iconv.decode(buf, "win1251"), encoding: "cp1251" };
  }
}

/** Parse a file of a known kind: find the delimiter and header row that name most known columns. */
export function readTable(file: string, kind: Kind): Table {
  const { text, encoding } = decode(readFileSync(file));
  const known = HEADERS[kind]!;
  for (const delimiter of [";", ",", "\t"]) {
    const records: string[][] = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true });
    const h = records.findIndex(
      (r) => r.length > 1 && r.filter((c) => known[c.trim()]).length * 2 >= r.length,
    );
    if (h < 0) continue;
    const fields = records[h]!.map((c) => known[c.trim()] ?? "");
    const rows = records.slice(h + 1).map((r) => {
      const o: Record<string, string> = {};
      fields.forEach((f, i) => f && (o[f] = (r[i] ?? "").trim()));
      return o;
    });
    return { file, encoding, delimiter, preamble: records.slice(0, h).map((r) => r.join(delimiter)), rows };
  }
  throw new Error(`case-reader: no ${kind} header found in ${file}`);
}

const SWITCH = Date.UTC(2024, 1, 29, 18, 0, 0);

/** Local Almaty wall-clock fields → epoch ms (UTC+6 before 2024-03-01 00:00 local, UTC+5 from then). */
export function almatyToUtc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  return local - 6 * 3600_000 < SWITCH ? local - 6 * 3600_000 : local - 5 * 3600_000;
}

/** Parse `DD.MM.YYYY[ HH:MM[:SS]]` or `YYYY-MM-DD HH:MM:SS` local time. */
export function parseLocal(raw: string): number {
  let m = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(raw);
  if (m) return almatyToUtc(+m[3]!, +m[2]!, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(raw);
  if (m) return almatyToUtc(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  throw new Error(`case-reader: unreadable time "${raw}"`);
}

/** `150 000,00` (spaces, no-break or thin spaces, decimal comma or point) → integer tiyn. */
export function parseTiyn(raw: string): number {
  const s = raw.replace(/[\s\u00a0\u2009\u202f]/g, "").replace(",", ".");
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`case-reader: unreadable amount "${raw}"`);
  return Math.round(v * 100);
}

/** Account key: the IBAN when the number is one, else `${bank}:${number}`. */
export function keyOf(number: string, bank: string): string {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(number) ? number : `${bank}:${number}`;
}

/** True for a key abroad: IBAN country other than KZ, or a non-IBAN account at a bank whose BIC is not Kazakh. */
export function isForeignKey(key: string): boolean {
  const i = key.indexOf(":");
  if (i < 0) return !key.startsWith("KZ");
  return key.slice(4, 6) !== "KZ";
}

const WALLET =
  /\b(T[1-9A-HJ-NP-Za-km-z]{33}|0x[0-9a-fA-F]{40}|bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\b/;

/** The first wallet address in a purpose text, if any. */
export function walletIn(purpose: string): string | null {
  return WALLET.exec(purpose)?.[1] ?? null;
}

export interface Transfer {
  txId: string;
  from: string;
  to: string;
  ts: number;
  tiyn: number;
  purpose: string;
  fromId: string;
  toId: string;
  toName: string;
}

export interface Withdrawal {
  txId: string;
  from: string;
  ts: number;
  tiyn: number;
  atmId: string;
  country: string;
}

export interface CaseData {
  files: string[];
  transfers: Map<string, Transfer>;
  withdrawals: Map<string, Withdrawal>;
  /** Register rows seen for a txId that had already been read (interbank transfers appear twice). */
  duplicateRows: number;
  /** A duplicate row that disagreed with the first one, if any. */
  conflicts: string[];
  watchlist: Set<string>;
  linkage: (Record<string, string> & { bank: string })[];
  complaints: Record<string, string>[];
  statements: { account: string; table: Table }[];
  accounts: Set<string>;
  timestamps: string[];
  tables: Table[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Read every export file of a case. */
export function readCase(exportsDir: string): CaseData {
  const files = walk(exportsDir);
  const data: CaseData = {
    files,
    transfers: new Map(),
    withdrawals: new Map(),
    duplicateRows: 0,
    conflicts: [],
    watchlist: new Set(),
    linkage: [],
    complaints: [],
    statements: [],
    accounts: new Set(),
    timestamps: [],
    tables: [],
  };
  for (const file of files) {
    const rel = path.relative(exportsDir, file);
    if (rel.startsWith("registers")) {
      const t = readTable(file, "register");
      data.tables.push(t);
      for (const r of t.rows) {
        data.timestamps.push(r.ts!);
        const from = keyOf(r.fromAccount!, r.fromBank!);
        data.accounts.add(from);
        const ts = parseLocal(r.ts!);
        const tiyn = parseTiyn(r.amount!);
        if (r.atmId && !r.toAccount) {
          const w: Withdrawal = { txId: r.txId!, from, ts, tiyn, atmId: r.atmId, country: r.country ?? "" };
          const old = data.withdrawals.get(w.txId);
          if (old) {
            data.duplicateRows++;
            if (JSON.stringify(old) !== JSON.stringify(w)) data.conflicts.push(w.txId);
          } else data.withdrawals.set(w.txId, w);
          continue;
        }
        const to = keyOf(r.toAccount!, r.toBank!);
        data.accounts.add(to);
        const tr: Transfer = {
          txId: r.txId!,
          from,
          to,
          ts,
          tiyn,
          purpose: r.purpose ?? "",
          fromId: r.fromId ?? "",
          toId: r.toId ?? "",
          toName: r.toName ?? "",
        };
        const old = data.transfers.get(tr.txId);
        if (old) {
          data.duplicateRows++;
          if (JSON.stringify(old) !== JSON.stringify(tr)) data.conflicts.push(tr.txId);
        } else data.transfers.set(tr.txId, tr);
      }
    } else if (rel.startsWith("statements")) {
      const t = readTable(file, "statement");
      data.tables.push(t);
      const fromPreamble = t.preamble
        .map((l) => /(?:Выписка по счету|Account statement)\s+([A-Z]{2}\d{2}[A-Z0-9]+)/.exec(l)?.[1])
        .find(Boolean);
      const account = fromPreamble ?? t.rows[0]?.account ?? "";
      data.statements.push({ account, table: t });
      data.accounts.add(account);
      for (const r of t.rows) {
        data.timestamps.push(r.ts!);
        if (r.counterpartyAccount) data.accounts.add(keyOf(r.counterpartyAccount, r.counterpartyBank!));
      }
    } else if (rel.startsWith("linkage")) {
      const t = readTable(file, "linkage");
      data.tables.push(t);
      const bank = path.basename(file).split("-")[0]!;
      for (const r of t.rows) {
        data.linkage.push({ ...r, bank });
        data.timestamps.push(r.ts!);
        if (r.account) data.accounts.add(r.account);
      }
    } else if (rel.startsWith("complaints")) {
      const t = readTable(file, "complaints");
      data.tables.push(t);
      data.complaints.push(...t.rows);
      for (const r of t.rows) data.accounts.add(r.victimAccount!);
    } else if (rel.startsWith("watchlist")) {
      const t = readTable(file, "watchlist");
      data.tables.push(t);
      for (const r of t.rows) {
        const k = keyOf(r.account!, r.bank!);
        data.watchlist.add(k);
        data.accounts.add(k);
      }
    } else throw new Error(`case-reader: unexpected file ${rel}`);
  }
  return data;
}
