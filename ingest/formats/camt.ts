/**
 * ISO 20022 cash-management statements: camt.053 (BankToCustomerStatement), and the same entry structure in
 * camt.052 (BankToCustomerAccountReport) and camt.054 (BankToCustomerDebitCreditNotification). Read with
 * fast-xml-parser (namespace prefixes dropped, every value kept as text).
 *
 * Each `Stmt`/`Rpt`/`Ntfctn` names its account (`Acct/Id/IBAN`, or `Acct/Id/Othr/Id` with the servicer's BIC); each
 * `Ntry` is a booking with `Amt@Ccy`, `CdtDbtInd`, `BookgDt`/`ValDt`, and `NtryDtls/TxDtls` with references, related
 * parties (`RltdPties/Dbtr|Cdtr`, `DbtrAcct|CdtrAcct`, wrapped in `Pty` from version 08 on), their agents and the
 * remittance text. An entry becomes statement rows (one per `TxDtls`: a batch booked as one entry is several
 * transfers) with exact field names; a row's `line` is the entry's 1-based position in the file. Element paths
 * follow the ISO 20022 message definition report for camt.053.001.02–.13.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import iconv from "iconv-lite";
import { UnreadableFileError } from "../errors.js";
import { camtVersion } from "./detect.js";
import { exactColumns, type FormatTable, type TableRow } from "./types.js";

type Node = Record<string, unknown>;

const ARRAYS = new Set(["Stmt", "Rpt", "Ntfctn", "Ntry", "NtryDtls", "TxDtls", "Ustrd", "Bal"]);

/** Columns of the statement table, headed by the element paths that feed them. */
const COLUMNS: readonly (readonly [string, string])[] = [
  ["Stmt/Acct/Id/(IBAN|Othr/Id)", "account"],
  ["Ntry/(BookgDt|ValDt)/(DtTm|Dt)", "ts"],
  ["(TxDtls/Refs|Ntry)/AcctSvcrRef, TxDtls/Refs/(TxId|EndToEndId)", "txId"],
  ["Amt (CdtDbtInd DBIT)", "debit"],
  ["Amt (CdtDbtInd CRDT)", "credit"],
  ["Amt@Ccy", "currency"],
  ["RltdPties/(Cdtr|Dbtr)/Nm", "counterpartyName"],
  ["RltdPties/(CdtrAcct|DbtrAcct)/Id/(IBAN|Othr/Id)", "counterpartyAccount"],
  ["RltdAgts/(CdtrAgt|DbtrAgt)/FinInstnId/(BICFI|BIC)", "counterpartyBank"],
  ["RmtInf/Ustrd", "purpose"],
];
const COL = Object.fromEntries(COLUMNS.map(([, f], i) => [f, i])) as Record<string, number>;

/** The message element of camt.053, .052 and .054. */
const MESSAGE = /<(?:[\w.-]+:)?(?:BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)[\s>]/;
/** Start tags of a statement (053), report (052) or notification (054), of its account and of an entry. */
const STATEMENT = /<((?:[\w.-]+:)?)(Stmt|Rpt|Ntfctn)[\s>]/g;
const ACCT = /<((?:[\w.-]+:)?)(Acct)[\s>]/g;
const ENTRY = /<((?:[\w.-]+:)?)(Ntry)[\s>]/g;

/**
 * The elements whose start tag `re` finds between `from` and `to`, each from its start tag to the end of its end
 * tag. The message was validated first, and none of these elements nests in itself, so the first end tag with the
 * same name closes it.
 */
function* elements(
  xml: string,
  re: RegExp,
  from: number,
  to: number,
): Generator<{ start: number; end: number }> {
  const find = new RegExp(re.source, "g");
  find.lastIndex = from;
  for (let m = find.exec(xml); m && m.index < to; m = find.exec(xml)) {
    const close = `</${m[1]}${m[2]}>`;
    const end = xml.indexOf(close, m.index);
    if (end < 0 || end > to) return;
    yield { start: m.index, end: end + close.length };
    find.lastIndex = end + close.length;
  }
}

/** References that say "none". */
const NO_REF = /^(NOTPROVIDED|NONREF|NOT PROVIDED)$/i;

function child(n: unknown, ...path: string[]): unknown {
  let cur = n;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Node)[p];
    if (Array.isArray(cur)) cur = cur[0];
  }
  return cur;
}

