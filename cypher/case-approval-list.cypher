// Approvals, filtered (null: any); the caller orders them.
// $target, $status
MATCH (n:Approval)
WHERE ($target IS NULL OR n.target = $target) AND ($status IS NULL OR n.status = $status)
RETURN n.data AS data
