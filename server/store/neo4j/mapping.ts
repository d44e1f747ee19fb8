/**
 * Conversions between what Neo4j stores and the model's types: provenance lists, nodes, edges, transfers, accounts,
 * complaints. Pure functions; the rules (which props a node shows, edge ids, orders) are pinned by the contract suite
 * (test/store/contract.ts) so that both stores give identical values.
 */
import type { ProjectionAccount } from "../../../model/analysis.js";
import {
  ENTITY_TYPES,
  parseNodeId,
  type EntityType,
  type GraphEdge,
  type GraphNode,
  type RelationshipType,
  type TransferEdge,
} from "../../../model/graph.js";
import type { AccountKind, CompanyKind, ComplaintRecord, Source } from "../../../model/records.js";
import { holderKind } from "../holder-kind.js";
import type { AccountRow, Props, TransferRow } from "./queries.js";

/** JS string order (UTF-16 code units): the order of every list in the contract. */
export const byString = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
export const byId = (x: { id: string }, y: { id: string }): number => byString(x.id, y.id);
export const bySource = (x: Source, y: Source): number => byString(x.file, y.file) || x.line - y.line;
export const byTsThenTxId = (x: TransferEdge, y: TransferEdge): number =>
  x.ts - y.ts || byString(x.txId, y.txId);
export const TYPE_ORDER = new Map<EntityType, number>(ENTITY_TYPES.map((t, i) => [t, i]));

/** A source as stored on nodes and relationships: "<sha256>:<line>". */
export function encodeSource(s: Source): string {
  return `${s.file}:${s.line}`;
}

/** Stored sources back to Source values, sorted by (file, line). */
export function decodeSources(stored: unknown): Source[] {
  if (!Array.isArray(stored)) return [];
  const out: Source[] = [];
  for (const s of stored as string[]) {
    const i = s.lastIndexOf(":");
    out.push({ file: s.slice(0, i), line: Number(s.slice(i + 1)) });
  }
  return out.sort(bySource);
}

/** Which stored properties a node shows in `props`, per type (never its key, sources or internal fields). */
const NODE_PROPS: Record<EntityType, readonly string[]> = {
  account: [
    "iban",
    "number",
    "bank",
    "currency",
    "accountKind",
    "holderId",
    "holderName",
    "openedAt",
    "watchlist",
  ],
  person: ["name"],
  company: ["name", "companyKind"],
  card: ["holderIin"],
  phone: [],
  device: [],
  ip: [],
  wallet: ["chain"],
  complaint: [
    "registeredAt",
    "incidentAt",
    "victimIin",
    "victimName",
    "victimAccount",
    "loss",
    "currency",
    "lossKzt",
    "scheme",
  ],
  cashpoint: ["country"],
};

type PropValue = GraphNode["props"][string];

function pick(stored: Props, fields: readonly string[]): GraphNode["props"] {
  const out: GraphNode["props"] = {};
  for (const f of fields) {
    const v = stored[f];
    if (v !== null && v !== undefined) out[f] = v as PropValue;
  }
  return out;
}

/** A stored entity as a GraphNode (with the latest analysis on accounts). Null for a malformed id. */
export function toGraphNode(id: string, stored: Props): GraphNode | null {
  const parsed = parseNodeId(id);
  if (!parsed) return null;
  const { type, key } = parsed;
  const name =
    type === "account"
      ? stored.holderName
      : type === "person" || type === "company"
        ? stored.name
        : undefined;
  const node: GraphNode = {
    id,
    type,
    key,
    label: typeof name === "string" ? name : key,
    props: pick(stored, NODE_PROPS[type]),
  };
  if (type === "account" && stored.role !== null && stored.role !== undefined) {
    if (stored.community !== null && stored.community !== undefined)
      node.community = stored.community as string;
    node.role = stored.role as GraphNode["role"];
    node.score = stored.score as number;
    node.reasons = (stored.reasons as string[] | null) ?? [];
    const typologies = stored.typologies as string[] | null | undefined;
    if (typologies?.length) node.typologies = typologies;
  }
  return node;
}

