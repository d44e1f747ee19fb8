// Transfers and withdrawals by txId; unknown ids give no row.
// $txIds: [txId]
UNWIND $txIds AS id
CALL (id) {
  MATCH (f:Account)-[t:TRANSFER {txId: id}]->(g:Account)
  RETURN t, f, g
  UNION
  MATCH (f:Account)-[t:WITHDREW {txId: id}]->(g:CashPoint)
  RETURN t, f, g
}
RETURN
  type(t) AS type, t.txId AS txId, f.key AS fromKey, coalesce(g.key, g.atmId) AS toKey, g.country AS country,
  t.ts AS ts, t.amount AS amount, t.currency AS currency, t.amountKzt AS amountKzt, t.purpose AS purpose,
  t.wallets AS wallets
