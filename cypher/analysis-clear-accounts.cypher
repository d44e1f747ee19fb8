// Remove the current run's results from up to $limit accounts; the caller repeats until none is left.
MATCH (a:Account)
WHERE a.role IS NOT NULL
WITH a
LIMIT toInteger($limit)
REMOVE a.community, a.role, a.score, a.reasons, a.typologies
RETURN count(a) AS cleared
