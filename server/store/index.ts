/**
 * The door to the stores: opens Neo4j when configured, the embedded store otherwise.
 */
import type { StoreConfig } from "../config.js";
import type { GraphStore } from "./types.js";

export type { GraphStore } from "./types.js";

export async function openStore(config: StoreConfig): Promise<GraphStore> {
  if (config.neo4j) {
    const { openNeo4jStore } = await import("./neo4j/index.js");
    return openNeo4jStore(config.neo4j);
  }
  const { openEmbeddedStore } = await import("./embedded/index.js");
  return openEmbeddedStore({ dataDir: config.dataDir, readWorkers: config.readWorkers });
}
