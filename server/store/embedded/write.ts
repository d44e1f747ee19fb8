/**
 * writeBatch for the embedded store: one SQLite transaction per batch, prepared statements, idempotent upserts.
 *
 * Merging: the first non-null value of a field wins (`coalesce(stored, new)`), so a later record fills what is still
 * unknown and never wipes. Sources are sets keyed by (node | edge | txId, file, line). A batch is all or nothing: a
 * crash mid-batch leaves the previous batches intact, and writing the same batches again converges to the same state.
 */
import { totalmem } from "node:os";
import type Database from "better-sqlite3";
import type {
  AccountRecord,
  CanonicalRecord,
  CardRecord,
  CompanyRecord,
  ComplaintRecord,
  ControlRecord,
  IdentifierUseRecord,
  OwnershipRecord,
  PersonRecord,
  SourceFileRecord,
  Source,
  TransferRecord,
  WithdrawalRecord,
} from "../../../model/records.js";
import { foldName } from "../fold.js";
import { queueSearch, syncSearchIndex } from "./search-schema.js";
import { deferrableIndexes, type DeferrableIndex } from "./schema.js";

/** Thrown for a record the embedded store cannot write (unknown kind). */
export class EmbeddedWriteError extends Error {
  override name = "EmbeddedWriteError";
}

type Bind = (string | number | null)[];

/** Undefined → NULL for SQLite. */
const n = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/** Above this many remembered keys of one type the memo is dropped (it only saves lookups; memory stays bounded). */
const KNOWN_KEYS_MAX = 2_000_000;

/**
 * Keys of nodes known to exist (accounts, persons, companies, cards, identifiers), so that records naming them skip
 * their insert-or-ignore. One set answers every lookup (a transfer names two accounts: one lookup each); logs of the
 * keys the running batch and the open group added follow the transaction, so a rollback takes its keys back out.
 */
class KnownKeys {
  private all = new Set<string>();
  private batch: string[] = [];
  private group: string[] = [];

  has(key: string): boolean {
    return this.all.has(key);
  }

  add(key: string): void {
    if (this.all.has(key)) return;
    this.all.add(key);
    this.batch.push(key);
  }

  releaseBatch(): void {
    if (this.group.length === 0) this.group = this.batch;
    else for (const k of this.batch) this.group.push(k);
    this.batch = [];
  }

  forgetBatch(): void {
    for (const k of this.batch) this.all.delete(k);
    this.batch = [];
  }

  commitGroup(): void {
    if (this.all.size > KNOWN_KEYS_MAX) this.all = new Set();
    this.group = [];
  }

  forgetGroup(): void {
    this.forgetBatch();
    for (const k of this.group) this.all.delete(k);
    this.group = [];
  }

  /** Forget everything (a load rollback deleted nodes this memo may hold). */
  reset(): void {
    this.all = new Set();
    this.batch = [];
    this.group = [];
  }
}

/** meta key bumped by every load rollback: writers that see it change drop their memo of stored keys. */
export const DATA_GENERATION_KEY = "data_generation";

/** Records and batches of a recorded load this writer is running (server/store/ports/loads.ts LoadRecord). */
interface LoadCounts {
  records: number;
  batches: number;
}

/** Group commit: consecutive batches share one transaction until this many records… */
export const GROUP_RECORDS = 50_000;
/** …or this many milliseconds have passed since the group began (a timer commits an idle group). */
export const GROUP_MS = 500;

/**
 * Inside a bulk load (beginBulk … endBulk) a group ends only after this many records (the store's `bulkGroupRecords`
 * setting, MULEGRAPH_BULK_GROUP_RECORDS in server/config.ts, overrides), when the load ends, when any other store
 * call needs it committed, or after BULK_IDLE_MS without a batch.
 */
export const BULK_GROUP_RECORDS = 10_000_000;
export const BULK_IDLE_MS = 10_000;
/** Page cache during a bulk load, in KiB: a million-transfer case is about 1 GiB on disk. */
const BULK_CACHE_KIB = 1_572_864;
/**
 * Dirty pages a bulk group may hold before SQLite spills them to the WAL mid-transaction: a third of the machine's
 * memory. A spilled page read again is looked up through every WAL hash block of the open transaction and a page
 * dirtied again is appended again, so once a group outgrows the page cache each row costs more than the last: a bare
 * 3M-row insert took 64 s with spilling past 64 MiB against 32 s without (docs/SCALE.md, "Why the earlier 10M ingests
 * did not finish"). Past this bound a group still spills rather than run out of memory; MULEGRAPH_BULK_GROUP_RECORDS bounds
 * it from the other side.
 */
const BULK_DIRTY_BYTES = Math.max(BULK_CACHE_KIB * 1024, Math.floor(totalmem() / 3));
/**
 * Inside a bulk load, transfer records wait in memory until this many have come (or the group ends), then go in
 * as one run sorted by txId (see SortedTransfers). Each run after the first spreads over the whole key range of the
 * stored transfers (a lookup and a page split per row, half-empty pages for the index builds to read), so fewer
 * runs are cheaper: 1.7M records as one run instead of four took 17% less time (docs/SCALE.md, "Ingest against its
 * references"). The bound is memory: a waiting record holds about 0.5 KiB, so a run holds about 1 GiB at most, beside
 * the bulk load's 1.5 GiB page cache.
 */
