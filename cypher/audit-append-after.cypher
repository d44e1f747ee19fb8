// Append consecutive audit entries after the last stored one, check and write in one auto-commit transaction (one
// round trip per group commit of server/audit): the entries are created only when $first is the last stored seq + 1;
// otherwise nothing is written and `last` tells the caller what is there. The unique constraint on seq rejects a
// concurrent append of the same seqs. The last seq is read from the end of the seq index (as cypher/audit-last.cypher).
// $first: seq of the first entry; $entries: [{seq, ts, actor, action, target, params (JSON text), prevHash, hash}],
// consecutive from $first (the caller checks)
WITH coalesce(head(COLLECT {
  MATCH (e:AuditEntry)
  WHERE e.seq IS NOT NULL
  RETURN e.seq ORDER BY e.seq DESC LIMIT 1
}), 0) AS last
CALL (last) {
  UNWIND CASE WHEN last + 1 = $first THEN $entries ELSE [] END AS entry
  CREATE (e:AuditEntry)
  SET
    e.seq = toInteger(entry.seq),
    e.ts = toInteger(entry.ts),
    e.actor = entry.actor,
    e.action = entry.action,
    e.target = entry.target,
    e.params = entry.params,
    e.prevHash = entry.prevHash,
    e.hash = entry.hash
  RETURN count(e) AS written
}
RETURN last, written
