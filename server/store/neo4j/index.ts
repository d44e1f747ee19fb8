/**
 * The Neo4j GraphStore (neo4j-driver 6): the system of record for real deployments.
 *
 * Model (docs/MODEL.md § 2): every entity has the :Entity label plus its type label (Account, Person, Company, Card, Phone,
 * Device, IP, Wallet, Complaint, CashPoint) and `nid` = "<type>:<key>"; one TRANSFER per transfer and one WITHDREW
 * per withdrawal keyed by txId; OWNS, CONTROLS, ISSUED_ON, USED, PAID_TO_WALLET, REPORTED. Provenance is a set of
 * "<sha256>:<line>" strings on every node and relationship. Users, audit entries, uploads, notes, source files and
 * analysis runs have labels of their own. All Cypher lives in cypher/ (queries.ts is the registry).
 *
 * Reads go through read transactions and writes through write transactions, so a `neo4j://` URI against a cluster
 * works unchanged; the driver retries both on transient errors. Integers come back as JS numbers.
 */
import neo4j, { type Driver } from "neo4j-driver";
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
import type {
  AuditEntry,
  FreezeOutcome,
  FreezeRequestRecord,
  GraphStore,
  HistoryWindows,
  HistoryWindowsQuery,
  LoadRecord,
  LoadRollback,
  LoadStart,
  NeighbourhoodFilter,
  NamedMapping,
  Note,
  StoredUser,
  StoreStats,
  TransfersQuery,
  UploadRecord,
} from "../types.js";
import type * as cw from "../ports/casework.js";
import * as admin from "./admin.js";
import * as casework from "./casework.js";
import { resolveNeo4jStoreConfig, type Neo4jStoreConfig, type ResolvedNeo4jStoreConfig } from "./config.js";
import * as data from "./data-read.js";
import { Neo4jUnavailableError } from "./errors.js";
import * as graph from "./graph-read.js";
import * as history from "./history.js";
import { currentOwner } from "../loads.js";
import * as loads from "./loads.js";
import * as recovery from "./recovery.js";
import { CypherRunner } from "./runner.js";
import { applySchema } from "./schema.js";
import { orderKeys, WritePipeline } from "./pipeline.js";
import { TransferHold } from "./transfer-hold.js";
import { planRecords, WriteHints, writeRecords } from "./write.js";

export type { Neo4jStoreConfig } from "./config.js";
export { NEO4J_STORE_DEFAULTS } from "./config.js";
export { AuditSequenceError, Neo4jConfigError, Neo4jStoreError, Neo4jUnavailableError } from "./errors.js";

/** Records per write transaction of a bulk load: consecutive batches are joined up to this many (see writeBatch). */
export const BULK_WRITE_RECORDS = 10_000;

/** Relationships or nodes deleted per transaction by `clear()`. */
const CLEAR_BATCH = 10_000;

/** The Neo4j implementation of GraphStore. Open it with openNeo4jStore. */
export class Neo4jGraphStore implements GraphStore {
  readonly kind = "neo4j" as const;
  private readonly runner: CypherRunner;
  /** What this instance's committed writes tell later batches they may skip (write.ts). */
  private readonly hints = new WriteHints();
  /** The running bulk load's batches in flight (pipeline.ts); null outside a bulk load. */
  private pipeline: WritePipeline | null = null;
  /** Batches of the running bulk load joined but not yet handed to the pipeline (bulkWriteRecords). */
  private pending: CanonicalRecord[] = [];
  /** The running bulk load's transfer records held back until both sides of each are in (transfer-hold.ts). */
  private readonly hold: TransferHold;
  /** The last hand-over to the pipeline (submitPending). */
  private submitted: Promise<void> = Promise.resolve();
  private bulkLoads = 0;
  /** Recorded loads running on this instance: the files attributed to each so far, and their counts. */
  private readonly loads = new Map<string, { files: Set<string>; records: number; batches: number }>();

  constructor(
    private readonly driver: Driver,
    readonly config: ResolvedNeo4jStoreConfig,
  ) {
    this.runner = new CypherRunner(driver, config.uri, config.database, config.maxRetryTimeMs);
    this.hold = new TransferHold(config.bulkHoldRecords);
  }

  applySchema(): Promise<void> {
    return applySchema(this.runner);
  }

  async writeBatch(records: CanonicalRecord[]): Promise<void> {
    // A running load learns of each file before any record of it is written (loads.ts).
    for (const [id, load] of this.loads) {
      const fresh = [...loads.batchFiles(records)].filter((f) => !load.files.has(f));
      if (fresh.length > 0) {
        await loads.attributeFiles(this.runner, id, fresh);
        for (const f of fresh) load.files.add(f);
      }
      load.records += records.length;
      load.batches++;
    }
    if (this.pipeline) {
      this.pipeline.check();
      const rest = this.hold.take(records);
      if (rest.length > 0) await this.join(rest);
      if (this.hold.full) await this.releaseHeld();
      return;
    }
    return writeRecords(this.runner, records, this.config, this.hints);
  }

