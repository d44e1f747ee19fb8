// Delete up to $limit nodes (with any relationship left); the caller repeats until none is left (tests, resets).
MATCH (n)
WITH n
LIMIT toInteger($limit)
DETACH DELETE n
RETURN count(*) AS deleted
