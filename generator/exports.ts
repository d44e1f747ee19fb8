/**
 * Writes the case's export files in the banks' own styles (see banks.ts): one transfer register per Kazakh bank
 * (every transfer with that bank on either side, so interbank transfers appear twice), one statement per selected
 * account, one session log per bank, the police complaint register and the analyst's watch-list.
 * Every file's content is built in a fixed order, so the same world gives byte-identical files (the writes
 * themselves overlap, which changes nothing in the bytes).
 */
import path from "node:path";
import { formatLocal } from "./almaty-time.js";
import { BANKS, type Bank, type ExportStyle, type RegisterField, type StatementField } from "./banks.js";
import { csvCell, CsvWriter, formatAmount } from "./csv-writer.js";
import { formatPhone } from "./identifiers.js";
import type { LinkageRow } from "./linkage.js";
import type { Scheme, TruthFile } from "./types.js";
import { CHANNELS, type World } from "./world.js";

export interface ComplaintOut {
  caseNo: string;
  /** Emitted instants, epoch seconds. */
  registeredAt: number;
  incidentAt: number;
  victimAccount: number;
  lossTiyn: number;
  scheme: Scheme;
}

export const SCHEME_TEXT: Record<Scheme, string> = {
  marketplace: "Мошенничество на онлайн-площадке (ложное объявление)",
  safe_account: "Звонок от имени банка или полиции («безопасный счет»)",
  investment: "Фиктивный инвестиционный проект",
  remote_loan: "Онлайн-кредит через программу удаленного доступа",
};

/** Statement files being closed at once (their opens and writes overlap). */
const STATEMENTS_IN_FLIGHT = 32;
/** Encoded register bytes allowed to wait for the disk before building more rows. */
const MAX_BACKLOG = 8 << 20;

/** Tracks what the files mention, for truth's counts. */
export class ExportLedger {
  readonly files: TruthFile[] = [];
  readonly seenAccounts: Uint8Array;
  readonly ids = new Set<string>();
  /** IINs printed as a sole proprietor's (ИП) business account holder: companies of kind sole_proprietor. */
  readonly soleProprietors = new Set<string>();
  readonly cards = new Set<string>();
  registerRows = 0;
  statementRows = 0;
  linkageRows = 0;
  readonly madeDirs = new Map<string, Promise<unknown>>();

  constructor(accounts: number) {
    this.seenAccounts = new Uint8Array(accounts);
  }

  /** Close the writer and list its file; returns the close, which the caller must await. */
  record(root: string, w: CsvWriter, kind: TruthFile["kind"]): Promise<void> {
    const closing = w.close();
    this.files.push({
      name: path.relative(root, w.file).split(path.sep).join("/"),
      kind,
      encoding: w.encoding,
      rows: w.rows,
      bytes: w.bytes,
    });
    return closing;
  }
}

/** Positions of the register fields in the per-row cell array. */
const REGISTER_FIELDS: readonly RegisterField[] = [
  "txId",
  "ts",
  "fromAccount",
  "fromBank",
  "fromName",
  "fromId",
  "toAccount",
  "toBank",
  "toName",
  "toId",
  "amount",
  "currency",
  "channel",
  "purpose",
  "knp",
  "atmId",
  "country",
];
const STATEMENT_FIELDS: readonly StatementField[] = [
  "account",
  "ts",
  "txId",
  "debit",
  "credit",
  "currency",
  "counterpartyName",
  "counterpartyId",
  "counterpartyAccount",
  "counterpartyBank",
  "purpose",
  "knp",
  "atmId",
  "country",
];

const exporting = (b: Bank): b is Bank & { style: ExportStyle } => b.style !== undefined;

