/**
 * GraphStore: the one interface the rest of the product uses to reach the data.
 * Two implementations pass one contract suite (test/store/contract.ts): Neo4j (server/store/neo4j/)
 * and the embedded on-disk default (server/store/embedded/).
 */
import type { AnalysisResult, Projection } from "../../model/analysis.js";
import type {
  EntityDetail,
  EntityType,
  NodeId,
  RelationshipType,
  SearchHit,
  Subgraph,
  TransferEdge,
} from "../../model/graph.js";
import type { CanonicalRecord, ComplaintRecord, SourceFileRecord } from "../../model/records.js";
import type { FreezeStatus } from "../../model/recovery.js";

export interface NeighbourhoodFilter {
  /** Epoch ms, inclusive. Applies to TRANSFER and WITHDREW edges. */
  from?: number;
  to?: number;
  /** Minimum amountKzt of TRANSFER / WITHDREW edges. */
  minAmountKzt?: number;
  /** Relationship types to follow; all when absent. */
  types?: RelationshipType[];
  /** Hops from the start nodes; default 1. */
  depth?: number;
  /** Stop adding nodes at this many; default 500. Sets `truncated` when reached. */
  nodeCap?: number;
  /** Carry at most this many edges (the first in id order, expand.ts); default 20 000. Sets `truncated` when cut. */
  edgeCap?: number;
}

export interface TransfersQuery {
  /** Account keys. */
  accounts: string[];
  direction: "out" | "in" | "both";
  /** Epoch ms, exclusive lower bound; none when absent. */
  after?: number;
  /** Epoch ms, inclusive upper bound; none when absent. */
  until?: number;
}

export interface StoreStats {
  accounts: number;
  persons: number;
  companies: number;
  cards: number;
  phones: number;
  devices: number;
  ips: number;
  wallets: number;
  transfers: number;
  withdrawals: number;
  complaints: number;
  /** Sum over transfers of their distinct sources (a transfer seen in both statements counts 2). */
  transferSources: number;
  /** Earliest and latest transfer time, epoch ms; null on an empty store. */
  firstTransferAt: number | null;
  lastTransferAt: number | null;
}

export interface StoredUser {
  username: string;
  role: "analyst" | "investigator" | "prosecutor" | "admin";
  /** Encoded KDF hash (server/auth/password.ts owns the format). */
  passwordHash: string;
  createdAt: number;
  disabled?: boolean;
}

export interface AuditEntry {
  seq: number;
  ts: number;
  actor: string;
  action: string;
  /** What was touched: node id, case number, upload id… */
  target: string | null;
  params: Record<string, unknown>;
  /** SHA-256 hex of the previous entry's `hash` ("0"×64 for the first). */
  prevHash: string;
  /** SHA-256 hex over this entry's canonical JSON (server/audit owns the formula). */
  hash: string;
}

/** Where the signed tree heads of a store's audit trail are appended, and the file holding the key that signs them. */
export interface AuditHeadLogLocation {
  headLog: string;
  keyFile: string;
}

export interface UploadRecord {
  id: string;
  createdAt: number;
  createdBy: string;
  status: "queued" | "running" | "done" | "failed";
  /** The ingest summary JSON (same shape as `mulegraph ingest --json`), when done. */
  summary?: unknown;
  error?: string;
}

/** An investigator's note on an entity (node id) or a case. */
export interface Note {
  id: string;
  target: string;
  author: string;
  createdAt: number;
  text: string;
}

/**
 * A column mapping a user saved under a name (the upload page's "Save as named mapping"). It is offered again for a
 * file whose header has the same `signature`: the header cells normalised (server/api/header-signature.ts), so a
 * header that differs only in case, spacing or ё/е matches.
 */
export interface NamedMapping {
  /** Unique; saving under an existing name replaces that mapping. */
  name: string;
  /** Export kind the columns belong to (model/records.ts ExportKind). */
  kind: string;
  signature: string;
  /** The header cells as in the file the mapping was made for. */
  header: string[];
  /** Header as in the file → canonical field; "" ignores the column. */
  columns: Record<string, string>;
  createdBy: string;
  createdAt: number;
}

export type { FreezeStatus } from "../../model/recovery.js";

/** One account a freeze request asks a bank to freeze. */
export interface FreezeRequestItem {
  account: string;
  /** Traced money the account held at the end of the data, KZT. */
  amountKzt: number;
  /** The transfers that brought it in. */
  txIds: string[];
  /** Its split by complaint case number, KZT. */
  byComplaint: Record<string, number>;
}

/** A file of a freeze request (the letter, the machine-readable list), with its hash. */
export interface FreezeRequestFile {
  name: string;
  mediaType: string;
  sha256: string;
  bytes: number;
}

/** A freeze request sent to one bank: what it asks for, and the hashes of the files it was built as. */
export interface FreezeRequestRecord {
  /** The request number (unique), e.g. FR-2026-0001. */
  id: string;
  /** The bank's BIC (or name, as the data holds it). */
  bank: string;
  createdAt: number;
  createdBy: string;
  /** Complaint case numbers the request is for. */
  complaints: string[];
  items: FreezeRequestItem[];
  totalKzt: number;
  /** SHA-256 hex of the request's JSON file (the machine-readable request). */
  sha256: string;
  files: FreezeRequestFile[];
}

