// Replace an alert only when its stored version is still the one the update was made from: one conditional write,
// so two concurrent updates from the same version cannot both apply. No row: stale or unknown.
// $alert: {id, status, assignee, caseId, version, data}, $expected
MATCH (n:Alert {id: $alert.id})
WHERE n.version = toInteger($expected)
SET
  n.status = $alert.status,
  n.assignee = $alert.assignee,
  n.caseId = $alert.caseId,
  n.version = toInteger($alert.version),
  n.data = $alert.data
RETURN n.data AS data
