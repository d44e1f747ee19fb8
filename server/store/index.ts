/**
 * The door to the stores: opens Neo4j when configured, the embedded store otherwise.
 */
import type { StoreConfig } from "./config.js";
import { defaultAuditHeadLog } from "./audit-location.js";
import type { GraphStore } from "./types.js";

export type { StoreConfig } from "./config.js";
export type { GraphStore } from "./types.js";

export async function openStore(config: StoreConfig): Promise<GraphStore> {
  const auditHeadLog = config.auditHeadLog ?? defaultAuditHeadLog(config.dataDir);
  if (config.neo4j) {
    const { openNeo4jStore } = await import("./neo4j/index.js");
    const store: GraphStore = await openNeo4jStore(config.neo4j);
    store.auditHeadLog = auditHeadLog;
    return store;
  }
  const { openEmbeddedStore } = await import("./embedded/index.js");
  return openEmbeddedStore({
    dataDir: config.dataDir,
    readWorkers: config.readWorkers,
    auditHeadLog,
    readOnly: config.readOnly,
    bulkGroupRecords: config.bulkGroupRecords,
  });
}
