/**
 * Writes the case's export files in the banks' own styles (see banks.ts): one transfer register per Kazakh bank
 * (every transfer with that bank on either side, so interbank transfers appear twice), one statement per selected
 * account, one session log per bank, the police complaint register and the analyst's watch-list.
 * Everything is written in a fixed order, so the same world gives byte-identical files.
 */
import path from "node:path";
import { formatLocal } from "./almaty-time.js";
import { BANKS, type Bank, type ExportStyle, type RegisterField } from "./banks.js";
import { CsvWriter, formatAmount } from "./csv-writer.js";
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

  constructor(accounts: number) {
    this.seenAccounts = new Uint8Array(accounts);
  }

  record(root: string, w: CsvWriter, kind: TruthFile["kind"]): void {
    w.close();
    this.files.push({
      name: path.relative(root, w.file).split(path.sep).join("/"),
      kind,
      encoding: w.encoding,
      rows: w.rows,
      bytes: w.bytes,
    });
  }
}

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

const exporting = (b: Bank): b is Bank & { style: ExportStyle } => b.style !== undefined;

/** Write every export file under `dir`. */
export function writeExports(
  world: World,
  dir: string,
  linkage: Map<number, LinkageRow[]>,
  complaints: ComplaintOut[],
  period: { from: number; to: number },
): ExportLedger {
  const out = new ExportLedger(world.accounts.length);
  const accText = world.accounts.map((a) => a.iban ?? a.number!);
  const accBic = world.accounts.map((a) => BANKS[a.bank]!.bic);
  const accName = world.accounts.map((a) => world.holders[a.holder]!.name);
  const accId = world.accounts.map((a) => world.holders[a.holder]!.id);
  /** The files name this account (and, when `withId`, print its holder's IIN/BIN). */
  const mention = (acc: number, withId = true) => {
    out.seenAccounts[acc] = 1;
    if (withId && accId[acc]) {
      out.ids.add(accId[acc]!);
      if (world.holders[world.accounts[acc]!.holder]!.type === "sole_proprietor")
        out.soleProprietors.add(accId[acc]!);
    }
  };
  const L = world.ledger;

  // Registers.
  const registers = new Map<number, { w: CsvWriter; style: ExportStyle }>();
  BANKS.forEach((b, i) => {
    if (!exporting(b)) return;
    const w = new CsvWriter(
      path.join(dir, "registers", `${b.id}-register.csv`),
      b.style.encoding,
      b.style.eol,
      b.style.delimiter,
    );
    if (b.style.register.title)
      w.line(
        `${b.style.register.title} за период ${formatLocal(period.from, "dmy")} - ${formatLocal(period.to, "dmy")}`,
      );
    w.row(b.style.register.columns.map(([, h]) => h));
    registers.set(i, { w, style: b.style });
  });
  // Each row's style-independent cells are built once (in REGISTER_FIELDS order), then each register picks its
  // columns; time, amount and channel depend on the bank's style.
  const base = new Array<string>(REGISTER_FIELDS.length);
  const pick = new Map<ExportStyle, number[]>();
  const times = new Map<ExportStyle, { ts: number; text: string }>();
  for (const { style } of registers.values()) {
    pick.set(
      style,
      style.register.columns.map(([f]) => REGISTER_FIELDS.indexOf(f)),
    );
    times.set(style, { ts: -1, text: "" });
  }
  const TS = REGISTER_FIELDS.indexOf("ts");
  const AMOUNT = REGISTER_FIELDS.indexOf("amount");
  const CHANNEL = REGISTER_FIELDS.indexOf("channel");
  const registerRow = (i: number, style: ExportStyle): string[] => {
    const ts = L.ts[i]!;
    const last = times.get(style)!;
    if (last.ts !== ts) {
      last.ts = ts;
      last.text = formatLocal(ts, style.dateStyle);
    }
    base[TS] = last.text;
    base[AMOUNT] = formatAmount(L.amount[i]!, style.thousands);
    base[CHANNEL] = style.channels[CHANNELS[L.channel[i]!]!];
    return pick.get(style)!.map((k) => base[k]!);
  };
  for (let i = 0; i < L.length; i++) {
    const from = L.from[i]!;
    const to = L.to[i]!;
    const atm = to < 0 ? world.atms[-to - 1]! : null;
    // Same order as REGISTER_FIELDS.
    base[0] = world.txId(i);
    base[2] = accText[from]!;
    base[3] = accBic[from]!;
    base[4] = accName[from]!;
    base[5] = accId[from]!;
    base[6] = atm ? "" : accText[to]!;
    base[7] = atm ? "" : accBic[to]!;
    base[8] = atm ? "" : accName[to]!;
    base[9] = atm ? "" : accId[to]!;
    base[11] = "KZT";
    base[13] = atm ? "Снятие наличных" : world.purposes[L.purpose[i]!]!;
    base[14] = L.knp[i] ? String(L.knp[i]) : "";
    base[15] = atm ? atm.id : "";
    base[16] = atm ? atm.country : "";
    const fb = world.accounts[from]!.bank;
    const tb = to >= 0 ? world.accounts[to]!.bank : -1;
    const a = registers.get(fb);
    if (a) a.w.row(registerRow(i, a.style));
    const b = tb !== fb ? registers.get(tb) : undefined;
    if (b) b.w.row(registerRow(i, b.style));
    mention(from);
    if (to >= 0) mention(to);
  }
  for (const { w } of registers.values()) {
    out.registerRows += w.rows - 1;
    out.record(dir, w, "register");
  }

  // Statements.
  for (const [acc, rows] of world.statementRows) {
    if (rows.length === 0) continue;
    const a = world.accounts[acc]!;
    const bank = BANKS[a.bank]!;
    if (!exporting(bank)) continue;
    const style = bank.style;
    const iban = accText[acc]!;
    const w = new CsvWriter(
      path.join(dir, "statements", bank.id, `${iban}.csv`),
      style.encoding,
      style.eol,
      style.delimiter,
    );
    const holder = world.holders[a.holder]!;
    const fromTxt = formatLocal(period.from, style.dateStyle === "iso-space" ? "iso-space" : "dmy").slice(
      0,
      10,
    );
    const toTxt = formatLocal(period.to, style.dateStyle === "iso-space" ? "iso-space" : "dmy").slice(0, 10);
    if (style.statement.shape === "preamble-ru") {
      w.line(`Выписка по счету ${iban}`);
      if (holder.type !== "legal_entity") w.line(`Владелец счета: ${holder.name}, ИИН ${holder.id}`);
      w.line(`Период: ${fromTxt} - ${toTxt}`);
    } else if (style.statement.shape === "preamble-en") {
      w.line(`Account statement ${iban}`);
      w.line(`Period: ${fromTxt} - ${toTxt}`);
    }
    w.row(style.statement.columns.map(([, h]) => h));
    for (const i of rows) {
      const debit = L.from[i] === acc;
      const other = debit ? L.to[i]! : L.from[i]!;
      const atm = other < 0 ? world.atms[-other - 1]! : null;
      const amount = formatAmount(L.amount[i]!, style.thousands);
      const v: Record<string, string> = {
        account: iban,
        ts: formatLocal(L.ts[i]!, style.dateStyle),
        txId: world.txId(i),
        debit: debit ? amount : "",
        credit: debit ? "" : amount,
        currency: "KZT",
        counterpartyName: atm ? "" : accName[other]!,
        counterpartyId: atm ? "" : accId[other]!,
        counterpartyAccount: atm ? "" : accText[other]!,
        counterpartyBank: atm ? "" : accBic[other]!,
        purpose: atm ? "Снятие наличных" : world.purposes[L.purpose[i]!]!,
        knp: L.knp[i] ? String(L.knp[i]) : "",
        atmId: atm ? atm.id : "",
        country: atm ? atm.country : "",
      };
      w.row(style.statement.columns.map(([f]) => v[f]!));
    }
    out.statementRows += rows.length;
    out.record(dir, w, "statement");
  }

  // Session logs.
  for (const [bankIdx, rows] of linkage) {
    const bank = BANKS[bankIdx]!;
    if (!exporting(bank)) continue;
    const style = bank.style;
    const w = new CsvWriter(
      path.join(dir, "linkage", `${bank.id}-sessions.csv`),
      style.encoding,
      style.eol,
      style.delimiter,
    );
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
    out.record(dir, w, "linkage");
  }

  // Complaint register (the police's export: Windows-1251, Russian headers).
  const cw = new CsvWriter(path.join(dir, "complaints", "erdr-register.csv"), "cp1251", "\r\n", ";");
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
  out.record(dir, cw, "complaints");

  // Watch-list (the analyst's own list: UTF-8, comma-separated, English headers).
  const ww = new CsvWriter(path.join(dir, "watchlist.csv"), "utf8", "\n", ",");
  ww.row(["Account", "BIC", "Name", "Category"]);
  world.accounts.forEach((a, acc) => {
    if (!a.watchlist) return;
    ww.row([accText[acc]!, accBic[acc]!, accName[acc]!, a.watchlist]);
    mention(acc, false);
  });
  out.record(dir, ww, "watchlist");
  return out;
}
