/**
 * The node cap of a breadth-first neighbourhood, shared by both stores so they keep the same nodes: each hop admits
 * the ids it found that are not kept yet, in id order (JS string order), until the cap.
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
