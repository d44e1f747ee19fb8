// Transfers of history windows (TraceHistoryPort, server/store/ports/recovery.ts): each account's transfers (out and
// in) and withdrawals (as out) from its window's start on, up to $until inclusive (null: no bound), each once.
// $windows: [{account, from}]
UNWIND $windows AS w
MATCH (a:Entity {nid: 'account:' + w.account})
CALL (a, w) {
  MATCH (a)-[t:TRANSFER]->(b:Account)
  WHERE t.ts >= w.from AND ($until IS NULL OR t.ts <= $until)
  RETURN t, a AS f, b AS g
  UNION
  MATCH (a)<-[t:TRANSFER]-(b:Account)
  WHERE t.ts >= w.from AND ($until IS NULL OR t.ts <= $until)
  RETURN t, b AS f, a AS g
  UNION
  MATCH (a)-[t:WITHDREW]->(c:CashPoint)
  WHERE t.ts >= w.from AND ($until IS NULL OR t.ts <= $until)
  RETURN t, a AS f, c AS g
}
WITH DISTINCT t, f, g
RETURN
  type(t) AS type, t.txId AS txId, f.key AS fromKey, coalesce(g.key, g.atmId) AS toKey, g.country AS country,
  t.ts AS ts, t.amount AS amount, t.currency AS currency, t.amountKzt AS amountKzt, t.purpose AS purpose,
  t.wallets AS wallets
