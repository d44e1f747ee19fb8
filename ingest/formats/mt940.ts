/**
 * SWIFT MT940 customer statements (SWIFT Standards MT Category 9; the German ZKA/DFÜ and Dutch bank guides for the
 * structured `:86:`). A file holds one or more messages, bare or inside `{1:…}{2:…}{4:` … `-}` blocks; each has
 * `:20:` (reference), `:25:` (account: IBAN, `BIC/account` or `bank code/account`), `:28C:`, `:60F:`/`:60M:`
 * (opening balance, which gives the currency), then per booking a `:61:` statement line with an optional `:86:`,
 * and `:62F:`/`:64:` closing balances.
 *
 * `:61:` = value date YYMMDD, optional entry date MMDD, D/C/RD/RC, optional funds code, amount with a decimal comma,
 * transaction type (1 letter + 3), the account owner's reference, optional `//` bank reference, optional second line.
 * `:86:` is free text or structured: `?20`–`?29`/`?60`–`?63` purpose, `?30` BIC, `?31` account, `?32`/`?33` name
 * (German GVC layout, the separator being the character after the 3-digit code), or `/REMI/`, `/ORDP//NAME/`,
 * `/BENM//NAME/`, `/IBAN/`, `/BIC/`, `/CNTP/IBAN/BIC/NAME/` codes (SWIFT/Dutch layout). In free text the first
 * IBAN that passes its check digits is taken as the counterparty.
 *
 * Statement lines become statement rows with exact field names; a row's `line` is the position of its `:61:` in the
 * file (1-based, over every message).
 */
import iconv from "iconv-lite";
import { isBic, isValidIban } from "../../model/identifiers.js";
import { isValidUtf8 } from "../encoding.js";
import { exactColumns, type FormatTable, type TableRow } from "./types.js";

const COLUMNS: readonly (readonly [string, string])[] = [
  [":25: account", "account"],
  [":61: entry date (value date when absent)", "ts"],
  [":61: bank reference (owner's reference when absent)", "txId"],
  [":61: amount (D, RC)", "debit"],
  [":61: amount (C, RD)", "credit"],
  [":60F: currency", "currency"],
  [":86: ?32?33 / NAME", "counterpartyName"],
  [":86: ?31 / IBAN", "counterpartyAccount"],
  [":86: ?30 / BIC", "counterpartyBank"],
  [":86: ?20–?29 / REMI", "purpose"],
];
const COL = Object.fromEntries(COLUMNS.map(([, f], i) => [f, i])) as Record<string, number>;

const STATEMENT_LINE =
  /^([0-9]{6})([0-9]{4})?(RC|RD|C|D)([A-Z])?([0-9]+,[0-9]{0,3})([A-Z][A-Z0-9]{3})([^\n]*?)(?:\/\/([^\n]*))?(?:\n([\s\S]*))?$/;

interface Field {
  tag: string;
  value: string;
}

/** Counterparty and purpose read out of a `:86:` field. */
interface Details {
  name: string;
  account: string;
  bic: string;
  purpose: string;
}

/** 4-digit year of a SWIFT YYMMDD date (SWIFT: 80–99 are 19xx). */
function year4(yy: string): number {
  const y = Number(yy);
  return y >= 80 ? 1900 + y : 2000 + y;
}

/** `YYYY-MM-DD` of the booking: the entry date (MMDD, year from the value date, across a year end) or the value date. */
function bookingDate(valueDate: string, entry: string | undefined): string {
  let y = year4(valueDate.slice(0, 2));
  const vm = Number(valueDate.slice(2, 4));
  if (!entry) return `${y}-${valueDate.slice(2, 4)}-${valueDate.slice(4, 6)}`;
  const em = Number(entry.slice(0, 2));
  if (vm === 12 && em === 1) y++;
  else if (vm === 1 && em === 12) y--;
  return `${y}-${entry.slice(0, 2)}-${entry.slice(2, 4)}`;
}

/** `1250,5` → `1250.50`. */
function amount(raw: string): string {
  const [units, frac = ""] = raw.split(",");
  return `${units}.${frac.padEnd(2, "0")}`;
}

/** The first check-digit-valid IBAN in a text (printed compact or in groups of four). */
function findIban(textIn: string): string {
  const tokens = textIn.toUpperCase().split(/[^A-Z0-9]+/);
  for (let i = 0; i < tokens.length; i++) {
    if (!/^[A-Z]{2}[0-9]{2}/.test(tokens[i]!)) continue;
    let acc = "";
    for (let j = i; j < tokens.length && j < i + 9; j++) {
      acc += tokens[j];
      if (isValidIban(acc)) return acc;
    }
  }
  return "";
}

