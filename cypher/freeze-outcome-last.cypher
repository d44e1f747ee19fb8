// The seq of the request's last outcome (0 when none); no row when there is no such request (r.id groups the
// count, so an unknown request gives no row rather than one with 0).
// $requestId
MATCH (r:FreezeRequest {id: $requestId})
OPTIONAL MATCH (r)-[:HAS_OUTCOME]->(o:FreezeOutcome)
RETURN r.id AS id, coalesce(max(o.seq), 0) AS seq
