/**
 * What analytics read from a store (the projection) and what they write back (an analysis run).
 * The JSON shape of AnalysisResult's accounts/clusters is the `mulegraph analyze --json` contract.
 */
import type { AccountRole, TransferEdge } from "./graph.js";
import type { AccountKind } from "./records.js";

export interface ProjectionAccount {
  key: string;
  iban?: string;
  bank?: string;
  accountKind?: AccountKind;
  watchlist?: "exchange" | "p2p" | "card2crypto";
  holderId?: string;
  holderName?: string;
  /** From the holder's IIN/BIN and name: a person, a sole proprietor (ИП) or a legal entity. */
  holderKind?: "person" | "sole_proprietor" | "legal_entity";
  openedAt?: number;
}

/** An account linked to an identifier it shares with others (resolved through persons and cards). */
export interface IdentifierLink {
  account: string;
  type: "phone" | "device" | "ip" | "card" | "owner";
  value: string;
}

export interface ProjectionComplaint {
  caseNo: string;
  victimAccount: string;
  registeredAt: number;
  incidentAt?: number;
  lossKzt: number;
}

export interface Projection {
  accounts: ProjectionAccount[];
  /** Every transfer and withdrawal (withdrawals have `to = "atm:<id>"` and `atm` set). */
  transfers: TransferEdge[];
  identifiers: IdentifierLink[];
  complaints: ProjectionComplaint[];
}

export interface AnalysisRun {
  runId: string;
  startedAt: number;
  finishedAt: number;
  /** Every threshold and setting the run used, including the Louvain seed and resolution. */
  params: Record<string, unknown>;
}

export interface AccountAnalysis {
  id: string;
  community: string | null;
  role: AccountRole;
  score: number;
  reasons: string[];
  /**
   * Laundering typologies the account takes part in ("fan_in", "cycle" …; server/analytics/detect/typologies),
   * present only when there is one. Both stores keep them.
   */
  typologies?: string[];
}

export interface ClusterAnalysis {
  id: string;
  rank: number;
  score: number;
  members: string[];
  reasons: string[];
  /** Typologies its members show, most members first, present only when there is one. */
  typologies?: string[];
}

/**
 * A caveat about a run as a whole (run.params.caveats; server/analytics/detect/data-profile.ts): `text` is the
 * English wording, `kind` and the numbers let a client say it in its own language.
 */
export interface DataCaveat {
  kind: "thin-history";
  text: string;
  /** Accounts that transferred, those of them that dealt with no counterparty twice, and their share. */
  accounts: number;
  withoutRepeat: number;
  share: number;
  spanDays: number;
}

/** The caveats a run carries (none for runs made before caveats existed). */
export function runCaveats(run: AnalysisRun): DataCaveat[] {
  const list = run.params.caveats;
  return Array.isArray(list) ? (list as DataCaveat[]) : [];
}

export interface AnalysisResult {
  run: AnalysisRun;
  accounts: AccountAnalysis[];
  clusters: ClusterAnalysis[];
}
