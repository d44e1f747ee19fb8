// Insert or replace a named column mapping (columns as JSON text).
// $mapping: {name, kind, signature, header, columns, createdBy, createdAt}
MERGE (m:NamedMapping {name: $mapping.name})
SET
  m.kind = $mapping.kind,
  m.signature = $mapping.signature,
  m.header = $mapping.header,
  m.columns = $mapping.columns,
  m.createdBy = $mapping.createdBy,
  m.createdAt = toInteger($mapping.createdAt)
