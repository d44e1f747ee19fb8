/**
 * The embedded store's SQLite schema. Every statement is idempotent (IF NOT EXISTS), so it runs on every open.
 *
 * Layout: one table per node type and per relationship, provenance in *_sources tables keyed by an interned file id
 * (files.id ↔ SHA-256), and indexes for every search and for transfers by (from, ts) and (to, ts).
 * Relationships that aggregate (USED, PAID_TO_WALLET) are not stored as such: they are grouped at read time from
 * usages and transfer_wallets, so writing the same record twice can never double-count.
 */
import type Database from "better-sqlite3";
import { CASEWORK_DDL } from "./casework.js";
import { applySearchSchema } from "./search-schema.js";

/**
 * Bumped when a table changes shape; stored in meta.schema_version. Version 2 added the typologies columns of
 * analysis_accounts and analysis_clusters (migrateSchema adds them to a version 1 file).
 */
export const SCHEMA_VERSION = 2;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS source_files (
  sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, bytes INTEGER NOT NULL, export_kind TEXT NOT NULL,
  rows_read INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS source_files_name ON source_files (name);

CREATE TABLE IF NOT EXISTS accounts (
  key TEXT PRIMARY KEY, iban TEXT, number TEXT, bank TEXT, currency TEXT, account_kind TEXT, holder_id TEXT,
  holder_name TEXT, holder_fold TEXT, opened_at INTEGER, watchlist TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS accounts_iban ON accounts (iban) WHERE iban IS NOT NULL;
CREATE INDEX IF NOT EXISTS accounts_number ON accounts (number) WHERE number IS NOT NULL;
CREATE INDEX IF NOT EXISTS accounts_holder_id ON accounts (holder_id) WHERE holder_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS accounts_holder_fold ON accounts (holder_fold) WHERE holder_fold IS NOT NULL;

CREATE TABLE IF NOT EXISTS persons (iin TEXT PRIMARY KEY, name TEXT, name_fold TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS persons_name_fold ON persons (name_fold) WHERE name_fold IS NOT NULL;
CREATE TABLE IF NOT EXISTS companies (
  bin TEXT PRIMARY KEY, name TEXT, name_fold TEXT, company_kind TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS companies_name_fold ON companies (name_fold) WHERE name_fold IS NOT NULL;

-- Sources of nodes that have records of their own (account, person, company, card, complaint), by node id.
CREATE TABLE IF NOT EXISTS node_sources (
  node TEXT NOT NULL, file INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (node, file, line)
) WITHOUT ROWID;
-- Sources of OWNS, CONTROLS and ISSUED_ON relationships, by edge id.
CREATE TABLE IF NOT EXISTS edge_sources (
  edge TEXT NOT NULL, file INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (edge, file, line)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ownership (
  owner_type TEXT NOT NULL, owner_id TEXT NOT NULL, account TEXT NOT NULL,
  PRIMARY KEY (owner_type, owner_id, account)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ownership_account ON ownership (account);
CREATE TABLE IF NOT EXISTS control (iin TEXT NOT NULL, bin TEXT NOT NULL, PRIMARY KEY (iin, bin)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS control_bin ON control (bin);

CREATE TABLE IF NOT EXISTS cards (card_id TEXT PRIMARY KEY, holder_iin TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS card_accounts (
  card_id TEXT NOT NULL, account TEXT NOT NULL, PRIMARY KEY (card_id, account)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS card_accounts_account ON card_accounts (account);

-- Phones, devices and IPs.
CREATE TABLE IF NOT EXISTS identifiers (type TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (type, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS usages (
  id INTEGER PRIMARY KEY, subject_type TEXT NOT NULL, subject TEXT NOT NULL, id_type TEXT NOT NULL,
  identifier TEXT NOT NULL, ts INTEGER NOT NULL, event TEXT NOT NULL,
  UNIQUE (subject_type, subject, id_type, identifier, ts, event)
);
CREATE INDEX IF NOT EXISTS usages_identifier ON usages (id_type, identifier);
CREATE TABLE IF NOT EXISTS usage_sources (
  usage_id INTEGER NOT NULL, file INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (usage_id, file, line)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS transfers (
  tx_id TEXT PRIMARY KEY, from_key TEXT NOT NULL, to_key TEXT NOT NULL, ts INTEGER NOT NULL, amount REAL NOT NULL,
  currency TEXT NOT NULL, amount_kzt REAL NOT NULL, rate_source TEXT, channel TEXT, purpose TEXT, knp TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS transfers_from_ts ON transfers (from_key, ts);
CREATE INDEX IF NOT EXISTS transfers_to_ts ON transfers (to_key, ts);
-- Transfers between two given accounts, found without reading either side's other transfers: a neighbourhood's
-- induced edges (a payroll account in the set has 60k outgoing transfers; walking them took 80 ms per request).
CREATE INDEX IF NOT EXISTS transfers_from_to ON transfers (from_key, to_key);
-- Earliest and latest transfer time, kept by writeBatch (min/max only widen; a load rollback recomputes them).
CREATE TABLE IF NOT EXISTS transfer_range (
  id INTEGER PRIMARY KEY CHECK (id = 1), first INTEGER NOT NULL, last INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS transfer_sources (
  tx_id TEXT NOT NULL, file INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (tx_id, file, line)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS wallets (address TEXT PRIMARY KEY, chain TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transfer_wallets (
  tx_id TEXT NOT NULL, address TEXT NOT NULL, PRIMARY KEY (tx_id, address)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS transfer_wallets_address ON transfer_wallets (address);

CREATE TABLE IF NOT EXISTS cashpoints (atm_id TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS withdrawals (
  tx_id TEXT PRIMARY KEY, account TEXT NOT NULL, atm_id TEXT NOT NULL, ts INTEGER NOT NULL, amount REAL NOT NULL,
  currency TEXT NOT NULL, amount_kzt REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS withdrawals_account_ts ON withdrawals (account, ts);
CREATE INDEX IF NOT EXISTS withdrawals_atm ON withdrawals (atm_id);
CREATE TABLE IF NOT EXISTS withdrawal_sources (
  tx_id TEXT NOT NULL, file INTEGER NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (tx_id, file, line)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS complaints (
  case_no TEXT PRIMARY KEY, registered_at INTEGER NOT NULL, incident_at INTEGER, victim_iin TEXT, victim_name TEXT,
  victim_account TEXT NOT NULL, loss REAL NOT NULL, currency TEXT NOT NULL, loss_kzt REAL NOT NULL, scheme TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS complaints_victim_account ON complaints (victim_account);
CREATE INDEX IF NOT EXISTS complaints_registered ON complaints (registered_at, case_no);

-- The latest analysis run only (writeAnalysis replaces it).
CREATE TABLE IF NOT EXISTS analysis_runs (
  run_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL, params TEXT NOT NULL
) WITHOUT ROWID;
-- typologies: a JSON array of typology names, NULL when the account or cluster shows none.
CREATE TABLE IF NOT EXISTS analysis_accounts (
  account TEXT PRIMARY KEY, community TEXT, role TEXT NOT NULL, score REAL NOT NULL, reasons TEXT NOT NULL,
  typologies TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS analysis_clusters (
  id TEXT PRIMARY KEY, rank INTEGER NOT NULL, score REAL NOT NULL, members TEXT NOT NULL, reasons TEXT NOT NULL,
  typologies TEXT
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
  disabled INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT,
  params TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
  id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, status TEXT NOT NULL, summary TEXT,
  error TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS uploads_created ON uploads (created_at);
CREATE TABLE IF NOT EXISTS notes (
  id TEXT PRIMARY KEY, target TEXT NOT NULL, author TEXT NOT NULL, created_at INTEGER NOT NULL, text TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS notes_target ON notes (target, created_at);
CREATE TABLE IF NOT EXISTS named_mappings (
  name TEXT PRIMARY KEY, kind TEXT NOT NULL, signature TEXT NOT NULL, header TEXT NOT NULL, columns TEXT NOT NULL,
  created_by TEXT NOT NULL, created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS named_mappings_signature ON named_mappings (signature);
-- Loads (server/store/ports/loads.ts LoadRecord): stored before their data, finished in the transaction of their last data.
CREATE TABLE IF NOT EXISTS loads (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, by_user TEXT NOT NULL, origin TEXT NOT NULL, inputs TEXT NOT NULL,
  started_at INTEGER NOT NULL, finished_at INTEGER, owner TEXT NOT NULL, records INTEGER NOT NULL DEFAULT 0,
  batches INTEGER NOT NULL DEFAULT 0, error TEXT, resumed_by TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS loads_started ON loads (started_at);
-- The files each load wrote records of, inserted with the first of them; fresh = the store did not know the file.
CREATE TABLE IF NOT EXISTS load_files (
  load_id TEXT NOT NULL, sha256 TEXT NOT NULL, fresh INTEGER NOT NULL, PRIMARY KEY (load_id, sha256)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS load_files_sha256 ON load_files (sha256);
CREATE TABLE IF NOT EXISTS freeze_requests (
  id TEXT PRIMARY KEY, bank TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
  complaints TEXT NOT NULL, items TEXT NOT NULL, total_kzt REAL NOT NULL, sha256 TEXT NOT NULL, files TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS freeze_request_contents (
  request_id TEXT NOT NULL, name TEXT NOT NULL, content BLOB NOT NULL, PRIMARY KEY (request_id, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS freeze_outcomes (
  request_id TEXT NOT NULL, seq INTEGER NOT NULL, account TEXT NOT NULL, status TEXT NOT NULL, amount_kzt REAL,
  reason TEXT, by_user TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (request_id, seq)
) WITHOUT ROWID;
`;

/** A secondary index that a bulk load may build after the rows instead of row by row (write.ts, beginBulk). */
export interface DeferrableIndex {
  name: string;
  table: string;
  /** Its CREATE INDEX statement, as in the schema. */
  sql: string;
}

/** Tables that ingest writes; only their indexes are ever deferred. */
const INGEST_TABLES = new Set([
  "accounts",
  "persons",
  "companies",
  "ownership",
  "control",
  "card_accounts",
  "usages",
  "transfers",
  "transfer_wallets",
  "withdrawals",
  "complaints",
]);

let deferrable: DeferrableIndex[] | null = null;

/** The ingest tables' secondary indexes, read from the schema itself so that the two cannot disagree. */
export function deferrableIndexes(): readonly DeferrableIndex[] {
  deferrable ??= [...DDL.matchAll(/CREATE INDEX IF NOT EXISTS (\w+) ON (\w+) [^;]*;/g)]
    .map((m) => ({ name: m[1]!, table: m[2]!, sql: m[0] }))
    .filter((i) => INGEST_TABLES.has(i.table));
  return deferrable;
}

/** Thrown when the file on disk was written by a newer schema than this code knows. */
export class EmbeddedSchemaError extends Error {
  override name = "EmbeddedSchemaError";
}

/** Create every table and index that is missing; refuse a database from a newer schema version. */
export function applySchema(db: Database.Database): void {
  db.exec(DDL);
  db.exec(CASEWORK_DDL);
  applySearchSchema(db);
  const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
    { value: string } | undefined;
  if (row && Number(row.value) > SCHEMA_VERSION) {
    throw new EmbeddedSchemaError(
      `store/embedded: the database has schema version ${row.value}, this build knows ${SCHEMA_VERSION}. ` +
        "Upgrade Mulegraph or use another --data-dir.",
    );
  }
  if (row && Number(row.value) < SCHEMA_VERSION) migrateSchema(db, Number(row.value));
  else if (!row)
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
}

/** Bring a file of an older schema version up to this one, in one transaction (a crash leaves it as it was). */
function migrateSchema(db: Database.Database, from: number): void {
  db.transaction(() => {
    // CREATE TABLE IF NOT EXISTS left the older tables as they were: add what later versions put in them.
    if (from < 2) {
      for (const table of ["analysis_accounts", "analysis_clusters"]) {
        const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
        if (!columns.some((c) => c.name === "typologies"))
          db.exec(`ALTER TABLE ${table} ADD COLUMN typologies TEXT`);
      }
    }
    db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION));
  }).immediate();
}
