// Every complaint, for analytics and tracing.
MATCH (c:Complaint)
RETURN
  c.caseNo AS caseNo, c.victimAccount AS victimAccount, c.registeredAt AS registeredAt, c.incidentAt AS incidentAt,
  c.lossKzt AS lossKzt
