// Which of these txIds are stored already (one relationship-index seek each), with the sources already known and
// the names of the fields a later record may still fill: the writer CREATEs the new ones, and sends
// update-transfers only the known ones that bring something new (so re-ingesting a file writes nothing).
// $txIds: [txId]
UNWIND $txIds AS id
MATCH ()-[t:TRANSFER {txId: id}]->()
RETURN
  id AS txId,
  t.sources AS sources,
  [f IN ['rateSource', 'channel', 'purpose', 'knp', 'wallets'] WHERE t[f] IS NULL] AS missing
