// Notes on one target, oldest first.
// $target
MATCH (n:Note {target: $target})
RETURN properties(n) AS props
ORDER BY n.createdAt, n.id
