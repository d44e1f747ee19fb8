// Replace a case only when its stored version is still the one the update was made from (one conditional write).
// No row: stale or unknown.
// $case: {id, status, assignee, referredTo, version, data}, $expected
MATCH (n:Case {id: $case.id})
// Take the node's write lock before reading the condition: a concurrent writer waits here and then sees the
// committed change (a plain read would not wait, and both writers could pass the check).
SET n._lock = true
REMOVE n._lock
WITH n
WHERE n.version = toInteger($expected)
SET
  n.status = $case.status,
  n.assignee = $case.assignee,
  n.referredTo = $case.referredTo,
  n.version = toInteger($case.version),
  n.data = $case.data
RETURN n.data AS data
