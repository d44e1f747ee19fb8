// Put one run's community, role, score and reasons on the accounts (account keys in `id`).
// $rows: [{id, community, role, score, reasons, typologies}]; typologies is null when there is none (no property).
UNWIND $rows AS r
MATCH (a:Entity {nid: 'account:' + r.id})
SET a.community = r.community, a.role = r.role, a.score = r.score, a.reasons = r.reasons,
  a.typologies = r.typologies