/** German GVC layout: `166?00GUTSCHRIFT?20…?30BIC?31IBAN?32NAME`. */
function gvcDetails(v: string): Details {
  const sep = v[3]!;
  const parts = new Map<string, string>();
  for (const chunk of v.slice(3).split(sep)) {
    if (!/^[0-9]{2}/.test(chunk)) continue;
    const code = chunk.slice(0, 2);
    parts.set(code, (parts.get(code) ?? "") + chunk.slice(2));
  }
  const join = (codes: string[]) =>
    codes
      .map((c) => (parts.get(c) ?? "").trim())
      .filter((s) => s !== "")
      .join(" ");
  const purposeCodes = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 60, 61, 62, 63].map(String);
  return {
    name: join(["32", "33"]),
    account: (parts.get("31") ?? "").replace(/\s+/g, ""),
    bic: (parts.get("30") ?? "").trim(),
    purpose: join(purposeCodes) || join(["00"]),
  };
}

const SWIFT_CODES =
  /\/(EREF|PREF|MARF|CSID|RTRN|REMI|USTD|STRD|ORDP|BENM|ULTB|ULTD|NAME|ID|IBAN|BIC|ADDR|CNTP|PURP|SVCL|TRCD|CDTRREF|CDTRREFTP|ISSR|CD|ISDT|FX|COAM|OCMT|ACCW|BUSP)\//g;

/** SWIFT / Dutch code layout: `/ORDP//NAME/ACME/IBAN/NL…/REMI/USTD//INVOICE 12/`. */
function codeDetails(v: string): Details {
  const flat = v.replace(/\n/g, "");
  const found: { code: string; at: number; end: number }[] = [];
  for (const m of flat.matchAll(SWIFT_CODES))
    found.push({ code: m[1]!, at: m.index, end: m.index + m[0].length });
  const value = (k: number) => {
    const end = k + 1 < found.length ? found[k + 1]!.at : flat.length;
    return flat
      .slice(found[k]!.end, end)
      .replace(/^\/+|\/+$/g, "")
      .trim();
  };
  const d: Details = { name: "", account: "", bic: "", purpose: "" };
  found.forEach((f, k) => {
    const v2 = value(k);
    if (f.code === "NAME" && !d.name) d.name = v2;
    else if (f.code === "IBAN" && !d.account) d.account = v2.replace(/\s+/g, "");
    else if (f.code === "BIC" && !d.bic) d.bic = v2;
    else if ((f.code === "REMI" || f.code === "USTD") && v2 && !d.purpose)
      d.purpose = v2.replace(/^USTD\/+/, "");
    else if (f.code === "CNTP") {
      // Rabobank: /CNTP/<account>/<BIC>/<name>/<city>/
      const end = k + 1 < found.length ? found[k + 1]!.at : flat.length;
      const [acc = "", b = "", name = ""] = flat.slice(f.end, end).split("/");
      if (!d.account) d.account = acc.trim();
      if (!d.bic) d.bic = b.trim();
      if (!d.name) d.name = name.trim();
    }
  });
  if (!d.purpose) d.purpose = flat.trim();
  return d;
}

/** Read a `:86:` field (see module header). */
export function readDetails(raw: string): Details {
  const v = raw.trim();
  if (/^[0-9]{3}[^0-9A-Za-z\s]/.test(v)) return gvcDetails(v.replace(/\n/g, ""));
  if (SWIFT_CODES.test(v)) {
    SWIFT_CODES.lastIndex = 0;
    return codeDetails(v);
  }
  const free = v.replace(/\s*\n\s*/g, " ");
  return { name: "", account: findIban(free), bic: "", purpose: free };
}

/** Split a message's text into its fields (a field runs until the next `:NN[A]:` at a line start). */
function fieldsOf(textIn: string): Field[] {
  const out: Field[] = [];
  for (const line of textIn.split(/\r\n|\n|\r/)) {
    const m = /^:([0-9]{2}[A-Z]?):(.*)$/.exec(line);
    if (m) out.push({ tag: m[1]!, value: m[2]! });
    else if (out.length > 0 && line !== "-" && line.trim() !== "") out[out.length - 1]!.value += "\n" + line;
  }
  return out;
}

/** The account and its bank from `:25:` (IBAN; `BIC/account`; `bank code/account`; plain number). */
function ownAccount(v: string, senderBic: string): { account: string; bank: string } {
  const t = v.trim().split("\n")[0]!.trim();
  const compact = t.replace(/\s+/g, "").toUpperCase();
  if (isValidIban(compact)) return { account: compact, bank: senderBic };
  // Rabobank and others append the currency: `NL44RABO0123456789 EUR`.
  const noCcy = compact.replace(/[A-Z]{3}$/, "");
  if (isValidIban(noCcy)) return { account: noCcy, bank: senderBic };
  const slash = t.indexOf("/");
  if (slash > 0) {
    const bank = t.slice(0, slash).trim().toUpperCase();
    const rest = t
      .slice(slash + 1)
      .trim()
      .replace(/\s+/g, "");
    const restIban = rest.toUpperCase().replace(/[A-Z]{3}$/, "");
    if (isValidIban(rest.toUpperCase())) return { account: rest.toUpperCase(), bank };
    if (isValidIban(restIban)) return { account: restIban, bank };
    return { account: rest, bank };
  }
  return { account: t, bank: senderBic };
}

