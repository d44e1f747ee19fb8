// Append an outcome to a freeze request. The caller checks in the same transaction that seq is last + 1; the
// unique constraint on key ("<request id>#<seq>") rejects a concurrent append of the same seq.
// $outcome: {requestId, seq, account, status, amountKzt, reason, by, at}
MATCH (r:FreezeRequest {id: $outcome.requestId})
CREATE (r)-[:HAS_OUTCOME]->(o:FreezeOutcome)
SET
  o.key = $outcome.requestId + '#' + toString($outcome.seq),
  o.requestId = $outcome.requestId,
  o.seq = toInteger($outcome.seq),
  o.account = $outcome.account,
  o.status = $outcome.status,
  o.amountKzt = $outcome.amountKzt,
  o.reason = $outcome.reason,
  o.by = $outcome.by,
  o.at = toInteger($outcome.at)
