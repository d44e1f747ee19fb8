// Record a load's end (complete or failed) with its counts; only a running load changes.
// $id; $end: {status, finishedAt, records, batches, error}
MATCH (l:Load {id: $id})
WHERE l.status = 'running'
SET
  l.status = $end.status,
  l.finishedAt = toInteger($end.finishedAt),
  l.records = toInteger($end.records),
  l.batches = toInteger($end.batches),
  l.error = $end.error
