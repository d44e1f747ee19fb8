// Companies named by ownership or control records: created bare when unknown.
// $rows: [{nid, key}]
UNWIND $rows AS r
MERGE (c:Entity {nid: r.nid})
  ON CREATE SET c:Company, c.bin = r.key, c.sources = []
