// Outcomes of freeze requests, all or one request's ($requestId null: all); the caller orders them.
// $requestId
MATCH (o:FreezeOutcome)
WHERE $requestId IS NULL OR o.requestId = $requestId
RETURN properties(o) AS props
