/**
 * What a cluster opens with besides its members: the victims who paid into it, the exits it paid out to and the
 * identifiers (devices, IP addresses, phones, cards) its members share — the things its reasons cite. Taken from
 * the members' one-step neighbourhood: a neighbour stays when a reason names its key, when it is a victim, an exit
 * or a complaint, or when it is an identifier two or more members use.
 */
import type { GraphNode, Subgraph } from "../../../../model/graph";

const IDENTIFIERS = new Set(["device", "ip", "phone", "card"]);
const EXITS = new Set(["wallet", "cashpoint"]);

/** The part of `around` (the members' neighbourhood) to show with the members. */
export function clusterContext(
  members: readonly string[],
  reasons: readonly string[],
  around: Subgraph,
): Subgraph {
  const memberSet = new Set(members);
  const text = reasons.join("\n");
  const linkedMembers = new Map<string, Set<string>>();
  for (const e of around.edges) {
    for (const [a, b] of [
      [e.source, e.target],
      [e.target, e.source],
    ] as const) {
      if (!memberSet.has(a) || memberSet.has(b)) continue;
      let s = linkedMembers.get(b);
      if (!s) linkedMembers.set(b, (s = new Set()));
      s.add(a);
    }
  }
  const cited = (n: GraphNode): boolean =>
    (n.key.length >= 4 && text.includes(n.key)) ||
    n.type === "complaint" ||
    EXITS.has(n.type) ||
    n.role === "victim" ||
    n.role === "exit" ||
    (IDENTIFIERS.has(n.type) && (linkedMembers.get(n.id)?.size ?? 0) >= 2);
  const keep = new Set(members);
  for (const n of around.nodes)
    if (!memberSet.has(n.id) && linkedMembers.has(n.id) && cited(n)) keep.add(n.id);
  return {
    nodes: around.nodes.filter((n) => keep.has(n.id)),
    edges: around.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
    truncated: around.truncated,
  };
}
