// A neighbourhood's first read (server/store/neo4j/graph-read.ts): the start entities with their properties and, for
// each, the entities adjacent to it through relationships that pass the filter (the first hop, as
// cypher/neighbourhood-expand.cypher), so that a depth-1 neighbourhood is two round trips (this and its edges).
// Unknown ids give no row. Time range (inclusive) and minimum amountKzt apply to TRANSFER and WITHDREW only.
// $ids: start nids; $types: relationship types or null for all; $from, $to, $minAmountKzt: numbers or null.
UNWIND $ids AS id
MATCH (n:Entity {nid: id})
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(m:Entity)
  WHERE ($types IS NULL OR type(r) IN $types)
    AND (
      NOT type(r) IN ['TRANSFER', 'WITHDREW']
      OR (
        ($from IS NULL OR r.ts >= $from)
        AND ($to IS NULL OR r.ts <= $to)
        AND ($minAmountKzt IS NULL OR r.amountKzt >= $minAmountKzt)
      )
    )
  RETURN collect(DISTINCT m.nid) AS adjacent
}
RETURN n.nid AS id, properties(n) AS props, adjacent
