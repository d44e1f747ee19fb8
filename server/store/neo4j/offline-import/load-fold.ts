/**
 * The whole of one load folded into the rows of the graph it leaves in an empty Neo4j database: what the store's
 * write queries would have made of the same batches, one row per node and per relationship. Each batch is planned by
 * the store's own planner (write-plan.ts), then merged here with the write queries' rules (cypher/write-*.cypher):
 * the first non-null value of a field wins, sources (and a link's uses or wallet payments) are unioned in order of
 * arrival, a link's first/last time widens. docs/SCALE.md § "A first load with Neo4j's offline importer".
 */
import type { CanonicalRecord } from "../../../../model/records.js";
import { planBatch } from "../write-plan.js";
import type { QueryName } from "../queries.js";

/** One folded node or relationship: its fields, and the lists that are unioned. */
export type FoldedRow = Record<string, unknown> & { sources: string[] };

/** Relationship types by the write query that makes them. */
const REL_TYPE = {
  writeTransfers: "TRANSFER",
  writeWithdrawals: "WITHDREW",
  writeOwnerships: "OWNS",
  writeControls: "CONTROLS",
  writeCardAccounts: "ISSUED_ON",
  writeReports: "REPORTED",
  writeUsages: "USED",
  writeWalletPayments: "PAID_TO_WALLET",
} as const satisfies Partial<Record<QueryName, string>>;

export type RelType = (typeof REL_TYPE)[keyof typeof REL_TYPE];

const NODE_QUERIES = new Set<QueryName>([
  "writeAccounts",
  "writePersons",
  "writeCompanies",
  "writeCards",
  "writeComplaints",
  "ensureAccounts",
  "ensurePersons",
  "ensureCompanies",
  "ensureCards",
  "writeIdentifiers",
  "writeWallets",
  "writeCashPoints",
]);

/** Lists a row keeps as a union, in order of arrival, beside `sources`. */
const UNION_LISTS = ["sources", "uses", "txIds"] as const;

function mergeInto(row: FoldedRow, from: Record<string, unknown>): void {
  for (const k in from) {
    const v = from[k];
    if (v === undefined || v === null) continue;
    if ((UNION_LISTS as readonly string[]).includes(k)) {
      const list = (row[k] ??= []) as unknown[];
      for (const x of v as unknown[]) if (!list.includes(x)) list.push(x);
    } else if (k === "first") {
      if (typeof row.first !== "number" || (v as number) < row.first) row.first = v;
    } else if (k === "last") {
      if (typeof row.last !== "number" || (v as number) > row.last) row.last = v;
    } else if (row[k] === undefined || row[k] === null) row[k] = v;
  }
}

function freshRow(from: Record<string, unknown>): FoldedRow {
  const row: FoldedRow = { sources: [] };
  mergeInto(row, from);
  return row;
}

/** Counts the store would report for the folded graph (GraphReadPort.stats, without the time span). */
export interface FoldCounts {
  nodes: number;
  relationships: number;
}

/** Accumulates the batches of one load. */
export class LoadFold {
  /** Entity nodes by node id (`<type>:<key>`, model/graph.ts nodeId). */
  readonly nodes = new Map<string, FoldedRow>();
  /** Relationships by type, then by key (txId for transfers and withdrawals, "<from>\0<to>" for links). */
  readonly relationships = new Map<RelType, Map<string, FoldedRow>>();
  /** Source files by SHA-256, the first description kept (cypher/write-source-files.cypher: ON CREATE). */
  readonly sourceFiles = new Map<string, Record<string, unknown>>();
  /** SHA-256 of every file the load's records name, in order of first mention (the load's LoadFile nodes). */
  readonly files = new Set<string>();
  records = 0;
  batches = 0;

  add(records: readonly CanonicalRecord[]): void {
    this.records += records.length;
    this.batches++;
    for (const r of records) {
      if (r.kind === "sourceFile") this.files.add(r.sha256);
      else for (const s of r.sources) this.files.add(s.file);
    }
    for (const phase of planBatch(records))
      for (const step of phase) {
        if (step.query === "writeSourceFiles") {
          for (const f of step.rows)
            if (!this.sourceFiles.has(f.sha256 as string)) this.sourceFiles.set(f.sha256 as string, f);
        } else if (NODE_QUERIES.has(step.query)) {
          for (const r of step.rows) {
            const nid = r.nid as string;
            const row = this.nodes.get(nid);
            if (row) mergeInto(row, r);
            else this.nodes.set(nid, freshRow(r));
          }
        } else {
          const type = REL_TYPE[step.query as keyof typeof REL_TYPE];
          if (type === undefined)
            throw new Error(`store/neo4j/offline-import: no rule for query ${step.query}`);
          let rels = this.relationships.get(type);
          if (!rels) this.relationships.set(type, (rels = new Map()));
          const byTx = type === "TRANSFER" || type === "WITHDREW";
          for (const r of step.rows) {
            const key = byTx ? (r.txId as string) : `${r.from as string}\u0000${r.to as string}`;
            const row = rels.get(key);
            if (row) mergeInto(row, r);
            else rels.set(key, freshRow(r));
          }
        }
      }
  }

  counts(): FoldCounts {
    let relationships = 0;
    for (const rels of this.relationships.values()) relationships += rels.size;
    return { nodes: this.nodes.size, relationships };
  }
}
