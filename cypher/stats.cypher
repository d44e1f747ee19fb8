// Counts of every entity type, links (one per pair), transfers, withdrawals and transfer sources; first and last
// transfer time.
CALL () { MATCH (n:Account) RETURN count(n) AS accounts }
CALL () { MATCH (n:Person) RETURN count(n) AS persons }
CALL () { MATCH (n:Company) RETURN count(n) AS companies }
CALL () { MATCH (n:Card) RETURN count(n) AS cards }
CALL () { MATCH (n:Phone) RETURN count(n) AS phones }
CALL () { MATCH (n:Device) RETURN count(n) AS devices }
CALL () { MATCH (n:IP) RETURN count(n) AS ips }
CALL () { MATCH (n:Wallet) RETURN count(n) AS wallets }
CALL () { MATCH (n:Complaint) RETURN count(n) AS complaints }
CALL () { MATCH ()-[x:OWNS|CONTROLS|ISSUED_ON|USED]->() RETURN count(x) AS links }
CALL () { MATCH ()-[w:WITHDREW]->() RETURN count(w) AS withdrawals }
CALL () {
  MATCH ()-[t:TRANSFER]->()
  RETURN
    count(t) AS transfers, sum(size(t.sources)) AS transferSources, min(t.ts) AS firstTransferAt,
    max(t.ts) AS lastTransferAt
}
RETURN
  accounts, persons, companies, cards, phones, devices, ips, wallets, transfers, withdrawals, complaints, links,
  transferSources, firstTransferAt, lastTransferAt
