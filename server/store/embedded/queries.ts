/**
 * Tabular reads of the embedded store: transfers for tracing, account details, complaints, the analytics projection,
 * counts and source files.
 */
import type Database from "better-sqlite3";
import type {
  IdentifierLink,
  Projection,
  ProjectionAccount,
  ProjectionComplaint,
} from "../../../model/analysis.js";
import type { TransferEdge } from "../../../model/graph.js";
import type { CompanyKind, ComplaintRecord, ExportKind, SourceFileRecord } from "../../../model/records.js";
import type { StoreStats, TransfersQuery } from "../types.js";
import { byString, bySource } from "./graph-read.js";
import { holderKind } from "../holder-kind.js";
import { prepared } from "./statements.js";

const L = "(SELECT value FROM json_each(?))";
type Row = Record<string, string | number | null>;

export const TRANSFER_COLUMNS = `t.tx_id, t.from_key, t.to_key, t.ts, t.amount, t.currency, t.amount_kzt, t.purpose,
  (SELECT group_concat(w.address, ' ') FROM transfer_wallets w WHERE w.tx_id = t.tx_id) AS wallets,
  NULL AS atm_id, NULL AS country`;
export const WITHDRAWAL_COLUMNS = `d.tx_id, d.account AS from_key, 'atm:' || d.atm_id AS to_key, d.ts, d.amount, d.currency,
  d.amount_kzt, NULL AS purpose, NULL AS wallets, d.atm_id, c.country`;

function toEdge(r: Row): TransferEdge {
  const e: TransferEdge = {
    txId: r.tx_id as string,
    from: r.from_key as string,
    to: r.to_key as string,
    ts: r.ts as number,
    amount: r.amount as number,
    currency: r.currency as string,
    amountKzt: r.amount_kzt as number,
  };
  if (r.purpose !== null) e.purpose = r.purpose as string;
  if (r.wallets !== null) e.wallets = (r.wallets as string).split(" ").sort(byString);
  if (r.atm_id !== null) e.atm = { atmId: r.atm_id as string, country: r.country as string };
  return e;
}

export const byTime = (x: TransferEdge, y: TransferEdge) => x.ts - y.ts || byString(x.txId, y.txId);

export type RawEdge = [
  string,
  string,
  string,
  number,
  number,
  string,
  number,
  string | null,
  string | null,
  string | null,
  string | null,
];

export function rawToEdge([
  txId,
  from,
  to,
  ts,
  amount,
  currency,
  amountKzt,
  purpose,
  wallets,
  atmId,
  country,
]: RawEdge): TransferEdge {
  const e: TransferEdge = { txId, from, to, ts, amount, currency, amountKzt };
  if (purpose !== null) e.purpose = purpose;
  if (wallets !== null) e.wallets = wallets.split(" ").sort(byString);
  if (atmId !== null) e.atm = { atmId, country: country! };
  return e;
}

/**
 * Transfers and withdrawals of the accounts, by (ts, txId); `after` exclusive, `until` inclusive.
 * The tracer reads whole histories of thousands of accounts with this (a triage: 250k rows): the ids come from the
 * (account, ts) indexes alone, and the rows are then read in id order, which visits the table's pages in order
 * instead of at random (a third less time than reading each row as the index lists it); rows come as arrays.
 */
export function transfers(db: Database.Database, q: TransfersQuery): TransferEdge[] {
  if (q.accounts.length === 0) return [];
  const accounts = JSON.stringify(q.accounts);
  const after = q.after ?? Number.MIN_SAFE_INTEGER;
  const until = q.until ?? Number.MAX_SAFE_INTEGER;
  const time = "ts > ? AND ts <= ?";
  const ids: string[] = [];
  const params: unknown[] = [];
  if (q.direction !== "in") {
    ids.push(`SELECT tx_id FROM transfers WHERE from_key IN ${L} AND ${time}`);
    params.push(accounts, after, until);
  }
  if (q.direction !== "out") {
    ids.push(`SELECT tx_id FROM transfers WHERE to_key IN ${L} AND ${time}`);
    params.push(accounts, after, until);
  }
  // UNION drops a transfer listed from both ends.
  const parts = [`SELECT ${TRANSFER_COLUMNS} FROM transfers t WHERE t.tx_id IN (${ids.join(" UNION ")})`];
  if (q.direction !== "in") {
    parts.push(
      `SELECT ${WITHDRAWAL_COLUMNS} FROM withdrawals d JOIN cashpoints c ON c.atm_id = d.atm_id
       WHERE d.account IN ${L} AND d.${time}`,
    );
    params.push(accounts, after, until);
  }
  const rows = prepared(db, parts.join(" UNION ALL "))
    .raw(true)
    .all(...params) as RawEdge[];
  return rows.map(rawToEdge).sort(byTime);
}

