/**
 * The typed registry of the Neo4j store's Cypher: one `.cypher` file per query in cypher/, loaded by name.
 *
 * `QUERIES` maps each query name to its file; `QueryRows` gives each query's row shape, so using a name that is not
 * registered, or forgetting a row shape, is a compile error. test/store/neo4j-queries.test.ts checks that every file
 * exists and every file in cypher/ is registered. No Cypher is ever built from user input: values go in parameters.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Query name → file name in cypher/ (without `.cypher`). */
export const QUERIES = {
  writeSourceFiles: "write-source-files",
  writeAccounts: "write-accounts",
  writePersons: "write-persons",
  writeCompanies: "write-companies",
  writeCards: "write-cards",
  writeComplaints: "write-complaints",
  ensureAccounts: "ensure-accounts",
  ensurePersons: "ensure-persons",
  ensureCompanies: "ensure-companies",
  ensureCards: "ensure-cards",
  writeIdentifiers: "write-identifiers",
  writeWallets: "write-wallets",
  writeCashPoints: "write-cash-points",
  writeTransfers: "write-transfers",
  createTransfers: "create-transfers",
  upsertTransfers: "upsert-transfers",
  writeWithdrawals: "write-withdrawals",
  writeOwnerships: "write-ownerships",
  writeControls: "write-controls",
  writeCardAccounts: "write-card-accounts",
  writeReports: "write-reports",
  writeUsages: "write-usages",
  writeWalletPayments: "write-wallet-payments",
  nodesByIds: "nodes-by-ids",
  entity: "entity",
  neighbourhoodStart: "neighbourhood-start",
  neighbourhoodExpand: "neighbourhood-expand",
  neighbourhoodEdges: "neighbourhood-edges",
  neighbourhoodEdgesPairs: "neighbourhood-edges-pairs",
  searchCandidates: "search-candidates",
  transfers: "transfers",
  transfersByIds: "transfers-by-ids",
  historyOpenings: "history-openings",
  historyTransfers: "history-transfers",
  accountsByKeys: "accounts-by-keys",
  complaint: "complaint",
  complaints: "complaints",
  projectionAccounts: "projection-accounts",
  projectionTransfers: "projection-transfers",
  projectionIdentifierUses: "projection-identifier-uses",
  projectionIdentifierCards: "projection-identifier-cards",
  projectionIdentifierOwners: "projection-identifier-owners",
  projectionComplaints: "projection-complaints",
  stats: "stats",
  sourceFiles: "source-files",
  analysisClearRun: "analysis-clear-run",
  analysisClearAccounts: "analysis-clear-accounts",
  analysisWriteRun: "analysis-write-run",
  analysisWriteAccounts: "analysis-write-accounts",
  analysisRun: "analysis-run",
  analysisClusters: "analysis-clusters",
  analysisAccounts: "analysis-accounts",
  userPut: "user-put",
  userGet: "user-get",
  usersList: "users-list",
  auditAppendAfter: "audit-append-after",
  auditLast: "audit-last",
  auditEntries: "audit-entries",
  uploadPut: "upload-put",
  uploadGet: "upload-get",
  uploadsList: "uploads-list",
  notePut: "note-put",
  notesList: "notes-list",
  namedMappingPut: "named-mapping-put",
  namedMappingGet: "named-mapping-get",
  namedMappingsList: "named-mappings-list",
  namedMappingDelete: "named-mapping-delete",
  freezeRequestPut: "freeze-request-put",
  freezeRequestGet: "freeze-request-get",
  freezeRequestsList: "freeze-requests-list",
  freezeRequestContent: "freeze-request-content",
  freezeOutcomeLast: "freeze-outcome-last",
  freezeOutcomeAppend: "freeze-outcome-append",
  freezeOutcomesList: "freeze-outcomes-list",
  alertPut: "alert-put",
  alertGet: "alert-get",
  alertList: "alert-list",
  alertUpdate: "alert-update",
  casePut: "case-put",
  caseGet: "case-get",
  caseList: "case-list",
  caseUpdate: "case-update",
  caseLinkAdd: "case-link-add",
  caseLinkList: "case-link-list",
  caseLinkDelete: "case-link-delete",
  caseApprovalPut: "case-approval-put",
  caseApprovalGet: "case-approval-get",
  caseApprovalList: "case-approval-list",
  caseApprovalDecide: "case-approval-decide",
  ping: "ping",
  clearRelationships: "clear-relationships",
  clearNodes: "clear-nodes",
  loadCsvTransfers: "load-csv-transfers",
  loadBegin: "load-begin",
  loadFiles: "load-files",
  loadFinish: "load-finish",
  loadResume: "load-resume",
  loadsList: "loads-list",
  loadRollbackFiles: "load-rollback-files",
  loadRollbackRelationships: "load-rollback-relationships",
  loadRollbackNodes: "load-rollback-nodes",
  loadRollbackOrphans: "load-rollback-orphans",
  loadRollbackFinish: "load-rollback-finish",
} as const;