/** Write every export file under `dir`. */
export async function writeExports(
  world: World,
  dir: string,
  linkage: Map<number, LinkageRow[]>,
  complaints: ComplaintOut[],
  period: { from: number; to: number },
): Promise<ExportLedger> {
  const out = new ExportLedger(world.accounts.length);
  const newWriter = (file: string, s: { encoding: CsvWriter["encoding"]; eol: string }, delimiter = ";") =>
    new CsvWriter(path.join(dir, file), s.encoding, s.eol, delimiter, out.madeDirs);
  // Every Kazakh bank writes `;`-separated files; names and purposes are quoted for it once.
  const accText = world.accounts.map((a) => a.iban ?? a.number!);
  const accBic = world.accounts.map((a) => BANKS[a.bank]!.bic);
  const accName = world.accounts.map((a) => world.holders[a.holder]!.name);
  const accNameCell = accName.map((n) => csvCell(n, ";"));
  const accId = world.accounts.map((a) => world.holders[a.holder]!.id);
  const purposeCell = world.purposes.map((p) => csvCell(p, ";"));
  const cashCell = csvCell("Снятие наличных", ";");
  /** The files name this account (and, when `withId`, print its holder's IIN/BIN). */
  const mention = (acc: number, withId = true) => {
    if (!withId) {
      out.seenAccounts[acc] ||= 1;
      return;
    }
    if (out.seenAccounts[acc] === 2) return;
    out.seenAccounts[acc] = 2;
    if (accId[acc]) {
      out.ids.add(accId[acc]!);
      if (world.holders[world.accounts[acc]!.holder]!.type === "sole_proprietor")
        out.soleProprietors.add(accId[acc]!);
    }
  };
  const L = world.ledger;
  const closing: Promise<void>[] = [];

  // Registers: each row's style-independent cells are built once, then each register picks its columns;
  // time, amount and channel depend on the bank's style.
  const registers = new Map<
    number,
    { w: CsvWriter; style: ExportStyle; order: number[]; ts: number; tsText: string }
  >();
  BANKS.forEach((b, i) => {
    if (!exporting(b)) return;
    const w = newWriter(path.join("registers", `${b.id}-register.csv`), b.style);
    if (b.style.register.title)
      w.line(
        `${b.style.register.title} за период ${formatLocal(period.from, "dmy")} - ${formatLocal(period.to, "dmy")}`,
      );
    w.row(b.style.register.columns.map(([, h]) => h));
    const order = b.style.register.columns.map(([f]) => REGISTER_FIELDS.indexOf(f));
    registers.set(i, { w, style: b.style, order, ts: -1, tsText: "" });
  });
  const cells = new Array<string>(REGISTER_FIELDS.length).fill("");
  cells[11] = "KZT";
  const writeRegisterRow = (i: number, reg: NonNullable<ReturnType<typeof registers.get>>) => {
    const ts = L.ts[i]!;
    if (reg.ts !== ts) {
      reg.ts = ts;
      reg.tsText = formatLocal(ts, reg.style.dateStyle);
    }
    cells[1] = reg.tsText;
    cells[10] = formatAmount(L.amount[i]!, reg.style.thousands);
    cells[12] = reg.style.channels[CHANNELS[L.channel[i]!]!];
    reg.w.rowPicked(cells, reg.order);
  };
  for (let i = 0; i < L.length; i++) {
    const from = L.from[i]!;
    const to = L.to[i]!;
    const atm = to < 0 ? world.atms[-to - 1]! : null;
    cells[0] = world.txId(i);
    cells[2] = accText[from]!;
    cells[3] = accBic[from]!;
    cells[4] = accNameCell[from]!;
    cells[5] = accId[from]!;
    cells[6] = atm ? "" : accText[to]!;
    cells[7] = atm ? "" : accBic[to]!;
    cells[8] = atm ? "" : accNameCell[to]!;
    cells[9] = atm ? "" : accId[to]!;
    cells[13] = atm ? cashCell : purposeCell[L.purpose[i]!]!;
    cells[14] = L.knp[i] ? String(L.knp[i]) : "";
    cells[15] = atm ? atm.id : "";
    cells[16] = atm ? atm.country : "";
    const fb = world.accounts[from]!.bank;
    const tb = to >= 0 ? world.accounts[to]!.bank : -1;
    const a = registers.get(fb);
    if (a) writeRegisterRow(i, a);
    const b = tb !== fb ? registers.get(tb) : undefined;
    if (b) writeRegisterRow(i, b);
    mention(from);
    if (to >= 0) mention(to);
    if ((i & 4095) === 4095)
      for (const r of registers.values()) if (r.w.backlog > MAX_BACKLOG) await r.w.drain();
  }
  for (const { w } of registers.values()) {
    out.registerRows += w.rows - 1;
    closing.push(out.record(dir, w, "register"));
  }

  // Statements.
  const sCells = new Array<string>(STATEMENT_FIELDS.length).fill("");
  sCells[5] = "KZT";
  let inFlight: Promise<void>[] = [];
  for (const [acc, rows] of world.statementRows) {
    if (rows.length === 0) continue;
    const a = world.accounts[acc]!;
    const bank = BANKS[a.bank]!;
    if (!exporting(bank)) continue;
    const style = bank.style;
    const iban = accText[acc]!;
    const w = newWriter(path.join("statements", bank.id, `${iban}.csv`), style);
    const holder = world.holders[a.holder]!;
    const dateOnly = style.dateStyle === "iso-space" ? "iso-space" : "dmy";
    const fromTxt = formatLocal(period.from, dateOnly).slice(0, 10);
    const toTxt = formatLocal(period.to, dateOnly).slice(0, 10);
    if (style.statement.shape === "preamble-ru") {
      w.line(`Выписка по счету ${iban}`);
      if (holder.type !== "legal_entity") w.line(`Владелец счета: ${holder.name}, ИИН ${holder.id}`);
      w.line(`Период: ${fromTxt} - ${toTxt}`);
    } else if (style.statement.shape === "preamble-en") {
      w.line(`Account statement ${iban}`);
      w.line(`Period: ${fromTxt} - ${toTxt}`);
    }
    w.row(style.statement.columns.map(([, h]) => h));
    const order = style.statement.columns.map(([f]) => STATEMENT_FIELDS.indexOf(f));
    sCells[0] = iban;
    for (const i of rows) {
      const debit = L.from[i] === acc;
      const other = debit ? L.to[i]! : L.from[i]!;
      const atm = other < 0 ? world.atms[-other - 1]! : null;
      const amount = formatAmount(L.amount[i]!, style.thousands);
      sCells[1] = formatLocal(L.ts[i]!, style.dateStyle);
      sCells[2] = world.txId(i);
      sCells[3] = debit ? amount : "";
      sCells[4] = debit ? "" : amount;
      sCells[6] = atm ? "" : accNameCell[other]!;
      sCells[7] = atm ? "" : accId[other]!;
      sCells[8] = atm ? "" : accText[other]!;
      sCells[9] = atm ? "" : accBic[other]!;
      sCells[10] = atm ? cashCell : purposeCell[L.purpose[i]!]!;
      sCells[11] = L.knp[i] ? String(L.knp[i]) : "";
      sCells[12] = atm ? atm.id : "";
      sCells[13] = atm ? atm.country : "";
      w.rowPicked(sCells, order);
    }
    out.statementRows += rows.length;
    inFlight.push(out.record(dir, w, "statement"));
    if (inFlight.length >= STATEMENTS_IN_FLIGHT) {
      await Promise.all(inFlight);
      inFlight = [];
    }
  }
  closing.push(...inFlight);

  // Session logs.
  for (const [bankIdx, rows] of linkage) {
    const bank = BANKS[bankIdx]!;
    if (!exporting(bank)) continue;
    const style = bank.style;
    const w = newWriter(path.join("linkage", `${bank.id}-sessions.csv`), style);
    w.row(style.linkage.map(([, h]) => h));
    for (const r of rows) {
      const v: Record<string, string> = {
        ts: formatLocal(r.ts, style.dateStyle),
        iin: r.iin,
        card: r.card,
        account: r.account,
        phone: r.phone ? formatPhone(r.phone, style.phoneStyle) : "",
        deviceId: r.deviceId,
        ip: r.ip,
        event: r.event,
      };
      w.row(style.linkage.map(([f]) => v[f]!));
      if (r.card) out.cards.add(r.card);
      if (r.iin) out.ids.add(r.iin);
    }
    out.linkageRows += rows.length;
    closing.push(out.record(dir, w, "linkage"));
  }

  // Complaint register (the police's export: Windows-1251, Russian headers).
  const cw = newWriter(path.join("complaints", "erdr-register.csv"), { encoding: "cp1251", eol: "\r\n" });
  cw.row([
    "Номер ЕРДР",
    "Дата регистрации",
    "ИИН потерпевшего",
    "ФИО потерпевшего",
    "Счет потерпевшего",
    "Сумма ущерба",
    "Валюта",
    "Схема",
    "Время происшествия",
  ]);
  for (const c of complaints) {
    const acc = c.victimAccount;
    cw.row([
      c.caseNo,
      formatLocal(c.registeredAt, "dmy"),
      accId[acc]!,
      accName[acc]!,
      accText[acc]!,
      formatAmount(c.lossTiyn, " "),
      "KZT",
      SCHEME_TEXT[c.scheme],
      formatLocal(c.incidentAt, "dmy-hm"),
    ]);
    mention(acc);
  }
  closing.push(out.record(dir, cw, "complaints"));

  // Watch-list (the analyst's own list: UTF-8, comma-separated, English headers).
  const ww = newWriter("watchlist.csv", { encoding: "utf8", eol: "\n" }, ",");
  ww.row(["Account", "BIC", "Name", "Category"]);
  world.accounts.forEach((a, acc) => {
    if (!a.watchlist) return;
    ww.row([accText[acc]!, accBic[acc]!, accName[acc]!, a.watchlist]);
    mention(acc, false);
  });
  closing.push(out.record(dir, ww, "watchlist"));
  await Promise.all(closing);
  return out;
}
