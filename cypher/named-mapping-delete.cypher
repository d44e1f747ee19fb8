// Remove a named column mapping; deleted is 0 when there was none by that name.
// $name
OPTIONAL MATCH (m:NamedMapping {name: $name})
DETACH DELETE m
RETURN count(m) AS deleted
