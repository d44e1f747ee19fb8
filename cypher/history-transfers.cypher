// Transfers of history windows (TraceHistoryPort, server/store/ports/recovery.ts): each account's transfers (out and
// in) and withdrawals (as out) from its window's start on, up to $until inclusive (null: no bound), each once.
// $listed: null (every transfer listed), or the senders whose transfers are listed whole (the caller's listed senders
// and the windows' own accounts); a transfer from anyone else comes with `listed` false, its purpose and wallets left
// out and its amount in tiyn (round(100 × amountKzt), or round(100 × amount × rate) for a currency in $rates), for the
// store to sum into runs (server/store/history-runs.ts).
// $windows: [{account, from}]; $rates: map of upper-case currency code → KZT per unit (never KZT).
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
WITH t, f, g, $listed IS NULL OR f.key IN $listed AS listed
RETURN
  type(t) AS type, t.txId AS txId, f.key AS fromKey, coalesce(g.key, g.atmId) AS toKey, g.country AS country,
  t.ts AS ts, t.amount AS amount, t.currency AS currency, t.amountKzt AS amountKzt,
  CASE WHEN listed THEN t.purpose END AS purpose, CASE WHEN listed THEN t.wallets END AS wallets, listed,
  toInteger(round(coalesce(t.amount * $rates[toUpper(t.currency)], t.amountKzt) * 100)) AS tiyn
