// Store a new approval request (ApprovalRecord as JSON text in data); the unique constraint on id rejects a second.
// $approval: {id, target, status, requestedAt, data}
CREATE (n:Approval)
SET
  n.id = $approval.id,
  n.target = $approval.target,
  n.status = $approval.status,
  n.requestedAt = toInteger($approval.requestedAt),
  n.data = $approval.data
