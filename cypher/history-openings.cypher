// Opening balances of history windows (TraceHistoryPort, server/store/ports/recovery.ts): per account, its transfers
// before the window's start (withdrawals as outflows) replayed from 0 by ts, outflows before inflows at one ts, the
// balance never below 0. Amounts in tiyn: round(100 × amountKzt), or round(100 × amount × rate) for a currency in
// $rates. An account with nothing before its window gives no row.
// $windows: [{account, from}]; $rates: map of upper-case currency code → KZT per unit (never KZT).
UNWIND $windows AS w
MATCH (a:Entity {nid: 'account:' + w.account})
CALL (a, w) {
  MATCH (a)-[t:TRANSFER]->(:Account)
  WHERE t.ts < w.from
  RETURN t.ts AS ts, 0 AS side, t AS x
  UNION ALL
  MATCH (a)<-[t:TRANSFER]-(:Account)
  WHERE t.ts < w.from
  RETURN t.ts AS ts, 1 AS side, t AS x
  UNION ALL
  MATCH (a)-[t:WITHDREW]->(:CashPoint)
  WHERE t.ts < w.from
  RETURN t.ts AS ts, 0 AS side, t AS x
}
WITH w.account AS account, ts, side,
  toInteger(round(coalesce(x.amount * $rates[toUpper(x.currency)], x.amountKzt) * 100)) AS tiyn
ORDER BY ts, side
WITH account, collect(CASE side WHEN 0 THEN -tiyn ELSE tiyn END) AS moves
RETURN account, reduce(b = 0, m IN moves | CASE WHEN b + m < 0 THEN 0 ELSE b + m END) AS openingTiyn
