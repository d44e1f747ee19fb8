// PAID_TO_WALLET (sender account → wallet named in a transfer's purpose): one relationship per pair with
// {first, last, count}, count = distinct transfers (txIds kept in `txIds`), sources = union of those transfers'.
// $rows: [{from, to (nids), first, last, txIds, sources}]
UNWIND $rows AS r
MATCH (a:Entity {nid: r.from})
MATCH (b:Entity {nid: r.to})
MERGE (a)-[p:PAID_TO_WALLET]->(b)
  ON CREATE SET p.txIds = [], p.sources = [], p.first = toInteger(r.first), p.last = toInteger(r.last)
SET
  p.first = CASE WHEN toInteger(r.first) < p.first THEN toInteger(r.first) ELSE p.first END,
  p.last = CASE WHEN toInteger(r.last) > p.last THEN toInteger(r.last) ELSE p.last END,
  p.txIds = p.txIds + [x IN r.txIds WHERE NOT x IN p.txIds],
  p.sources = p.sources + [s IN r.sources WHERE NOT s IN p.sources]
SET p.count = size(p.txIds)
RETURN count(*) AS written
