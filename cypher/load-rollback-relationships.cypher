// One step of a rollback: up to $limit relationships holding a source of the files $files ("<sha256>:<line>") lose
// those sources; a relationship left with none is deleted. Returns how many were touched (0: done).
MATCH ()-[r]->()
WHERE r.sources IS NOT NULL AND any(s IN r.sources WHERE substring(s, 0, 64) IN $files)
WITH r LIMIT toInteger($limit)
SET r.sources = [s IN r.sources WHERE NOT substring(s, 0, 64) IN $files]
WITH r, type(r) AS kind, size(r.sources) = 0 AS gone
FOREACH (_ IN CASE WHEN gone THEN [1] ELSE [] END | DELETE r)
RETURN count(*) AS touched, sum(CASE WHEN gone AND kind = 'TRANSFER' THEN 1 ELSE 0 END) AS transfers,
  sum(CASE WHEN gone AND kind = 'WITHDREW' THEN 1 ELSE 0 END) AS withdrawals
