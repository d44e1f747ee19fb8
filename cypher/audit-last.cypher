// The audit entry with the highest seq: the last entry of the seq index (the IS NOT NULL lets the planner read the
// index in order instead of scanning every AuditEntry and sorting; every entry has a seq).
MATCH (e:AuditEntry)
WHERE e.seq IS NOT NULL
RETURN properties(e) AS props
ORDER BY e.seq DESC
LIMIT 1