  /**
   * Consecutive records of a bulk load are written together, up to bulkWriteRecords; a batch (or a held transfer's
   * sides) is never split.
   */
  private async join(records: readonly CanonicalRecord[]): Promise<void> {
    const limit = this.bulkWriteRecords();
    if (this.pending.length > 0 && this.pending.length + records.length > limit) await this.submitPending();
    for (const r of records) this.pending.push(r);
    if (this.pending.length >= limit) await this.submitPending();
  }

  /** Write the held transfers, each with all its sides. */
  private async releaseHeld(): Promise<void> {
    for (const sides of this.hold.release()) await this.join(sides);
  }

  /**
   * Records per transaction of a bulk load: consecutive batches are joined up to BULK_WRITE_RECORDS (within
   * atomicLimit, so that the joined batches commit together, all or nothing). Fewer, larger transactions cost the
   * server and this process less per transfer (docs/SCALE.md, "Ingest against its references").
   */
  private bulkWriteRecords(): number {
    return Math.min(BULK_WRITE_RECORDS, this.config.atomicLimit);
  }

  /**
   * Hand the batches joined so far to the pipeline, after any handed over before (a read's settled() and the load's
   * next writeBatch may both get here; the chain keeps the order of submission that of the batches).
   */
  private submitPending(): Promise<void> {
    if (this.pending.length > 0) {
      const records = this.pending;
      this.pending = [];
      const pipeline = this.pipeline!;
      const keys = orderKeys(records);
      const write = planRecords(this.runner, records, this.config, this.hints);
      const next = this.submitted.then(() => pipeline.submit(keys, write));
      // A failed hand-over is reported to its caller (and by the pipeline's drain), not to every later one.
      this.submitted = next.catch(() => undefined);
      return next;
    }
    return this.submitted;
  }

  /** Writes the load's batches `concurrency` at a time (pipeline.ts); reads meanwhile wait for those in flight. */
  async bulkLoad<T>(work: () => Promise<T>, load?: LoadStart): Promise<T> {
    if (!load) return this.bulkLoadUnrecorded(work);
    await loads.beginLoad(this.runner, load, currentOwner());
    const state = { files: new Set<string>(), records: 0, batches: 0 };
    this.loads.set(load.id, state);
    let result: T;
    try {
      result = await this.bulkLoadUnrecorded(work);
    } catch (err) {
      this.loads.delete(load.id);
      const error = (err as Error)?.message ?? String(err);
      // Best effort: if this fails too, the load stays running and is listed as interrupted once this process ends.
      await loads
        .finishLoad(this.runner, load.id, { status: "failed", ...state, error })
        .catch(() => undefined);
      throw err;
    }
    this.loads.delete(load.id);
    // Right after the last batch committed: a kill in between leaves a load whose data is whole but which is
    // listed as interrupted (re-running the ingest completes it).
    await loads.finishLoad(this.runner, load.id, { status: "complete", ...state });
    return result;
  }

  async listLoads(opts?: { incomplete?: boolean; limit?: number }): Promise<LoadRecord[]> {
    return loads.listLoads(this.runner, opts);
  }

  async getLoad(id: string): Promise<LoadRecord | null> {
    return loads.getLoad(this.runner, id);
  }

  async rollbackLoad(id: string, opts?: { force?: boolean }): Promise<LoadRollback> {
    await this.settled();
    const result = await loads.rollbackLoad(this.runner, id, opts);
    // Nodes this instance remembers as stored may be gone.
    this.hints.forget();
    return result;
  }

  private async bulkLoadUnrecorded<T>(work: () => Promise<T>): Promise<T> {
    // Loads running at once (two uploads) share one pipeline; each ends by draining it, so a failed batch fails
    // every load that was running (a failure is sticky), and the last to end closes it.
    const pipeline = (this.pipeline ??= new WritePipeline(this.config.concurrency));
    this.bulkLoads++;
    try {
      let result: T;
      try {
        result = await work();
      } catch (err) {
        // Batches already acknowledged are written, as when they had started.
        await this.releaseHeld().catch(() => undefined);
        await this.submitPending().catch(() => undefined);
        await pipeline.drain().catch(() => undefined);
        throw err;
      }
      await this.releaseHeld();
      await this.submitPending();
      await pipeline.drain();
      return result;
    } finally {
      if (--this.bulkLoads === 0) this.pipeline = null;
    }
  }

