// Neo4j's own bulk path for transfers, the reference `npm run bench:store` compares the store's ingest with: LOAD CSV
// of a transfers file from the server's import folder, idempotent like the store (MERGE both accounts and the
// transfer on its txId, sources unioned), committed every 10 000 rows. Run in an auto-commit transaction.
// $url: file:///<name>.csv with columns txId, from, to, ts, amount, currency, amountKzt, rateSource, channel,
// purpose, knp, sources ("<sha256>:<line>" joined by "|")
LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MERGE (a:Entity {nid: 'account:' + row.from})
    ON CREATE SET a:Account, a.key = row.from, a.sources = []
  MERGE (b:Entity {nid: 'account:' + row.to})
    ON CREATE SET b:Account, b.key = row.to, b.sources = []
  MERGE (a)-[t:TRANSFER {txId: row.txId}]->(b)
    ON CREATE SET
      t.ts = toInteger(row.ts),
      t.amount = toFloat(row.amount),
      t.currency = row.currency,
      t.amountKzt = toFloat(row.amountKzt),
      t.rateSource = row.rateSource,
      t.channel = row.channel,
      t.purpose = row.purpose,
      t.knp = row.knp,
      t.sources = split(row.sources, '|')
    ON MATCH SET t.sources = t.sources + [s IN split(row.sources, '|') WHERE NOT s IN t.sources]
} IN TRANSACTIONS OF 10000 ROWS
