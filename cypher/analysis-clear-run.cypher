// Remove the current analysis run and its clusters (the run is replaced as a whole).
CALL () {
  MATCH (r:AnalysisRun)
  DETACH DELETE r
}
CALL () {
  MATCH (c:AnalysisCluster)
  DETACH DELETE c
}
