// Account records: the first non-null value of each field wins; sources are a set of "sha256:line" strings.
// $rows: [{nid, key, iban, number, bank, currency, accountKind, holderId, holderName, nameLower, openedAt, watchlist,
//          sources}]
UNWIND $rows AS r
MERGE (a:Entity {nid: r.nid})
  ON CREATE SET a:Account, a.key = r.key, a.sources = []
SET
  a.iban = coalesce(a.iban, r.iban),
  a.number = coalesce(a.number, r.number),
  a.bank = coalesce(a.bank, r.bank),
  a.currency = coalesce(a.currency, r.currency),
  a.accountKind = coalesce(a.accountKind, r.accountKind),
  a.holderId = coalesce(a.holderId, r.holderId),
  a.holderName = coalesce(a.holderName, r.holderName),
  a.nameLower = coalesce(a.nameLower, r.nameLower),
  a.openedAt = coalesce(a.openedAt, toInteger(r.openedAt)),
  a.watchlist = coalesce(a.watchlist, r.watchlist),
  a.sources = a.sources + [s IN r.sources WHERE NOT s IN a.sources]
