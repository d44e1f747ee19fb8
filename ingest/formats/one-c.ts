/**
 * 1C "Клиент банка" exchange files (`1CClientBankExchange`, the text format 1C accounting software and bank clients
 * exchange across Russia and Kazakhstan; format description: v8.1c.ru, "Стандарт обмена с системами «Клиент
 * банка»", version 1.02/1.03). The file is `key=value` lines: a file header, `СекцияРасчСчет` … `КонецРасчСчет`
 * (the statement's own account, period and balances), then one `СекцияДокумент=<type>` … `КонецДокумента` block
 * per payment document, and `КонецФайла`.
 *
 * Every document names both sides (payer and payee account, bank, tax id, name), so documents become rows of a
 * transfer register with exact field names (confidence 1). A row's line is the line of its `СекцияДокумент`.
 *
 * Kazakh variants name the account ИИК and the tax id ИИН/БИН and the purpose code КНП (`КодНазПлатежа`); Russian
 * ones carry an ИНН, which is not a Kazakh IIN/BIN (10 or 12 digits with other check digits), so a Russian file's
 * ИНН is reported as not read instead of failing every row's IIN/BIN check.
 */
import iconv from "iconv-lite";
import { isValidUtf8 } from "../encoding.js";
import { exactColumns, type FormatTable, type TableRow } from "./types.js";

/** Canonical register field → the document keys that hold it, first present wins. */
const KEYS: readonly (readonly [string, readonly string[]])[] = [
  ["txId", ["Номер"]],
  ["ts", ["ДатаСписано", "ДатаПоступило", "Дата"]],
  ["fromAccount", ["ПлательщикСчет", "ПлательщикИИК", "ПлательщикРасчСчет"]],
  ["fromBank", ["ПлательщикБИК"]],
  ["fromName", ["Плательщик1", "ПлательщикНаименование", "Плательщик"]],
  ["fromId", ["ПлательщикИИН", "ПлательщикБИН", "ПлательщикИИНБИН", "ПлательщикИНН"]],
  ["toAccount", ["ПолучательСчет", "ПолучательИИК", "ПолучательРасчСчет"]],
  ["toBank", ["ПолучательБИК"]],
  ["toName", ["Получатель1", "ПолучательНаименование", "Получатель"]],
  ["toId", ["ПолучательИИН", "ПолучательБИН", "ПолучательИИНБИН", "ПолучательИНН"]],
  ["amount", ["Сумма"]],
  ["currency", ["Валюта", "КодВалюты"]],
  ["purpose", ["НазначениеПлатежа"]],
  ["knp", ["КодНазПлатежа", "КНП"]],
];

/** Russian account numbers (20 digits) carry the currency in digits 6–8 (Bank of Russia chart of accounts). */
const RU_ACCOUNT_CURRENCY: Readonly<Record<string, string>> = {
  "810": "RUB",
  "643": "RUB",
  "840": "USD",
  "978": "EUR",
  "398": "KZT",
};

/** Decode a 1C file: `Кодировка=DOS` means cp866; otherwise UTF-8 when valid, else Windows-1251. */
function decode(buf: Buffer): { text: string; encoding: string } {
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  if (bom) return { text: buf.toString("utf8", 3), encoding: "utf8-bom" };
  if (isValidUtf8(buf, false)) return { text: buf.toString("utf8"), encoding: "utf8" };
  // The key names itself in the file's own encoding: `Кодировка=DOS` is only legible when read as cp866.
  const head = iconv.decode(buf.subarray(0, 512), "cp866");
  if (/Кодировка\s*=\s*DOS/i.test(head)) return { text: iconv.decode(buf, "cp866"), encoding: "cp866" };
  return { text: iconv.decode(buf, "win1251"), encoding: "cp1251" };
}

/** `key=value` (the value may itself contain `=`). */
function keyValue(line: string): [string, string] | null {
  const eq = line.indexOf("=");
  if (eq <= 0) return null;
  return [line.slice(0, eq).trim(), line.slice(eq + 1).trim()];
}

/** The first value among `keys` that a document has (non-empty). */
function pick(doc: Map<string, string>, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const k of keys) {
    const v = doc.get(k);
    if (v !== undefined && v !== "") return { key: k, value: v };
  }
  return undefined;
}

/** Currency of a file without a currency key: from a Russian account's digits 6–8, KZT for Kazakh IBANs. */
function currencyOf(account: string | undefined): string | undefined {
  if (!account) return undefined;
  if (/^KZ/i.test(account)) return "KZT";
  if (/^[0-9]{20}$/.test(account)) return RU_ACCOUNT_CURRENCY[account.slice(5, 8)];
  return undefined;
}

/**
 * Parse a 1C exchange file into register rows. A document whose section is broken (never closed, or cut by the next
 * one) is a rejected row naming its line; the other documents are read.
 */