/** Transfers and withdrawals by txId, unknown ids omitted, by (ts, txId). */
export function transfersByIds(db: Database.Database, txIds: string[]): TransferEdge[] {
  if (txIds.length === 0) return [];
  const ids = JSON.stringify(txIds);
  const rows = prepared(
    db,
    `SELECT ${TRANSFER_COLUMNS} FROM transfers t WHERE t.tx_id IN ${L}
       UNION ALL SELECT ${WITHDRAWAL_COLUMNS} FROM withdrawals d JOIN cashpoints c ON c.atm_id = d.atm_id
       WHERE d.tx_id IN ${L}`,
  ).all(ids, ids) as Row[];
  return rows.map(toEdge).sort(byTime);
}

/** Distinct strings allTransfers shares between edges, at most (accounts, currencies and purposes repeat). */
const SHARED_STRINGS_MAX = 4_000_000;

/**
 * Every transfer and withdrawal, by (ts, txId). The projection reads them all, so rows come as arrays (no object per
 * row) and wallets from one pass over transfer_wallets instead of a subquery per transfer.
 */

function allTransfers(db: Database.Database): TransferEdge[] {
  const wallets = new Map<string, string[]>();
  for (const [txId, address] of db
    .prepare("SELECT tx_id, address FROM transfer_wallets ORDER BY tx_id, address")
    .raw(true)
    .iterate() as IterableIterator<[string, string]>) {
    const list = wallets.get(txId);
    if (list) list.push(address);
    else wallets.set(txId, [address]);
  }
  // Rows are read one at a time and the account keys, currencies and purposes they repeat are shared: at ten million
  // transfers an array of every row beside the edges, each with its own copies of these strings, was gigabytes
  // (docs/SCALE.md, "Embedded store").
  const shared = new Map<string, string>();
  const share = (s: string): string => {
    const known = shared.get(s);
    if (known !== undefined) return known;
    if (shared.size < SHARED_STRINGS_MAX) shared.set(s, s);
    return s;
  };
  const out: TransferEdge[] = [];
  const rows = db
    .prepare(
      `SELECT t.tx_id, t.from_key, t.to_key, t.ts, t.amount, t.currency, t.amount_kzt, t.purpose, NULL, NULL
       FROM transfers t
       UNION ALL SELECT d.tx_id, d.account, 'atm:' || d.atm_id, d.ts, d.amount, d.currency, d.amount_kzt, NULL,
         d.atm_id, c.country
       FROM withdrawals d JOIN cashpoints c ON c.atm_id = d.atm_id`,
    )
    .raw(true)
    .iterate() as IterableIterator<
    [string, string, string, number, number, string, number, string | null, string | null, string | null]
  >;
  for (const [txId, from, to, ts, amount, currency, amountKzt, purpose, atmId, country] of rows) {
    const e: TransferEdge = {
      txId,
      from: share(from),
      to: share(to),
      ts,
      amount,
      currency: share(currency),
      amountKzt,
    };
    if (purpose !== null) e.purpose = share(purpose);
    const w = wallets.get(txId);
    if (w) e.wallets = w.sort(byString);
    if (atmId !== null) e.atm = { atmId, country: country! };
    out.push(e);
  }
  return out.sort(byTime);
}

const ACCOUNT_SELECT = `SELECT a.key, a.iban, a.bank, a.account_kind, a.watchlist, a.holder_id, a.holder_name,
  a.opened_at, c.company_kind FROM accounts a LEFT JOIN companies c ON c.bin = a.holder_id`;

function toProjectionAccount(r: Row): ProjectionAccount {
  const p: ProjectionAccount = { key: r.key as string };
  if (r.iban !== null) p.iban = r.iban as string;
  if (r.bank !== null) p.bank = r.bank as string;
  if (r.account_kind !== null) p.accountKind = r.account_kind as ProjectionAccount["accountKind"];
  if (r.watchlist !== null) p.watchlist = r.watchlist as ProjectionAccount["watchlist"];
  if (r.holder_id !== null) p.holderId = r.holder_id as string;
  if (r.holder_name !== null) p.holderName = r.holder_name as string;
  const kind = holderKind(p.holderId, p.holderName, (r.company_kind as CompanyKind | null) ?? undefined);
  if (kind) p.holderKind = kind;
  if (r.opened_at !== null) p.openedAt = r.opened_at as number;
  return p;
}

