/**
 * A double of the store ports the ingest command uses (IngestStore: graph writes, counts, kind) for its unit tests:
 * records the batches it is given and fails on the n-th writeBatch the way a lost database connection does.
 */
import type { CanonicalRecord } from "../../model/records.js";
import type { IngestStore } from "../../cli/commands/ingest.js";
import type { StoreStats } from "../../server/store/ports/graph.js";

/** What the Neo4j driver throws when the server goes away (name and code as in neo4j-driver). */
export class FakeServiceUnavailable extends Error {
  override name = "Neo4jError";
  readonly code = "ServiceUnavailable";
}

export function failingStore(failOnBatch: number): IngestStore & { batches: CanonicalRecord[][] } {
  const batches: CanonicalRecord[][] = [];
  const stats: StoreStats = {
    accounts: 0,
    persons: 0,
    companies: 0,
    cards: 0,
    phones: 0,
    devices: 0,
    ips: 0,
    wallets: 0,
    transfers: 0,
    withdrawals: 0,
    complaints: 0,
    links: 0,
    transferSources: 0,
    firstTransferAt: null,
    lastTransferAt: null,
  };
  return {
    kind: "neo4j",
    batches,
    async writeBatch(records) {
      if (batches.length + 1 === failOnBatch)
        throw new FakeServiceUnavailable("Connection was closed by server");
      batches.push(records);
    },
    bulkLoad(work) {
      return work();
    },
    async stats() {
      return stats;
    },
  };
}
