// Search candidates holding any of $texts anywhere: a node id (its key), an account's IBAN, number or holder id, or a
// folded name (nameLower, written with server/store/embedded/fold.ts foldName). Each branch is one TEXT index lookup
// (cypher/schema.cypher: trigram indexes, so CONTAINS does not scan); CONTAINS is case-sensitive, so the caller runs
// this for every spelling, all in one round trip. Rows name the field and its value; server/store/search-rank.ts
// checks and ranks them.
// $texts: the spellings, each at least 3 characters
UNWIND $texts AS text
CALL (text) {
  MATCH (n:Entity)
  WHERE n.nid CONTAINS text
  RETURN n.nid AS id, 'nid' AS field, n.nid AS value
  UNION ALL
  MATCH (n:Account)
  WHERE n.iban CONTAINS text
  RETURN n.nid AS id, 'iban' AS field, n.iban AS value
  UNION ALL
  MATCH (n:Account)
  WHERE n.number CONTAINS text
  RETURN n.nid AS id, 'number' AS field, n.number AS value
  UNION ALL
  MATCH (n:Account)
  WHERE n.holderId CONTAINS text
  RETURN n.nid AS id, 'holderId' AS field, n.holderId AS value
  UNION ALL
  MATCH (n:Entity)
  WHERE n.nameLower CONTAINS text
  RETURN n.nid AS id, 'name' AS field, n.nameLower AS value
}
RETURN id, field, value
