// A neighbourhood's first read (server/store/neo4j/graph-read.ts): the start entities with their properties and the
// entities adjacent to them through relationships that pass the filter (the first hop, as
// cypher/neighbourhood-expand.cypher, start entities left out). When the start entities and their first hop are
// $whole nodes or fewer, the first hop comes with its properties together with every relationship passing the filter
// among them all (found by checking each ordered pair, as cypher/neighbourhood-edges-pairs.cypher), so that a small
// depth-1 neighbourhood is this one round trip; otherwise the first hop comes as ids (`adjacent` and `edges` null) and
// the caller reads the edges once it has applied the node cap (docs/SCALE.md § API under load). Unknown ids are left
// out. Time range (inclusive) and minimum amountKzt apply to TRANSFER and WITHDREW only.
// $ids: start nids; $types: relationship types or null for all; $from, $to, $minAmountKzt: numbers or null;
// $whole: the most nodes answered whole (0 for never: a depth other than 1)
// Node properties leave out what a GraphNode never shows (sources, the folded name, nid): the driver
// decoded them for nothing (docs/SCALE.md § API under load).
UNWIND $ids AS id
MATCH (n:Entity {nid: id})
WITH collect(n) AS starts
CALL (starts) {
  UNWIND starts AS n
  MATCH (n)-[r]-(m:Entity)
  WHERE ($types IS NULL OR type(r) IN $types)
    AND (
      NOT type(r) IN ['TRANSFER', 'WITHDREW']
      OR (
        ($from IS NULL OR r.ts >= $from)
        AND ($to IS NULL OR r.ts <= $to)
        AND ($minAmountKzt IS NULL OR r.amountKzt >= $minAmountKzt)
      )
    )
    AND NOT m IN starts
  RETURN collect(DISTINCT m) AS adjacent
}
WITH starts, adjacent, size(starts) + size(adjacent) <= $whole AS whole
CALL (starts, adjacent, whole) {
  WITH starts + adjacent AS members, whole
  WHERE whole
  UNWIND members AS a
  UNWIND members AS b
  MATCH (a)-[r]->(b)
  WHERE ($types IS NULL OR type(r) IN $types)
    AND (
      NOT type(r) IN ['TRANSFER', 'WITHDREW']
      OR (
        ($from IS NULL OR r.ts >= $from)
        AND ($to IS NULL OR r.ts <= $to)
        AND ($minAmountKzt IS NULL OR r.amountKzt >= $minAmountKzt)
      )
    )
  RETURN collect({type: type(r), source: a.nid, target: b.nid, props: properties(r)}) AS edges
}
RETURN [n IN starts | {id: n.nid, props: n {.*, sources: null, nameLower: null, nid: null}}] AS starts,
  CASE WHEN NOT whole THEN [m IN adjacent | m.nid] END AS adjacentIds,
  CASE WHEN whole THEN [m IN adjacent | {id: m.nid, props: m {.*, sources: null, nameLower: null, nid: null}}] END AS adjacent,
  CASE WHEN whole THEN edges END AS edges
