// Source files, all or those with the given hashes, by name.
// $sha256s: [sha256] or null for all
MATCH (f:SourceFile)
WHERE $sha256s IS NULL OR f.sha256 IN $sha256s
RETURN f.sha256 AS sha256, f.name AS name, f.bytes AS bytes, f.exportKind AS exportKind, f.rowsRead AS rowsRead
ORDER BY f.name, f.sha256
