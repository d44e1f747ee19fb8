// Accounts linked to each phone, device and IP: used by the account itself, by a card issued on it, or by a person
// who owns it. A person owns the accounts whose owner id (OWNS owner's IIN/BIN, or the account's holderId) is their
// IIN or the BIN of a company they control. Only identifiers linked to two or more accounts.
CALL () {
  MATCH (i:Phone)
  RETURN i
  UNION
  MATCH (i:Device)
  RETURN i
  UNION
  MATCH (i:IP)
  RETURN i
}
CALL (i) {
  MATCH (i)<-[:USED]-(a:Account)
  RETURN a
  UNION
  MATCH (i)<-[:USED]-(:Card)-[:ISSUED_ON]->(a:Account)
  RETURN a
  UNION
  MATCH (i)<-[:USED]-(p:Person)
  OPTIONAL MATCH (p)-[:CONTROLS]->(c:Company)
  WITH p, collect(c.bin) + p.iin AS ownerIds
  UNWIND ownerIds AS ownerId
  MATCH (o:Entity)-[:OWNS]->(a:Account)
  WHERE o.nid IN ['person:' + ownerId, 'company:' + ownerId]
  RETURN a
  UNION
  MATCH (i)<-[:USED]-(p:Person)
  OPTIONAL MATCH (p)-[:CONTROLS]->(c:Company)
  WITH p, collect(c.bin) + p.iin AS ownerIds
  UNWIND ownerIds AS ownerId
  MATCH (a:Account {holderId: ownerId})
  RETURN a
}
WITH i, collect(DISTINCT a.key) AS accounts
WHERE size(accounts) >= 2
RETURN i.nid AS id, accounts
