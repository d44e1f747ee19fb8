/**
 * A first load into an empty Neo4j database through Neo4j's own offline importer (`mulegraph ingest
 * --offline-import`): the ingest pipeline writes its batches here instead of over Bolt; they are folded into the
 * graph the store's write queries would have made (load-fold.ts), written as the importer's CSV files
 * (import-files.ts) and imported while the server is stopped (neo4j-admin.ts). The database then holds what an
 * online ingest of the same files would have stored, with its load recorded as complete; the store builds its
 * constraints and indexes when it is first opened. docs/SCALE.md § "A first load with Neo4j's offline importer".
 *
 * The whole load is held in memory until the end (a fold cannot be written before its last record is known): at 10M
 * transfers that is more than this machine's heap (docs/SCALE.md, "How far it goes").
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { CanonicalRecord } from "../../../../model/records.js";
import { currentOwner } from "../../loads.js";
import type { StoreStats } from "../../ports/graph.js";
import type { LoadStart } from "../../ports/loads.js";
import { writeImportFiles } from "./import-files.js";
import { LoadFold } from "./load-fold.js";
import { OfflineImportError, runImporter, type ImporterRun, type Neo4jAdminTarget } from "./neo4j-admin.js";

export { OfflineImportError, type Neo4jAdminTarget } from "./neo4j-admin.js";

export interface OfflineImportOptions extends Neo4jAdminTarget {
  /** Folder for the importer's CSV files (removed afterwards); default the system's temporary folder. */
  workDir?: string;
  log?: (line: string) => void;
}

/** What `mulegraph ingest` needs of a store, for a load that goes through the offline importer. */
export class OfflineImportStore {
  readonly kind = "neo4j" as const;
  private readonly fold = new LoadFold();
  /** The importer's run, once the load is done. */
  imported: (ImporterRun & { prepareSeconds: number }) | null = null;

  constructor(private readonly opts: OfflineImportOptions) {}

  writeBatch(records: CanonicalRecord[]): Promise<void> {
    this.fold.add(records);
    return Promise.resolve();
  }

  /** Runs `work` (which writes every batch), then imports the whole load; the load is recorded complete. */
  async bulkLoad<T>(work: () => Promise<T>, load?: LoadStart): Promise<T> {
    if (!load)
      throw new OfflineImportError("store/neo4j/offline-import: an offline import is always a recorded load");
    if (this.imported) throw new OfflineImportError("store/neo4j/offline-import: one import per database");
    const startedAt = Date.now();
    const result = await work();
    const t0 = performance.now();
    const dir = await mkdtemp(path.join(this.opts.workDir ?? os.tmpdir(), "mulegraph-import-"));
    try {
      const files = await writeImportFiles(
        this.fold,
        { start: load, owner: currentOwner(), startedAt, finishedAt: Date.now() },
        dir,
      );
      const prepareSeconds = (performance.now() - t0) / 1000;
      this.opts.log?.(`import files: ${files.nodeCount} nodes, ${files.relationshipCount} relationships`);
      this.imported = { ...(await runImporter(this.opts, files, dir, this.opts.log)), prepareSeconds };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return result;
  }

  /** The counts of the imported graph, from the fold (the server is stopped; they equal what `stats` reads later). */
  stats(): Promise<StoreStats> {
    const count = (type: string) => {
      let n = 0;
      const prefix = `${type}:`;
      for (const nid of this.fold.nodes.keys()) if (nid.startsWith(prefix)) n++;
      return n;
    };
    const rels = (type: Parameters<typeof this.fold.relationships.get>[0]) =>
      this.fold.relationships.get(type) ?? new Map();
    let transferSources = 0;
    let firstTransferAt: number | null = null;
    let lastTransferAt: number | null = null;
    for (const t of rels("TRANSFER").values()) {
      transferSources += t.sources.length;
      const ts = t.ts as number;
      if (firstTransferAt === null || ts < firstTransferAt) firstTransferAt = ts;
      if (lastTransferAt === null || ts > lastTransferAt) lastTransferAt = ts;
    }
    return Promise.resolve({
      accounts: count("account"),
      persons: count("person"),
      companies: count("company"),
      cards: count("card"),
      phones: count("phone"),
      devices: count("device"),
      ips: count("ip"),
      wallets: count("wallet"),
      transfers: rels("TRANSFER").size,
      withdrawals: rels("WITHDREW").size,
      complaints: count("complaint"),
      links: rels("OWNS").size + rels("CONTROLS").size + rels("ISSUED_ON").size + rels("USED").size,
      transferSources,
      firstTransferAt,
      lastTransferAt,
    });
  }
}
