// The current run's per-account results.
MATCH (a:Account)
WHERE a.role IS NOT NULL
RETURN a.key AS id, a.community AS community, a.role AS role, a.score AS score, a.reasons AS reasons,
  a.typologies AS typologies
