// Loads newest first (startedAt desc, then id), with the files each wrote and their names; $id: one load or null;
// $incomplete: only running and failed ones; $limit.
MATCH (l:Load)
WHERE ($id IS NULL OR l.id = $id) AND (NOT $incomplete OR l.status IN ['running', 'failed'])
WITH l ORDER BY l.startedAt DESC, l.id LIMIT toInteger($limit)
OPTIONAL MATCH (lf:LoadFile {loadId: l.id})
OPTIONAL MATCH (sf:SourceFile {sha256: lf.sha256})
WITH l, lf, sf ORDER BY lf.sha256
WITH l, collect(CASE WHEN lf IS NULL THEN null ELSE {sha256: lf.sha256, fresh: lf.fresh, name: sf.name} END) AS files
RETURN properties(l) AS props, files
ORDER BY l.startedAt DESC, l.id
