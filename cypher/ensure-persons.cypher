// Persons named by ownership, control or usage records: created bare when unknown.
// $rows: [{nid, key}]
UNWIND $rows AS r
MERGE (p:Entity {nid: r.nid})
  ON CREATE SET p:Person, p.iin = r.key, p.sources = []
