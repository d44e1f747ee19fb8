// Mulegraph schema for Neo4j 5 (Community). Applied on every open; each statement is idempotent (IF NOT EXISTS).
// Statements are separated by semicolons at line ends; server/store/neo4j/schema.ts splits and runs them in order.
//
// Every graph entity carries the :Entity label and `nid` = "<type>:<key>" (model/graph.ts NodeId), so one unique
// constraint keys all ten entity types and generic lookups (entity, neighbourhood) use one index.

CREATE CONSTRAINT entity_nid IF NOT EXISTS FOR (n:Entity) REQUIRE n.nid IS UNIQUE;

// One relationship per transfer / withdrawal, keyed by txId (relationship uniqueness: Neo4j 5.7+, Community too).
CREATE CONSTRAINT transfer_tx_id IF NOT EXISTS FOR ()-[t:TRANSFER]-() REQUIRE t.txId IS UNIQUE;
CREATE CONSTRAINT withdrew_tx_id IF NOT EXISTS FOR ()-[w:WITHDREW]-() REQUIRE w.txId IS UNIQUE;

// Search: exact account fields and name prefixes (nameLower is the folded name: server/store/embedded/fold.ts).
CREATE INDEX account_iban IF NOT EXISTS FOR (a:Account) ON (a.iban);
CREATE INDEX account_number IF NOT EXISTS FOR (a:Account) ON (a.number);
CREATE INDEX account_holder_id IF NOT EXISTS FOR (a:Account) ON (a.holderId);
CREATE INDEX entity_name_lower IF NOT EXISTS FOR (n:Entity) ON (n.nameLower);
// Search by fragment (any part of an id, IBAN, number or folded name): TEXT indexes are trigram indexes in Neo4j 5, so
// CONTAINS is an index lookup rather than a scan (cypher/search-contains.cypher).
CREATE TEXT INDEX entity_nid_text IF NOT EXISTS FOR (n:Entity) ON (n.nid);
CREATE TEXT INDEX account_iban_text IF NOT EXISTS FOR (a:Account) ON (a.iban);
CREATE TEXT INDEX account_number_text IF NOT EXISTS FOR (a:Account) ON (a.number);
CREATE TEXT INDEX account_holder_id_text IF NOT EXISTS FOR (a:Account) ON (a.holderId);
// Search by name: the folded name's words (split at whitespace only, not lower-cased again) in a full-text index, so
// that a name query's words are looked up together, Lucene intersecting their postings (cypher/search-candidates.cypher;
// it replaced a TEXT index on nameLower, which could look up one word only: docs/SCALE.md § API under load).
CREATE FULLTEXT INDEX entity_name_words IF NOT EXISTS FOR (n:Entity) ON EACH [n.nameLower]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}};

// Analysis write-back: find the accounts of the current run quickly when replacing it.
CREATE INDEX account_role IF NOT EXISTS FOR (a:Account) ON (a.role);

// Source files, users, audit trail, upload jobs, notes, named column mappings, analysis runs.
CREATE CONSTRAINT source_file_sha256 IF NOT EXISTS FOR (f:SourceFile) REQUIRE f.sha256 IS UNIQUE;
CREATE CONSTRAINT user_username IF NOT EXISTS FOR (u:User) REQUIRE u.username IS UNIQUE;
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE;
CREATE CONSTRAINT upload_id IF NOT EXISTS FOR (u:Upload) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT note_id IF NOT EXISTS FOR (n:Note) REQUIRE n.id IS UNIQUE;
CREATE INDEX note_target IF NOT EXISTS FOR (n:Note) ON (n.target);
CREATE CONSTRAINT named_mapping_name IF NOT EXISTS FOR (m:NamedMapping) REQUIRE m.name IS UNIQUE;
CREATE INDEX named_mapping_signature IF NOT EXISTS FOR (m:NamedMapping) ON (m.signature);
// Recovery: freeze requests, their files and outcomes.
CREATE CONSTRAINT freeze_request_id IF NOT EXISTS FOR (r:FreezeRequest) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT freeze_request_file_key IF NOT EXISTS FOR (f:FreezeRequestFile) REQUIRE f.key IS UNIQUE;
CREATE CONSTRAINT freeze_outcome_key IF NOT EXISTS FOR (o:FreezeOutcome) REQUIRE o.key IS UNIQUE;
CREATE INDEX freeze_outcome_request IF NOT EXISTS FOR (o:FreezeOutcome) ON (o.requestId);
// Loads (server/store/types.ts LoadRecord) and the files each wrote.
CREATE CONSTRAINT load_id IF NOT EXISTS FOR (l:Load) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT load_file_key IF NOT EXISTS FOR (f:LoadFile) REQUIRE f.key IS UNIQUE;
CREATE INDEX load_file_load IF NOT EXISTS FOR (f:LoadFile) ON (f.loadId);
CREATE INDEX load_file_sha256 IF NOT EXISTS FOR (f:LoadFile) ON (f.sha256);
CREATE CONSTRAINT analysis_run_id IF NOT EXISTS FOR (r:AnalysisRun) REQUIRE r.runId IS UNIQUE;
// Casework (server/store/ports/casework.ts): alerts, cases, their links and approvals.
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE INDEX alert_lineage IF NOT EXISTS FOR (a:Alert) ON (a.lineage);
CREATE CONSTRAINT case_id IF NOT EXISTS FOR (c:Case) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT case_link_key IF NOT EXISTS FOR (l:CaseLink) REQUIRE l.key IS UNIQUE;
CREATE INDEX case_link_case IF NOT EXISTS FOR (l:CaseLink) ON (l.caseId);
CREATE CONSTRAINT approval_id IF NOT EXISTS FOR (a:Approval) REQUIRE a.id IS UNIQUE;

// Nodes that Neo4j's offline importer wrote without sources (it cannot write an empty list; `mulegraph ingest
// --offline-import` labels them :NoSources): give them the empty list the write queries give. Nothing to do otherwise.
MATCH (n:NoSources) SET n.sources = [] REMOVE n:NoSources;

// Wait (up to 300 s) until every index is online, so the first writes already use them.
CALL db.awaitIndexes(300);
