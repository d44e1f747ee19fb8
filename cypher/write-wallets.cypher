// Crypto wallets found in payment purposes: first chain wins; sources are those of the transfers naming the wallet.
// $rows: [{nid, key, chain, sources}]
UNWIND $rows AS r
MERGE (w:Entity {nid: r.nid})
  ON CREATE SET w:Wallet, w.address = r.key, w.sources = []
SET
  w.chain = coalesce(w.chain, r.chain),
  w.sources = w.sources + [s IN r.sources WHERE NOT s IN w.sources]
