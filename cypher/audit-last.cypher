// The audit entry with the highest seq.
MATCH (e:AuditEntry)
RETURN properties(e) AS props
ORDER BY e.seq DESC
LIMIT 1
