// Insert or replace an upload job (summary as JSON text; absent fields removed).
// $upload: {id, createdAt, createdBy, status, summary, error}
MERGE (u:Upload {id: $upload.id})
SET
  u.createdAt = toInteger($upload.createdAt),
  u.createdBy = $upload.createdBy,
  u.status = $upload.status,
  u.summary = $upload.summary,
  u.error = $upload.error
