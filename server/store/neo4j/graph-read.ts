/**
 * Graph reads of the Neo4j store: search (search.ts), one entity with its relationships, and breadth-first
 * neighbourhood expansion. Ordering and the node cap follow the contract suite (test/store/contract.ts).
 */
import {
  parseNodeId,
  type EdgePage,
  type EntityDetail,
  type GraphEdge,
  type GraphNode,
  type NodeId,
  type Subgraph,
} from "../../../model/graph.js";
import { admitUpToCap, capEdges } from "../expand.js";
import type { NeighbourhoodFilter } from "../types.js";
import { byId, decodeSources, toGraphEdge, toGraphNode } from "./mapping.js";
import type { CypherRunner, TxRun } from "./runner.js";

export { search } from "./search.js";

/** What the reads need: one query at a time, each an auto-commit read on the caller's session (CypherRunner.reads). */
interface Reader {
  read: TxRun;
}

/** Run `work`'s queries on one session, each an auto-commit read (CypherRunner.reads: one round trip per query). */
const onOneSession = <T>(runner: CypherRunner, work: (reader: Reader) => Promise<T>): Promise<T> =>
  runner.reads((run) => work({ read: run }));

const DEFAULT_NODE_CAP = 500;
/** Up to this many nodes, a neighbourhood's edges are found by checking each ordered pair (n² Expand(Into)). */
const PAIR_CHECK_MAX_NODES = 100;
/** The entities that exist among `ids`, by id. */
export async function loadNodes(runner: Reader, ids: Iterable<NodeId>): Promise<Map<NodeId, GraphNode>> {
  const wanted = [...new Set(ids)].filter((id) => parseNodeId(id) !== null);
  const out = new Map<NodeId, GraphNode>();
  if (wanted.length === 0) return out;
  for (const row of await runner.read("nodesByIds", { ids: wanted })) {
    const node = toGraphNode(row.id, row.props);
    if (node) out.set(node.id, node);
  }
  return out;
}

/**
 * One entity with its props, sources, relationships (each with sources) and neighbours; null when unknown. `page`
 * selects the relationships in id order (cypher/entity.cypher pages them inside the database).
 */
export function entity(runner: CypherRunner, id: NodeId, page: EdgePage = {}): Promise<EntityDetail | null> {
  return onOneSession(runner, (reader) => entityIn(reader, id, page));
}

/** A page limit beyond any entity's relationships (Cypher's slice needs a number). */
const ALL_EDGES = 2 ** 31 - 1;

async function entityIn(runner: Reader, id: NodeId, page: EdgePage): Promise<EntityDetail | null> {
  if (!parseNodeId(id)) return null;
  const offset = page.offset ?? 0;
  const limit = Math.min(page.limit ?? ALL_EDGES, ALL_EDGES);
  // One round trip: the node, the page of its relationships and their other ends (cypher/entity.cypher).
  const [row] = await runner.read("entity", { id, offset, limit });
  if (!row) return null;
  const node = toGraphNode(row.id, row.props)!;
  const edges = row.edges.map(toGraphEdge);
  const total = row.total;
  const neighbours: GraphNode[] = [];
  for (const m of row.neighbours) {
    const other = parseNodeId(m.id) !== null ? toGraphNode(m.id, m.props) : null;
    if (other) neighbours.push(other);
  }
  neighbours.sort(byId);
  return {
    node,
    sources: decodeSources(row.props.sources),
    edges,
    neighbours,
    edgesTotal: total,
    edgesNext: offset + limit < total ? offset + limit : null,
  };
}

function filterParams(filter: NeighbourhoodFilter): Record<string, unknown> {
  return {
    types: filter.types ?? null,
    from: filter.from ?? null,
    to: filter.to ?? null,
    minAmountKzt: filter.minAmountKzt ?? null,
  };
}

/**
 * Breadth-first expansion from the start nodes (both directions, edges passing the filter). Each hop adds its new
 * nodes in id order while the result is under the node cap; the result's edges are every filtered edge between its
 * nodes. Depth 0 gives the induced subgraph of the start nodes.
 */
export function neighbourhood(
  runner: CypherRunner,
  start: NodeId[],
  filter: NeighbourhoodFilter = {},
): Promise<Subgraph> {
  return onOneSession(runner, (reader) => neighbourhoodIn(reader, start, filter));
}

