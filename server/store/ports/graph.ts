/**
 * The graph data port: writing canonical records (one batch, or a bulk load of many) and reading the graph back —
 * search, entities, neighbourhoods, transfers, complaints, the analytics projection, counts and source files.
 * GraphWritePort is what ingest needs, GraphReadPort what the API, tracing and exports read.
 */
import type { Projection, ProjectionAccount } from "../../../model/analysis.js";
import type {
  EdgePage,
  EntityDetail,
  EntityType,
  NodeId,
  RelationshipType,
  SearchHit,
  Subgraph,
  TransferEdge,
} from "../../../model/graph.js";
import type { CanonicalRecord, ComplaintRecord, SourceFileRecord } from "../../../model/records.js";
import type { LoadStart } from "./loads.js";

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
  /**
   * Links between entities, one per pair: owners of accounts, persons controlling companies, cards on accounts, and
   * identifiers (phone, device, IP) used by a person, account or card.
   */
  links: number;
  /** Sum over transfers of their distinct sources (a transfer seen in both statements counts 2). */
  transferSources: number;
  /** Earliest and latest transfer time, epoch ms; null on an empty store. */
  firstTransferAt: number | null;
  lastTransferAt: number | null;
}

export interface GraphWritePort {
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
}

/** entity() and neighbourhood() as JSON text, with the counts an audit entry records (GraphReadPort.serialized). */
export interface SerializedReads {
  /** entity() as JSON; null when there is no such entity. */
  entity(id: NodeId, page?: EdgePage): Promise<string | null>;
  neighbourhood(
    start: NodeId[],
    filter?: NeighbourhoodFilter,
  ): Promise<{ json: string; nodes: number; edges: number; truncated: boolean }>;
}

export interface GraphReadPort {
  /**
   * Identifiers (IBAN, key, number, IIN/BIN, phone, device, IP, card, wallet, case, ATM) exactly, by prefix or by any
   * fragment; names by words in any order, folded; ranked, the page [offset, offset + limit). Rules: search-rank.ts.
   */
  search(
    query: string,
    opts?: { limit?: number; types?: EntityType[]; offset?: number },
  ): Promise<SearchHit[]>;

  /**
   * The entity with its properties, sources and relationships; null when unknown. `page` selects a page of the
   * relationships in id order (links before transfers), with their total and the next page's offset; the neighbours
   * are those the page names.
   */
  entity(id: NodeId, page?: EdgePage): Promise<EntityDetail | null>;

  /**
   * Expand from start nodes through relationships, honouring the filter. The result always holds the start nodes
   * that exist and every edge (matching the filter) between nodes of the result; depth 0 gives the induced subgraph
   * of the start nodes (how a cluster is exported).
   */
  neighbourhood(start: NodeId[], filter?: NeighbourhoodFilter): Promise<Subgraph>;

  /**
   * The same reads answered as JSON text, for a store that can build it off the server's event loop (the embedded
   * store's read workers): the API sends the text as it comes, with what its audit entry records.
   */
  readonly serialized?: SerializedReads;

  /** Transfers (and withdrawals, as `to = "atm:<id>"`) of a set of accounts, ordered by ts then txId. */
  transfers(query: TransfersQuery): Promise<TransferEdge[]>;

  /** Transfers and withdrawals by txId (unknown ids omitted), ordered by ts then txId. */
  transfersByIds(txIds: string[]): Promise<TransferEdge[]>;

  /** The accounts' details needed by tracing (bank, watch-list, foreign). Unknown keys are omitted. */
  accounts(keys: string[]): Promise<ProjectionAccount[]>;

  complaint(caseNo: string): Promise<ComplaintRecord | null>;
  complaints(opts?: { limit?: number }): Promise<ComplaintRecord[]>;

  /** Everything analytics need, in one pass. */
  projection(): Promise<Projection>;

  stats(): Promise<StoreStats>;

  /** Source files ingested so far (all when `sha256s` is absent), ordered by name. */
  sourceFiles(sha256s?: string[]): Promise<Omit<SourceFileRecord, "kind">[]>;
}

/** The graph, written and read. */
export interface GraphDataPort extends GraphWritePort, GraphReadPort {}
