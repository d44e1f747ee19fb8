// ISSUED_ON relationships (card → account), one per pair of nodes; sources unioned. Both nodes exist already.
// $rows: [{from, to (nids), sources}]
UNWIND $rows AS r
MATCH (a:Entity {nid: r.from})
MATCH (b:Entity {nid: r.to})
MERGE (a)-[x:ISSUED_ON]->(b)
  ON CREATE SET x.sources = []
SET x.sources = x.sources + [s IN r.sources WHERE NOT s IN x.sources]
RETURN count(*) AS written
