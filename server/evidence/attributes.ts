/**
 * Flattens a Subgraph into typed attribute tables: one row per node or edge, one column per attribute, each column
 * with the narrowest type that holds all its values. GraphML, GEXF and CSV are all written from this one shape, so
 * the three files always agree on names, values and types.
 */
import { parseNodeId, type GraphEdge, type GraphNode, type Subgraph } from "../../model/graph.js";

/** GraphML's attribute types (GEXF maps them onto its own). */
export type AttrType = "boolean" | "int" | "long" | "double" | "string";
export type AttrValue = string | number | boolean;

export interface AttrColumn {
  name: string;
  type: AttrType;
}

export interface FlatNode {
  id: string;
  attrs: Record<string, AttrValue>;
}

export interface FlatEdge extends FlatNode {
  source: string;
  target: string;
}

export interface FlatGraph {
  nodeColumns: AttrColumn[];
  edgeColumns: AttrColumn[];
  /** Sorted by id, so the same subgraph always renders to the same bytes. */
  nodes: FlatNode[];
  edges: FlatEdge[];
}

/** Attribute names the flattener sets itself; a property with one of these names is renamed `prop_<name>`. */
const NODE_FIXED = ["type", "key", "label", "community", "role", "score", "reasons"] as const;
const EDGE_FIXED = ["type", "weight", "sources", "sourceCount"] as const;
const RESERVED = new Set<string>(["id", "source", "target", ...NODE_FIXED, ...EDGE_FIXED]);

/** Separator for list values (reasons, sources) inside one cell. */
export const LIST_SEPARATOR = "; ";

function propName(name: string): string {
  return RESERVED.has(name) ? `prop_${name}` : name;
}

function put(attrs: Record<string, AttrValue>, name: string, value: AttrValue | null | undefined): void {
  if (value === null || value === undefined) return;
  attrs[name] = value;
}

function flattenNode(node: GraphNode): FlatNode {
  const attrs: Record<string, AttrValue> = {};
  put(attrs, "type", node.type);
  put(attrs, "key", node.key);
  put(attrs, "label", node.label);
  put(attrs, "community", node.community);
  put(attrs, "role", node.role);
  put(attrs, "score", node.score);
  if (node.reasons && node.reasons.length > 0) attrs.reasons = node.reasons.join(LIST_SEPARATOR);
  for (const [name, value] of Object.entries(node.props)) put(attrs, propName(name), value);
  return { id: node.id, attrs };
}

function flattenEdge(edge: GraphEdge): FlatEdge {
  const attrs: Record<string, AttrValue> = {};
  put(attrs, "type", edge.type);
  // Gephi reads an edge attribute named "weight" as the edge weight: money moved is the natural one.
  const amount = edge.props.amountKzt;
  if (typeof amount === "number" && Number.isFinite(amount) && !("weight" in edge.props))
    attrs.weight = amount;
  for (const [name, value] of Object.entries(edge.props)) put(attrs, propName(name), value);
  if (edge.sources && edge.sources.length > 0) {
    attrs.sources = edge.sources.map((s) => `${s.file}:${s.line}`).join(LIST_SEPARATOR);
    attrs.sourceCount = edge.sources.length;
  }
  return { id: edge.id, source: edge.source, target: edge.target, attrs };
}

function typeOf(value: AttrValue): AttrType {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  if (!Number.isFinite(value)) return "string";
  if (Number.isInteger(value)) return Math.abs(value) <= 0x7fffffff ? "int" : "long";
  return "double";
}

/** The narrowest type holding both: int ⊂ long ⊂ double; anything else mixed is a string. */
function widen(a: AttrType, b: AttrType): AttrType {
  if (a === b) return a;
  const numeric: AttrType[] = ["int", "long", "double"];
  if (numeric.includes(a) && numeric.includes(b))
    return numeric[Math.max(numeric.indexOf(a), numeric.indexOf(b))]!;
  return "string";
}

function columnsOf(rows: FlatNode[], fixed: readonly string[]): AttrColumn[] {
  const types = new Map<string, AttrType>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row.attrs)) {
      const t = typeOf(value);
      const seen = types.get(name);
      types.set(name, seen ? widen(seen, t) : t);
    }
  }
  const rest = [...types.keys()].filter((n) => !fixed.includes(n)).sort();
  return [...fixed.filter((n) => types.has(n)), ...rest].map((name) => ({ name, type: types.get(name)! }));
}

/** A column's value as its declared type would write it (a number in a string column becomes its decimal text). */
export function cellText(value: AttrValue): string {
  return typeof value === "string" ? value : String(value);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function firstById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

/** A node an edge names but the subgraph lacks: kept as a stub rather than dropping the edge from the evidence. */
function stubNode(id: string): FlatNode {
  const parsed = parseNodeId(id);
  return { id, attrs: parsed ? { type: parsed.type, key: parsed.key, label: parsed.key } : { label: id } };
}

/**
 * Flatten a subgraph for the file writers. Pure. Duplicate ids keep their first occurrence; an edge whose endpoint
 * is missing from the node list gets a stub node, so every format stays importable.
 */
export function flattenSubgraph(sub: Subgraph): FlatGraph {
  const nodes = firstById(sub.nodes).map(flattenNode);
  const edges = firstById(sub.edges).map(flattenEdge);
  const known = new Set(nodes.map((n) => n.id));
  for (const e of edges) {
    for (const end of [e.source, e.target]) {
      if (!known.has(end)) {
        known.add(end);
        nodes.push(stubNode(end));
      }
    }
  }
  nodes.sort(byId);
  edges.sort(byId);
  return {
    nodeColumns: columnsOf(nodes, NODE_FIXED),
    edgeColumns: columnsOf(edges, EDGE_FIXED),
    nodes,
    edges,
  };
}