/** Text of an element (`#text` when it also has attributes). */
function text(n: unknown): string {
  if (n === undefined || n === null) return "";
  if (typeof n === "string") return n.trim();
  if (typeof n === "number" || typeof n === "boolean") return String(n);
  if (typeof n === "object") {
    const t = (n as Node)["#text"];
    return t === undefined ? "" : String(t as string).trim();
  }
  return "";
}

function list(n: unknown, key: string): unknown[] {
  if (n === null || typeof n !== "object") return [];
  const v = (n as Node)[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** An account's id: IBAN, else `Othr/Id`. */
function accountId(acct: unknown): string {
  return text(child(acct, "Id", "IBAN")) || text(child(acct, "Id", "Othr", "Id"));
}

/** A party's name; from version 08 on the party sits in `Pty`. */
function partyName(p: unknown): string {
  return text(child(p, "Nm")) || text(child(p, "Pty", "Nm"));
}

function bic(agent: unknown): string {
  return text(child(agent, "FinInstnId", "BICFI")) || text(child(agent, "FinInstnId", "BIC"));
}

/** `DtTm` when given (it has the time), else `Dt`. */
function date(d: unknown): string {
  return text(child(d, "DtTm")) || text(child(d, "Dt"));
}

/** Booking status code: `Sts` (up to 07) or `Sts/Cd` (08 on); empty when absent. */
function status(ntry: unknown): string {
  return text(child(ntry, "Sts", "Cd")) || text(child(ntry, "Sts"));
}

/** Parse a camt.052/053/054 message into statement rows. Throws UnreadableFileError for XML that is not one. */
export function readCamt(buf: Buffer, path: string): FormatTable {
  // The XML declaration names the encoding; UTF-8 is the default and what banks send.
  const declared = /^[^>]*encoding=["']([A-Za-z0-9_-]+)["']/.exec(buf.toString("latin1", 0, 200))?.[1];
  const encoding =
    declared && !/^utf-?8$/i.test(declared) && iconv.encodingExists(declared) ? declared : "utf8";
  const xml = (encoding === "utf8" ? buf.toString("utf8") : iconv.decode(buf, encoding)).replace(
    /^\ufeff/,
    "",
  );
  const version = camtVersion(xml.slice(0, 4096)) ?? "camt";
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  // Well-formedness of the whole message in one pass that builds no tree; then each statement's account and each
  // entry are parsed on their own, so memory follows one entry, not the whole statement (a year of a busy
  // account's bookings is hundreds of MB of XML, and a parsed tree of it several times that).
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UnreadableFileError(
      `ingest/camt: "${path}" is not well-formed XML: line ${valid.err.line}: ${valid.err.msg}`,
      path,
    );
  }
  if (!MESSAGE.test(xml)) {
    throw new UnreadableFileError(
      `ingest/camt: "${path}" declares ${version} but has no Document/BkToCstmrStmt (or AcctRpt, DbtCdtNtfctn) element`,
      path,
    );
  }
  const statements = [...elements(xml, STATEMENT, 0, xml.length)];

  const rows: TableRow[] = [];
  const notes: string[] = [];
  const skipped: { line: number; reason: string }[] = [];
  let ownAccount: string | undefined;
  let ownBank: string | undefined;
  let ownCurrency: string | undefined;
  let holderName: string | undefined;
  let holderId: string | undefined;
  let position = 0;
  for (const stmt of statements) {
    const first = elements(xml, ENTRY, stmt.start, stmt.end).next();
    const headEnd = first.done ? stmt.end : first.value.start;
    const head = elements(xml, ACCT, stmt.start, headEnd).next();
    const acct = head.done
      ? undefined
      : child(parser.parse(xml.slice(head.value.start, head.value.end)), "Acct");
    const own = accountId(acct);
    ownAccount ??= own || undefined;
    ownBank ??= bic(child(acct, "Svcr")) || undefined;
    ownCurrency ??= text(child(acct, "Ccy")) || undefined;
    // The account's owner: a Kazakh bank puts the holder's IIN/BIN in Ownr/Id/(OrgId|PrvtId)/Othr/Id; other ids
    // (a VAT or company number) are not IIN/BINs and are left alone.
    const owner = child(acct, "Ownr");
    holderName ??= partyName(owner) || undefined;
    const ownerId =
      text(child(owner, "Id", "OrgId", "Othr", "Id")) || text(child(owner, "Id", "PrvtId", "Othr", "Id"));
    if (/^[0-9]{12}$/.test(ownerId)) holderId ??= ownerId;
    for (const at of elements(xml, ENTRY, stmt.start, stmt.end)) {
      position++;
      const ntry = child(parser.parse(xml.slice(at.start, at.end)), "Ntry");
      const sts = status(ntry);
      if (sts !== "" && sts !== "BOOK") {
        // Pending or informational entries have not moved money (yet): they are not transfers.
        skipped.push({
          line: position,
          reason: `entry status ${sts}, not booked (BOOK): not a transfer yet`,
        });
        continue;
      }
      const ntryAmt = child(ntry, "Amt");
      const ind = text(child(ntry, "CdtDbtInd"));
      const ts = date(child(ntry, "BookgDt")) || date(child(ntry, "ValDt"));
      const details = list(ntry, "NtryDtls").flatMap((d) => list(d, "TxDtls"));
      const txs = details.length > 0 ? details : [undefined];
      txs.forEach((tx, k) => {
        const cells = new Array<string>(COLUMNS.length).fill("");
        // A batch's transactions carry their own amounts; a single one may leave it to the entry.
        const txAmt = child(tx, "Amt") ?? child(tx, "AmtDtls", "TxAmt", "Amt");
        const amt = txAmt !== undefined ? txAmt : txs.length === 1 ? ntryAmt : undefined;
        const txInd = text(child(tx, "CdtDbtInd")) || ind;
        const debit = txInd === "DBIT";
        cells[COL.account!] = own;
        cells[COL.ts!] = ts;
        const refs = child(tx, "Refs");
        // The bank's own reference first (what its other exports of the same booking print), for a batch the
        // transaction's; then the payment's ids. A batch's entry reference is suffixed with the position in it.
        const entryRef = text(child(ntry, "AcctSvcrRef"));
        const ref = [
          text(child(refs, "AcctSvcrRef")),
          txs.length === 1 ? entryRef : "",
          text(child(refs, "TxId")),
          text(child(refs, "EndToEndId")),
        ].find((r) => r !== "" && !NO_REF.test(r));
        cells[COL.txId!] = ref ?? (entryRef ? `${entryRef}/${k + 1}` : "");
        if (txInd === "DBIT" || txInd === "CRDT") cells[debit ? COL.debit! : COL.credit!] = text(amt);
        cells[COL.currency!] =
          (amt && typeof amt === "object" ? text((amt as Node)["@Ccy"]) : "") || ownCurrency || "";
        const parties = child(tx, "RltdPties");
        const agents = child(tx, "RltdAgts");
        cells[COL.counterpartyName!] = partyName(child(parties, debit ? "Cdtr" : "Dbtr"));
        cells[COL.counterpartyAccount!] = accountId(child(parties, debit ? "CdtrAcct" : "DbtrAcct"));
        cells[COL.counterpartyBank!] = bic(child(agents, debit ? "CdtrAgt" : "DbtrAgt"));
        const ustrd = list(child(tx, "RmtInf"), "Ustrd")
          .map(text)
          .filter((s) => s !== "");
        cells[COL.purpose!] = ustrd.length > 0 ? ustrd.join(" ") : text(child(ntry, "AddtlNtryInf"));
        rows.push({ cells, line: position });
      });
    }
  }
  if (statements.length === 0) notes.push(`${version}: the message has no Stmt, Rpt or Ntfctn`);
  if (skipped.length > 0)
    notes.push(
      `entries not booked (status other than BOOK), rejected as not yet transfers: ${skipped.length}`,
    );

  const headers = COLUMNS.map(([h]) => h);
  const fields = COLUMNS.map(([, f]) => f);
  const mapping = Object.fromEntries(COLUMNS.map(([h, f]) => [h, f]));
  const preamble: FormatTable["preamble"] = {};
  if (ownAccount) preamble.account = ownAccount;
  if (ownBank) preamble.bank = ownBank;
  if (ownCurrency) preamble.currency = ownCurrency;
  if (holderName) preamble.holderName = holderName;
  if (holderId) preamble.holderId = holderId;
  return {
    format: "camt",
    variant: version,
    kind: "statement",
    encoding: encoding.toLowerCase(),
    headers,
    fields,
    mapping,
    ignored: [],
    columns: exactColumns(headers, fields),
    headerLine: 0, // no header row: entries are counted from 1
    lineMeans: "entry",
    preamble,
    rows,
    notes,
    skipped,
  };
}
