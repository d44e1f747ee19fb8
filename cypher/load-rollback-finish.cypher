// End a rollback: the files' SourceFile records go and the load is marked rolled_back.
// $id; $files: [sha256]; $at: epoch ms
OPTIONAL MATCH (f:SourceFile) WHERE f.sha256 IN $files
DETACH DELETE f
WITH count(*) AS ignored
MATCH (l:Load {id: $id})
SET l.status = 'rolled_back', l.finishedAt = toInteger($at)
