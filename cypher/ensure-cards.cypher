// Cards named by usage records: created bare when unknown.
// $rows: [{nid, key}]
UNWIND $rows AS r
MERGE (c:Entity {nid: r.nid})
  ON CREATE SET c:Card, c.cardId = r.key, c.sources = []