export type QueryName = keyof typeof QUERIES;

/** The schema file: several statements, applied in order by schema.ts. */
export const SCHEMA_FILE = "schema";

/** Stored properties of a node or relationship, as the driver returns them (integers as numbers). */
export type Props = Record<string, unknown>;

/** Row of a query that reads transfers and withdrawals. */
export interface TransferRow {
  type: "TRANSFER" | "WITHDREW";
  txId: string;
  fromKey: string;
  toKey: string;
  country: string | null;
  ts: number;
  amount: number;
  currency: string;
  amountKzt: number;
  purpose: string | null;
  wallets: string[] | null;
}

/** Row of an account read with its holder company's kind. */
export interface AccountRow {
  key: string;
  props: Props;
  holderCompanyKind: string | null;
}

/** Row of a query that returns one relationship. */
export interface EdgeRow {
  type: string;
  source: string;
  target: string;
  props: Props;
}

/** A neighbourhood's last read: the wanted entities with their properties, and the edges among the set. */
interface NodesAndEdges {
  nodes: { id: string; props: Props }[];
  edges: EdgeRow[];
}

/** Write queries of nodes return no rows. */
type NoRows = never;
/**
 * Every search candidate, as parallel lists (one entry per candidate): a node id, the field that may match (or "nid"
 * for the whole id), its value, the node's name as its label (null for types labelled by their key) and its activity
 * (null for types not ranked by one).
 */
interface SearchCandidatesRow {
  ids: string[];
  fields: string[];
  values: string[];
  labels: (string | null)[];
  activity: (number | null)[];
}

/** Write queries of relationships return one row: how many of their rows found both nodes (write.ts checks it). */
export interface Written {
  written: number;
}

