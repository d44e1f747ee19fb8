// Search candidates: identifiers holding any of $texts anywhere (a node id, i.e. its key, or an account's IBAN, number
// or holder id) and folded names (nameLower, written with server/store/embedded/fold.ts foldName) holding any of
// $nameTexts. Each branch is one TEXT index lookup per text (cypher/schema.cypher: trigram indexes, so CONTAINS does
// not scan); CONTAINS is case-sensitive, so $texts holds every spelling. Rows name the field and its value;
// server/store/search-rank.ts checks and ranks them.
// $texts: the query's spellings (identifierTier's fragments), each at least 3 characters
// $nameTexts: the query's longest word when it has one of 3 characters or more (every name nameTier accepts holds it)
CALL () {
  UNWIND $texts AS text
  MATCH (n:Entity)
  WHERE n.nid CONTAINS text
  RETURN n.nid AS id, 'nid' AS field, n.nid AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Account)
  WHERE n.iban CONTAINS text
  RETURN n.nid AS id, 'iban' AS field, n.iban AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Account)
  WHERE n.number CONTAINS text
  RETURN n.nid AS id, 'number' AS field, n.number AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Account)
  WHERE n.holderId CONTAINS text
  RETURN n.nid AS id, 'holderId' AS field, n.holderId AS value
  UNION ALL
  UNWIND $nameTexts AS text
  MATCH (n:Entity)
  WHERE n.nameLower CONTAINS text
  RETURN n.nid AS id, 'name' AS field, n.nameLower AS value
}
RETURN id, field, value
