// Complaint records (case number): first non-null value of each field wins. REPORTED is written by write-reports.
// $rows: [{nid, key, registeredAt, incidentAt, victimIin, victimName, victimAccount, loss, currency, lossKzt, scheme,
//          sources}]
UNWIND $rows AS r
MERGE (c:Entity {nid: r.nid})
  ON CREATE SET c:Complaint, c.caseNo = r.key, c.sources = []
SET
  c.registeredAt = coalesce(c.registeredAt, toInteger(r.registeredAt)),
  c.incidentAt = coalesce(c.incidentAt, toInteger(r.incidentAt)),
  c.victimIin = coalesce(c.victimIin, r.victimIin),
  c.victimName = coalesce(c.victimName, r.victimName),
  c.victimAccount = coalesce(c.victimAccount, r.victimAccount),
  c.loss = coalesce(c.loss, r.loss),
  c.currency = coalesce(c.currency, r.currency),
  c.lossKzt = coalesce(c.lossKzt, r.lossKzt),
  c.scheme = coalesce(c.scheme, r.scheme),
  c.sources = c.sources + [s IN r.sources WHERE NOT s IN c.sources]
