/**
 * Types of the evidence room: export formats, rendered files, what a package is built from, and what verifying
 * one reports.
 */
import type { AnalysisRun, ClusterAnalysis } from "../../model/analysis.js";
import type { Subgraph } from "../../model/graph.js";
import type { SourceFileRecord } from "../../model/records.js";
import type { TraceResult } from "../../model/trace.js";

/** Formats a subgraph renders to. */
export type SubgraphFormat = "graphml" | "gexf" | "csv" | "json";

export const SUBGRAPH_FORMATS: readonly SubgraphFormat[] = ["graphml", "gexf", "csv", "json"];

/** One file of an export: a name without directories, and its content (text is written as UTF-8). */
export interface RenderedFile {
  name: string;
  content: string | Buffer;
}

/** What to export: the members of a ranked cluster, the flow of a complaint's money, or a set of accounts. */
export type EvidenceSelection = { cluster: string } | { trace: string } | { accounts: string[] };

/** A source file as the package lists it. */
export type SourceFileInfo = Omit<SourceFileRecord, "kind">;

/** A selection resolved against a store: the subgraph plus whatever explains how it was chosen. */
export interface ResolvedSelection {
  selection: EvidenceSelection;
  subgraph: Subgraph;
  /** Present for `{ trace }`: the trace whose flow the subgraph shows (edges carry `tracedKzt`). */
  trace?: TraceResult;
  /** Present for `{ cluster }`: the cluster and the analysis run that found it. */
  cluster?: ClusterAnalysis;
  analysisRun?: AnalysisRun;
  /** Present for `{ accounts }` when some of the accounts are not in the store. */
  notFound?: string[];
}

/** Everything the human-readable report shows; pure data, rendered to HTML and PDF. */
export interface ReportInput {
  resolved: ResolvedSelection;
  /** Case number printed on the report ("—" when the export is not tied to a case). */
  caseNo: string | null;
  actor: string;
  /** Epoch ms of the export. */
  exportedAt: number;
  appVersion: string;
  sourceFiles: SourceFileInfo[];
  auditHead: AuditHead | null;
  /** The audit tree head signed at export (audit-proof.json); absent for reports built without one. */
  auditTreeHead?: { treeSize: number; rootHash: string; timestamp: number } | null;
}

/** The head of the audit chain when the package was built. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/** One file listed in a manifest. */
export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** manifest.json of an evidence package. */
export interface Manifest {
  format: "mulegraph-evidence";
  /** 2: the package carries audit-proof.json (signed tree head + inclusion proofs); 1: older, without. */
  formatVersion: 1 | 2;
  appVersion: string;
  caseNo: string | null;
  selection: EvidenceSelection;
  actor: string;
  /** ISO 8601 UTC. */
  exportedAt: string;
  auditHead: AuditHead | null;
  /** Every file of the package except manifest.json itself, sorted by path. */
  files: ManifestFile[];
}

export type VerifyProblemKind = "altered" | "added" | "removed" | "duplicate" | "audit";

export interface VerifyProblem {
  path: string;
  kind: VerifyProblemKind;
  detail: string;
}

/** The outcome of verifying a package: ok when every listed file is present, unaltered, and nothing was added. */
export interface VerifyReport {
  ok: boolean;
  /** SHA-256 of manifest.json as found (compare it with the audit trail's export entry). */
  manifestSha256: string | null;
  manifest: Manifest | null;
  /** Files whose hash matched. */
  verified: number;
  problems: VerifyProblem[];
  /** The signed audit tree head and the entries proved in it (formatVersion 2), or null when the package has none. */
  audit: AuditProofSummary | null;
}

/** What audit-proof.json says, once checked. */
export interface AuditProofSummary {
  treeSize: number;
  rootHash: string;
  /** ISO 8601 UTC. */
  signedAt: string;
  /** Ed25519 public key (SPKI DER, base64): compare with the exporting system's `audit export-head`. */
  publicKey: string;
  entries: { seq: number; action: string; target: string | null }[];
}
