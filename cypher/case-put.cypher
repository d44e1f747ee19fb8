// Store a new case (CaseRecord as JSON text in data). The caller checks in the same transaction that the id is new;
// the unique constraint on id rejects a concurrent create.
// $case: {id, status, assignee, referredTo, createdAt, version, data}
CREATE (n:Case)
SET
  n.id = $case.id,
  n.status = $case.status,
  n.assignee = $case.assignee,
  n.referredTo = $case.referredTo,
  n.createdAt = toInteger($case.createdAt),
  n.version = toInteger($case.version),
  n.data = $case.data
