// Every relationship of one entity, in both directions, with the ids of both ends.
// $id: nid
MATCH (n:Entity {nid: $id})-[r]-(:Entity)
RETURN DISTINCT
  elementId(r) AS elementId,
  type(r) AS type,
  startNode(r).nid AS source,
  endNode(r).nid AS target,
  properties(r) AS props
