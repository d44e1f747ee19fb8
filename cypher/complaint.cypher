// One complaint by case number.
// $caseNo
MATCH (c:Entity {nid: 'complaint:' + $caseNo})
RETURN c.caseNo AS caseNo, properties(c) AS props
