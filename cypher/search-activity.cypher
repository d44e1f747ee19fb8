// How active each matched node is, for ranking search hits: an account's transfers out and in plus its withdrawals,
// an identifier's users (one USED relationship per entity that used it). Degree counts, read from the node.
// $ids: node ids of accounts, phones, devices and IPs
UNWIND $ids AS id
MATCH (n:Entity {nid: id})
RETURN id,
  CASE
    WHEN n:Account THEN COUNT { (n)-[:TRANSFER]->() } + COUNT { (n)<-[:TRANSFER]-() } + COUNT { (n)-[:WITHDREW]->() }
    ELSE COUNT { (n)<-[:USED]-() }
  END AS activity