export function readOneC(buf: Buffer): FormatTable {
  const { text, encoding } = decode(buf);
  const lines = text.split(/\r\n|\n|\r/);
  const skipped: { line: number; reason: string }[] = [];
  const notes: string[] = [];

  const fileKeys = new Map<string, string>();
  const account = new Map<string, string>();
  const docs: { line: number; type: string; keys: Map<string, string> }[] = [];
  let doc: (typeof docs)[number] | null = null;
  let inAccount = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const n = i + 1;
    if (line === "") continue;
    if (line === "КонецФайла") break;
    if (line.startsWith("СекцияДокумент")) {
      if (doc) {
        skipped.push({
          line: doc.line,
          reason: `СекцияДокумент is not closed by КонецДокумента before the next one starts on line ${n}: not read`,
        });
      }
      doc = { line: n, type: line.slice(line.indexOf("=") + 1).trim(), keys: new Map() };
      continue;
    }
    if (line === "КонецДокумента") {
      if (!doc) {
        notes.push(`line ${n}: КонецДокумента without a СекцияДокумент above it was ignored`);
        continue;
      }
      docs.push(doc);
      doc = null;
      continue;
    }
    if (line === "СекцияРасчСчет") {
      inAccount = true;
      continue;
    }
    if (line === "КонецРасчСчет") {
      inAccount = false;
      continue;
    }
    const kv = keyValue(line);
    if (!kv) continue; // 1C readers skip lines they do not know; so do we
    if (doc) doc.keys.set(kv[0], kv[1]);
    else if (inAccount) {
      if (!account.has(kv[0])) account.set(kv[0], kv[1]);
    } else if (!fileKeys.has(kv[0])) fileKeys.set(kv[0], kv[1]);
  }
  if (doc) {
    skipped.push({
      line: doc.line,
      reason: "СекцияДокумент is never closed by КонецДокумента (is the file cut off?): not read",
    });
  }

  const own = account.get("РасчСчет") ?? fileKeys.get("РасчСчет");
  const kazakh =
    /^KZ/i.test(own ?? "") ||
    docs.some((d) => /^KZ/i.test(pick(d.keys, KEYS[2]![1])?.value ?? "")) ||
    docs.some((d) => [...d.keys.keys()].some((k) => /ИИН|БИН|ИИК/.test(k)));
  const fallbackCurrency = currencyOf(own);

  // Columns: one per canonical field, headed by the keys that feed it.
  const present = KEYS.map(([field, keys]) => {
    const used = keys.filter((k) => docs.some((d) => (d.keys.get(k) ?? "") !== ""));
    return { field, keys, used };
  });
  const headers: string[] = [];
  const fields: (string | undefined)[] = [];
  const mapping: Record<string, string> = {};
  const ignored: string[] = [];
  const columns: { field: string; keys: readonly string[] }[] = [];
  for (const p of present) {
    let keys = p.keys;
    if ((p.field === "fromId" || p.field === "toId") && !kazakh) {
      // A Russian ИНН is not an IIN/BIN (see module header).
      const inn = p.used.filter((k) => k.endsWith("ИНН"));
      ignored.push(...inn);
      keys = keys.filter((k) => !k.endsWith("ИНН"));
    }
    const used = p.used.filter((k) => keys.includes(k));
    if (used.length === 0 && !(p.field === "currency" && fallbackCurrency)) continue;
    const header = used.length > 0 ? used.join("/") : "РасчСчет (currency of the account)";
    headers.push(header);
    fields.push(p.field);
    mapping[header] = p.field;
    columns.push({ field: p.field, keys });
  }
  const innIgnored = ignored.length;
  // Every other key the documents carry (КБе, банк names, correspondent accounts…) is reported as not read.
  const read = new Set(columns.flatMap((c) => c.keys));
  const seen = new Set<string>();
  for (const d of docs) for (const k of d.keys.keys()) if (!read.has(k) && !ignored.includes(k)) seen.add(k);
  ignored.push(...seen);
  if (innIgnored > 0) {
    notes.push(
      `${ignored.slice(0, innIgnored).join(", ")}: Russian ИНН values are not Kazakh IIN/BIN numbers and were not read as holder ids`,
    );
  }

  const rows: TableRow[] = docs.map((d) => {
    const cells = columns.map(({ field, keys }) => {
      const v = pick(d.keys, keys)?.value ?? "";
      if (field === "currency" && v === "") return fallbackCurrency ?? "";
      if (field === "txId" && v !== "") {
        // A payment order number restarts every year and per payer: keyed by payer account and date it names one
        // document, so the payer's and the payee's exports of it agree while two payers' "№ 15" stay apart.
        const payer = pick(d.keys, KEYS[2]![1])?.value ?? "";
        const date = d.keys.get("Дата") ?? "";
        return `1c:${payer}:${date}:${v}`;
      }
      if (field === "amount") return v.replace(/\s+/g, "");
      return v;
    });
    return { cells, line: d.line };
  });

  const version = fileKeys.get("ВерсияФормата");
  const period = [
    account.get("ДатаНачала") ?? fileKeys.get("ДатаНачала"),
    account.get("ДатаКонца") ?? fileKeys.get("ДатаКонца"),
  ];
  if (period[0] || period[1])
    notes.push(`period ${period[0] ?? "?"} – ${period[1] ?? "?"}${own ? `, account ${own}` : ""}`);
  return {
    format: "1c",
    variant: `1CClientBankExchange${version ? ` ${version}` : ""}`,
    kind: "register",
    encoding,
    headers,
    fields,
    mapping,
    ignored,
    columns: exactColumns(headers, fields),
    headerLine: 1,
    lineMeans: "line",
    preamble: own ? { account: own } : {},
    rows,
    notes,
    skipped,
  };
}
