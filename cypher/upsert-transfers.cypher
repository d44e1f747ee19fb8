// Transfers new or stored, in one pass: each txId is looked up once (uniqueness index); an unseen one is CREATEd
// between its two accounts, a stored one is updated only when the row brings a source or a field still unknown (so
// re-ingesting a file writes nothing). A concurrent writer that created one of the new ones meanwhile makes the
// uniqueness constraint fail the transaction (the writer then uses write-transfers).
// Returns one row: `written` = rows that found their transfer or both accounts, `stored` = rows whose transfer was
// stored already, `movedEnds` = account nids of rows whose stored transfer joins other accounts than the row names.
// $c: as write-transfers
UNWIND range(0, size($c.txId) - 1) AS i
WITH {
  txId: $c.txId[i], from: $c.from[i], to: $c.to[i], ts: $c.ts[i], amount: $c.amount[i], currency: $c.currency[i],
  amountKzt: $c.amountKzt[i], rateSource: $c.rateSource[i], channel: $c.channel[i], purpose: $c.purpose[i],
  knp: $c.knp[i], wallets: $c.wallets[i], sources: $c.sources[i]
} AS r
OPTIONAL MATCH ()-[old:TRANSFER {txId: r.txId}]->()
CALL (r, old) {
  WITH * WHERE old IS NULL
  MATCH (a:Entity {nid: r.from})
  MATCH (b:Entity {nid: r.to})
  CREATE (a)-[:TRANSFER {
    txId: r.txId, ts: toInteger(r.ts), amount: r.amount, currency: r.currency, amountKzt: r.amountKzt,
    rateSource: r.rateSource, channel: r.channel, purpose: r.purpose, knp: r.knp, wallets: r.wallets,
    sources: r.sources
  }]->(b)
  RETURN count(*) AS created
}
CALL (r, old) {
  WITH * WHERE old IS NOT NULL AND (
    any(s IN r.sources WHERE NOT s IN old.sources) OR
    (old.rateSource IS NULL AND r.rateSource IS NOT NULL) OR
    (old.channel IS NULL AND r.channel IS NOT NULL) OR
    (old.purpose IS NULL AND r.purpose IS NOT NULL) OR
    (old.knp IS NULL AND r.knp IS NOT NULL) OR
    (old.wallets IS NULL AND r.wallets IS NOT NULL)
  )
  SET
    old.rateSource = coalesce(old.rateSource, r.rateSource),
    old.channel = coalesce(old.channel, r.channel),
    old.purpose = coalesce(old.purpose, r.purpose),
    old.knp = coalesce(old.knp, r.knp),
    old.wallets = coalesce(old.wallets, r.wallets),
    old.sources = old.sources + [s IN r.sources WHERE NOT s IN old.sources]
}
WITH r, old, created, old IS NOT NULL AND (startNode(old).nid <> r.from OR endNode(old).nid <> r.to) AS moved
RETURN
  sum(CASE WHEN old IS NULL THEN created ELSE 1 END) AS written,
  count(old) AS stored,
  collect(CASE WHEN moved THEN r.from END) + collect(CASE WHEN moved THEN r.to END) AS movedEnds
