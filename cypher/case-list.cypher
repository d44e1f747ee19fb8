// Cases, filtered (null: any); the caller filters by status and orders them.
// $assignee, $referredTo
MATCH (n:Case)
WHERE ($assignee IS NULL OR n.assignee = $assignee) AND ($referredTo IS NULL OR n.referredTo = $referredTo)
RETURN n.data AS data
