// One step of a rollback: delete up to $limit entities that no record holds any more (no sources of their own and
// no relationship). Returns how many were deleted and how many of them were accounts (0 deleted: done).
MATCH (n:Entity)
WHERE size(coalesce(n.sources, [])) = 0 AND NOT (n)--()
WITH n LIMIT toInteger($limit)
WITH n, n:Account AS account
DELETE n
RETURN count(*) AS deleted, sum(CASE WHEN account THEN 1 ELSE 0 END) AS accounts
