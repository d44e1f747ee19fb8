// Link something to a case once per (case, kind, ref): MERGE on the key; `created` is true only for the call whose
// token was set on create (a second add of the same link changes nothing).
// $link: {key, caseId, kind, ref, addedAt, data}, $token
MERGE (l:CaseLink {key: $link.key})
  ON CREATE
    SET
      l.caseId = $link.caseId,
      l.kind = $link.kind,
      l.ref = $link.ref,
      l.addedAt = toInteger($link.addedAt),
      l.data = $link.data,
      l.token = $token
RETURN l.token = $token AS created
