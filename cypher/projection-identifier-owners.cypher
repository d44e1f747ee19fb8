// Owner ids (OWNS owners' IIN/BIN and accounts' holderId) linked to two or more accounts, with those accounts.
CALL () {
  MATCH (o:Entity)-[:OWNS]->(a:Account)
  RETURN coalesce(o.iin, o.bin) AS value, a.key AS account
  UNION
  MATCH (a:Account)
  WHERE a.holderId IS NOT NULL
  RETURN a.holderId AS value, a.key AS account
}
WITH value, collect(DISTINCT account) AS accounts
WHERE size(accounts) >= 2
RETURN value, accounts
