// Every search candidate in one round trip (server/store/neo4j/search.ts; server/store/search-rank.ts checks and ranks
// them). One row of parallel lists, an entry per candidate: the node id, the field that may match (or "nid" for the
// whole id, i.e. its key), its value, the node's label when it has a name (an account's holder name, a person's or
// company's name; null for the others, whose label is their key) and its activity when it is ranked by one (an
// account's transfers out and in plus its withdrawals, an identifier's users: degree counts from the node; null for
// the other types), so that every search is this one query. One row rather than a row per candidate: each Bolt record
// cost the JVM and the driver more than the candidate's reads (a 4-digit fragment's ~600 candidates; docs/SCALE.md
// § API under load).
// - Exact: the node ids the query would be ($nids: "<type>:<value>" for every type keyed by its value, and
//   "phone:<value>" for the phone spellings) by the nid constraint, then the account fields that are not keys by their
//   range indexes. One index seek per list.
// - Fragments: identifiers holding any of $texts anywhere (node id, IBAN, number, holder id): one TEXT index lookup
//   per text (cypher/schema.cypher: trigram indexes, so CONTAINS does not scan); CONTAINS is case-sensitive, so $texts
//   holds every spelling.
// - Names: folded names (nameLower, written with server/store/fold.ts foldName) holding every long word of the query,
//   from the full-text index of name words ($nameQueries: at most one Lucene query, `+*w1* +*w2*…`, built by
//   server/store/neo4j/search.ts). Lucene intersects the words' postings, so a full name costs its few matches instead
//   of every name holding its longest word (a patronymic: about 4 000 here, each read back and checked).
// - Short names: names that start with $prefix (null unless every word of the query is too short for a fragment), by
//   the range index on nameLower, at most $cap per type (account, person, company) in key order.
// $nids, $values: exact candidates; $texts: identifierTier's fragments (each of 3 characters or more); $nameQueries:
// [] or the full-text query of the query's words of 3 characters or more; $nameWords: the query's folded words
// (nameTier accepts a name only when it holds every one, so the others are dropped here rather than sent); $prefix:
// folded query or null; $cap
CALL () {
  MATCH (n:Entity)
  WHERE n.nid IN $nids
  WITH n, split(n.nid, ':')[0] AS type
  RETURN n,
    CASE type
      WHEN 'account' THEN 'key'
      WHEN 'person' THEN 'iin'
      WHEN 'company' THEN 'bin'
      WHEN 'complaint' THEN 'caseNo'
      WHEN 'cashpoint' THEN 'atmId'
      ELSE type
    END AS field,
    substring(n.nid, size(type) + 1) AS value
  UNION ALL
  MATCH (n:Account)
  WHERE n.iban IN $values
  RETURN n, 'iban' AS field, n.iban AS value
  UNION ALL
  MATCH (n:Account)
  WHERE n.number IN $values
  RETURN n, 'number' AS field, n.number AS value
  UNION ALL
  MATCH (n:Account)
  WHERE n.holderId IN $values
  RETURN n, 'holderId' AS field, n.holderId AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Entity)
  WHERE n.nid CONTAINS text
  RETURN n, 'nid' AS field, n.nid AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Account)
  WHERE n.iban CONTAINS text
  RETURN n, 'iban' AS field, n.iban AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Account)
  WHERE n.number CONTAINS text
  RETURN n, 'number' AS field, n.number AS value
  UNION ALL
  UNWIND $texts AS text
  MATCH (n:Account)
  WHERE n.holderId CONTAINS text
  RETURN n, 'holderId' AS field, n.holderId AS value
  UNION ALL
  UNWIND $nameQueries AS nameQuery
  CALL db.index.fulltext.queryNodes('entity_name_words', nameQuery) YIELD node AS n
  WITH n
  WHERE all(word IN $nameWords WHERE n.nameLower CONTAINS word)
  RETURN n, 'name' AS field, n.nameLower AS value
  UNION ALL
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
  RETURN n, 'name' AS field, n.nameLower AS value
}
WITH n, field, value
// collect() drops nulls: labels and activity go in one-element lists to keep their places.
RETURN collect(n.nid) AS ids, collect(field) AS fields, collect(value) AS values,
  [x IN collect([CASE WHEN n:Account THEN n.holderName WHEN n:Person OR n:Company THEN n.name END]) | x[0]] AS labels,
  [x IN collect([CASE
    WHEN n:Account THEN COUNT { (n)-[:TRANSFER]->() } + COUNT { (n)<-[:TRANSFER]-() } + COUNT { (n)-[:WITHDREW]->() }
    WHEN n:Phone OR n:Device OR n:IP THEN COUNT { (n)<-[:USED]-() }
  END]) | x[0]] AS activity
