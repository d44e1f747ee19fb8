/**
 * The load records port: every ingest (CLI `ingest`, an upload job) is a load that GraphWritePort.bulkLoad records;
 * this port lists them and rolls one back. docs/MODEL.md § Loads.
 */

/**
 * A load's state. Stored when the load begins, before any of its data, and finished in the same transaction as its
 * last data (embedded) or right after it (Neo4j), so a load whose process died shows as `running` with no live owner
 * (`interrupted`).
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
 * The load records: GraphWritePort.bulkLoad writes them; these read them and roll a load back. Errors (classes in
 * server/store/loads.ts): LoadNotFoundError, LoadStateError (rolling back a complete or live load).
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
