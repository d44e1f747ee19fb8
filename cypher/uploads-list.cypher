// Upload jobs, newest first, at most $limit.
MATCH (u:Upload)
RETURN properties(u) AS props
ORDER BY u.createdAt DESC, u.id
LIMIT toInteger($limit)
