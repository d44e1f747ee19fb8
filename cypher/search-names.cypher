// Case-insensitive name prefix search over account holders, persons and companies (nameLower is lower-cased by the
// writer), by type (account, person, company) then key, at most $limit.
// $prefix: lower-cased query; $types: entity types to keep; $limit
MATCH (n:Entity)
WHERE n.nameLower STARTS WITH $prefix
WITH n, CASE WHEN n:Account THEN 0 WHEN n:Person THEN 1 ELSE 2 END AS rank
WITH n, rank, ['account', 'person', 'company'][rank] AS type
WHERE type IN $types
RETURN n.nid AS id, properties(n) AS props
ORDER BY rank, n.nid
LIMIT toInteger($limit)
