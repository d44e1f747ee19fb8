/**
 * The embedded GraphStore: a durable on-disk SQLite database (better-sqlite3, WAL mode) under a data folder, with no
 * server to install. The default store when NEO4J_URI is unset; behaves exactly like the Neo4j store (one contract
 * suite, test/store/contract.ts, pins both).
 *
 * better-sqlite3 is synchronous; the async methods exist for the GraphStore interface. Every batch of writes is atomic
 * and consecutive batches are committed in groups (write.ts), so a process killed mid-ingest leaves whole batches
 * only, and re-running the ingest converges. An ingest is a recorded load (loads.ts): stored before its first group,
 * completed in the transaction of its last, so a killed one is listed as incomplete until resumed or rolled back.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { AnalysisResult, Projection, ProjectionAccount } from "../../../model/analysis.js";
import type {
  EdgePage,
  EntityDetail,
  EntityType,
  NodeId,
  SearchHit,
  Subgraph,
  TransferEdge,
} from "../../../model/graph.js";
import type { CanonicalRecord, ComplaintRecord, SourceFileRecord } from "../../../model/records.js";
import { defaultAuditHeadLog } from "../audit-location.js";
import { currentOwner } from "../loads.js";
import type {
  AuditEntry,
  AuditHeadLogLocation,
  FreezeOutcome,
  FreezeRequestRecord,
  GraphStore,
  SerializedReads,
  HistoryWindows,
  HistoryWindowsQuery,
  LoadRecord,
  LoadRollback,
  LoadStart,
  NamedMapping,
  NeighbourhoodFilter,
  Note,
  StoreStats,
  StoredUser,
  TransfersQuery,
  UploadRecord,
} from "../types.js";
import type * as cw from "../ports/casework.js";
import * as casework from "./casework.js";
import * as history from "./history.js";
import * as loads from "./loads.js";
import * as queries from "./queries.js";
import * as records from "./records.js";
import * as recovery from "./recovery.js";
import {
  assertWritable,
  EmbeddedReadOnlyError,
  isSqliteReadOnly,
  readOnlyError,
  readOnlyView,
  snapshotCopy,
  type Snapshot,
} from "./read-only.js";
import { applySchema } from "./schema.js";
import { ReadPool } from "./read-pool.js";
import * as reads from "./reads.js";
import { BatchWriter } from "./write.js";

export { AuditSequenceError } from "./records.js";
export { EmbeddedReadOnlyError } from "./read-only.js";
export { EmbeddedSchemaError } from "./schema.js";
export { EmbeddedWriteError } from "./write.js";
export { holderKind, isBin } from "../holder-kind.js";

/** File name of the database inside the data folder. */
export const DB_FILE = "mulegraph.db";

/** The store was used after close(), or its folder cannot be opened. */
export class EmbeddedStoreError extends Error {
  override name = "EmbeddedStoreError";
}

export interface EmbeddedStoreOptions {
  /** Folder of the database; created when missing. */
  dataDir: string;
  /**
   * Worker threads for search, entity and neighbourhood (read-pool.ts); 0 (the default) runs them on the calling
   * thread. The server uses them so that one long read does not stop every other request.
   */
  readWorkers?: number;
  /** Where signed audit tree heads go; default `<dataDir>/audit-heads.log`, key `<dataDir>/audit-signing.key`. */
  auditHeadLog?: AuditHeadLogLocation;
  /**
   * Open an existing database for reading only (read-only.ts): nothing is created or migrated and every write method
   * throws EmbeddedReadOnlyError. Without it, a folder that cannot be written is refused with that error at open.
   */
  readOnly?: boolean;
  /** A bulk load commits every this many records; default BULK_GROUP_RECORDS (write.ts). */
  bulkGroupRecords?: number;
}

/**
 * Open writers per database file in this process. A store commits its siblings' open groups before it reads or
 * begins writing: otherwise a second store on the same folder in one process would wait on a lock that only this
 * (blocked) event loop could release. Another process sees a group at most GROUP_MS late.
 */
