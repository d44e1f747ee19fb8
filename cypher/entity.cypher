// One entity in one round trip: its properties, one page of its relationships (as cypher/entity-edges.cypher: in the
// order of their API ids, tx:<txId> for money, else TYPE:<source>-><target>, with their total; only the page's
// relationships have their properties read) and the entities at the other end of the page's relationships. No row
// when the entity is unknown.
// $id: nid; $offset, $limit: the page
// Other entities' properties leave out what a GraphNode never shows (sources, the folded name, nid): the driver
// decoded them for nothing (docs/SCALE.md § API under load).
MATCH (n:Entity {nid: $id})
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(:Entity)
  WITH DISTINCT r
  WITH r,
    CASE
      WHEN r IS NULL THEN null
      WHEN type(r) IN ["TRANSFER", "WITHDREW"] THEN "tx:" + r.txId
      ELSE type(r) + ":" + startNode(r).nid + "->" + endNode(r).nid
    END AS id
  ORDER BY id
  WITH [x IN collect({id: id, r: r}) WHERE x.id IS NOT NULL] AS rels
  RETURN size(rels) AS total, [x IN rels[toInteger($offset)..toInteger($offset) + toInteger($limit)] | x.r] AS page
}
CALL (n, page) {
  UNWIND page AS r
  WITH DISTINCT CASE WHEN startNode(r) = n THEN endNode(r) ELSE startNode(r) END AS m
  WHERE m <> n
  RETURN collect({id: m.nid, props: m {.*, sources: null, nameLower: null, nid: null}}) AS neighbours
}
RETURN n.nid AS id, properties(n) AS props, total, [r IN page | {
  elementId: elementId(r),
  type: type(r),
  source: startNode(r).nid,
  target: endNode(r).nid,
  props: properties(r)
}] AS edges, neighbours
