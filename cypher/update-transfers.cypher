// Transfers already stored: fill fields still unknown and add the new sources (set union). Found by txId alone
// through the uniqueness index; the accounts are not touched.
// $rows: [{txId, rateSource, channel, purpose, knp, wallets, sources}]
UNWIND $rows AS r
MATCH ()-[t:TRANSFER {txId: r.txId}]->()
SET
  t.rateSource = coalesce(t.rateSource, r.rateSource),
  t.channel = coalesce(t.channel, r.channel),
  t.purpose = coalesce(t.purpose, r.purpose),
  t.knp = coalesce(t.knp, r.knp),
  t.wallets = coalesce(t.wallets, r.wallets),
  t.sources = t.sources + [s IN r.sources WHERE NOT s IN t.sources]
