// Exact search on every identifier field, for each candidate spelling of the query. Rows name the field matched.
// $values: candidate strings (as typed, and without whitespace upper-cased); $phones: $values plus the query read
// as a Kazakh phone number in E.164, when it is one.
CALL () {
  UNWIND $values AS v
  CALL (v) {
    MATCH (n:Entity {nid: 'account:' + v})
    RETURN n, 'key' AS field
    UNION
    MATCH (n:Account {iban: v})
    RETURN n, 'iban' AS field
    UNION
    MATCH (n:Account {number: v})
    RETURN n, 'number' AS field
    UNION
    MATCH (n:Account {holderId: v})
    RETURN n, 'holderId' AS field
    UNION
    MATCH (n:Entity {nid: 'person:' + v})
    RETURN n, 'iin' AS field
    UNION
    MATCH (n:Entity {nid: 'company:' + v})
    RETURN n, 'bin' AS field
    UNION
    MATCH (n:Entity {nid: 'device:' + v})
    RETURN n, 'device' AS field
    UNION
    MATCH (n:Entity {nid: 'ip:' + v})
    RETURN n, 'ip' AS field
    UNION
    MATCH (n:Entity {nid: 'card:' + v})
    RETURN n, 'card' AS field
    UNION
    MATCH (n:Entity {nid: 'wallet:' + v})
    RETURN n, 'wallet' AS field
    UNION
    MATCH (n:Entity {nid: 'complaint:' + v})
    RETURN n, 'caseNo' AS field
    UNION
    MATCH (n:Entity {nid: 'cashpoint:' + v})
    RETURN n, 'atmId' AS field
  }
  RETURN n, field
  UNION
  UNWIND $phones AS v
  MATCH (n:Entity {nid: 'phone:' + v})
  RETURN n, 'phone' AS field
}
RETURN DISTINCT n.nid AS id, properties(n) AS props, field
