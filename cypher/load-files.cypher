// Attribute files to a running load, before the first of their records is written. A file is fresh when the store
// knows it neither as a source file nor from another load (only fresh files are removed by a rollback).
// $id: the load; $files: [sha256]
UNWIND $files AS sha
OPTIONAL MATCH (f:SourceFile {sha256: sha})
OPTIONAL MATCH (o:LoadFile {sha256: sha}) WHERE o.loadId <> $id
WITH sha, f, count(o) AS others
MERGE (lf:LoadFile {key: $id + ':' + sha})
  ON CREATE SET lf.loadId = $id, lf.sha256 = sha, lf.fresh = (f IS NULL AND others = 0)
