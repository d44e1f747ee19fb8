// Card records (masked PAN): the first holder IIN wins; sources unioned. ISSUED_ON is written by write-card-accounts.
// $rows: [{nid, key, holderIin, sources}]
UNWIND $rows AS r
MERGE (c:Entity {nid: r.nid})
  ON CREATE SET c:Card, c.cardId = r.key, c.sources = []
SET
  c.holderIin = coalesce(c.holderIin, r.holderIin),
  c.sources = c.sources + [s IN r.sources WHERE NOT s IN c.sources]
