// Exact search, for each candidate spelling of the query: the node ids it would be ($nids: "<type>:<value>" for
// every type keyed by its value, and "phone:<value>" for the phone spellings), then the account fields that are not
// keys. One index seek per list instead of one subquery per field. Rows name the field matched and its value
// (server/store/search-rank.ts checks and ranks them).
// $nids: candidate node ids; $values: candidate strings (as typed, and without whitespace upper- and lower-cased)
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
  UNION
  MATCH (n:Account)
  WHERE n.iban IN $values
  RETURN n, 'iban' AS field, n.iban AS value
  UNION
  MATCH (n:Account)
  WHERE n.number IN $values
  RETURN n, 'number' AS field, n.number AS value
  UNION
  MATCH (n:Account)
  WHERE n.holderId IN $values
  RETURN n, 'holderId' AS field, n.holderId AS value
}
RETURN DISTINCT n.nid AS id, field, value
