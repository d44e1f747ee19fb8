// One step of a rollback: up to $limit entities holding a source of the files $files lose those sources. Returns how
// many were touched (0: done).
MATCH (n:Entity)
WHERE n.sources IS NOT NULL AND any(s IN n.sources WHERE substring(s, 0, 64) IN $files)
WITH n LIMIT toInteger($limit)
SET n.sources = [s IN n.sources WHERE NOT substring(s, 0, 64) IN $files]
RETURN count(*) AS touched
