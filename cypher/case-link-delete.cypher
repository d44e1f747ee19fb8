// Remove one link of a case by its key ("<case>|<kind>|<ref>").
// $key
MATCH (l:CaseLink {key: $key})
DELETE l
RETURN count(*) AS deleted