const byKey = (x: { key: string }, y: { key: string }) => byString(x.key, y.key);

/** The accounts' details, by key; unknown keys omitted. */
export function accounts(db: Database.Database, keys: string[]): ProjectionAccount[] {
  if (keys.length === 0) return [];
  const rows = prepared(db, `${ACCOUNT_SELECT} WHERE a.key IN ${L}`).all(JSON.stringify(keys)) as Row[];
  return rows.map(toProjectionAccount).sort(byKey);
}

function toComplaint(db: Database.Database, r: Row): ComplaintRecord {
  const c: ComplaintRecord = {
    kind: "complaint",
    caseNo: r.case_no as string,
    registeredAt: r.registered_at as number,
    victimAccount: r.victim_account as string,
    loss: r.loss as number,
    currency: r.currency as string,
    lossKzt: r.loss_kzt as number,
    sources: [],
  };
  if (r.incident_at !== null) c.incidentAt = r.incident_at as number;
  if (r.victim_iin !== null) c.victimIin = r.victim_iin as string;
  if (r.victim_name !== null) c.victimName = r.victim_name as string;
  if (r.scheme !== null) c.scheme = r.scheme as string;
  c.sources = (
    prepared(
      db,
      "SELECT f.sha256 AS file, s.line FROM node_sources s JOIN files f ON f.id = s.file WHERE s.node = ?",
    ).all(`complaint:${c.caseNo}`) as { file: string; line: number }[]
  ).sort(bySource);
  return c;
}

export function complaint(db: Database.Database, caseNo: string): ComplaintRecord | null {
  const r = prepared(db, "SELECT * FROM complaints WHERE case_no = ?").get(caseNo) as Row | undefined;
  return r ? toComplaint(db, r) : null;
}

/** Complaints by (registeredAt, caseNo), all when no limit. */
export function complaints(db: Database.Database, limit?: number): ComplaintRecord[] {
  const rows = prepared(db, "SELECT * FROM complaints ORDER BY registered_at, case_no LIMIT ?").all(
    limit ?? -1,
  ) as Row[];
  return rows.map((r) => toComplaint(db, r));
}

/**
 * Links between accounts and the identifiers they share (model/analysis.ts): phones/devices/IPs used by the account,
 * by its cards, or by its owners (OWNS or holderId, and controllers of an owning company); its cards; its owner ids.
 * Only values linked to at least two accounts are kept.
 */
function identifierLinks(db: Database.Database): IdentifierLink[] {
  const links = new Map<string, Map<string, Set<string>>>();
  const add = (type: IdentifierLink["type"], value: string, account: string) => {
    let byValue = links.get(type);
    if (!byValue) links.set(type, (byValue = new Map()));
    let accounts = byValue.get(value);
    if (!accounts) byValue.set(value, (accounts = new Set()));
    accounts.add(account);
  };
  const push = (map: Map<string, string[]>, k: string, v: string) => {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  };

  // Owners of each account, and accounts of each owner id.
  const ownerAccounts = new Map<string, string[]>();
  for (const r of prepared(
    db,
    `SELECT owner_id AS owner, account FROM ownership
       UNION SELECT holder_id AS owner, key AS account FROM accounts WHERE holder_id IS NOT NULL`,
  ).all() as { owner: string; account: string }[]) {
    push(ownerAccounts, r.owner, r.account);
    add("owner", r.owner, r.account);
  }
  // A person reaches the accounts they own and those of companies they control.
  const personAccounts = (iin: string): string[] => {
    const out = [...(ownerAccounts.get(iin) ?? [])];
    for (const { bin } of controlled.get(iin) ?? []) out.push(...(ownerAccounts.get(bin) ?? []));
    return out;
  };
  const controlled = new Map<string, { bin: string }[]>();
  for (const r of prepared(db, "SELECT iin, bin FROM control").all() as { iin: string; bin: string }[]) {
    const list = controlled.get(r.iin);
    if (list) list.push(r);
    else controlled.set(r.iin, [r]);
  }
  const cardAccounts = new Map<string, string[]>();
  for (const r of prepared(db, "SELECT card_id, account FROM card_accounts").all() as {
    card_id: string;
    account: string;
  }[]) {
    push(cardAccounts, r.card_id, r.account);
    add("card", r.card_id, r.account);
  }
  // Iterated, not read whole: at ten million transfers there are millions of usages.
  for (const [subjectType, subject, idType, identifier] of db
    .prepare("SELECT DISTINCT subject_type, subject, id_type, identifier FROM usages")
    .raw(true)
    .iterate() as IterableIterator<[string, string, "phone" | "device" | "ip", string]>) {
    const reached =
      subjectType === "account"
        ? [subject]
        : subjectType === "card"
          ? (cardAccounts.get(subject) ?? [])
          : personAccounts(subject);
    for (const account of reached) add(idType, identifier, account);
  }

  const out: IdentifierLink[] = [];
  for (const type of [...links.keys()].sort(byString)) {
    const byValue = links.get(type)!;
    for (const value of [...byValue.keys()].sort(byString)) {
      const accounts = byValue.get(value)!;
      if (accounts.size < 2) continue;
      for (const account of [...accounts].sort(byString))
        out.push({ account, type: type as IdentifierLink["type"], value });
    }
  }
  return out;
}

