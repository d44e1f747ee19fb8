// The current analysis run, if any.
MATCH (r:AnalysisRun)
RETURN r.runId AS runId, r.startedAt AS startedAt, r.finishedAt AS finishedAt, r.params AS params
LIMIT 1