const writersByFile = new Map<string, Set<BatchWriter>>();

class EmbeddedStore implements GraphStore {
  readonly kind = "embedded" as const;
  private readonly writer: BatchWriter;
  private readonly siblings: Set<BatchWriter>;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    file: string,
    private readonly pool: ReadPool | null = null,
    writer: { bulkGroupRecords?: number } = {},
  ) {
    this.writer = new BatchWriter(db, writer);
    let set = writersByFile.get(file);
    if (!set) writersByFile.set(file, (set = new Set()));
    set.add(this.writer);
    this.siblings = set;
  }

  /** Commit the open groups of this store and of the others on the same file in this process. */
  private flushAll(except?: BatchWriter): void {
    for (const w of this.siblings) if (w !== except) w.flush();
  }

  /** The connection, after committing any open group of written batches (reads see every acknowledged write). */
  private get conn(): Database.Database {
    if (this.closed) throw new EmbeddedStoreError("store/embedded: the store is closed");
    this.flushAll();
    return this.db;
  }

  async applySchema(): Promise<void> {
    applySchema(this.conn);
  }

  async writeBatch(batch: CanonicalRecord[]): Promise<void> {
    if (this.closed) throw new EmbeddedStoreError("store/embedded: the store is closed");
    this.flushAll(this.writer);
    this.writer.writeBatch(batch);
  }

  async bulkLoad<T>(work: () => Promise<T>, load?: LoadStart): Promise<T> {
    if (this.closed) throw new EmbeddedStoreError("store/embedded: the store is closed");
    if (load) {
      // Committed on its own before any data: a process killed from here on leaves the load visible as running.
      this.flushAll();
      loads.beginLoad(this.db, load, currentOwner());
    }
    this.writer.beginBulk();
    if (load) this.writer.attachLoad(load.id);
    /** The load's end, written in the transaction that commits its last data. */
    const end = (status: "complete" | "failed", error?: unknown) => () => {
      if (!load) return;
      const counts = this.writer.detachLoad(load.id);
      const message = error === undefined ? undefined : ((error as Error)?.message ?? String(error));
      loads.finishLoad(this.db, load.id, { status, ...counts, error: message });
    };
    /** The commit itself failed: the load ends failed with what it had committed before. */
    const failCommit = (err: unknown) => {
      if (!load) return;
      this.writer.detachLoad(load.id);
      try {
        loads.failLoad(this.db, load.id, (err as Error)?.message ?? String(err));
      } catch {
        // Left running: once this process ends, it is listed as interrupted.
      }
    };
    let result: T;
    try {
      result = await work();
    } catch (err) {
      try {
        this.writer.endBulk(end("failed", err));
      } catch (commitErr) {
        // The work's own error says more; a failed commit here means those batches were not stored either.
        failCommit(commitErr);
      }
      throw err;
    }
    try {
      this.writer.endBulk(end("complete"));
    } catch (err) {
      failCommit(err);
      throw err;
    }
    return result;
  }

  /**
   * The connection without committing open groups: load records are committed on their own when a load begins, so
   * reading them needs no flush (the API asks on every request; a flush would cut a running upload's group short).
   */
  private get loadsConn(): Database.Database {
    if (this.closed) throw new EmbeddedStoreError("store/embedded: the store is closed");
    return this.db;
  }

  async listLoads(opts?: { incomplete?: boolean; limit?: number }): Promise<LoadRecord[]> {
    return loads.listLoads(this.loadsConn, opts);
  }

  async getLoad(id: string): Promise<LoadRecord | null> {
    return loads.getLoad(this.loadsConn, id);
  }

  async rollbackLoad(id: string, opts?: { force?: boolean }): Promise<LoadRollback> {
    const result = loads.rollbackLoad(this.conn, id, opts);
    // Siblings in this process see the generation change at their next group too; this drops it at once.
    for (const w of this.siblings) w.forgetStored();
    return result;
  }

  async search(query: string, opts?: { limit?: number; types?: EntityType[] }): Promise<SearchHit[]> {
    if (this.pool) {
      this.flushAll();
      return this.pool.run("search", [query, opts]);
    }
    return reads.search(this.conn, query, opts);
  }

  async entity(id: NodeId, page?: EdgePage): Promise<EntityDetail | null> {
    if (this.pool) {
      this.flushAll();
      return this.pool.run("entity", [id, page]);
    }
    return reads.entity(this.conn, id, page);
  }

  async neighbourhood(start: NodeId[], filter: NeighbourhoodFilter = {}): Promise<Subgraph> {
    if (this.pool) {
      this.flushAll();
      return this.pool.run("neighbourhood", [start, filter]);
    }
    return reads.neighbourhood(this.conn, start, filter);
  }

  /** With read workers, entity and neighbourhood come as JSON built in the worker (read-worker-main.ts). */
  get serialized(): SerializedReads | undefined {
    const pool = this.pool;
    if (!pool) return undefined;
    return {
      entity: (id, page) => {
        this.flushAll();
        return pool.run("entity", [id, page], true);
      },
      neighbourhood: (start, filter = {}) => {
        this.flushAll();
        return pool.run("neighbourhood", [start, filter], true);
      },
    };
  }

  async transfers(query: TransfersQuery): Promise<TransferEdge[]> {
    return queries.transfers(this.conn, query);
  }

  async transfersByIds(txIds: string[]): Promise<TransferEdge[]> {
    return queries.transfersByIds(this.conn, txIds);
  }

  async historyWindows(query: HistoryWindowsQuery): Promise<HistoryWindows> {
    return history.historyWindows(this.conn, query);
  }

  async accounts(keys: string[]): Promise<ProjectionAccount[]> {
    return queries.accounts(this.conn, keys);
  }

  async complaint(caseNo: string): Promise<ComplaintRecord | null> {
    return queries.complaint(this.conn, caseNo);
  }

  async complaints(opts?: { limit?: number }): Promise<ComplaintRecord[]> {
    return queries.complaints(this.conn, opts?.limit);
  }

  async projection(): Promise<Projection> {
    const db = this.conn;
    // One read transaction: a concurrent ingest cannot make accounts and transfers disagree.
    return db.transaction(() => queries.projection(db))();
  }

  async writeAnalysis(result: AnalysisResult): Promise<void> {
    records.writeAnalysis(this.conn, result);
  }

  async latestAnalysis(): Promise<AnalysisResult | null> {
    return records.latestAnalysis(this.conn);
  }

  async stats(): Promise<StoreStats> {
    const db = this.conn;
    return db.transaction(() => queries.stats(db))();
  }

  async sourceFiles(sha256s?: string[]): Promise<Omit<SourceFileRecord, "kind">[]> {
    return queries.sourceFiles(this.conn, sha256s);
  }

  async getUser(username: string): Promise<StoredUser | null> {
    return records.getUser(this.conn, username);
  }

  async putUser(user: StoredUser): Promise<void> {
    records.putUser(this.conn, user);
  }

  async listUsers(): Promise<StoredUser[]> {
    return records.listUsers(this.conn);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    records.appendAudit(this.conn, entry);
  }

  async appendAuditBatch(entries: AuditEntry[]): Promise<void> {
    records.appendAuditBatch(this.conn, entries);
  }

  async lastAudit(): Promise<AuditEntry | null> {
    return records.lastAudit(this.conn);
  }

  async auditEntries(opts: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    return records.auditEntries(this.conn, opts);
  }

  async putUpload(upload: UploadRecord): Promise<void> {
    records.putUpload(this.conn, upload);
  }

  async getUpload(id: string): Promise<UploadRecord | null> {
    return records.getUpload(this.conn, id);
  }

  async listUploads(opts?: { limit?: number }): Promise<UploadRecord[]> {
    return records.listUploads(this.conn, opts?.limit);
  }

  async putNote(note: Note): Promise<void> {
    records.putNote(this.conn, note);
  }

  async listNotes(target: string): Promise<Note[]> {
    return records.listNotes(this.conn, target);
  }

  async putNamedMapping(mapping: NamedMapping): Promise<void> {
    records.putNamedMapping(this.conn, mapping);
  }

  async getNamedMapping(name: string): Promise<NamedMapping | null> {
    return records.getNamedMapping(this.conn, name);
  }

  async listNamedMappings(opts?: { signature?: string }): Promise<NamedMapping[]> {
    return records.listNamedMappings(this.conn, opts?.signature);
  }

  async deleteNamedMapping(name: string): Promise<boolean> {
    return records.deleteNamedMapping(this.conn, name);
  }

  async putFreezeRequest(request: FreezeRequestRecord, contents: Record<string, Uint8Array>): Promise<void> {
    recovery.putFreezeRequest(this.conn, request, contents);
  }

  async getFreezeRequest(id: string): Promise<FreezeRequestRecord | null> {
    return recovery.getFreezeRequest(this.conn, id);
  }

  async listFreezeRequests(opts?: { complaint?: string; bank?: string }): Promise<FreezeRequestRecord[]> {
    return recovery.listFreezeRequests(this.conn, opts);
  }

  async freezeRequestContent(id: string, name: string): Promise<Uint8Array | null> {
    return recovery.freezeRequestContent(this.conn, id, name);
  }

  async appendFreezeOutcome(outcome: FreezeOutcome): Promise<void> {
    recovery.appendFreezeOutcome(this.conn, outcome);
  }

  async listFreezeOutcomes(opts?: { requestId?: string }): Promise<FreezeOutcome[]> {
    return recovery.listFreezeOutcomes(this.conn, opts);
  }

  // Casework (alerts, cases, links, approvals): server/store/embedded/casework.ts.
  async putAlerts(alerts: cw.AlertRecord[]): Promise<void> {
    casework.putAlerts(this.conn, alerts);
  }
  async getAlert(id: string): Promise<cw.AlertRecord | null> {
    return casework.getAlert(this.conn, id);
  }
  async listAlerts(query?: cw.AlertListQuery): Promise<cw.AlertRecord[]> {
    return casework.listAlerts(this.conn, query);
  }
  async updateAlert(next: cw.AlertRecord): Promise<cw.AlertRecord> {
    return casework.updateAlert(this.conn, next);
  }
  async createCase(record: cw.CaseRecord): Promise<void> {
    casework.createCase(this.conn, record);
  }
  async getCase(id: string): Promise<cw.CaseRecord | null> {
    return casework.getCase(this.conn, id);
  }
  async listCases(query?: cw.CaseListQuery): Promise<cw.CaseRecord[]> {
    return casework.listCases(this.conn, query);
  }
  async updateCase(next: cw.CaseRecord): Promise<cw.CaseRecord> {
    return casework.updateCase(this.conn, next);
  }
  async addCaseLink(link: cw.CaseLink): Promise<boolean> {
    return casework.addCaseLink(this.conn, link);
  }
  async listCaseLinks(caseId: string): Promise<cw.CaseLink[]> {
    return casework.listCaseLinks(this.conn, caseId);
  }
  async removeCaseLink(caseId: string, kind: cw.CaseLinkKind, ref: string): Promise<boolean> {
    return casework.removeCaseLink(this.conn, caseId, kind, ref);
  }
  async putApproval(approval: cw.ApprovalRecord): Promise<void> {
    casework.putApproval(this.conn, approval);
  }
  async getApproval(id: string): Promise<cw.ApprovalRecord | null> {
    return casework.getApproval(this.conn, id);
  }
  async listApprovals(query?: { target?: string; status?: cw.ApprovalStatus }): Promise<cw.ApprovalRecord[]> {
    return casework.listApprovals(this.conn, query);
  }
  async decideApproval(next: cw.ApprovalRecord): Promise<cw.ApprovalRecord> {
    return casework.decideApproval(this.conn, next);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      this.conn.prepare("SELECT 1").get();
      return true;
    } catch {
      return false;
    }
  }

  /** Commit any open group of batches, then close the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.siblings.delete(this.writer);
    try {
      this.writer.flush();
    } finally {
      this.db.close();
      await this.pool?.close();
    }
  }
}

/**
 * Open (creating when missing) the embedded store in `dataDir`/mulegraph.db, in WAL mode, and apply its schema.
 * @throws EmbeddedStoreError when the folder or database cannot be opened.
 */
