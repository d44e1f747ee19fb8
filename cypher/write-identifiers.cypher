// Phones, devices and IP addresses named by usage records; their sources are the union of those usages' sources.
// $rows: [{nid, key, identifierType: "phone"|"device"|"ip", sources}]
UNWIND $rows AS r
MERGE (i:Entity {nid: r.nid})
  ON CREATE SET i.sources = []
FOREACH (_ IN CASE WHEN r.identifierType = 'phone' THEN [1] ELSE [] END | SET i:Phone, i.msisdn = r.key)
FOREACH (_ IN CASE WHEN r.identifierType = 'device' THEN [1] ELSE [] END | SET i:Device, i.deviceId = r.key)
FOREACH (_ IN CASE WHEN r.identifierType = 'ip' THEN [1] ELSE [] END | SET i:IP, i.address = r.key)
SET i.sources = i.sources + [s IN r.sources WHERE NOT s IN i.sources]