export const TRANSFER_RUN_RECORDS = 2_000_000;

/**
 * The transfer records of a bulk group not yet written, with their sources' interned file ids. Written in txId order
 * (stable: records of one txId keep their arrival order, so "first non-null wins" is unchanged), the transfers and
 * transfer_sources B-trees are filled page after page instead of at a random page per record: at 1M transfers the
 * random order cost twice the CPU of the sorted one (17 s against 8.6 s in a bare SQLite test), and sorting a run
 * costs far less than that. Every record passed the batch's checks before it is queued, and a batch that fails takes
 * its queued records back out, so batches stay all or nothing.
 */
class SortedTransfers {
  records: TransferRecord[] = [];
  /** Interned file id of every source, record after record; `sourceStart[i]` is record i's first. */
  fileIds: number[] = [];
  sourceStart: number[] = [];
  private mark = { records: 0, sources: 0 };

  get size(): number {
    return this.records.length;
  }

  /** Remember where the running batch began. */
  startBatch(): void {
    this.mark = { records: this.records.length, sources: this.fileIds.length };
  }

  /** Take the running batch's records back out. */
  dropBatch(): void {
    this.records.length = this.mark.records;
    this.sourceStart.length = this.mark.records;
    this.fileIds.length = this.mark.sources;
  }

  /** Queue a record; its sources' file ids follow through pushFileId. */
  push(r: TransferRecord): void {
    this.records.push(r);
    this.sourceStart.push(this.fileIds.length);
  }

  pushFileId(id: number): void {
    this.fileIds.push(id);
  }

  clear(): void {
    this.records = [];
    this.fileIds = [];
    this.sourceStart = [];
    this.mark = { records: 0, sources: 0 };
  }

