// The files a rollback of load $id removes: fresh in it and read by no complete load.
MATCH (lf:LoadFile {loadId: $id})
WHERE lf.fresh AND NOT EXISTS {
  MATCH (o:LoadFile {sha256: lf.sha256}) WHERE o.loadId <> $id
  MATCH (l:Load {id: o.loadId}) WHERE l.status = 'complete'
}
RETURN lf.sha256 AS sha256
ORDER BY sha256
