// Person records (IIN): first non-null name wins; sources unioned.
// $rows: [{nid, key, name, nameLower, sources}]
UNWIND $rows AS r
MERGE (p:Entity {nid: r.nid})
  ON CREATE SET p:Person, p.iin = r.key, p.sources = []
SET
  p.name = coalesce(p.name, r.name),
  p.nameLower = coalesce(p.nameLower, r.nameLower),
  p.sources = p.sources + [s IN r.sources WHERE NOT s IN p.sources]
