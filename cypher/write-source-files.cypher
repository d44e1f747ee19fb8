// Source files by SHA-256; a file seen again keeps its first record.
// $rows: [{sha256, name, bytes, exportKind, rowsRead}]
UNWIND $rows AS r
MERGE (f:SourceFile {sha256: r.sha256})
  ON CREATE SET
    f.name = r.name,
    f.bytes = toInteger(r.bytes),
    f.exportKind = r.exportKind,
    f.rowsRead = toInteger(r.rowsRead)