/** A stored relationship as a GraphEdge with its sources. */
export function toGraphEdge(row: {
  type: string;
  source: string;
  target: string;
  props: Props;
}): GraphEdge & { sources: Source[] } {
  const type = row.type as RelationshipType;
  const p = row.props;
  let props: GraphEdge["props"];
  let id: string;
  if (type === "TRANSFER") {
    id = `tx:${p.txId as string}`;
    props = pick(p, [
      "txId",
      "ts",
      "amount",
      "currency",
      "amountKzt",
      "rateSource",
      "channel",
      "purpose",
      "knp",
    ]);
  } else if (type === "WITHDREW") {
    id = `tx:${p.txId as string}`;
    props = pick(p, ["txId", "ts", "amount", "currency", "amountKzt"]);
  } else {
    id = `${type}:${row.source}->${row.target}`;
    props = type === "USED" || type === "PAID_TO_WALLET" ? pick(p, ["first", "last", "count"]) : {};
  }
  return { id, type, source: row.source, target: row.target, props, sources: decodeSources(p.sources) };
}

/** A stored transfer or withdrawal as tracing and analytics see it. */
export function toTransferEdge(row: TransferRow): TransferEdge {
  const t: TransferEdge = {
    txId: row.txId,
    from: row.fromKey,
    to: row.type === "WITHDREW" ? `atm:${row.toKey}` : row.toKey,
    ts: row.ts,
    amount: row.amount,
    currency: row.currency,
    amountKzt: row.amountKzt,
  };
  if (row.purpose !== null && row.purpose !== undefined) t.purpose = row.purpose;
  if (row.wallets && row.wallets.length > 0) t.wallets = row.wallets;
  if (row.type === "WITHDREW") t.atm = { atmId: row.toKey, country: row.country ?? "" };
  return t;
}

/** A stored account as the projection and tracing see it. */
export function toProjectionAccount(row: AccountRow): ProjectionAccount {
  const p = row.props;
  const str = (k: string): string | undefined => (typeof p[k] === "string" ? (p[k] as string) : undefined);
  const a: ProjectionAccount = { key: row.key };
  const iban = str("iban");
  if (iban !== undefined) a.iban = iban;
  const bank = str("bank");
  if (bank !== undefined) a.bank = bank;
  const accountKind = str("accountKind");
  if (accountKind !== undefined) a.accountKind = accountKind as AccountKind;
  const watchlist = str("watchlist");
  if (watchlist !== undefined) a.watchlist = watchlist as ProjectionAccount["watchlist"];
  const holderId = str("holderId");
  if (holderId !== undefined) a.holderId = holderId;
  const holderName = str("holderName");
  if (holderName !== undefined) a.holderName = holderName;
  const kind = holderKind(
    holderId,
    holderName,
    (row.holderCompanyKind ?? undefined) as CompanyKind | undefined,
  );
  if (kind) a.holderKind = kind;
  if (typeof p.openedAt === "number") a.openedAt = p.openedAt;
  return a;
}

/** A stored complaint node back to the record it came from (merged), with its sources. */
export function toComplaint(caseNo: string, p: Props): ComplaintRecord {
  const c: ComplaintRecord = {
    kind: "complaint",
    caseNo,
    registeredAt: p.registeredAt as number,
    victimAccount: p.victimAccount as string,
    loss: p.loss as number,
    currency: p.currency as string,
    lossKzt: p.lossKzt as number,
    sources: decodeSources(p.sources),
  };
  if (p.incidentAt !== null && p.incidentAt !== undefined) c.incidentAt = p.incidentAt as number;
  if (typeof p.victimIin === "string") c.victimIin = p.victimIin;
  if (typeof p.victimName === "string") c.victimName = p.victimName;
  if (typeof p.scheme === "string") c.scheme = p.scheme;
  return c;
}
