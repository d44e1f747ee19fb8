// Named column mappings, all or those of one header signature ($signature null: all); the caller orders them.
// $signature
MATCH (m:NamedMapping)
WHERE $signature IS NULL OR m.signature = $signature
RETURN properties(m) AS props
