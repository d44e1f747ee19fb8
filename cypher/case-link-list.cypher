// A case's links; the caller orders them.
// $caseId
MATCH (l:CaseLink {caseId: $caseId})
RETURN l.data AS data
