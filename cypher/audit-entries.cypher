// Audit entries after a seq, by seq, at most $limit.
// $afterSeq, $limit
MATCH (e:AuditEntry)
WHERE e.seq > $afterSeq
RETURN properties(e) AS props
ORDER BY e.seq
LIMIT toInteger($limit)
