// Freeze requests, all or those of one bank and/or for one complaint (null: any); the caller orders them.
// $bank, $complaint
MATCH (r:FreezeRequest)
WHERE ($bank IS NULL OR r.bank = $bank) AND ($complaint IS NULL OR $complaint IN r.complaints)
RETURN properties(r) AS props
