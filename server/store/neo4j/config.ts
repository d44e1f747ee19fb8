/**
 * Settings of the Neo4j store: the interface, defaults, validation with precise messages, and `resolve…`.
 */
import { Neo4jConfigError } from "./errors.js";

export interface Neo4jStoreConfig {
  /** bolt://, neo4j:// (routing: works against a cluster), or their +s / +ssc variants. */
  uri: string;
  username: string;
  password: string;
  /** Database name; the server's default when absent. */
  database?: string;
  /** Rows per write transaction (UNWIND batch). */
  batchSize?: number;
  /**
   * Write transactions in flight at once: a bulk load's batches (pipeline.ts), and the chunks of a batch above
   * atomicLimit. Three keep both cores busy while this process plans the next (docs/SCALE.md).
   */
  concurrency?: number;
  /** A writeBatch of at most this many records is one transaction (all or nothing); larger ones are split. */
  atomicLimit?: number;
  /** How long the driver retries a transaction on transient errors (deadlocks, a server away), ms. */
  maxRetryTimeMs?: number;
  /**
   * Transfer records a bulk load holds back so that both banks' sides of a transfer are written together
   * (transfer-hold.ts; NEO4J_BULK_HOLD_RECORDS); 0 writes them as they come. About half a KiB of memory each.
   */
  bulkHoldRecords?: number;
}

export type ResolvedNeo4jStoreConfig = Required<Omit<Neo4jStoreConfig, "database">> & { database?: string };

export const NEO4J_STORE_DEFAULTS = {
  batchSize: 5000,
  concurrency: 3,
  atomicLimit: 20_000,
  maxRetryTimeMs: 15_000,
  bulkHoldRecords: 1_000_000,
} as const;

const SCHEMES = ["bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"];

/** Throws Neo4jConfigError naming the first bad setting. */
export function validateNeo4jStoreConfig(cfg: Neo4jStoreConfig): void {
  const scheme = /^([a-z0-9+]+):\/\//.exec(cfg.uri)?.[1];
  if (!scheme || !SCHEMES.includes(scheme)) {
    throw new Neo4jConfigError(
      `store/neo4j: NEO4J_URI "${cfg.uri}" must start with one of ${SCHEMES.map((s) => `${s}://`).join(", ")}`,
    );
  }
  const positiveInt = (name: string, v: number | undefined, max: number) => {
    if (v === undefined) return;
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new Neo4jConfigError(`store/neo4j: ${name} must be an integer from 1 to ${max}, got ${v}`);
    }
  };
  positiveInt("batchSize", cfg.batchSize, 1_000_000);
  positiveInt("concurrency", cfg.concurrency, 64);
  positiveInt("atomicLimit", cfg.atomicLimit, 1_000_000);
  positiveInt("maxRetryTimeMs", cfg.maxRetryTimeMs, 3_600_000);
  const hold = cfg.bulkHoldRecords;
  if (hold !== undefined && (!Number.isInteger(hold) || hold < 0 || hold > 100_000_000)) {
    throw new Neo4jConfigError(
      `store/neo4j: bulkHoldRecords must be an integer from 0 to 100000000, got ${hold}`,
    );
  }
}

/** Validate and fill in the defaults. */
export function resolveNeo4jStoreConfig(cfg: Neo4jStoreConfig): ResolvedNeo4jStoreConfig {
  validateNeo4jStoreConfig(cfg);
  return {
    uri: cfg.uri,
    username: cfg.username,
    password: cfg.password,
    database: cfg.database || undefined,
    batchSize: cfg.batchSize ?? NEO4J_STORE_DEFAULTS.batchSize,
    concurrency: cfg.concurrency ?? NEO4J_STORE_DEFAULTS.concurrency,
    atomicLimit: cfg.atomicLimit ?? NEO4J_STORE_DEFAULTS.atomicLimit,
    maxRetryTimeMs: cfg.maxRetryTimeMs ?? NEO4J_STORE_DEFAULTS.maxRetryTimeMs,
    bulkHoldRecords: cfg.bulkHoldRecords ?? NEO4J_STORE_DEFAULTS.bulkHoldRecords,
  };
}