/** One change of a requested freeze's status: who, when, and the amount or reason it came with. */
export interface FreezeOutcome {
  requestId: string;
  /** Per request, 1, 2, 3 …: the order of the changes (the store rejects anything but last + 1). */
  seq: number;
  account: string;
  status: FreezeStatus;
  /** frozen: the amount frozen; returned: the amount returned to the victims. */
  amountKzt?: number;
  /** refused: the bank's reason; otherwise an optional note (a bank's reference). */
  reason?: string;
  by: string;
  at: number;
}

/**
 * The recovery records (freeze requests, their files and outcomes), a port of its own so that a later refactor can
 * split the store's interfaces; GraphStore extends it. Errors by name: "FreezeRequestExistsError" (a request number
 * stored already), "FreezeOutcomeSequenceError" (seq not last + 1, or no such request).
 */
export interface RecoveryRecordStore {
  /** Store a new request and its files' bytes (by file name, as listed in `request.files`). */
  putFreezeRequest(request: FreezeRequestRecord, contents: Record<string, Uint8Array>): Promise<void>;
  getFreezeRequest(id: string): Promise<FreezeRequestRecord | null>;
  /** Requests by (createdAt, id); only those for a complaint or a bank when given. */
  listFreezeRequests(opts?: { complaint?: string; bank?: string }): Promise<FreezeRequestRecord[]>;
  /** A request file's bytes; null when the request or the file is unknown. */
  freezeRequestContent(id: string, name: string): Promise<Uint8Array | null>;
  appendFreezeOutcome(outcome: FreezeOutcome): Promise<void>;
  /** Outcomes by (requestId, seq); one request's only when given. */
  listFreezeOutcomes(opts?: { requestId?: string }): Promise<FreezeOutcome[]>;
}

/**
 * A load: one ingest (CLI `ingest`, an upload job) as the store records it. Stored when the load begins, before any
 * of its data, and finished in the same transaction as its last data (embedded) or right after it (Neo4j), so a load
 * whose process died shows as `running` with no live owner (`interrupted`). docs/MODEL.md § Loads.
 */
export type LoadStatus = "running" | "complete" | "failed" | "rolled_back";

/** What the caller of bulkLoad says about a load when it begins. */
export interface LoadStart {
  /** Unique; e.g. `load-<time>-<random>` (server/store/loads.ts newLoadId). */
  id: string;
  /** The user (or `cli:<os user>`) who started it. */
  by: string;
  /** `cli` or `upload:<upload id>`. */
  origin: string;
  /** The files as given (paths for the CLI, uploaded names for an upload), with their sizes. */
  inputs: { name: string; bytes: number }[];
}

/** The process running a load: a load whose owner is gone while it is `running` was interrupted. */
export interface LoadOwner {
  host: string;
  pid: number;
  /** Random per process, so that a restarted server with the same pid (pid 1 in a container) is told apart. */
  token: string;
}

export interface LoadRecord extends LoadStart {
  status: LoadStatus;
  startedAt: number;
  finishedAt?: number;
  owner: LoadOwner;
  /** Records and batches the load wrote (what the store acknowledged). */
  records: number;
  batches: number;
  /**
   * Files whose records the load wrote, by SHA-256, recorded with (never after) their first data. `fresh`: the store
   * had no record of the file before this load (only such files' records are removed by a rollback).
   */
  files: { sha256: string; name?: string; fresh: boolean }[];
  error?: string;
  /** A later complete load that read every file of this one (a resume): this load then counts as complete. */
  resumedBy?: string;
  /** Derived when read: `running` and its owner process is known to be gone (killed, crashed). */
  interrupted?: boolean;
}

/** What a rollback removed. */
export interface LoadRollback {
  load: string;
  /** Files whose records were removed (fresh in the load and read by no complete load). */
  files: string[];
  removed: { transfers: number; withdrawals: number; accounts: number; records: number };
}

/**
 * The load records: GraphStore.bulkLoad writes them; these read them and roll a load back. Errors by name:
 * "LoadNotFoundError", "LoadStateError" (rolling back a complete or live load).
 */
export interface LoadRecordStore {
  /** Loads newest first; only running / failed ones (the incomplete) when `incomplete`. */
  listLoads(opts?: { incomplete?: boolean; limit?: number }): Promise<LoadRecord[]>;
  getLoad(id: string): Promise<LoadRecord | null>;
  /**
   * Remove every record whose only sources are the load's fresh files (files also read by a complete load are kept),
   * and mark it rolled_back. Refused for a complete load, and for a running one whose owner is alive or unknown
   * (another host) unless `force`.
   */
  rollbackLoad(id: string, opts?: { force?: boolean }): Promise<LoadRollback>;
}

export interface GraphStore extends RecoveryRecordStore, LoadRecordStore {
  readonly kind: "neo4j" | "embedded";

  /** Create constraints, indexes or tables. Idempotent; called on open. */
  applySchema(): Promise<void>;

