// Transfers, safe whatever is stored: one TRANSFER relationship per txId, found through the txId uniqueness index.
// An unseen txId is CREATEd; a known one only fills fields still unknown and gains the new sources (set union).
// The writer's last resort when upsert-transfers collided with a concurrent writer. Both accounts exist already
// (write-accounts / ensure-accounts run first); returns how many rows found both (write.ts checks it).
// $c: the rows as columns (one list per field, row i = element i of each; half the driver work of a list of maps):
//     {txId, from, to (account nids), ts, amount, currency, amountKzt, rateSource, channel, purpose, knp,
//      wallets (lists of addresses), sources}
UNWIND range(0, size($c.txId) - 1) AS i
WITH {
  txId: $c.txId[i], from: $c.from[i], to: $c.to[i], ts: $c.ts[i], amount: $c.amount[i], currency: $c.currency[i],
  amountKzt: $c.amountKzt[i], rateSource: $c.rateSource[i], channel: $c.channel[i], purpose: $c.purpose[i],
  knp: $c.knp[i], wallets: $c.wallets[i], sources: $c.sources[i]
} AS r
MATCH (a:Entity {nid: r.from})
MATCH (b:Entity {nid: r.to})
OPTIONAL MATCH ()-[old:TRANSFER {txId: r.txId}]->()
FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[:TRANSFER {
    txId: r.txId, ts: toInteger(r.ts), amount: r.amount, currency: r.currency, amountKzt: r.amountKzt,
    rateSource: r.rateSource, channel: r.channel, purpose: r.purpose, knp: r.knp, wallets: r.wallets,
    sources: r.sources
  }]->(b)
)
FOREACH (_ IN CASE WHEN old IS NULL THEN [] ELSE [1] END |
  SET
    old.rateSource = coalesce(old.rateSource, r.rateSource),
    old.channel = coalesce(old.channel, r.channel),
    old.purpose = coalesce(old.purpose, r.purpose),
    old.knp = coalesce(old.knp, r.knp),
    old.wallets = coalesce(old.wallets, r.wallets),
    old.sources = old.sources + [s IN r.sources WHERE NOT s IN old.sources]
)
RETURN count(*) AS written
