// Insert or replace a note.
// $note: {id, target, author, createdAt, text}
MERGE (n:Note {id: $note.id})
SET
  n.target = $note.target,
  n.author = $note.author,
  n.createdAt = toInteger($note.createdAt),
  n.text = $note.text