/** The sender's BIC from a `{1:F01BANKDEFFAXXX…}` or `{2:O940…BANKDEFFXXXX…}` header, else "". */
function senderBic(textIn: string): string {
  const b2 = /\{2:O[0-9]{3}[0-9]{10}([A-Z]{6}[A-Z0-9]{2})[A-Z0-9]([A-Z0-9]{3})/.exec(textIn);
  if (b2) return b2[2] === "XXX" ? b2[1]! : b2[1]! + b2[2]!;
  const b1 = /\{1:F01([A-Z]{6}[A-Z0-9]{2})[A-Z0-9]([A-Z0-9]{3})/.exec(textIn);
  if (b1) return b1[2] === "XXX" ? b1[1]! : b1[1]! + b1[2]!;
  return "";
}

/** Parse an MT940 file into statement rows; a `:61:` that does not follow its layout is a rejected row. */
export function readMt940(buf: Buffer): FormatTable {
  const utf8 = isValidUtf8(buf, false);
  const raw = utf8 ? buf.toString("utf8").replace(/^\ufeff/, "") : iconv.decode(buf, "latin1");
  // Messages: the text blocks `{4:` … `-}` when there are any, else the file split at each `:20:`.
  const blocks = [...raw.matchAll(/\{4:\s*([\s\S]*?)\r?\n-\}/g)].map((m) => m[1]!);
  const bodies = blocks.length > 0 ? blocks : raw.split(/(?=^:20:)/m).filter((b) => /^:20:/m.test(b));
  const defaultBank = senderBic(raw);

  const rows: TableRow[] = [];
  const notes: string[] = [];
  const skipped: { line: number; reason: string }[] = [];
  let firstAccount: { account: string; bank: string } | undefined;
  let firstCurrency: string | undefined;
  let position = 0;
  for (const body of bodies) {
    const fields = fieldsOf(body);
    let own = { account: "", bank: defaultBank };
    let currency = "";
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.tag === "25") {
        own = ownAccount(f.value, defaultBank);
        firstAccount ??= own;
      } else if (f.tag === "60F" || f.tag === "60M") {
        currency = /^[CD][0-9]{6}([A-Z]{3})/.exec(f.value.trim())?.[1] ?? "";
        firstCurrency ??= currency || undefined;
      } else if (f.tag === "61") {
        position++;
        const m = STATEMENT_LINE.exec(f.value.trim());
        if (!m) {
          skipped.push({
            line: position,
            reason:
              `statement line ":61:${f.value.split("\n")[0]}" does not follow the :61: layout ` +
              `YYMMDD[MMDD] D|C|RD|RC amount type reference: not read`,
          });
          continue;
        }
        const [, valueDate, entryDate, mark, , amt, , ownerRef, bankRef] = m;
        const next = fields[i + 1];
        const details = next?.tag === "86" ? readDetails(next.value) : undefined;
        const cells = new Array<string>(COLUMNS.length).fill("");
        cells[COL.account!] = own.account;
        cells[COL.ts!] = bookingDate(valueDate!, entryDate);
        const owner = (ownerRef ?? "").trim();
        cells[COL.txId!] = (bankRef ?? "").trim() || (/^NONREF$/i.test(owner) ? "" : owner);
        const debit = mark === "D" || mark === "RC";
        cells[debit ? COL.debit! : COL.credit!] = amount(amt!);
        cells[COL.currency!] = currency;
        if (details) {
          cells[COL.counterpartyName!] = details.name;
          cells[COL.counterpartyAccount!] = details.account;
          cells[COL.counterpartyBank!] = isBic(details.bic.toUpperCase()) ? details.bic.toUpperCase() : "";
          cells[COL.purpose!] = details.purpose;
        }
        rows.push({ cells, line: position });
      }
    }
  }
  if (bodies.length === 0) notes.push("no :20: message was found");
  const preamble: FormatTable["preamble"] = {};
  if (firstAccount?.account) preamble.account = firstAccount.account;
  if (firstAccount?.bank) preamble.bank = firstAccount.bank;
  if (firstCurrency) preamble.currency = firstCurrency;
  const headers = COLUMNS.map(([h]) => h);
  const fields = COLUMNS.map(([, f]) => f);
  return {
    format: "mt940",
    variant: blocks.length > 0 ? "MT940 (SWIFT blocks)" : "MT940",
    kind: "statement",
    encoding: utf8 ? "utf8" : "latin1",
    headers,
    fields,
    mapping: Object.fromEntries(COLUMNS),
    ignored: [],
    columns: exactColumns(headers, fields),
    headerLine: 0, // no header row: statement lines are counted from 1
    lineMeans: "entry",
    preamble,
    rows,
    notes,
    skipped,
  };
}
