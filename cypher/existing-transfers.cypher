// Which of these txIds are stored already (one relationship-index seek each), with the fields a later record may
// still fill and the sources already known: the writer CREATEs the new ones, and sends update-transfers only the
// known ones that bring something new (so re-ingesting a file writes nothing).
// $txIds: [txId]
UNWIND $txIds AS id
MATCH ()-[t:TRANSFER {txId: id}]->()
RETURN
  id AS txId, t.sources AS sources, t.rateSource AS rateSource, t.channel AS channel, t.purpose AS purpose,
  t.knp AS knp, t.wallets AS wallets
