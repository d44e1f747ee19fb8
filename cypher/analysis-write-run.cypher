// Record an analysis run and its ranked clusters.
// $run: {runId, startedAt, finishedAt, params (JSON text)}; $clusters: [{id, rank, score, members, reasons, typologies}]
// (typologies null when there is none: no property)
CREATE (r:AnalysisRun)
SET
  r.runId = $run.runId,
  r.startedAt = toInteger($run.startedAt),
  r.finishedAt = toInteger($run.finishedAt),
  r.params = $run.params
WITH r
UNWIND $clusters AS c
CREATE (:AnalysisCluster {
  id: c.id, rank: toInteger(c.rank), score: c.score, members: c.members, reasons: c.reasons,
  typologies: c.typologies
})
