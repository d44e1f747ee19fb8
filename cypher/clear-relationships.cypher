// Delete up to $limit relationships; the caller repeats until none is left (tests, resets). Relationships go first so
// that no transaction has to detach a hub's thousands of transfers at once.
MATCH ()-[r]->()
WITH r
LIMIT toInteger($limit)
DELETE r
RETURN count(*) AS deleted
