// Replace an alert only when its stored version is still the one the update was made from: one conditional write,
// so two concurrent updates from the same version cannot both apply. No row: stale or unknown.
// $alert: {id, status, assignee, caseId, version, data}, $expected
MATCH (n:Alert {id: $alert.id})
// Take the node's write lock before reading the condition: a concurrent writer waits here and then sees the
// committed change (a plain read would not wait, and both writers could pass the check).
SET n._lock = true
REMOVE n._lock
WITH n
WHERE n.version = toInteger($expected)
SET
  n.status = $alert.status,
  n.assignee = $alert.assignee,
  n.caseId = $alert.caseId,
  n.version = toInteger($alert.version),
  n.data = $alert.data
RETURN n.data AS data
