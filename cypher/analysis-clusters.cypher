// The current run's clusters.
MATCH (c:AnalysisCluster)
RETURN c.id AS id, c.rank AS rank, c.score AS score, c.members AS members, c.reasons AS reasons,
  c.typologies AS typologies
