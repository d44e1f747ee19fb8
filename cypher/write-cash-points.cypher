// ATMs / cash points of withdrawals: first country wins; sources are those of its withdrawals.
// $rows: [{nid, key, country, sources}]
UNWIND $rows AS r
MERGE (c:Entity {nid: r.nid})
  ON CREATE SET c:CashPoint, c.atmId = r.key, c.sources = []
SET
  c.country = coalesce(c.country, r.country),
  c.sources = c.sources + [s IN r.sources WHERE NOT s IN c.sources]
