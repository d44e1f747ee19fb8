// Transfers whose txId is not stored yet (checked by existing-transfers just before): a plain CREATE, the fast path
// of a first ingest. A concurrent writer that created one of them meanwhile makes the uniqueness constraint fail the
// transaction, and the writer falls back to write-transfers.
// $rows: as write-transfers
UNWIND $rows AS r
MATCH (a:Entity {nid: r.from})
MATCH (b:Entity {nid: r.to})
CREATE (a)-[:TRANSFER {
  txId: r.txId, ts: toInteger(r.ts), amount: r.amount, currency: r.currency, amountKzt: r.amountKzt,
  rateSource: r.rateSource, channel: r.channel, purpose: r.purpose, knp: r.knp, wallets: r.wallets,
  sources: r.sources
}]->(b)
