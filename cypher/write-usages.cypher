// USED (person / account / card → phone / device / IP): one relationship per pair with {first, last, count}, where
// count is the number of distinct usages ("ts|event" strings kept in `uses`) and sources are their union.
// $rows: [{from, to (nids), first, last, uses, sources}]
UNWIND $rows AS r
MATCH (a:Entity {nid: r.from})
MATCH (b:Entity {nid: r.to})
MERGE (a)-[u:USED]->(b)
  ON CREATE SET u.uses = [], u.sources = [], u.first = toInteger(r.first), u.last = toInteger(r.last)
SET
  u.first = CASE WHEN toInteger(r.first) < u.first THEN toInteger(r.first) ELSE u.first END,
  u.last = CASE WHEN toInteger(r.last) > u.last THEN toInteger(r.last) ELSE u.last END,
  u.uses = u.uses + [x IN r.uses WHERE NOT x IN u.uses],
  u.sources = u.sources + [s IN r.sources WHERE NOT s IN u.sources]
SET u.count = size(u.uses)
RETURN count(*) AS written
