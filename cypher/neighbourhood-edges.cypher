// Every relationship passing the filter whose two ends are both in $ids (the induced subgraph's edges).
// $ids: nids; $types: relationship types or null for all; $from, $to, $minAmountKzt: numbers or null.
// Also returns the entities of $nodeIds with their properties, so that the neighbourhood's last read is one round
// trip (one row: nodes and edges). $nodeIds: nids whose properties are wanted.
// Node properties leave out what a GraphNode never shows (sources, the folded name, nid): the driver
// decoded them for nothing (docs/SCALE.md § API under load).
CALL () {
  UNWIND $nodeIds AS id
  MATCH (n:Entity {nid: id})
  RETURN collect({id: n.nid, props: n {.*, sources: null, nameLower: null, nid: null}}) AS nodes
}
CALL () {
  MATCH (a:Entity)-[r]->(b:Entity)
  WHERE a.nid IN $ids
    AND b.nid IN $ids
    AND ($types IS NULL OR type(r) IN $types)
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
RETURN nodes, edges
