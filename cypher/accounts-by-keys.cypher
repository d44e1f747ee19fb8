// Accounts by key with the kind of the company holding them, when a company with the holder's BIN exists.
// $keys: account keys
UNWIND $keys AS k
MATCH (a:Entity {nid: 'account:' + k})
OPTIONAL MATCH (c:Entity {nid: 'company:' + a.holderId})
RETURN a.key AS key, properties(a) AS props, c.companyKind AS holderCompanyKind
