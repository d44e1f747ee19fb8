// Record a decision on an approval only while it is pending (one conditional write: of two approvers, one wins).
// No row: decided already or unknown.
// $approval: {id, status, data}
MATCH (n:Approval {id: $approval.id})
WHERE n.status = 'pending'
SET n.status = $approval.status, n.data = $approval.data
RETURN n.data AS data