  /** Batches of a running bulk load are committed before a read (reads see every acknowledged write). */
  private async settled(): Promise<void> {
    if (this.pipeline) {
      await this.releaseHeld();
      await this.submitPending();
    }
    await this.pipeline?.idle();
  }

  async search(query: string, opts?: { limit?: number; types?: EntityType[] }): Promise<SearchHit[]> {
    await this.settled();
    return graph.search(this.runner, query, opts);
  }

  async entity(id: NodeId, page?: EdgePage): Promise<EntityDetail | null> {
    await this.settled();
    return graph.entity(this.runner, id, page);
  }

  async neighbourhood(start: NodeId[], filter?: NeighbourhoodFilter): Promise<Subgraph> {
    await this.settled();
    return graph.neighbourhood(this.runner, start, filter);
  }

  async transfers(query: TransfersQuery): Promise<TransferEdge[]> {
    await this.settled();
    return data.transfers(this.runner, query);
  }

  async transfersByIds(txIds: string[]): Promise<TransferEdge[]> {
    await this.settled();
    return data.transfersByIds(this.runner, txIds);
  }

  async historyWindows(query: HistoryWindowsQuery): Promise<HistoryWindows> {
    await this.settled();
    return history.historyWindows(this.runner, query);
  }

  async accounts(keys: string[]): Promise<ProjectionAccount[]> {
    await this.settled();
    return data.accounts(this.runner, keys);
  }

  async complaint(caseNo: string): Promise<ComplaintRecord | null> {
    await this.settled();
    return data.complaint(this.runner, caseNo);
  }

  async complaints(opts?: { limit?: number }): Promise<ComplaintRecord[]> {
    await this.settled();
    return data.complaints(this.runner, opts?.limit);
  }

  async projection(): Promise<Projection> {
    await this.settled();
    return data.projection(this.runner);
  }

  async writeAnalysis(result: AnalysisResult): Promise<void> {
    await this.settled();
    return admin.writeAnalysis(this.runner, result);
  }

  async latestAnalysis(): Promise<AnalysisResult | null> {
    await this.settled();
    return admin.latestAnalysis(this.runner);
  }

  async stats(): Promise<StoreStats> {
    await this.settled();
    return data.stats(this.runner);
  }

  async sourceFiles(sha256s?: string[]): Promise<Omit<SourceFileRecord, "kind">[]> {
    await this.settled();
    return data.sourceFiles(this.runner, sha256s);
  }

  getUser(username: string): Promise<StoredUser | null> {
    return admin.getUser(this.runner, username);
  }

  putUser(user: StoredUser): Promise<void> {
    return admin.putUser(this.runner, user);
  }

  listUsers(): Promise<StoredUser[]> {
    return admin.listUsers(this.runner);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return admin.appendAudit(this.runner, entry);
  }

  appendAuditBatch(entries: AuditEntry[]): Promise<void> {
    return admin.appendAuditBatch(this.runner, entries);
  }

  lastAudit(): Promise<AuditEntry | null> {
    return admin.lastAudit(this.runner);
  }

  auditEntries(opts: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    return admin.auditEntries(this.runner, opts);
  }

  putUpload(upload: UploadRecord): Promise<void> {
    return admin.putUpload(this.runner, upload);
  }

  getUpload(id: string): Promise<UploadRecord | null> {
    return admin.getUpload(this.runner, id);
  }

  listUploads(opts?: { limit?: number }): Promise<UploadRecord[]> {
    return admin.listUploads(this.runner, opts?.limit);
  }

  putNote(note: Note): Promise<void> {
    return admin.putNote(this.runner, note);
  }

  listNotes(target: string): Promise<Note[]> {
    return admin.listNotes(this.runner, target);
  }

  putNamedMapping(mapping: NamedMapping): Promise<void> {
    return admin.putNamedMapping(this.runner, mapping);
  }

  getNamedMapping(name: string): Promise<NamedMapping | null> {
    return admin.getNamedMapping(this.runner, name);
  }

  listNamedMappings(opts?: { signature?: string }): Promise<NamedMapping[]> {
    return admin.listNamedMappings(this.runner, opts?.signature);
  }

  deleteNamedMapping(name: string): Promise<boolean> {
    return admin.deleteNamedMapping(this.runner, name);
  }

  putFreezeRequest(request: FreezeRequestRecord, contents: Record<string, Uint8Array>): Promise<void> {
    return recovery.putFreezeRequest(this.runner, request, contents);
  }

  getFreezeRequest(id: string): Promise<FreezeRequestRecord | null> {
    return recovery.getFreezeRequest(this.runner, id);
  }

  listFreezeRequests(opts?: { complaint?: string; bank?: string }): Promise<FreezeRequestRecord[]> {
    return recovery.listFreezeRequests(this.runner, opts);
  }

