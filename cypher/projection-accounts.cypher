// Every account with the kind of the company holding it, when a company with the holder's BIN exists.
MATCH (a:Account)
OPTIONAL MATCH (c:Entity {nid: 'company:' + a.holderId})
RETURN a.key AS key, properties(a) AS props, c.companyKind AS holderCompanyKind
