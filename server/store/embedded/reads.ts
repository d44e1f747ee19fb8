/**
 * The embedded store's interactive reads (search, one entity, a neighbourhood) as functions of a connection, so that
 * the store runs them on its own connection or sends them to a read worker (read-pool.ts) with the same result.
 */
import type Database from "better-sqlite3";
import type { EdgePage, EntityDetail, GraphEdge, NodeId, Subgraph } from "../../../model/graph.js";
import type { NeighbourhoodFilter } from "../types.js";
import {
  byId,
  LINK_TYPES,
  loadNodes,
  moneyEdgeIds,
  moneyEdges,
  type MoneyEdgeId,
  neighbourIds,
  nodeSources,
  queryEdges,
  sortedNodes,
  withEdgeSources,
} from "./graph-read.js";

import { admitUpToCap, capEdges } from "../expand.js";

export { search } from "./search.js";

const DEFAULT_DEPTH = 1;
const DEFAULT_NODE_CAP = 500;

/**
 * One entity, its relationships paged in id order. Links (ownership, usage…) are few and read whole; the money edges
 * (an account's transfers and withdrawals, tens of thousands for a payroll account) are read as ids, sorted with the
 * links, and only the page's rows and sources are read: a whole payroll account took 0.5 s and tens of MB of JSON.
 */
export function entity(db: Database.Database, id: NodeId, page: EdgePage = {}): EntityDetail | null {
  const node = loadNodes(db, [id]).get(id);
  if (!node) return null;
  const offset = page.offset ?? 0;
  const end = offset + (page.limit ?? Infinity);
  const links = queryEdges(db, [id], "incident", { types: [...LINK_TYPES] });
  const all: { id: string; edge?: GraphEdge; money?: MoneyEdgeId }[] = links.map((e) => ({
    id: e.id,
    edge: e,
  }));
  for (const m of moneyEdgeIds(db, id)) all.push({ id: m.id, money: m });
  all.sort(byId);
  const slice = all.slice(offset, end);
  const money = moneyEdges(
    db,
    slice.flatMap((x) => (x.money ? [x.money] : [])),
  );
  const chosen = slice.flatMap((x) => {
    const e = x.edge ?? money.get(`${x.money!.type}:${x.money!.txId}`);
    return e ? [e] : [];
  });
  const edges = withEdgeSources(db, chosen);
  const others = new Set<string>();
  for (const e of edges) for (const end of [e.source, e.target]) if (end !== id) others.add(end);
  return {
    node,
    sources: nodeSources(db, id),
    edges,
    neighbours: sortedNodes(loadNodes(db, others).values()),
    edgesTotal: all.length,
    edgesNext: end < all.length ? end : null,
  };
}

/** Breadth-first from `start`; each hop adds its new nodes in id order until the cap; then every edge among them. */
export function neighbourhood(
  db: Database.Database,
  start: NodeId[],
  filter: NeighbourhoodFilter = {},
): Subgraph {
  const depth = filter.depth ?? DEFAULT_DEPTH;
  const cap = filter.nodeCap ?? DEFAULT_NODE_CAP;
  const kept = new Set(loadNodes(db, start).keys());
  let frontier = [...kept];
  let truncated = false;
  for (let step = 0; step < depth && frontier.length > 0 && !truncated; step++) {
    const hop = admitUpToCap(kept, neighbourIds(db, frontier, filter), cap);
    frontier = hop.added;
    truncated = hop.truncated;
  }
  // Cut before reading the edges' sources: the ones left out would cost a lookup each for nothing.
  const capped = capEdges(queryEdges(db, kept, "induced", filter), filter.edgeCap);
  const edges = withEdgeSources(db, capped.edges).sort(byId);
  return {
    nodes: sortedNodes(loadNodes(db, kept).values()),
    edges,
    truncated: truncated || capped.truncated,
  };
}
