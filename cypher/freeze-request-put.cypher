// Store a new freeze request and its files (contents as base64 text). The caller checks in the same transaction that
// the request number is new; the unique constraint on id rejects a concurrent put of the same number.
// $request: {id, bank, createdAt, createdBy, complaints, items (JSON text), totalKzt, sha256, files (JSON text)}
// $contents: [{name, content}]
CREATE (r:FreezeRequest)
SET
  r.id = $request.id,
  r.bank = $request.bank,
  r.createdAt = toInteger($request.createdAt),
  r.createdBy = $request.createdBy,
  r.complaints = $request.complaints,
  r.items = $request.items,
  r.totalKzt = toFloat($request.totalKzt),
  r.sha256 = $request.sha256,
  r.files = $request.files
WITH r
UNWIND $contents AS c
CREATE (r)-[:HAS_FILE]->(:FreezeRequestFile {key: $request.id + '/' + c.name, name: c.name, content: c.content})