export async function openEmbeddedStore(opts: EmbeddedStoreOptions): Promise<GraphStore> {
  const file = path.join(opts.dataDir, DB_FILE);
  if (opts.readOnly) return openReadOnly(opts, file);
  let db: Database.Database;
  try {
    mkdirSync(opts.dataDir, { recursive: true });
    assertWritable(opts.dataDir, file);
    db = new Database(file);
  } catch (err) {
    if (err instanceof EmbeddedReadOnlyError) throw err;
    if (isSqliteReadOnly(err)) throw readOnlyError(file, err);
    throw new EmbeddedStoreError(
      `store/embedded: cannot open ${file}: ${(err as Error).message}. Check --data-dir / MULEGRAPH_DATA_DIR.`,
      { cause: err },
    );
  }
  try {
    db.pragma("journal_mode = WAL");
    // WAL + NORMAL: a committed batch survives a killed process; only an OS crash can lose the last commits.
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    db.pragma("foreign_keys = OFF");
    // 256 MiB of page cache (allocated only as the database grows): a million-transfer case has indexes of
    // several hundred MiB, and random-key inserts slow down sharply once they no longer fit.
    db.pragma("cache_size = -262144");
    db.pragma("temp_store = MEMORY");
    // Checkpoint the WAL every ~128 MiB instead of every 4 MiB: each checkpoint copies and fsyncs, and an ingest
    // rewrites the same index pages over and over (measured: commits took 3.6x longer at the default).
    db.pragma("wal_autocheckpoint = 32768");
    applySchema(db);
  } catch (err) {
    db.close();
    if (isSqliteReadOnly(err)) throw readOnlyError(file, err);
    throw err;
  }
  const workers = opts.readWorkers ?? 0;
  const store: GraphStore = new EmbeddedStore(
    db,
    path.resolve(file),
    workers > 0 ? new ReadPool(path.resolve(file), workers) : null,
    { bulkGroupRecords: opts.bulkGroupRecords },
  );
  store.auditHeadLog = opts.auditHeadLog ?? defaultAuditHeadLog(opts.dataDir);
  return store;
}

