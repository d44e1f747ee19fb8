// Accounts named by other records (transfers, withdrawals, ownership, cards, usages, complaints) without an account
// record of their own in the batch: created bare, never changed when present.
// $rows: [{nid, key}]
UNWIND $rows AS r
MERGE (a:Entity {nid: r.nid})
  ON CREATE SET a:Account, a.key = r.key, a.sources = []
