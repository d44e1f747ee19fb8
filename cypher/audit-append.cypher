// Append one audit entry. The caller checks in the same transaction that seq is last + 1; the unique constraint on
// seq rejects a concurrent append of the same seq.
// $entry: {seq, ts, actor, action, target, params (JSON text), prevHash, hash}
CREATE (e:AuditEntry)
SET
  e.seq = toInteger($entry.seq),
  e.ts = toInteger($entry.ts),
  e.actor = $entry.actor,
  e.action = $entry.action,
  e.target = $entry.target,
  e.params = $entry.params,
  e.prevHash = $entry.prevHash,
  e.hash = $entry.hash
