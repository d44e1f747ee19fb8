// One breadth-first hop: the entities adjacent to the frontier through relationships that pass the filter.
// Time range (inclusive) and minimum amountKzt apply to TRANSFER and WITHDREW only.
// $ids: frontier nids; $types: relationship types or null for all; $from, $to, $minAmountKzt: numbers or null.
UNWIND $ids AS id
MATCH (n:Entity {nid: id})-[r]-(m:Entity)
WHERE ($types IS NULL OR type(r) IN $types)
  AND (
    NOT type(r) IN ['TRANSFER', 'WITHDREW']
    OR (
      ($from IS NULL OR r.ts >= $from)
      AND ($to IS NULL OR r.ts <= $to)
      AND ($minAmountKzt IS NULL OR r.amountKzt >= $minAmountKzt)
    )
  )
RETURN DISTINCT m.nid AS id
