// Store new alerts (server/store/ports/casework.ts AlertRecord, whole as JSON text in data). The caller checks in the
// same transaction that no id is taken; the unique constraint on id rejects a concurrent put of the same id.
// $alerts: [{id, kind, status, assignee, lineage, caseId, createdAt, version, data}]
UNWIND $alerts AS a
CREATE (n:Alert)
SET
  n.id = a.id,
  n.kind = a.kind,
  n.status = a.status,
  n.assignee = a.assignee,
  n.lineage = a.lineage,
  n.caseId = a.caseId,
  n.createdAt = toInteger(a.createdAt),
  n.version = toInteger(a.version),
  n.data = a.data
