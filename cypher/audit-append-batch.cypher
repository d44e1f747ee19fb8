// Append consecutive audit entries in the caller's transaction (the caller checks that the first seq is last + 1
// and that the seqs are consecutive); the unique constraint on seq rejects a concurrent append of the same seqs.
// $entries: [{seq, ts, actor, action, target, params (JSON text), prevHash, hash}]
UNWIND $entries AS entry
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