/**
 * The start entities that exist and, when `withFirstHop`, the entities adjacent to them through edges that pass the
 * filter: one round trip (cypher/neighbourhood-start.cypher) instead of a node read and an expansion. When `whole` is
 * above zero and the start entities with their first hop are that many or fewer, `whole` is the finished depth-1
 * neighbourhood (its nodes and edges) from the same round trip.
 */
async function startNodes(
  runner: Reader,
  start: NodeId[],
  params: Record<string, unknown>,
  withFirstHop: boolean,
  whole: number,
): Promise<{
  found: Map<NodeId, GraphNode>;
  firstHop: NodeId[];
  whole: { nodes: Map<NodeId, GraphNode>; edges: GraphEdge[] } | null;
}> {
  if (!withFirstHop) return { found: await loadNodes(runner, start), firstHop: [], whole: null };
  const found = new Map<NodeId, GraphNode>();
  const wanted = [...new Set(start)].filter((id) => parseNodeId(id) !== null);
  if (wanted.length === 0) return { found, firstHop: [], whole: null };
  const [row] = await runner.read("neighbourhoodStart", { ...params, ids: wanted, whole });
  for (const n of row?.starts ?? []) {
    const node = toGraphNode(n.id, n.props);
    if (node) found.set(node.id, node);
  }
  if (!row?.adjacent || !row.edges) {
    return { found, firstHop: (row?.adjacentIds ?? []) as NodeId[], whole: null };
  }
  const nodes = new Map(found);
  for (const n of row.adjacent) {
    const node = toGraphNode(n.id, n.props);
    if (node) nodes.set(node.id, node);
  }
  return { found, firstHop: [], whole: { nodes, edges: row.edges.map(toGraphEdge) } };
}

async function neighbourhoodIn(
  runner: Reader,
  start: NodeId[],
  filter: NeighbourhoodFilter,
): Promise<Subgraph> {
  const depth = filter.depth ?? 1;
  const cap = filter.nodeCap ?? DEFAULT_NODE_CAP;
  const params = filterParams(filter);
  // A depth-1 neighbourhood of up to PAIR_CHECK_MAX_NODES nodes (and within the cap) is answered by its first read.
  const wholeMax = depth === 1 ? Math.min(PAIR_CHECK_MAX_NODES, cap) : 0;
  const { found, firstHop, whole } = await startNodes(runner, start, params, depth > 0, wholeMax);
  if (whole) return finish(whole.nodes, whole.edges, false, filter);
  const result = new Set<NodeId>(found.keys());
  let frontier = [...result];
  let truncated = false;
  for (let hop = 0; hop < depth && frontier.length > 0 && !truncated; hop++) {
    const adjacent =
      hop === 0
        ? firstHop
        : (await runner.read("neighbourhoodExpand", { ...params, ids: frontier })).map((r) => r.id);
    const step = admitUpToCap(result, adjacent, cap);
    frontier = step.added;
    truncated = step.truncated;
  }
  const ids = [...result];
  const nodes = new Map<NodeId, GraphNode>(found);
  const edges: GraphEdge[] = [];
  if (ids.length > 0) {
    // One round trip for the new nodes' properties and the edges among the set. Small sets: pair checks (a payroll
    // account in the set would otherwise have all its transfers read).
    const query = ids.length <= PAIR_CHECK_MAX_NODES ? "neighbourhoodEdgesPairs" : "neighbourhoodEdges";
    const nodeIds = ids.filter((id) => !found.has(id) && parseNodeId(id) !== null);
    const [row] = await runner.read(query, { ...params, ids, nodeIds });
    for (const n of row?.nodes ?? []) {
      const node = toGraphNode(n.id, n.props);
      if (node) nodes.set(node.id, node);
    }
    for (const r of row?.edges ?? []) edges.push(toGraphEdge(r));
  }
  return finish(nodes, edges, truncated, filter);
}

/** The subgraph of `nodes` and `edges` (one per id), sorted, with the edge cap applied. */
function finish(
  nodes: Map<NodeId, GraphNode>,
  found: GraphEdge[],
  truncated: boolean,
  filter: NeighbourhoodFilter,
): Subgraph {
  const edges = new Map<string, GraphEdge>();
  for (const edge of found) edges.set(edge.id, edge);
  const capped = capEdges([...edges.values()], filter.edgeCap);
  return {
    nodes: [...nodes.values()].sort(byId),
    edges: capped.edges,
    truncated: truncated || capped.truncated,
  };
}
