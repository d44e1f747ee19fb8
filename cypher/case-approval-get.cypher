// One approval by id.
// $id
MATCH (n:Approval {id: $id})
RETURN n.data AS data
