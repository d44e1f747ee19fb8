// Replace a case only when its stored version is still the one the update was made from (one conditional write).
// No row: stale or unknown.
// $case: {id, status, assignee, referredTo, version, data}, $expected
MATCH (n:Case {id: $case.id})
WHERE n.version = toInteger($expected)
SET
  n.status = $case.status,
  n.assignee = $case.assignee,
  n.referredTo = $case.referredTo,
  n.version = toInteger($case.version),
  n.data = $case.data
RETURN n.data AS data
