// Cards issued on two or more accounts, with those accounts.
MATCH (c:Card)-[:ISSUED_ON]->(a:Account)
WITH c, collect(DISTINCT a.key) AS accounts
WHERE size(accounts) >= 2
RETURN c.cardId AS value, accounts
