// One case by id.
// $id
MATCH (n:Case {id: $id})
RETURN n.data AS data