/** Everything analytics need: accounts, transfers and withdrawals, shared identifiers, complaints. */
export function projection(db: Database.Database): Projection {
  const accountRows = prepared(db, ACCOUNT_SELECT).all() as Row[];
  const complaintRows = prepared(
    db,
    "SELECT case_no, victim_account, registered_at, incident_at, loss_kzt FROM complaints",
  ).all() as Row[];
  const complaintList: ProjectionComplaint[] = complaintRows
    .map((r) => {
      const c: ProjectionComplaint = {
        caseNo: r.case_no as string,
        victimAccount: r.victim_account as string,
        registeredAt: r.registered_at as number,
        lossKzt: r.loss_kzt as number,
      };
      if (r.incident_at !== null) c.incidentAt = r.incident_at as number;
      return c;
    })
    .sort((x, y) => x.registeredAt - y.registeredAt || byString(x.caseNo, y.caseNo));
  return {
    accounts: accountRows.map(toProjectionAccount).sort(byKey),
    transfers: allTransfers(db),
    identifiers: identifierLinks(db),
    complaints: complaintList,
  };
}

export function stats(db: Database.Database): StoreStats {
  const count = (sql: string) => (prepared(db, sql).get() as { n: number }).n;
  const range = (prepared(db, "SELECT first, last FROM transfer_range WHERE id = 1").get() as
    { first: number; last: number } | undefined) ?? { first: null, last: null };
  return {
    accounts: count("SELECT count(*) AS n FROM accounts"),
    persons: count("SELECT count(*) AS n FROM persons"),
    companies: count("SELECT count(*) AS n FROM companies"),
    cards: count("SELECT count(*) AS n FROM cards"),
    phones: count("SELECT count(*) AS n FROM identifiers WHERE type = 'phone'"),
    devices: count("SELECT count(*) AS n FROM identifiers WHERE type = 'device'"),
    ips: count("SELECT count(*) AS n FROM identifiers WHERE type = 'ip'"),
    wallets: count("SELECT count(*) AS n FROM wallets"),
    transfers: count("SELECT count(*) AS n FROM transfers"),
    withdrawals: count("SELECT count(*) AS n FROM withdrawals"),
    complaints: count("SELECT count(*) AS n FROM complaints"),
    // One link per pair, as the Neo4j store's relationships are: usages keeps every event, so its pairs are counted
    // (the prefix of its unique index, scanned in order).
    links: count(
      `SELECT (SELECT count(*) FROM ownership) + (SELECT count(*) FROM control) + (SELECT count(*) FROM card_accounts)
        + (SELECT count(*) FROM (SELECT 1 FROM usages GROUP BY subject_type, subject, id_type, identifier)) AS n`,
    ),
    transferSources: count("SELECT count(*) AS n FROM transfer_sources"),
    firstTransferAt: range.first,
    lastTransferAt: range.last,
  };
}

/** Source files by name (then hash), all or those with the given hashes. */
export function sourceFiles(db: Database.Database, sha256s?: string[]): Omit<SourceFileRecord, "kind">[] {
  const rows = (
    sha256s
      ? prepared(db, `SELECT * FROM source_files WHERE sha256 IN ${L}`).all(JSON.stringify(sha256s))
      : prepared(db, "SELECT * FROM source_files").all()
  ) as Row[];
  return rows
    .map((r) => ({
      sha256: r.sha256 as string,
      name: r.name as string,
      bytes: r.bytes as number,
      exportKind: r.export_kind as ExportKind,
      rowsRead: r.rows_read as number,
    }))
    .sort((x, y) => byString(x.name, y.name) || byString(x.sha256, y.sha256));
}
