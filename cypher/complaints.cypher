// Complaints by registration time then case number, at most $limit.
MATCH (c:Complaint)
RETURN c.caseNo AS caseNo, properties(c) AS props
ORDER BY c.registeredAt, c.caseNo
LIMIT toInteger($limit)
