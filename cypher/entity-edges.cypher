// One page of an entity's relationships, in the order of their API ids (tx:<txId> for money, else
// TYPE:<source>-><target>; Cypher compares strings as JavaScript does, by UTF-16 code unit), with their total.
// Only the page's relationships have their properties read: an account with tens of thousands of transfers costs
// their ids, not their rows. One row even when the entity has none.
// $id: nid; $offset, $limit: the page
OPTIONAL MATCH (n:Entity {nid: $id})-[r]-(:Entity)
WITH DISTINCT r
WITH r,
  CASE
    WHEN r IS NULL THEN null
    WHEN type(r) IN ["TRANSFER", "WITHDREW"] THEN "tx:" + r.txId
    ELSE type(r) + ":" + startNode(r).nid + "->" + endNode(r).nid
  END AS id
ORDER BY id
WITH [x IN collect({id: id, r: r}) WHERE x.id IS NOT NULL] AS rels
WITH size(rels) AS total, rels[toInteger($offset)..toInteger($offset) + toInteger($limit)] AS page
RETURN total, [x IN page | {
  elementId: elementId(x.r),
  type: type(x.r),
  source: startNode(x.r).nid,
  target: endNode(x.r).nid,
  props: properties(x.r)
}] AS edges
