/**
 * What opening a store needs (openStore, index.ts): which store, where, and the embedded store's settings. The
 * values come from server/config.ts (the environment, validated once at boot) or from the CLI's flags; the store
 * reads no environment itself.
 */
import type { AuditHeadLogLocation } from "./ports/records.js";

export interface StoreConfig {
  /** Folder of the embedded store. */
  dataDir: string;
  /** When set, Neo4j is used instead of the embedded store. */
  neo4j?: { uri: string; username: string; password: string; database?: string };
  /** Embedded store only: worker threads for interactive reads (the server sets it; the CLI does not). */
  readWorkers?: number;
  /** Embedded store only: open an existing database for reading only (writes fail naming the file). */
  readOnly?: boolean;
  /**
   * Embedded store only: a bulk load commits every this many records (MULEGRAPH_BULK_GROUP_RECORDS); default
   * BULK_GROUP_RECORDS (embedded/write.ts).
   */
  bulkGroupRecords?: number;
  /** The audit trail's signed-head log and signing key, outside the database (both stores). */
  auditHeadLog?: AuditHeadLogLocation;
}
