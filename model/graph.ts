/**
 * Graph-shaped values that stores return and the API, analytics, evidence export and client share.
 * UI-free: the client imports these types too.
 */
import type { Source, TransferRecord } from "./records.js";

export type EntityType =
  | "account"
  | "person"
  | "company"
  | "card"
  | "phone"
  | "device"
  | "ip"
  | "wallet"
  | "complaint"
  | "cashpoint";

export const ENTITY_TYPES: readonly EntityType[] = [
  "account",
  "person",
  "company",
  "card",
  "phone",
  "device",
  "ip",
  "wallet",
  "complaint",
  "cashpoint",
];

export type RelationshipType =
  "TRANSFER" | "OWNS" | "CONTROLS" | "ISSUED_ON" | "USED" | "WITHDREW" | "PAID_TO_WALLET" | "REPORTED";

export const RELATIONSHIP_TYPES: readonly RelationshipType[] = [
  "TRANSFER",
  "OWNS",
  "CONTROLS",
  "ISSUED_ON",
  "USED",
  "WITHDREW",
  "PAID_TO_WALLET",
  "REPORTED",
];

/** A node id is `${type}:${key}`, e.g. `account:KZ86125KZT5004100100`, `phone:+77011234567`. */
export type NodeId = string;

export function nodeId(type: EntityType, key: string): NodeId {
  return `${type}:${key}`;
}

export function parseNodeId(id: string): { type: EntityType; key: string } | null {
  const i = id.indexOf(":");
  if (i <= 0) return null;
  const type = id.slice(0, i) as EntityType;
  if (!ENTITY_TYPES.includes(type)) return null;
  const key = id.slice(i + 1);
  return key ? { type, key } : null;
}

/** Analytics results attached to an account node (absent before the first analysis run). */
export interface NodeAnalytics {
  community?: string;
  role?: AccountRole;
  score?: number;
  reasons?: string[];
  /** Laundering typologies the account takes part in (AccountAnalysis.typologies), present only when there is one. */
  typologies?: string[];
}

export type AccountRole = "victim" | "drop" | "hub" | "exit" | "organiser" | "ordinary";

export interface GraphNode extends NodeAnalytics {
  id: NodeId;
  type: EntityType;
  key: string;
  /** Human-readable label: holder name, masked card, phone… Always plain text. */
  label: string;
  props: Record<string, string | number | boolean | null>;
}

export interface GraphEdge {
  /** TRANSFER: `tx:${txId}`; others: `${type}:${source}->${target}`. */
  id: string;
  type: RelationshipType;
  source: NodeId;
  target: NodeId;
  props: Record<string, string | number | boolean | null>;
  /** Provenance of the relationship (always filled for TRANSFER and WITHDREW edges). */
  sources?: Source[];
}

export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the node cap cut the expansion short. */
  truncated: boolean;
}

export interface SearchHit {
  id: NodeId;
  type: EntityType;
  key: string;
  label: string;
  /** Which property matched: "iban", "iin", "name", "phone", … */
  matched: string;
}

export interface EntityDetail {
  node: GraphNode;
  sources: Source[];
  /** Relationships of the entity (transfers in and out for accounts), each with its sources. */
  edges: (GraphEdge & { sources: Source[] })[];
  /** Neighbouring nodes named by `edges`. */
  neighbours: GraphNode[];
  /** Every relationship of the entity, of which `edges` is the page asked for (all of them when none was). */
  edgesTotal: number;
  /** Offset of the next page of `edges` (more relationships), null when none. */
  edgesNext: number | null;
}

/** A page of an entity's relationships in id order: [offset, offset + limit); all of them by default. */
export interface EdgePage {
  limit?: number;
  offset?: number;
}

/**
 * One transfer as tracing and analytics see it: the stored transfer's own fields (TransferRecord), without its
 * sources and bookkeeping. Withdrawals appear with `to = "atm:<atmId>"`.
 */
export interface TransferEdge extends Pick<
  TransferRecord,
  "txId" | "from" | "to" | "ts" | "amount" | "currency" | "amountKzt" | "purpose"
> {
  /** Wallet addresses found in the purpose (TransferRecord.wallets without their chain). */
  wallets?: string[];
  /** Present for withdrawals: cash point id and country. */
  atm?: { atmId: string; country: string };
}
