// One named column mapping by name.
// $name
MATCH (m:NamedMapping {name: $name})
RETURN properties(m) AS props
