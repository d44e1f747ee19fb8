// One upload job by id.
// $id
MATCH (u:Upload {id: $id})
RETURN properties(u) AS props
