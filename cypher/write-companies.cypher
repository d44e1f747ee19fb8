// Company records (BIN): first non-null name and kind win; sources unioned.
// $rows: [{nid, key, name, nameLower, companyKind, sources}]
UNWIND $rows AS r
MERGE (c:Entity {nid: r.nid})
  ON CREATE SET c:Company, c.bin = r.key, c.sources = []
SET
  c.name = coalesce(c.name, r.name),
  c.nameLower = coalesce(c.nameLower, r.nameLower),
  c.companyKind = coalesce(c.companyKind, r.companyKind),
  c.sources = c.sources + [s IN r.sources WHERE NOT s IN c.sources]
