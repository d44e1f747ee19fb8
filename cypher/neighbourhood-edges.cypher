// Every relationship passing the filter whose two ends are both in $ids (the induced subgraph's edges).
// $ids: nids; $types: relationship types or null for all; $from, $to, $minAmountKzt: numbers or null.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.nid IN $ids
  AND b.nid IN $ids
  AND ($types IS NULL OR type(r) IN $types)
  AND (
    NOT type(r) IN ['TRANSFER', 'WITHDREW']
    OR (
      ($from IS NULL OR r.ts >= $from)
      AND ($to IS NULL OR r.ts <= $to)
      AND ($minAmountKzt IS NULL OR r.amountKzt >= $minAmountKzt)
    )
  )
RETURN type(r) AS type, a.nid AS source, b.nid AS target, properties(r) AS props
