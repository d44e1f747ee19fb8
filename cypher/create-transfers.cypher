// Transfers guessed new (the writer's previous batch found none of its transfers stored): a plain CREATE, the fast
// path of a first ingest. When one of them is stored after all, the txId uniqueness constraint fails the transaction
// and the writer sends the batch through upsert-transfers. Returns how many rows found both accounts.
// $c: as write-transfers
UNWIND range(0, size($c.txId) - 1) AS i
WITH {
  txId: $c.txId[i], from: $c.from[i], to: $c.to[i], ts: $c.ts[i], amount: $c.amount[i], currency: $c.currency[i],
  amountKzt: $c.amountKzt[i], rateSource: $c.rateSource[i], channel: $c.channel[i], purpose: $c.purpose[i],
  knp: $c.knp[i], wallets: $c.wallets[i], sources: $c.sources[i]
} AS r
MATCH (a:Entity {nid: r.from})
MATCH (b:Entity {nid: r.to})
CREATE (a)-[:TRANSFER {
  txId: r.txId, ts: toInteger(r.ts), amount: r.amount, currency: r.currency, amountKzt: r.amountKzt,
  rateSource: r.rateSource, channel: r.channel, purpose: r.purpose, knp: r.knp, wallets: r.wallets,
  sources: r.sources
}]->(b)
RETURN count(*) AS written
