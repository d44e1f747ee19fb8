/**
 * A GraphStore double for the ingest command's unit tests: records the batches it is given and fails on the n-th
 * writeBatch the way a lost database connection does. Only the methods the command calls do anything.
 */
import type { CanonicalRecord } from "../../model/records.js";
import type { GraphStore, StoreStats } from "../../server/store/types.js";

/** What the Neo4j driver throws when the server goes away (name and code as in neo4j-driver). */
export class FakeServiceUnavailable extends Error {
  override name = "Neo4jError";
  readonly code = "ServiceUnavailable";
}

export function failingStore(failOnBatch: number): GraphStore & { batches: CanonicalRecord[][] } {
  const batches: CanonicalRecord[][] = [];
  const notUsed = () => {
    throw new Error("ingest-store.fake: not used by the ingest command");
  };
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
    async close() {},
    async ping() {
      return true;
    },
    applySchema: notUsed,
    search: notUsed,
    entity: notUsed,
    neighbourhood: notUsed,
    transfers: notUsed,
    transfersByIds: notUsed,
    accounts: notUsed,
    complaint: notUsed,
    complaints: notUsed,
    projection: notUsed,
    writeAnalysis: notUsed,
    latestAnalysis: notUsed,
    sourceFiles: notUsed,
    getUser: notUsed,
    putUser: notUsed,
    listUsers: notUsed,
    appendAudit: notUsed,
    lastAudit: notUsed,
    auditEntries: notUsed,
    putUpload: notUsed,
    getUpload: notUsed,
    listUploads: notUsed,
    putNote: notUsed,
    listNotes: notUsed,
    putNamedMapping: notUsed,
    getNamedMapping: notUsed,
    listNamedMappings: notUsed,
    deleteNamedMapping: notUsed,
    listLoads: notUsed,
    getLoad: notUsed,
    rollbackLoad: notUsed,
    putFreezeRequest: notUsed,
    getFreezeRequest: notUsed,
    listFreezeRequests: notUsed,
    freezeRequestContent: notUsed,
    appendFreezeOutcome: notUsed,
    listFreezeOutcomes: notUsed,
    putAlerts: notUsed,
    getAlert: notUsed,
    listAlerts: notUsed,
    updateAlert: notUsed,
    createCase: notUsed,
    getCase: notUsed,
    listCases: notUsed,
    updateCase: notUsed,
    addCaseLink: notUsed,
    listCaseLinks: notUsed,
    removeCaseLink: notUsed,
    putApproval: notUsed,
    getApproval: notUsed,
    listApprovals: notUsed,
    decideApproval: notUsed,
  };
}
