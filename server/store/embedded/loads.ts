/**
 * Load records in the embedded store (server/store/ports/loads.ts LoadRecord): begin, finish, list, and roll back a load by
 * removing every record whose only sources are the load's fresh files. docs/MODEL.md § Loads.
 */
import type Database from "better-sqlite3";
import {
  assertRollbackAllowed,
  isIncomplete,
  LoadNotFoundError,
  resumedLoads,
  withLiveness,
} from "../loads.js";
import type { LoadOwner, LoadRecord, LoadRollback, LoadStart, LoadStatus } from "../types.js";
import { prepared } from "./statements.js";
import { DATA_GENERATION_KEY } from "./write.js";
import { withSearchQueueTriggers } from "./search-schema.js";

type Row = Record<string, string | number | null>;

/** Store a new load as running (its own transaction: committed before any of its data). */
export function beginLoad(db: Database.Database, load: LoadStart, owner: LoadOwner, now = Date.now()): void {
  prepared(
    db,
    `INSERT INTO loads (id, status, by_user, origin, inputs, started_at, owner) VALUES (?, 'running', ?, ?, ?, ?, ?)`,
  ).run(load.id, load.by, load.origin, JSON.stringify(load.inputs), now, JSON.stringify(owner));
}

/**
 * Record the end of a load (run inside the transaction of its last data, write.ts endBulk). A complete load also
 * completes the interrupted or failed loads it resumed.
 */
export function finishLoad(
  db: Database.Database,
  id: string,
  end: {
    status: Exclude<LoadStatus, "running" | "rolled_back">;
    records: number;
    batches: number;
    error?: string;
  },
  now = Date.now(),
): void {
  prepared(
    db,
    "UPDATE loads SET status = ?, finished_at = ?, records = ?, batches = ?, error = ? WHERE id = ?",
  ).run(end.status, now, end.records, end.batches, end.error ?? null, id);
  if (end.status !== "complete") return;
  const done = getLoad(db, id);
  if (!done) return;
  const resume = prepared(
    db,
    "UPDATE loads SET status = 'complete', resumed_by = ?, finished_at = coalesce(finished_at, ?) WHERE id = ?",
  );
  for (const l of resumedLoads(done, listLoads(db, { incomplete: true }))) resume.run(id, now, l.id);
}

/** Mark a running load failed in a transaction of its own (its last commit failed). */
export function failLoad(db: Database.Database, id: string, error: string, now = Date.now()): void {
  prepared(
    db,
    "UPDATE loads SET status = 'failed', finished_at = ?, error = ? WHERE id = ? AND status = 'running'",
  ).run(now, error, id);
}

function toLoad(r: Row, files: LoadRecord["files"]): LoadRecord {
  const load: LoadRecord = {
    id: r.id as string,
    by: r.by_user as string,
    origin: r.origin as string,
    inputs: JSON.parse(r.inputs as string) as LoadRecord["inputs"],
    status: r.status as LoadStatus,
    startedAt: r.started_at as number,
    owner: JSON.parse(r.owner as string) as LoadOwner,
    records: r.records as number,
    batches: r.batches as number,
    files,
  };
  if (r.finished_at !== null) load.finishedAt = r.finished_at as number;
  if (r.error !== null) load.error = r.error as string;
  if (r.resumed_by !== null) load.resumedBy = r.resumed_by as string;
  return withLiveness(load);
}

function filesOf(db: Database.Database, id: string): LoadRecord["files"] {
  const rows = prepared(
    db,
    `SELECT lf.sha256, lf.fresh, sf.name FROM load_files lf LEFT JOIN source_files sf ON sf.sha256 = lf.sha256
     WHERE lf.load_id = ? ORDER BY lf.sha256`,
  ).all(id) as Row[];
  return rows.map((f) => ({
    sha256: f.sha256 as string,
    fresh: f.fresh === 1,
    ...(f.name !== null ? { name: f.name as string } : {}),
  }));
}

/**
 * A database opened read-only from before loads were recorded has no loads table (nothing migrates it): it has no
 * load records, so none are incomplete.
 */
