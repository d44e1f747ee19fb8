// Cash withdrawals: one WITHDREW relationship (account → cash point) per txId, created once, sources unioned.
// $rows: [{txId, account, cashPoint (nids), ts, amount, currency, amountKzt, sources}]
UNWIND $rows AS r
MATCH (a:Entity {nid: r.account})
MATCH (c:Entity {nid: r.cashPoint})
OPTIONAL MATCH ()-[old:WITHDREW {txId: r.txId}]->()
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[:WITHDREW {
    txId: r.txId, ts: toInteger(r.ts), amount: r.amount, currency: r.currency, amountKzt: r.amountKzt,
    sources: r.sources
  }]->(c)
)
FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END |
  SET old.sources = old.sources + [s IN r.sources WHERE NOT s IN old.sources]
)
RETURN count(*) AS written
