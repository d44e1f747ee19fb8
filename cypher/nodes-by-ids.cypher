// Entities by node id ("<type>:<key>"); unknown ids give no row.
// $ids: [nid]
UNWIND $ids AS id
MATCH (n:Entity {nid: id})
RETURN n.nid AS id, properties(n) AS props