  /** Record indexes in txId order, ties in arrival order. */
  order(): number[] {
    const ids = this.records.map((r) => r.txId);
    const order = Array.from(ids, (_, i) => i);
    order.sort((a, b) => {
      const x = ids[a]!;
      const y = ids[b]!;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    return order;
  }
}

/** What the transfers table's NOT NULL columns require, checked before a transfer waits for its sorted run. */
function checkTransfer(r: TransferRecord): void {
  const bad =
    typeof r.txId !== "string"
      ? "txId"
      : typeof r.from !== "string"
        ? "from"
        : typeof r.to !== "string"
          ? "to"
          : typeof r.ts !== "number"
            ? "ts"
            : typeof r.amount !== "number"
              ? "amount"
              : typeof r.currency !== "string"
                ? "currency"
                : typeof r.amountKzt !== "number"
                  ? "amountKzt"
                  : !Array.isArray(r.sources)
                    ? "sources"
                    : null;
  if (bad !== null) {
    throw new EmbeddedWriteError(`store/embedded: transfer ${JSON.stringify(r.txId)} has no valid ${bad}`);
  }
}

/**
 * The DO UPDATE of an upsert where the first non-null value of each column wins: `SET c = coalesce(c, excluded.c)` for
 * each column, and a WHERE that skips the update when no stored NULL would be filled. Without it a repeated mention
 * (an account named on every register row) rewrote its stored row and the index entries of every coalesced column,
 * each a random-key B-tree visit: most of a 10M-transfer ingest's registers (docs/SCALE.md).
 */
function fillNulls(columns: string[]): string {
  const set = columns.map((c) => `${c} = coalesce(${c}, excluded.${c})`).join(", ");
  const when = columns.map((c) => `(${c} IS NULL AND excluded.${c} IS NOT NULL)`).join(" OR ");
  return `DO UPDATE SET ${set} WHERE ${when}`;
}

const TRANSFER_INSERT = `INSERT INTO transfers (tx_id, from_key, to_key, ts, amount, currency, amount_kzt, rate_source,
  channel, purpose, knp)`;
/** First non-null wins: a stored transfer is only touched when the record knows a field it does not. */
const TRANSFER_UPSERT = `ON CONFLICT (tx_id) DO UPDATE SET
  rate_source = coalesce(rate_source, excluded.rate_source), channel = coalesce(channel, excluded.channel),
  purpose = coalesce(purpose, excluded.purpose), knp = coalesce(knp, excluded.knp)
WHERE rate_source IS NULL OR channel IS NULL OR purpose IS NULL OR knp IS NULL`;
const TRANSFER_SOURCE_INSERT = "INSERT INTO transfer_sources (tx_id, file, line)";

/** Rows per multi-row INSERT of a sorted run: one call into SQLite per this many rows instead of one per row. */
export const RUN_ROWS_PER_STATEMENT = 64;

/**
 * Rows of one INSERT, bound RUN_ROWS_PER_STATEMENT at a time through a multi-row `VALUES (…), (…)` statement (the
 * remainder one by one): a sorted run writes millions of rows, and each statement call costs a crossing into the
 * native binding, a bind, a step and a reset. SQLite runs the rows of one statement in order, so an upsert's outcome
 * is the same as row by row.
 */
class RowsInserter {
  private readonly many: Database.Statement<[Bind]>;
  private readonly one: Database.Statement<[Bind]>;
  private readonly values: Bind;
  private filled = 0;

  constructor(
    db: Database.Database,
    head: string,
    private readonly columns: number,
    tail: string,
  ) {
    const row = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
    this.many = db.prepare<[Bind]>(
      `${head} VALUES ${Array.from({ length: RUN_ROWS_PER_STATEMENT }, () => row).join(", ")} ${tail}`,
    );
    this.one = db.prepare<[Bind]>(`${head} VALUES ${row} ${tail}`);
    this.values = new Array<string | number | null>(columns * RUN_ROWS_PER_STATEMENT);
  }

  /** Queue the next value of the current row. */
  put(v: string | number | null): void {
    this.values[this.filled++] = v;
  }

  /** The current row is complete: write the statement's rows once they are all there. */
  endRow(): void {
    if (this.filled < this.values.length) return;
    this.many.run(this.values);
    this.filled = 0;
  }

  /** Write the rows still queued, one by one. */
  finish(): void {
    for (let i = 0; i < this.filled; i += this.columns) this.one.run(this.values.slice(i, i + this.columns));
    this.filled = 0;
  }

  /** Forget the rows queued (the run failed). */
  drop(): void {
    this.filled = 0;
  }
}

export class BatchWriter {
  private readonly fileIds = new Map<string, number>();
  /** Stored keys per node type (identifiers keyed by type + value). */
  private readonly known = {
    account: new KnownKeys(),
    person: new KnownKeys(),
    company: new KnownKeys(),
    card: new KnownKeys(),
    identifier: new KnownKeys(),
  };
  private range: { first: number; last: number } | null = null;
  private groupRecords = 0;
  private groupBatches = 0;
  private groupStarted = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Nesting depth of beginBulk calls; > 0 while a bulk load runs. */
  private bulkDepth = 0;
  private cacheKiB = 0;
  /** The connection's cache_spill threshold (pages) before the bulk load raised it. */
  private spillPages = 0;
  /** Secondary indexes dropped by the open group (restored before it commits). */
  private dropped: DeferrableIndex[] = [];
  /**
   * The open group began on an empty transfers table (a first bulk load): the accounts its transfers name are
   * inserted set-wise from the transfers table just before the commit (accountsFromTransfers), not one by one.
   */
  private transfersFresh = false;
  /** A commit that failed in the timer, reported by the next call. */
  private deferred: unknown = null;
  /** Transfer records of the open bulk group waiting for their sorted run. */
  private readonly sorted = new SortedTransfers();
  /** Nodes the open group wrote, indexed for search just before its commit (search-schema.ts). */
  private readonly searched = new Set<string>();
  /** Recorded loads running through this writer: counts committed so far (the open group's are added on commit). */
  private readonly loads = new Map<string, LoadCounts>();
  /** The data generation this writer's memo of stored keys belongs to (DATA_GENERATION_KEY). */
  private generation: string | null = null;
  /**
   * Statements on the load tables, prepared on first use: a database opened read-only from before loads were
   * recorded has no such tables, and its writer is never used.
   */
  private loadStmts: { file: Database.Statement<Bind>; counts: Database.Statement<Bind> } | null = null;
  private readonly db: Database.Database;
  private readonly stmt;
  /** Multi-row statements of the sorted runs, prepared on first use. */
  private runInserters: { transfers: RowsInserter; sources: RowsInserter } | null = null;

  /** Records per commit inside a bulk load. */
  private readonly bulkGroupRecords: number;

  /** Transfer records queued before a sorted run is written mid-group (TRANSFER_RUN_RECORDS; tests set fewer). */
  private readonly transferRunRecords: number;

  constructor(db: Database.Database, opts: { bulkGroupRecords?: number; transferRunRecords?: number } = {}) {
    this.db = db;
    const group = opts.bulkGroupRecords ?? BULK_GROUP_RECORDS;
    if (!Number.isInteger(group) || group < 1) {
      throw new EmbeddedWriteError(
        "store/embedded: bulkGroupRecords (MULEGRAPH_BULK_GROUP_RECORDS) must be a positive whole number of " +
          `records, got ${group}`,
      );
    }
    this.bulkGroupRecords = group;
    this.transferRunRecords = opts.transferRunRecords ?? TRANSFER_RUN_RECORDS;
    const p = (sql: string) => db.prepare<Bind>(sql);
    this.stmt = {
      fileInsert: p("INSERT INTO files (sha256) VALUES (?) ON CONFLICT (sha256) DO NOTHING"),
      fileSelect: db.prepare<[string], { id: number }>("SELECT id FROM files WHERE sha256 = ?"),
      sourceFile: p(
        "INSERT INTO source_files (sha256, name, bytes, export_kind, rows_read) VALUES (?, ?, ?, ?, ?) " +
          "ON CONFLICT (sha256) DO NOTHING",
      ),
      accountKey: p("INSERT INTO accounts (key) VALUES (?) ON CONFLICT (key) DO NOTHING"),
      range: p(
        `INSERT INTO transfer_range (id, first, last) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET first = min(first, excluded.first), last = max(last, excluded.last)`,
      ),
      account: p(
        `INSERT INTO accounts (key, iban, number, bank, currency, account_kind, holder_id, holder_name, holder_fold,
           opened_at, watchlist) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) ${fillNulls([
           "iban",
           "number",
           "bank",
           "currency",
           "account_kind",
           "holder_id",
           "holder_name",
           "holder_fold",
           "opened_at",
           "watchlist",
         ])}`,
      ),
      personKey: p("INSERT INTO persons (iin) VALUES (?) ON CONFLICT (iin) DO NOTHING"),
      person: p(
        `INSERT INTO persons (iin, name, name_fold) VALUES (?, ?, ?) ON CONFLICT (iin) ${fillNulls(["name", "name_fold"])}`,
      ),
      companyKey: p("INSERT INTO companies (bin) VALUES (?) ON CONFLICT (bin) DO NOTHING"),
      company: p(
        `INSERT INTO companies (bin, name, name_fold, company_kind) VALUES (?, ?, ?, ?) ON CONFLICT (bin) ${fillNulls(
          ["name", "name_fold", "company_kind"],
        )}`,
      ),
      nodeSource: p("INSERT INTO node_sources (node, file, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
      edgeSource: p("INSERT INTO edge_sources (edge, file, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
      ownership: p(
        "INSERT INTO ownership (owner_type, owner_id, account) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ),
      control: p("INSERT INTO control (iin, bin) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      cardKey: p("INSERT INTO cards (card_id) VALUES (?) ON CONFLICT (card_id) DO NOTHING"),
      card: p(
        `INSERT INTO cards (card_id, holder_iin) VALUES (?, ?) ON CONFLICT (card_id) ${fillNulls(["holder_iin"])}`,
      ),
      cardAccount: p("INSERT INTO card_accounts (card_id, account) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      identifier: p("INSERT INTO identifiers (type, value) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      // No RETURNING: inside a savepoint an upsert with RETURNING is several times slower than insert + lookup.
      usage: p(
        `INSERT INTO usages (subject_type, subject, id_type, identifier, ts, event) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (subject_type, subject, id_type, identifier, ts, event) DO NOTHING`,
      ),
      usageId: db.prepare<Bind, { id: number }>(
        `SELECT id FROM usages WHERE subject_type = ? AND subject = ? AND id_type = ? AND identifier = ? AND ts = ?
           AND event = ?`,
      ),
      usageSource: p(
        "INSERT INTO usage_sources (usage_id, file, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ),
      generation: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?"),
      transfer: p(`${TRANSFER_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ${TRANSFER_UPSERT}`),
      transferSource: p(`${TRANSFER_SOURCE_INSERT} VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
      wallet: p(
        "INSERT INTO wallets (address, chain) VALUES (?, ?) ON CONFLICT (address) DO UPDATE SET " +
          "chain = coalesce(chain, excluded.chain) WHERE chain IS NULL",
      ),
      transferWallet: p("INSERT INTO transfer_wallets (tx_id, address) VALUES (?, ?) ON CONFLICT DO NOTHING"),
      cashpoint: p(
        "INSERT INTO cashpoints (atm_id, country) VALUES (?, ?) ON CONFLICT (atm_id) DO UPDATE SET " +
          "country = coalesce(country, excluded.country) WHERE country IS NULL",
      ),
      withdrawal: p(
        `INSERT INTO withdrawals (tx_id, account, atm_id, ts, amount, currency, amount_kzt)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tx_id) DO NOTHING`,
      ),
      withdrawalSource: p(
        "INSERT INTO withdrawal_sources (tx_id, file, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ),
      complaint: p(
        `INSERT INTO complaints (case_no, registered_at, incident_at, victim_iin, victim_name, victim_account, loss,
           currency, loss_kzt, scheme) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (case_no) ${fillNulls(["incident_at", "victim_iin", "victim_name", "scheme"])}`,
      ),
    };
  }

  /**
   * Start (or nest into) a bulk load: until the matching endBulk, groups of batches grow to BULK_GROUP_RECORDS
   * records, the page cache is larger, and a group that begins on empty tables drops their secondary indexes and
   * builds them once, sorted, just before it commits. Random-key index inserts are most of an ingest's cost, and each
   * commit rewrites every index page it touched to the WAL (1M transfers: 146 s batch by batch, 32 s as one bulk
   * load). An index is only ever missing inside an uncommitted transaction: readers and a reopened store always see
   * every index.
   */
  beginBulk(): void {
    this.throwDeferred();
    if (this.bulkDepth++ > 0) return;
    this.cacheKiB = -Number(this.db.pragma("cache_size", { simple: true }));
    if (this.cacheKiB < BULK_CACHE_KIB) this.db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
    this.spillPages = Number(this.db.pragma("cache_spill", { simple: true }));
    const pageSize = Number(this.db.pragma("page_size", { simple: true }));
    this.db.pragma(`cache_spill = ${Math.floor(BULK_DIRTY_BYTES / pageSize)}`);
    // Deferred indexes are built by sorting; a helper thread sorts alongside (1M transfers' indexes: 7.7 s → 6.4 s).
    this.db.pragma("threads = 2");
  }

  /**
   * Attribute this writer's batches to a recorded load from now on: its files go to load_files with their first
   * records, and its counts are stored with each commit.
   */
  attachLoad(id: string): void {
    this.throwDeferred();
    this.loads.set(id, { records: 0, batches: 0 });
    // A file this writer met in an earlier load must be attributed to this one too on its first use.
    this.fileIds.clear();
  }

  /** Stop attributing batches to the load; its counts (committed and in the open group) are returned. */
  detachLoad(id: string): LoadCounts {
    const counts = this.loads.get(id) ?? { records: 0, batches: 0 };
    this.loads.delete(id);
    return { records: counts.records + this.groupRecords, batches: counts.batches + this.groupBatches };
  }

  /**
   * End a bulk load: commit its open group (building any deferred index) and restore the page cache. `last` runs in
   * the transaction that commits the load's last data (its own transaction when nothing is open), so a load record
   * marked complete there can never be seen without its data.
   */
  endBulk(last?: () => void): void {
    if (this.bulkDepth === 0) return;
    if (--this.bulkDepth > 0) {
      if (last) {
        if (this.db.inTransaction) last();
        else this.db.transaction(last).immediate();
      }
      return;
    }
    try {
      this.flush(last);
    } finally {
      if (this.cacheKiB > 0 && this.cacheKiB < BULK_CACHE_KIB)
        this.db.pragma(`cache_size = -${this.cacheKiB}`);
      this.db.pragma(`cache_spill = ${this.spillPages > 0 ? this.spillPages : "ON"}`);
      this.db.pragma("threads = 0");
    }
  }

  /**
   * Write one batch. Each batch is atomic (a savepoint): on failure nothing of it is stored and the error is thrown.
   * Consecutive batches share one transaction, committed every GROUP_RECORDS records or GROUP_MS milliseconds (in a
   * bulk load: see beginBulk), and by flush() (which every other store call makes first): one commit per batch would
   * rewrite most index pages to the WAL each time. A killed process loses at most the open group, never part of a
   * batch.
   */
  writeBatch(records: CanonicalRecord[]): void {
    this.throwDeferred();
    if (records.length === 0) return;
    const db = this.db;
    if (!db.inTransaction) {
      db.exec("BEGIN IMMEDIATE");
      this.checkGeneration();
      this.groupStarted = Date.now();
      this.groupRecords = 0;
      this.groupBatches = 0;
      if (this.bulkDepth > 0) this.deferIndexes();
      this.transfersFresh = this.dropped.some((i) => i.table === "transfers");
    }
    db.exec("SAVEPOINT batch");
    this.sorted.startBatch();
    try {
      this.range = null;
      for (const r of records) this.write(r);
      const range = this.range as { first: number; last: number } | null;
      if (range) this.stmt.range.run(range.first, range.last);
      db.exec("RELEASE batch");
    } catch (err) {
      this.rollbackBatch(err);
      throw err;
    }
    for (const k of Object.values(this.known)) k.releaseBatch();
    this.groupRecords += records.length;
    this.groupBatches++;
    if (this.bulkDepth > 0) {
      if (this.groupRecords >= this.bulkGroupRecords) this.flush();
      else {
        if (this.sorted.size >= this.transferRunRecords) this.writeSortedRun();
        this.commitLater(BULK_IDLE_MS, true);
      }
    } else if (this.groupRecords >= GROUP_RECORDS || Date.now() - this.groupStarted >= GROUP_MS) this.flush();
    else this.commitLater(GROUP_MS, false);
  }

  /** Commit the open group after `ms` (from now when `restart`, else from the first call since the last commit). */
  private commitLater(ms: number, restart: boolean): void {
    if (this.timer && !restart) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.flush();
      } catch (err) {
        this.deferred = err;
      }
    }, ms);
    this.timer.unref();
  }

  /** Drop the secondary indexes of the tables this group finds empty (the group is open, nothing committed yet). */
  private deferIndexes(): void {
    const empty = new Map<string, boolean>();
    for (const index of deferrableIndexes()) {
      let isEmpty = empty.get(index.table);
      if (isEmpty === undefined) {
        isEmpty = this.db.prepare(`SELECT 1 FROM ${index.table} LIMIT 1`).get() === undefined;
        empty.set(index.table, isEmpty);
      }
      if (!isEmpty) continue;
      this.db.exec(`DROP INDEX IF EXISTS ${index.name}`);
      this.dropped.push(index);
    }
  }

  /**
   * A load rollback (another store, maybe another process) deleted records: the memo of stored keys and interned file
   * ids may name rows that are gone, so drop it. Read inside the group's transaction, so no rollback can slip in.
   */
  private checkGeneration(): void {
    const now = this.stmt.generation.get(DATA_GENERATION_KEY)?.value ?? "0";
    if (now === this.generation) return;
    if (this.generation !== null) {
      for (const k of Object.values(this.known)) k.reset();
      this.fileIds.clear();
    }
    this.generation = now;
  }

  private loadStatements(): { file: Database.Statement<Bind>; counts: Database.Statement<Bind> } {
    this.loadStmts ??= {
      file: this.db.prepare<Bind>(
        "INSERT INTO load_files (load_id, sha256, fresh) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ),
      counts: this.db.prepare<Bind>("UPDATE loads SET records = ?, batches = ? WHERE id = ?"),
    };
    return this.loadStmts;
  }

  /** Forget every memo of stored rows (after this connection rolled a load back). */
  forgetStored(): void {
    for (const k of Object.values(this.known)) k.reset();
    this.fileIds.clear();
    this.generation = null;
  }

  /** Commit the open group of batches, if any; `last` runs just before the commit (see endBulk). */
  flush(last?: () => void): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.throwDeferred();
    if (!this.db.inTransaction) {
      if (last) this.db.transaction(last).immediate();
      return;
    }
    try {
      this.writeTransferRun();
      for (const index of this.dropped) this.db.exec(index.sql);
      if (this.transfersFresh) this.accountsFromTransfers();
      // The loads' counts travel with their data: a killed load shows what it had committed.
      for (const [id, c] of this.loads)
        this.loadStatements().counts.run(c.records + this.groupRecords, c.batches + this.groupBatches, id);
      last?.();
      // Index the nodes this group wrote before anyone can read them (search-schema.ts).
      queueSearch(this.db, this.searched);
      this.searched.clear();
      syncSearchIndex(this.db);
      this.db.exec("COMMIT");
      this.dropped = [];
      this.transfersFresh = false;
    } catch (err) {
      const [batches, records] = [this.groupBatches, this.groupRecords];
      this.forgetGroup();
      throw new EmbeddedWriteError(
        `store/embedded: committing the last ${batches} batches (${records} records) failed: ` +
          `${(err as Error).message}. They were not stored; write them again.`,
        { cause: err },
      );
    }
    for (const k of Object.values(this.known)) k.commitGroup();
    for (const c of this.loads.values()) {
      c.records += this.groupRecords;
      c.batches += this.groupBatches;
    }
    this.groupRecords = 0;
    this.groupBatches = 0;
  }

  /**
   * The accounts named by the open group's transfers, when it began on an empty transfers table (every stored
   * transfer is the group's): each distinct key read in order from the (from_key, ts) and (to_key, ts) indexes, the
   * new ones queued for search and inserted bare. Looking each of two names per transfer up in the memo of known
   * accounts, one by one, cost more than the transfer's own row (docs/SCALE.md, "Ingest against its references").
   */
  private accountsFromTransfers(): void {
    for (const column of ["from_key", "to_key"]) {
      this.db.exec(
        `INSERT INTO search_queue (node) SELECT 'account:' || k FROM (SELECT DISTINCT ${column} AS k FROM transfers)
           WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE key = k);
         INSERT INTO accounts (key) SELECT DISTINCT ${column} FROM transfers WHERE true ON CONFLICT (key) DO NOTHING;`,
      );
    }
  }

  /** Write the queued transfers as a run between batches; a failure there loses the open group, and says so. */
  private writeSortedRun(): void {
    try {
      this.writeTransferRun();
    } catch (err) {
      const [batches, records] = [this.groupBatches, this.groupRecords];
      this.forgetGroup();
      throw new EmbeddedWriteError(
        `store/embedded: writing the transfers of the last ${batches} batches (${records} records) failed: ` +
          `${(err as Error).message}. They were not stored; write them again.`,
        { cause: err },
      );
    }
  }

  /** Write the queued transfers and their sources in txId order (SortedTransfers), many rows per statement. */
  private writeTransferRun(): void {
    const q = this.sorted;
    if (q.size === 0) return;
    this.runInserters ??= {
      transfers: new RowsInserter(this.db, TRANSFER_INSERT, 11, TRANSFER_UPSERT),
      sources: new RowsInserter(this.db, TRANSFER_SOURCE_INSERT, 3, "ON CONFLICT DO NOTHING"),
    };
    const { transfers, sources } = this.runInserters;
    const order = q.order();
    try {
      for (let j = 0; j < order.length;) {
        // The records of one txId are adjacent now (both banks' sides): folded here into one row, the first non-null
        // value of each field winning as the upsert would decide, they cost one row instead of one each.
        const r = q.records[order[j]!]!;
        let rateSource = r.rateSource;
        let channel = r.channel;
        let purpose = r.purpose;
        let knp = r.knp;
        let end = j + 1;
        for (; end < order.length && q.records[order[end]!]!.txId === r.txId; end++) {
          const o = q.records[order[end]!]!;
          rateSource ??= o.rateSource;
          channel ??= o.channel;
          purpose ??= o.purpose;
          knp ??= o.knp;
        }
        transfers.put(r.txId);
        transfers.put(r.from);
        transfers.put(r.to);
        transfers.put(r.ts);
        transfers.put(r.amount);
        transfers.put(r.currency);
        transfers.put(r.amountKzt);
        transfers.put(n(rateSource));
        transfers.put(n(channel));
        transfers.put(n(purpose));
        transfers.put(n(knp));
        transfers.endRow();
        for (; j < end; j++) {
          const i = order[j]!;
          const rec = q.records[i]!;
          const first = q.sourceStart[i]!;
          for (let k = 0; k < rec.sources.length; k++) {
            sources.put(rec.txId);
            sources.put(q.fileIds[first + k]!);
            sources.put(rec.sources[k]!.line);
            sources.endRow();
          }
        }
      }
      transfers.finish();
      sources.finish();
    } catch (err) {
      transfers.drop();
      sources.drop();
      throw err;
    }
    q.clear();
  }

  private throwDeferred(): void {
    if (this.deferred === null) return;
    const err = this.deferred;
    this.deferred = null;
    throw err;
  }

  /** Undo the running batch; if SQLite rolled back the whole group, say so (earlier batches were lost too). */
  private rollbackBatch(cause: unknown): void {
    for (const k of Object.values(this.known)) k.forgetBatch();
    this.sorted.dropBatch();
    // File ids interned inside the rolled-back batch are gone from the database.
    this.fileIds.clear();
    if (this.db.inTransaction) {
      this.db.exec("ROLLBACK TO batch");
      this.db.exec("RELEASE batch");
      return;
    }
    const lost = this.groupBatches;
    this.forgetGroup();
    if (lost > 0) {
      throw new EmbeddedWriteError(
        `store/embedded: SQLite rolled back the open transaction, losing the previous ${lost} batches as well. ` +
          "Write them again (re-running the same ingest is safe).",
        { cause },
      );
    }
  }

  private forgetGroup(): void {
    // The rollback brings the dropped indexes back.
    this.dropped = [];
    this.transfersFresh = false;
    this.searched.clear();
    this.sorted.clear();
    for (const k of Object.values(this.known)) k.forgetGroup();
    this.fileIds.clear();
    this.groupRecords = 0;
    this.groupBatches = 0;
    if (this.db.inTransaction) this.db.exec("ROLLBACK");
  }

  /**
   * Make sure a node exists: run its insert-or-ignore unless the key is known to be stored; a node met for the first
   * time is queued for the search index (its id there is `prefix` + `id`). One lookup of the memo per reference.
   */
  private ensure(
    known: KnownKeys,
    key: string,
    [prefix, id]: readonly [string, string],
    insert: Database.Statement<Bind>,
    ...values: string[]
  ): void {
    if (known.has(key)) return;
    this.searched.add(prefix + id);
    insert.run(...values);
    known.add(key);
  }

  private ensureAccount(key: string): void {
    if (this.known.account.has(key)) return;
    this.searched.add(`account:${key}`);
    this.stmt.accountKey.run(key);
    this.known.account.add(key);
  }

  private ensurePerson(iin: string): void {
    this.ensure(this.known.person, iin, ["person:", iin], this.stmt.personKey, iin);
  }

  private ensureCompany(bin: string): void {
    this.ensure(this.known.company, bin, ["company:", bin], this.stmt.companyKey, bin);
  }

  private fileId(sha256: string): number {
    let id = this.fileIds.get(sha256);
    if (id === undefined) {
      const fresh = this.stmt.fileInsert.run(sha256).changes === 1 ? 1 : 0;
      id = this.stmt.fileSelect.get(sha256)!.id;
      this.fileIds.set(sha256, id);
      // In the batch's savepoint: the attribution is stored with the file's first records or not at all.
      for (const load of this.loads.keys()) this.loadStatements().file.run(load, sha256, fresh);
    }
    return id;
  }

  private sources(stmt: Database.Statement<Bind>, key: string | number, sources: Source[]): void {
    for (const s of sources) stmt.run(key, this.fileId(s.file), s.line);
  }

  private write(r: CanonicalRecord): void {
    switch (r.kind) {
      case "transfer":
        return this.transfer(r);
      case "account":
        return this.account(r);
      case "person":
        return this.person(r);
      case "company":
        return this.company(r);
      case "ownership":
        return this.ownership(r);
      case "control":
        return this.control(r);
      case "card":
        return this.card(r);
      case "usage":
        return this.usage(r);
      case "withdrawal":
        return this.withdrawal(r);
      case "complaint":
        return this.complaint(r);
      case "sourceFile":
        return this.sourceFile(r);
      default:
        throw new EmbeddedWriteError(
          `store/embedded: cannot write a record of kind "${(r as { kind?: unknown }).kind}"`,
        );
    }
  }

  private transfer(r: TransferRecord): void {
    const s = this.stmt;
    if (!this.transfersFresh) {
      this.ensureAccount(r.from);
      this.ensureAccount(r.to);
    }
    if (!this.range) this.range = { first: r.ts, last: r.ts };
    else {
      if (r.ts < this.range.first) this.range.first = r.ts;
      if (r.ts > this.range.last) this.range.last = r.ts;
    }
    if (this.bulkDepth > 0) {
      // Checked now, written with its run: the batch fails here, whole, as the insert itself would fail it.
      checkTransfer(r);
      this.sorted.push(r);
      for (const src of r.sources) this.sorted.pushFileId(this.fileId(src.file));
    } else {
      this.insertTransfer(r);
      this.sources(s.transferSource, r.txId, r.sources);
    }
    if (r.wallets) {
      for (const w of r.wallets) {
        s.wallet.run(w.address, w.chain);
        this.searched.add(`wallet:${w.address}`);
        s.transferWallet.run(r.txId, w.address);
      }
    }
  }

  private insertTransfer(r: TransferRecord): void {
    this.stmt.transfer.run(
      r.txId,
      r.from,
      r.to,
      r.ts,
      r.amount,
      r.currency,
      r.amountKzt,
      n(r.rateSource),
      n(r.channel),
      n(r.purpose),
      n(r.knp),
    );
  }

  private account(r: AccountRecord): void {
    this.stmt.account.run(
      r.key,
      n(r.iban),
      n(r.number),
      n(r.bank),
      n(r.currency),
      n(r.accountKind),
      n(r.holderId),
      n(r.holderName),
      r.holderName === undefined ? null : foldName(r.holderName),
      n(r.openedAt),
      n(r.watchlist),
    );
    this.known.account.add(r.key);
    this.searched.add(`account:${r.key}`);
    this.sources(this.stmt.nodeSource, `account:${r.key}`, r.sources);
  }

  private person(r: PersonRecord): void {
    this.stmt.person.run(r.iin, n(r.name), r.name === undefined ? null : foldName(r.name));
    this.known.person.add(r.iin);
    this.searched.add(`person:${r.iin}`);
    this.sources(this.stmt.nodeSource, `person:${r.iin}`, r.sources);
  }

  private company(r: CompanyRecord): void {
    this.stmt.company.run(r.bin, n(r.name), r.name === undefined ? null : foldName(r.name), r.companyKind);
    this.known.company.add(r.bin);
    this.searched.add(`company:${r.bin}`);
    this.sources(this.stmt.nodeSource, `company:${r.bin}`, r.sources);
  }

  private ownership(r: OwnershipRecord): void {
    const s = this.stmt;
    if (r.ownerType === "person") this.ensurePerson(r.ownerId);
    else this.ensureCompany(r.ownerId);
    this.ensureAccount(r.account);
    s.ownership.run(r.ownerType, r.ownerId, r.account);
    this.sources(s.edgeSource, `OWNS:${r.ownerType}:${r.ownerId}->account:${r.account}`, r.sources);
  }

  private control(r: ControlRecord): void {
    const s = this.stmt;
    this.ensurePerson(r.iin);
    this.ensureCompany(r.bin);
    s.control.run(r.iin, r.bin);
    this.sources(s.edgeSource, `CONTROLS:person:${r.iin}->company:${r.bin}`, r.sources);
  }

  private card(r: CardRecord): void {
    const s = this.stmt;
    s.card.run(r.cardId, n(r.holderIin));
    this.known.card.add(r.cardId);
    this.searched.add(`card:${r.cardId}`);
    this.sources(s.nodeSource, `card:${r.cardId}`, r.sources);
    if (r.account !== undefined) {
      this.ensureAccount(r.account);
      s.cardAccount.run(r.cardId, r.account);
      this.sources(s.edgeSource, `ISSUED_ON:card:${r.cardId}->account:${r.account}`, r.sources);
    }
  }

  private usage(r: IdentifierUseRecord): void {
    const s = this.stmt;
    if (r.subjectType === "person") this.ensurePerson(r.subject);
    else if (r.subjectType === "account") this.ensureAccount(r.subject);
    else {
      this.ensure(this.known.card, r.subject, ["card:", r.subject], s.cardKey, r.subject);
    }
    const idKey = `${r.identifierType}\u0000${r.identifier}`;
    this.ensure(
      this.known.identifier,
      idKey,
      [r.identifierType + ":", r.identifier],
      s.identifier,
      r.identifierType,
      r.identifier,
    );
    const key = [r.subjectType, r.subject, r.identifierType, r.identifier, r.ts, r.event];
    const inserted = s.usage.run(...key);
    const id = inserted.changes === 1 ? Number(inserted.lastInsertRowid) : s.usageId.get(...key)!.id;
    this.sources(s.usageSource, id, r.sources);
  }

  private withdrawal(r: WithdrawalRecord): void {
    const s = this.stmt;
    this.ensureAccount(r.account);
    s.cashpoint.run(r.atmId, r.country);
    this.searched.add(`cashpoint:${r.atmId}`);
    s.withdrawal.run(r.txId, r.account, r.atmId, r.ts, r.amount, r.currency, r.amountKzt);
    this.sources(s.withdrawalSource, r.txId, r.sources);
  }

  private complaint(r: ComplaintRecord): void {
    const s = this.stmt;
    this.ensureAccount(r.victimAccount);
    s.complaint.run(
      r.caseNo,
      r.registeredAt,
      n(r.incidentAt),
      n(r.victimIin),
      n(r.victimName),
      r.victimAccount,
      r.loss,
      r.currency,
      r.lossKzt,
      n(r.scheme),
    );
    this.searched.add(`complaint:${r.caseNo}`);
    this.sources(s.nodeSource, `complaint:${r.caseNo}`, r.sources);
  }

  private sourceFile(r: SourceFileRecord): void {
    // Interned like a source, so a file whose every row was rejected still belongs to the load that read it.
    this.fileId(r.sha256);
    this.stmt.sourceFile.run(r.sha256, r.name, r.bytes, r.exportKind, r.rowsRead);
  }
}
