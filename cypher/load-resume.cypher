// Complete the loads a completed load resumed (it read every file they had written).
// $ids: the resumed loads; $by: the completed load; $at: epoch ms
MATCH (l:Load)
WHERE l.id IN $ids AND l.status IN ['running', 'failed']
SET l.status = 'complete', l.resumedBy = $by, l.finishedAt = coalesce(l.finishedAt, toInteger($at))
