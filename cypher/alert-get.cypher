// Alerts by id (the taken ones of a list); the caller reads data as JSON.
// $ids
MATCH (n:Alert)
WHERE n.id IN $ids
RETURN n.data AS data
