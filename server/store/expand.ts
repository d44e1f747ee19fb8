/**
 * The node and edge caps of a breadth-first neighbourhood, shared by both stores so they keep the same nodes and
 * edges: each hop admits the ids it found that are not kept yet, in id order (JS string order), until the node cap;
 * then the edges among the kept nodes are cut to the edge cap, in id order too (the relationships of people, cards
 * and devices, whose ids start with their upper-case type, before the transfers, `tx:…`). A neighbourhood of a
 * 1 000-account case ran to 8.4 MB of edges without the edge cap (issue 22).
 */
import type { NodeId } from "../../model/graph.js";

export function admitUpToCap(
  kept: Set<NodeId>,
  found: Iterable<NodeId>,
  cap: number,
): { added: NodeId[]; truncated: boolean } {
  const fresh = [...new Set(found)]
    .filter((id) => !kept.has(id))
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const added: NodeId[] = [];
  for (const id of fresh) {
    if (kept.size >= cap) return { added, truncated: true };
    kept.add(id);
    added.push(id);
  }
  return { added, truncated: false };
}

/** Edges a neighbourhood carries when the caller sets no edge cap. */
export const DEFAULT_EDGE_CAP = 20_000;

/** JS string order of ids: the order both stores sort edges in. */
export function byIdOrder(x: { id: string }, y: { id: string }): number {
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

/** The first `cap` edges in id order (sorts `edges` in place); `truncated` when some were left out. */
export function capEdges<E extends { id: string }>(
  edges: E[],
  cap: number = DEFAULT_EDGE_CAP,
): { edges: E[]; truncated: boolean } {
  edges.sort(byIdOrder);
  return edges.length > cap ? { edges: edges.slice(0, cap), truncated: true } : { edges, truncated: false };
}
