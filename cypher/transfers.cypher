// Transfers of a set of accounts (out, in or both) and their withdrawals (as out), each once,
// with $after exclusive and $until inclusive (either may be null).
// $accounts: account keys; $out, $in: booleans.
UNWIND $accounts AS k
MATCH (a:Entity {nid: 'account:' + k})
CALL (a) {
  MATCH (a)-[t:TRANSFER]->(b:Account)
  WHERE $out
  RETURN t, a AS f, b AS g
  UNION
  MATCH (a)<-[t:TRANSFER]-(b:Account)
  WHERE $in
  RETURN t, b AS f, a AS g
  UNION
  MATCH (a)-[t:WITHDREW]->(c:CashPoint)
  WHERE $out
  RETURN t, a AS f, c AS g
}
WITH DISTINCT t, f, g
WHERE ($after IS NULL OR t.ts > $after) AND ($until IS NULL OR t.ts <= $until)
RETURN
  type(t) AS type, t.txId AS txId, f.key AS fromKey, coalesce(g.key, g.atmId) AS toKey, g.country AS country,
  t.ts AS ts, t.amount AS amount, t.currency AS currency, t.amountKzt AS amountKzt, t.purpose AS purpose,
  t.wallets AS wallets
