// Every transfer and withdrawal, for analytics (ordered by the caller).
MATCH (f:Account)-[t:TRANSFER]->(g:Account)
RETURN
  'TRANSFER' AS type, t.txId AS txId, f.key AS fromKey, g.key AS toKey, null AS country,
  t.ts AS ts, t.amount AS amount, t.currency AS currency, t.amountKzt AS amountKzt, t.purpose AS purpose,
  t.wallets AS wallets
UNION ALL
MATCH (f:Account)-[t:WITHDREW]->(g:CashPoint)
RETURN
  'WITHDREW' AS type, t.txId AS txId, f.key AS fromKey, g.atmId AS toKey, g.country AS country,
  t.ts AS ts, t.amount AS amount, t.currency AS currency, t.amountKzt AS amountKzt, null AS purpose,
  null AS wallets