function hasLoads(db: Database.Database): boolean {
  return (
    prepared(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'loads'").get() !== undefined
  );
}

export function getLoad(db: Database.Database, id: string): LoadRecord | null {
  if (!hasLoads(db)) return null;
  const r = prepared(db, "SELECT * FROM loads WHERE id = ?").get(id) as Row | undefined;
  return r ? toLoad(r, filesOf(db, id)) : null;
}

/** Loads newest first (startedAt desc, then id). */
export function listLoads(
  db: Database.Database,
  opts: { incomplete?: boolean; limit?: number } = {},
): LoadRecord[] {
  if (!hasLoads(db)) return [];
  const where = opts.incomplete ? "WHERE status IN ('running', 'failed')" : "";
  const rows = prepared(db, `SELECT * FROM loads ${where} ORDER BY started_at DESC, id LIMIT ?`).all(
    opts.limit ?? -1,
  ) as Row[];
  const all = rows.map((r) => toLoad(r, filesOf(db, r.id as string)));
  return opts.incomplete ? all.filter(isIncomplete) : all;
}

/** Removals of one rollback, in order; `rb_file` holds the interned ids of the files rolled back. */
const ROLLBACK_SQL = {
  // Provenance first: what loses its last source goes.
  txTouched: `INSERT INTO rb_key (k) SELECT DISTINCT tx_id FROM transfer_sources WHERE file IN (SELECT id FROM rb_file)`,
  txSources: "DELETE FROM transfer_sources WHERE file IN (SELECT id FROM rb_file)",
  txWallets: `DELETE FROM transfer_wallets WHERE tx_id IN (SELECT k FROM rb_key)
    AND NOT EXISTS (SELECT 1 FROM transfer_sources s WHERE s.tx_id = transfer_wallets.tx_id)`,
  transfers: `DELETE FROM transfers WHERE tx_id IN (SELECT k FROM rb_key)
    AND NOT EXISTS (SELECT 1 FROM transfer_sources s WHERE s.tx_id = transfers.tx_id)`,
  wdTouched: `INSERT INTO rb_key (k) SELECT DISTINCT tx_id FROM withdrawal_sources WHERE file IN (SELECT id FROM rb_file)`,
  wdSources: "DELETE FROM withdrawal_sources WHERE file IN (SELECT id FROM rb_file)",
  withdrawals: `DELETE FROM withdrawals WHERE tx_id IN (SELECT k FROM rb_key)
    AND NOT EXISTS (SELECT 1 FROM withdrawal_sources s WHERE s.tx_id = withdrawals.tx_id)`,
  usageTouched: `INSERT INTO rb_key (k) SELECT DISTINCT usage_id FROM usage_sources WHERE file IN (SELECT id FROM rb_file)`,
  usageSources: "DELETE FROM usage_sources WHERE file IN (SELECT id FROM rb_file)",
  usages: `DELETE FROM usages WHERE id IN (SELECT k FROM rb_key)
    AND NOT EXISTS (SELECT 1 FROM usage_sources s WHERE s.usage_id = usages.id)`,
  edgeTouched: `INSERT INTO rb_key (k) SELECT DISTINCT edge FROM edge_sources WHERE file IN (SELECT id FROM rb_file)`,
  edgeSources: "DELETE FROM edge_sources WHERE file IN (SELECT id FROM rb_file)",
  edgeKept: "DELETE FROM rb_key WHERE EXISTS (SELECT 1 FROM edge_sources s WHERE s.edge = rb_key.k)",
  ownership: `DELETE FROM ownership
    WHERE 'OWNS:' || owner_type || ':' || owner_id || '->account:' || account IN (SELECT k FROM rb_key)`,
  control:
    "DELETE FROM control WHERE 'CONTROLS:person:' || iin || '->company:' || bin IN (SELECT k FROM rb_key)",
  cardAccounts: `DELETE FROM card_accounts
    WHERE 'ISSUED_ON:card:' || card_id || '->account:' || account IN (SELECT k FROM rb_key)`,
  nodeTouched: `INSERT INTO rb_key (k) SELECT DISTINCT node FROM node_sources WHERE file IN (SELECT id FROM rb_file)`,
  nodeSources: "DELETE FROM node_sources WHERE file IN (SELECT id FROM rb_file)",
  nodeKept: "DELETE FROM rb_key WHERE EXISTS (SELECT 1 FROM node_sources s WHERE s.node = rb_key.k)",
  complaints: "DELETE FROM complaints WHERE 'complaint:' || case_no IN (SELECT k FROM rb_key)",
  // A node that lost its own records but is still named by others goes back to what those others say: nothing.
  accountFields: `UPDATE accounts SET iban = NULL, number = NULL, bank = NULL, currency = NULL, account_kind = NULL,
    holder_id = NULL, holder_name = NULL, holder_fold = NULL, opened_at = NULL, watchlist = NULL
    WHERE 'account:' || key IN (SELECT k FROM rb_key)`,
  personFields:
    "UPDATE persons SET name = NULL, name_fold = NULL WHERE 'person:' || iin IN (SELECT k FROM rb_key)",
  companyFields: `UPDATE companies SET name = NULL, name_fold = NULL, company_kind = NULL
    WHERE 'company:' || bin IN (SELECT k FROM rb_key)`,
  cardFields: "UPDATE cards SET holder_iin = NULL WHERE 'card:' || card_id IN (SELECT k FROM rb_key)",
  // Nodes that nothing holds any more (no record of their own, named by no relationship).
  accounts: `DELETE FROM accounts WHERE NOT EXISTS (SELECT 1 FROM node_sources s WHERE s.node = 'account:' || accounts.key)
    AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.from_key = accounts.key)
    AND NOT EXISTS (SELECT 1 FROM transfers t WHERE t.to_key = accounts.key)
    AND NOT EXISTS (SELECT 1 FROM withdrawals w WHERE w.account = accounts.key)
    AND NOT EXISTS (SELECT 1 FROM ownership o WHERE o.account = accounts.key)
    AND NOT EXISTS (SELECT 1 FROM card_accounts c WHERE c.account = accounts.key)
    AND NOT EXISTS (SELECT 1 FROM complaints c WHERE c.victim_account = accounts.key)
    AND NOT EXISTS (SELECT 1 FROM usages u WHERE u.subject_type = 'account' AND u.subject = accounts.key)`,
  persons: `DELETE FROM persons WHERE NOT EXISTS (SELECT 1 FROM node_sources s WHERE s.node = 'person:' || persons.iin)
    AND NOT EXISTS (SELECT 1 FROM ownership o WHERE o.owner_type = 'person' AND o.owner_id = persons.iin)
    AND NOT EXISTS (SELECT 1 FROM control c WHERE c.iin = persons.iin)
    AND NOT EXISTS (SELECT 1 FROM usages u WHERE u.subject_type = 'person' AND u.subject = persons.iin)`,
  companies: `DELETE FROM companies
    WHERE NOT EXISTS (SELECT 1 FROM node_sources s WHERE s.node = 'company:' || companies.bin)
    AND NOT EXISTS (SELECT 1 FROM ownership o WHERE o.owner_type = 'company' AND o.owner_id = companies.bin)
    AND NOT EXISTS (SELECT 1 FROM control c WHERE c.bin = companies.bin)`,
  cards: `DELETE FROM cards WHERE NOT EXISTS (SELECT 1 FROM node_sources s WHERE s.node = 'card:' || cards.card_id)
    AND NOT EXISTS (SELECT 1 FROM card_accounts c WHERE c.card_id = cards.card_id)
    AND NOT EXISTS (SELECT 1 FROM usages u WHERE u.subject_type = 'card' AND u.subject = cards.card_id)`,
  identifiers: `DELETE FROM identifiers WHERE NOT EXISTS
    (SELECT 1 FROM usages u WHERE u.id_type = identifiers.type AND u.identifier = identifiers.value)`,
  wallets: `DELETE FROM wallets WHERE NOT EXISTS
    (SELECT 1 FROM transfer_wallets w WHERE w.address = wallets.address)`,
  cashpoints: `DELETE FROM cashpoints WHERE NOT EXISTS
    (SELECT 1 FROM withdrawals w WHERE w.atm_id = cashpoints.atm_id)`,
  rangeClear: "DELETE FROM transfer_range",
  range: `INSERT INTO transfer_range (id, first, last) SELECT 1, min(ts), max(ts) FROM transfers
    HAVING count(*) > 0`,
  sourceFiles: `DELETE FROM source_files WHERE sha256 IN (SELECT f.sha256 FROM files f JOIN rb_file r ON r.id = f.id)`,
  files: "DELETE FROM files WHERE id IN (SELECT id FROM rb_file)",
} as const;

/** Which keys each step's "touched" set is for: the set is emptied before each group. */
const GROUPS: (keyof typeof ROLLBACK_SQL)[][] = [
  ["txTouched", "txSources", "txWallets", "transfers"],
  ["wdTouched", "wdSources", "withdrawals"],
  ["usageTouched", "usageSources", "usages"],
  ["edgeTouched", "edgeSources", "edgeKept", "ownership", "control", "cardAccounts"],
  [
    "nodeTouched",
    "nodeSources",
    "nodeKept",
    "complaints",
    "accountFields",
    "personFields",
    "companyFields",
    "cardFields",
  ],
  [
    "accounts",
    "persons",
    "companies",
    "cards",
    "identifiers",
    "wallets",
    "cashpoints",
    "rangeClear",
    "range",
  ],
  ["sourceFiles", "files"],
];

/**
 * Roll a load back in one transaction: the files it brought (fresh in it, read by no complete load) lose every source,
 * records left with none are deleted, and so are nodes nothing names any more; the load becomes rolled_back. Bumps
 * the data generation, so every writer drops its memo of stored keys (write.ts).
 * @throws LoadNotFoundError, LoadStateError
 */
export function rollbackLoad(
  db: Database.Database,
  id: string,
  opts: { force?: boolean } = {},
): LoadRollback {
  return db
    .transaction((): LoadRollback => {
      const load = getLoad(db, id);
      if (!load) throw new LoadNotFoundError(`store/embedded: no load "${id}"`);
      assertRollbackAllowed(load, opts.force === true);
      const files = (
        prepared(
          db,
          `SELECT lf.sha256 FROM load_files lf WHERE lf.load_id = ? AND lf.fresh = 1 AND NOT EXISTS (
             SELECT 1 FROM load_files o JOIN loads l ON l.id = o.load_id
             WHERE o.sha256 = lf.sha256 AND l.status = 'complete')
           ORDER BY lf.sha256`,
        ).all(id) as { sha256: string }[]
      ).map((r) => r.sha256);
      const count = (table: string) =>
        (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const before = {
        transfers: count("transfers"),
        withdrawals: count("withdrawals"),
        accounts: count("accounts"),
      };
      const all = [
        "transfers",
        "withdrawals",
        "accounts",
        "persons",
        "companies",
        "cards",
        "usages",
        "complaints",
      ];
      const recordsBefore = all.reduce((sum, t) => sum + count(t), 0);
      db.exec(
        "CREATE TEMP TABLE IF NOT EXISTS rb_file (id INTEGER PRIMARY KEY); " +
          "CREATE TEMP TABLE IF NOT EXISTS rb_key (k PRIMARY KEY) WITHOUT ROWID; DELETE FROM rb_file;",
      );
      const addFile = db.prepare("INSERT INTO rb_file (id) SELECT id FROM files WHERE sha256 = ?");
      for (const sha of files) addFile.run(sha);
      // The nodes removed or emptied leave the search index in the same transaction (search-schema.ts).
      withSearchQueueTriggers(db, () => {
        for (const group of GROUPS) {
          db.exec("DELETE FROM rb_key");
          for (const step of group) db.exec(ROLLBACK_SQL[step]);
        }
      });
      db.exec("DELETE FROM rb_key; DELETE FROM rb_file;");
      prepared(db, "UPDATE loads SET status = 'rolled_back', finished_at = ? WHERE id = ?").run(
        Date.now(),
        id,
      );
      prepared(
        db,
        `INSERT INTO meta (key, value) VALUES (?, '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
      ).run(DATA_GENERATION_KEY);
      const after = {
        transfers: count("transfers"),
        withdrawals: count("withdrawals"),
        accounts: count("accounts"),
      };
      return {
        load: id,
        files,
        removed: {
          transfers: before.transfers - after.transfers,
          withdrawals: before.withdrawals - after.withdrawals,
          accounts: before.accounts - after.accounts,
          records: recordsBefore - all.reduce((sum, t) => sum + count(t), 0),
        },
      };
    })
    .immediate();
}
