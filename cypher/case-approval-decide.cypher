// Record a decision on an approval only while it is pending (one conditional write: of two approvers, one wins).
// No row: decided already or unknown.
// $approval: {id, status, data}
MATCH (n:Approval {id: $approval.id})
// Take the node's write lock before reading the condition: a concurrent writer waits here and then sees the
// committed change (a plain read would not wait, and both writers could pass the check).
SET n._lock = true
REMOVE n._lock
WITH n
WHERE n.status = 'pending'
SET n.status = $approval.status, n.data = $approval.data
RETURN n.data AS data
