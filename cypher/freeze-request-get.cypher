// One freeze request by its number.
// $id
MATCH (r:FreezeRequest {id: $id})
RETURN properties(r) AS props
