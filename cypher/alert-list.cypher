// Alerts, filtered (null: any); the caller filters by status and orders them.
// $kind, $assignee, $lineage, $caseId
MATCH (n:Alert)
WHERE ($kind IS NULL OR n.kind = $kind)
  AND ($assignee IS NULL OR n.assignee = $assignee)
  AND ($lineage IS NULL OR n.lineage = $lineage)
  AND ($caseId IS NULL OR n.caseId = $caseId)
RETURN n.data AS data