/** Row shape of every query: a query missing here fails to compile (see `Complete` below). */
export interface QueryRows {
  writeSourceFiles: NoRows;
  writeAccounts: NoRows;
  writePersons: NoRows;
  writeCompanies: NoRows;
  writeCards: NoRows;
  writeComplaints: NoRows;
  ensureAccounts: NoRows;
  ensurePersons: NoRows;
  ensureCompanies: NoRows;
  ensureCards: NoRows;
  writeIdentifiers: NoRows;
  writeWallets: NoRows;
  writeCashPoints: NoRows;
  writeTransfers: Written;
  createTransfers: Written;
  upsertTransfers: Written & { stored: number; movedEnds: string[] };
  writeWithdrawals: Written;
  writeOwnerships: Written;
  writeControls: Written;
  writeCardAccounts: Written;
  writeReports: Written;
  writeUsages: Written;
  writeWalletPayments: Written;
  nodesByIds: { id: string; props: Props };
  entity: {
    id: string;
    props: Props;
    total: number;
    edges: (EdgeRow & { elementId: string })[];
    neighbours: { id: string; props: Props }[];
  };
  neighbourhoodStart: {
    starts: { id: string; props: Props }[];
    adjacentIds: string[] | null;
    adjacent: { id: string; props: Props }[] | null;
    edges: EdgeRow[] | null;
  };
  neighbourhoodExpand: { id: string };
  neighbourhoodEdges: NodesAndEdges;
  neighbourhoodEdgesPairs: NodesAndEdges;
  searchCandidates: SearchCandidatesRow;
  transfers: TransferRow;
  transfersByIds: TransferRow;
  historyOpenings: { account: string; openingTiyn: number };
  historyTransfers: TransferRow & { listed: boolean; tiyn: number };
  accountsByKeys: AccountRow;
  complaint: { caseNo: string; props: Props };
  complaints: { caseNo: string; props: Props };
  projectionAccounts: AccountRow;
  projectionTransfers: TransferRow;
  projectionIdentifierUses: { id: string; accounts: string[] };
  projectionIdentifierCards: { value: string; accounts: string[] };
  projectionIdentifierOwners: { value: string; accounts: string[] };
  projectionComplaints: {
    caseNo: string;
    victimAccount: string;
    registeredAt: number;
    incidentAt: number | null;
    lossKzt: number;
  };
  stats: {
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
    links: number;
    transferSources: number;
    firstTransferAt: number | null;
    lastTransferAt: number | null;
  };
  sourceFiles: { sha256: string; name: string; bytes: number; exportKind: string; rowsRead: number };
  analysisClearRun: NoRows;
  analysisClearAccounts: { cleared: number };
  analysisWriteRun: NoRows;
  analysisWriteAccounts: NoRows;
  analysisRun: { runId: string; startedAt: number; finishedAt: number; params: string };
  analysisClusters: {
    id: string;
    rank: number;
    score: number;
    members: string[];
    reasons: string[];
    typologies: string[] | null;
  };
  analysisAccounts: {
    id: string;
    community: string | null;
    role: string;
    score: number;
    reasons: string[];
    typologies: string[] | null;
  };
  userPut: NoRows;
  userGet: { props: Props };
  usersList: { props: Props };
  auditAppendAfter: { last: number; written: number };
  auditLast: { props: Props };
  auditEntries: { props: Props };
  loadBegin: NoRows;
  loadFiles: NoRows;
  loadFinish: NoRows;
  loadResume: NoRows;
  loadsList: { props: Props; files: ({ sha256: string; fresh: boolean; name: string | null } | null)[] };
  loadRollbackFiles: { sha256: string };
  loadRollbackRelationships: { touched: number; transfers: number; withdrawals: number };
  loadRollbackNodes: { touched: number };
  loadRollbackOrphans: { deleted: number; accounts: number };
  loadRollbackFinish: NoRows;
  uploadPut: NoRows;
  uploadGet: { props: Props };
  uploadsList: { props: Props };
  notePut: NoRows;
  notesList: { props: Props };
  namedMappingPut: NoRows;
  namedMappingGet: { props: Props };
  namedMappingsList: { props: Props };
  namedMappingDelete: { deleted: number };
  freezeRequestPut: NoRows;
  freezeRequestGet: { props: Props };
  freezeRequestsList: { props: Props };
  freezeRequestContent: { content: string };
  freezeOutcomeLast: { id: string; seq: number };
  freezeOutcomeAppend: NoRows;
  freezeOutcomesList: { props: Props };
  alertPut: NoRows;
  alertGet: { data: string };
  alertList: { data: string };
  alertUpdate: { data: string };
  casePut: NoRows;
  caseGet: { data: string };
  caseList: { data: string };
  caseUpdate: { data: string };
  caseLinkAdd: { created: boolean };
  caseLinkList: { data: string };
  caseLinkDelete: { deleted: number };
  caseApprovalPut: NoRows;
  caseApprovalGet: { data: string };
  caseApprovalList: { data: string };
  caseApprovalDecide: { data: string };
  ping: { ok: number };
  clearRelationships: { deleted: number };
  clearNodes: { deleted: number };
  loadCsvTransfers: NoRows;
}

/** Fails to compile when QueryRows and QUERIES do not name the same queries. */
type Complete = [QueryName] extends [keyof QueryRows]
  ? [keyof QueryRows] extends [QueryName]
    ? true
    : never
  : never;
const complete: Complete = true;
void complete;

/** The folder holding the `.cypher` files. */
export const CYPHER_DIR = fileURLToPath(new URL("../../../cypher/", import.meta.url));

let loaded: Record<QueryName, string> | null = null;

/** Query text by name (all files are read once, on first use). Throws naming the file when one is missing. */
export function queryText(name: QueryName): string {
  loaded ??= Object.fromEntries(
    (Object.keys(QUERIES) as QueryName[]).map((q) => [q, readCypher(QUERIES[q])]),
  ) as Record<QueryName, string>;
  return loaded[name];
}

/** Read one `.cypher` file from cypher/. */
export function readCypher(file: string): string {
  try {
    return readFileSync(`${CYPHER_DIR}${file}.cypher`, "utf8");
  } catch (err) {
    throw new Error(`store/neo4j: cannot read cypher/${file}.cypher: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
