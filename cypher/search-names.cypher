// Names that start with $prefix (a query whose words are all too short for a fragment), by the range index on
// nameLower: at most $cap per type (account, person, company), in key order, as search-rank.ts keeps them.
// $prefix: folded query; $cap
CALL () {
  MATCH (n:Entity)
  WHERE n.nameLower STARTS WITH $prefix AND n:Account
  RETURN n ORDER BY n.nid LIMIT toInteger($cap)
  UNION ALL
  MATCH (n:Entity)
  WHERE n.nameLower STARTS WITH $prefix AND n:Person
  RETURN n ORDER BY n.nid LIMIT toInteger($cap)
  UNION ALL
  MATCH (n:Entity)
  WHERE n.nameLower STARTS WITH $prefix AND n:Company
  RETURN n ORDER BY n.nid LIMIT toInteger($cap)
}
RETURN n.nid AS id, 'name' AS field, n.nameLower AS value