/**
 * openEmbeddedStore with `readOnly`: an existing database opened by SQLite read-only, behind readOnlyView. SQLite
 * cannot read a write-ahead-log database in a folder where it may not create the log's index (`-shm`): then the
 * database (and its log, if one was left) is read from a private snapshot copy, removed on close.
 */
function openReadOnly(opts: EmbeddedStoreOptions, file: string): GraphStore {
  const open = (at: string): Database.Database => {
    const db = new Database(at, { readonly: true, fileMustExist: true });
    try {
      db.prepare("SELECT 1 FROM meta LIMIT 1").get();
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  };
  let db: Database.Database;
  let snapshot = null as Snapshot | null;
  try {
    try {
      db = open(file);
    } catch (err) {
      if (!isSqliteReadOnly(err) && (err as { code?: string }).code !== "SQLITE_IOERR_LOCK") throw err;
      snapshot = snapshotCopy(file);
      db = open(snapshot.file);
    }
    db.pragma("busy_timeout = 10000");
  } catch (err) {
    snapshot?.dispose();
    throw new EmbeddedStoreError(
      `store/embedded: cannot open ${path.resolve(file)} for reading: ${(err as Error).message}. ` +
        "Check --data-dir / MULEGRAPH_DATA_DIR.",
      { cause: err },
    );
  }
  const store: GraphStore = new EmbeddedStore(db, path.resolve(snapshot?.file ?? file), null);
  store.auditHeadLog = opts.auditHeadLog ?? defaultAuditHeadLog(opts.dataDir);
  return readOnlyView(store, file, () => snapshot?.dispose());
}