  /**
   * Write canonical records. Idempotent: writing the same records again changes nothing.
   * A transfer already present gains the new record's sources (set union by file+line); nothing else duplicates.
   */
  writeBatch(records: CanonicalRecord[]): Promise<void>;

  /**
   * Run `work`, which writes batches, as one bulk load: an ingest of many batches in a row. The store may commit them
   * in larger groups and build indexes once at the end instead of row by row; when the returned promise settles,
   * every batch `work` wrote without error is committed. A process killed during a bulk load may lose its uncommitted
   * batches (re-running the same ingest converges), never part of a batch, and never an index.
   *
   * With `load`, the bulk load is a recorded load (LoadRecord): stored as `running` before any data, `complete` with
   * (embedded) or right after (Neo4j) its last data, `failed` when `work` throws. Reads made meanwhile may see the
   * batches written so far, but listLoads({ incomplete: true }) names the load until it is complete, so an answer
   * built on them can say it is partial. Completing a load also completes the interrupted or failed loads whose every
   * file it read (a resume: ingest is idempotent).
   */
  bulkLoad<T>(work: () => Promise<T>, load?: LoadStart): Promise<T>;

  /**
   * Identifiers (IBAN, key, number, IIN/BIN, phone, device, IP, card, wallet, case, ATM) exactly, by prefix or by any
   * fragment; names by words in any order, folded; ranked, the page [offset, offset + limit). Rules: search-rank.ts.
   */
  search(
    query: string,
    opts?: { limit?: number; types?: EntityType[]; offset?: number },
  ): Promise<SearchHit[]>;

  /** The entity with its properties, sources and relationships; null when unknown. */
  entity(id: NodeId): Promise<EntityDetail | null>;

  /**
   * Expand from start nodes through relationships, honouring the filter. The result always holds the start nodes
   * that exist and every edge (matching the filter) between nodes of the result; depth 0 gives the induced subgraph
   * of the start nodes (how a cluster is exported).
   */
  neighbourhood(start: NodeId[], filter?: NeighbourhoodFilter): Promise<Subgraph>;

  /** Transfers (and withdrawals, as `to = "atm:<id>"`) of a set of accounts, ordered by ts then txId. */
  transfers(query: TransfersQuery): Promise<TransferEdge[]>;

  /** Transfers and withdrawals by txId (unknown ids omitted), ordered by ts then txId. */
  transfersByIds(txIds: string[]): Promise<TransferEdge[]>;

  /** The accounts' details needed by tracing (bank, watch-list, foreign). Unknown keys are omitted. */
  accounts(keys: string[]): Promise<import("../../model/analysis.js").ProjectionAccount[]>;

  complaint(caseNo: string): Promise<ComplaintRecord | null>;
  complaints(opts?: { limit?: number }): Promise<ComplaintRecord[]>;

  /** Everything analytics need, in one pass. */
  projection(): Promise<Projection>;

  /** Replace the current analysis results with this run (community, role, score, reasons on each account). */
  writeAnalysis(result: AnalysisResult): Promise<void>;
  latestAnalysis(): Promise<AnalysisResult | null>;

  stats(): Promise<StoreStats>;

  /** Source files ingested so far (all when `sha256s` is absent), ordered by name. */
  sourceFiles(sha256s?: string[]): Promise<Omit<SourceFileRecord, "kind">[]>;

  // Users, audit trail and upload jobs live in the store too.
  getUser(username: string): Promise<StoredUser | null>;
  putUser(user: StoredUser): Promise<void>;
  listUsers(): Promise<StoredUser[]>;
  /** Append one entry; `seq` must be last seq + 1 (the store rejects anything else). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /**
   * Optional: append consecutive entries in one transaction (the first `seq` must be last seq + 1; all or nothing).
   * server/audit groups concurrent appends into one call when a store offers it; without it, appendAudit per entry.
   */
  appendAuditBatch?(entries: AuditEntry[]): Promise<void>;
  lastAudit(): Promise<AuditEntry | null>;
  /**
   * Where server/audit writes signed tree heads after each batch (outside the database); absent: no heads are kept
   * (a store opened by hand in a test; the server and the CLI always set it).
   */
  auditHeadLog?: AuditHeadLogLocation;
  auditEntries(opts: { afterSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  putUpload(upload: UploadRecord): Promise<void>;
  getUpload(id: string): Promise<UploadRecord | null>;
  listUploads(opts?: { limit?: number }): Promise<UploadRecord[]>;
  putNote(note: Note): Promise<void>;
  /** Notes on one target, oldest first. */
  listNotes(target: string): Promise<Note[]>;
  /** Insert or replace a named mapping (by name). */
  putNamedMapping(mapping: NamedMapping): Promise<void>;
  getNamedMapping(name: string): Promise<NamedMapping | null>;
  /** Named mappings by name; only those of one header signature when `signature` is given. */
  listNamedMappings(opts?: { signature?: string }): Promise<NamedMapping[]>;
  /** Remove a named mapping; false when there was none by that name. */
  deleteNamedMapping(name: string): Promise<boolean>;

  /** Is the backing database reachable? (`/readyz`) */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