  freezeRequestContent(id: string, name: string): Promise<Uint8Array | null> {
    return recovery.freezeRequestContent(this.runner, id, name);
  }

  appendFreezeOutcome(outcome: FreezeOutcome): Promise<void> {
    return recovery.appendFreezeOutcome(this.runner, outcome);
  }

  listFreezeOutcomes(opts?: { requestId?: string }): Promise<FreezeOutcome[]> {
    return recovery.listFreezeOutcomes(this.runner, opts);
  }

  // Casework (alerts, cases, links, approvals): server/store/neo4j/casework.ts.
  putAlerts(alerts: cw.AlertRecord[]): Promise<void> {
    return casework.putAlerts(this.runner, alerts);
  }
  getAlert(id: string): Promise<cw.AlertRecord | null> {
    return casework.getAlert(this.runner, id);
  }
  listAlerts(query?: cw.AlertListQuery): Promise<cw.AlertRecord[]> {
    return casework.listAlerts(this.runner, query);
  }
  updateAlert(next: cw.AlertRecord): Promise<cw.AlertRecord> {
    return casework.updateAlert(this.runner, next);
  }
  createCase(record: cw.CaseRecord): Promise<void> {
    return casework.createCase(this.runner, record);
  }
  getCase(id: string): Promise<cw.CaseRecord | null> {
    return casework.getCase(this.runner, id);
  }
  listCases(query?: cw.CaseListQuery): Promise<cw.CaseRecord[]> {
    return casework.listCases(this.runner, query);
  }
  updateCase(next: cw.CaseRecord): Promise<cw.CaseRecord> {
    return casework.updateCase(this.runner, next);
  }
  addCaseLink(link: cw.CaseLink): Promise<boolean> {
    return casework.addCaseLink(this.runner, link);
  }
  listCaseLinks(caseId: string): Promise<cw.CaseLink[]> {
    return casework.listCaseLinks(this.runner, caseId);
  }
  removeCaseLink(caseId: string, kind: cw.CaseLinkKind, ref: string): Promise<boolean> {
    return casework.removeCaseLink(this.runner, caseId, kind, ref);
  }
  putApproval(approval: cw.ApprovalRecord): Promise<void> {
    return casework.putApproval(this.runner, approval);
  }
  getApproval(id: string): Promise<cw.ApprovalRecord | null> {
    return casework.getApproval(this.runner, id);
  }
  listApprovals(query?: { target?: string; status?: cw.ApprovalStatus }): Promise<cw.ApprovalRecord[]> {
    return casework.listApprovals(this.runner, query);
  }
  decideApproval(next: cw.ApprovalRecord): Promise<cw.ApprovalRecord> {
    return casework.decideApproval(this.runner, next);
  }

  async ping(): Promise<boolean> {
    try {
      const [row] = await this.runner.read("ping");
      return row?.ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.settled();
    return this.driver.close();
  }

  /**
   * Delete every node and relationship of the database (the schema stays). Not part of GraphStore: for tests and
   * for re-loading a case from scratch.
   */
  async clear(): Promise<void> {
    await this.settled();
    this.hints.forget();
    // Relationships first: a DETACH DELETE of a hub would hold its thousands of transfers in one transaction.
    for (const query of ["clearRelationships", "clearNodes"] as const) {
      for (;;) {
        const [row] = await this.runner.write(query, { limit: CLEAR_BATCH });
        if (!row || row.deleted === 0) break;
      }
    }
  }
}

/**
 * Connect to Neo4j, check that it answers, and apply the schema.
 * Throws Neo4jConfigError for bad settings and Neo4jUnavailableError when the server cannot be reached.
 */
export async function openNeo4jStore(cfg: Neo4jStoreConfig): Promise<Neo4jGraphStore> {
  const config = resolveNeo4jStoreConfig(cfg);
  const driver = neo4j.driver(config.uri, neo4j.auth.basic(config.username, config.password), {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: config.maxRetryTimeMs,
    maxConnectionPoolSize: Math.max(10, config.concurrency * 2),
    userAgent: "mulegraph",
  });
  try {
    await driver.verifyConnectivity({ database: config.database });
  } catch (err) {
    await driver.close();
    throw new Neo4jUnavailableError(
      `store/neo4j: cannot connect to Neo4j at ${config.uri}: ${(err as Error).message}. Check NEO4J_URI, ` +
        "NEO4J_USERNAME and NEO4J_PASSWORD, and that the server is running.",
      { cause: err },
    );
  }
  const store = new Neo4jGraphStore(driver, config);
  try {
    await store.applySchema();
  } catch (err) {
    await driver.close();
    throw err;
  }
  return store;
}
