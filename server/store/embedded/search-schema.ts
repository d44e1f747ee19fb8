/**
 * The embedded store's search index: every searchable value of every node in one table, `search_terms`, with a B-tree
 * on the value (exact and prefix) and an FTS5 trigram index over it (any fragment of 3 characters or more). Names are
 * indexed in their folded form (the *_fold columns, fold.ts), identifiers as stored.
 *
 * Triggers on the node tables only note which nodes changed (`search_queue`), whatever writes them (row by row, a
 * bulk load, a rollback); syncSearchIndex() rewrites those nodes' rows in a few set-wise statements, and the writer
 * calls it just before each commit, so every committed state is indexed. Indexing row by row from the triggers
 * instead doubled the time of an ingest (one FTS5 insert per row is ~20 times dearer than the same rows in one
 * statement).
 */
import type Database from "better-sqlite3";

/**
 * Per node table: its node id prefix and key column (none for identifiers, whose id is `<type>:<value>`), and its
 * searchable (field, column) pairs; an empty field stands for the row's own `type` column (phone, device or ip).
 */
interface Source {
  table: string;
  prefix: string | null;
  key: string;
  fields: [string, string][];
}

const SOURCES: Source[] = [
  {
    table: "accounts",
    prefix: "account:",
    key: "key",
    fields: [
      ["key", "key"],
      ["iban", "iban"],
      ["number", "number"],
      ["holderId", "holder_id"],
      ["name", "holder_fold"],
    ],
  },
  {
    table: "persons",
    prefix: "person:",
    key: "iin",
    fields: [
      ["iin", "iin"],
      ["name", "name_fold"],
    ],
  },
  {
    table: "companies",
    prefix: "company:",
    key: "bin",
    fields: [
      ["bin", "bin"],
      ["name", "name_fold"],
    ],
  },
  { table: "cards", prefix: "card:", key: "card_id", fields: [["card", "card_id"]] },
  {
    table: "identifiers",
    prefix: null,
    key: "value",
    // phone, device or ip: the field is the identifier's type.
    fields: [["", "value"]],
  },
  { table: "wallets", prefix: "wallet:", key: "address", fields: [["wallet", "address"]] },
  { table: "complaints", prefix: "complaint:", key: "case_no", fields: [["caseNo", "case_no"]] },
  { table: "cashpoints", prefix: "cashpoint:", key: "atm_id", fields: [["atmId", "atm_id"]] },
];

/**
 * `source`'s rows of the pending nodes, as a join that looks each row up by its primary key (the node id taken apart:
 * SQLite cannot use the key through the `'type:' || key` expression).
 */
function pendingJoin(source: Source): string {
  const { table, prefix, key } = source;
  if (prefix === null) {
    return `(SELECT DISTINCT node FROM search_queue) p JOIN ${table} r
      ON r.type = substr(p.node, 1, instr(p.node, ':') - 1) AND r.${key} = substr(p.node, instr(p.node, ':') + 1)
      WHERE TRUE`;
  }
  return `(SELECT DISTINCT node FROM search_queue) p JOIN ${table} r ON r.${key} = substr(p.node, ${prefix.length + 1})
    WHERE p.node >= '${prefix}' AND p.node < '${prefix.slice(0, -1)};'`;
}

/** A source row's node id, as SQL over the row `r` (NEW, OLD or an alias). */
function nodeOf(source: Source, r: string): string {
  return source.prefix === null
    ? `${r}.type || ':' || ${r}.${source.key}`
    : `'${source.prefix}' || ${r}.${source.key}`;
}

function triggers(source: Source): string {
  const t = source.table;
  const changed = source.fields.map(([, column]) => `OLD.${column} IS NOT NEW.${column}`);
  // A plain append (duplicates are dropped when syncing): the cheapest write a trigger can make.
  const note = (r: string) => `INSERT INTO search_queue (node) VALUES (${nodeOf(source, r)});`;
  return `
DROP TRIGGER IF EXISTS search_${t}_insert;
DROP TRIGGER IF EXISTS search_${t}_update;
DROP TRIGGER IF EXISTS search_${t}_delete;
CREATE TRIGGER IF NOT EXISTS search_note_${t}_insert AFTER INSERT ON ${t} BEGIN ${note("NEW")} END;
CREATE TRIGGER IF NOT EXISTS search_note_${t}_update AFTER UPDATE ON ${t} WHEN ${changed.join(" OR ")} BEGIN
  ${note("OLD")} ${note("NEW")}
END;
CREATE TRIGGER IF NOT EXISTS search_note_${t}_delete AFTER DELETE ON ${t} BEGIN ${note("OLD")} END;`;
}

const DDL = `
CREATE TABLE IF NOT EXISTS search_terms (
  id INTEGER PRIMARY KEY, node TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_terms_value ON search_terms (value);
CREATE INDEX IF NOT EXISTS search_terms_node ON search_terms (node);
-- Nodes whose searchable fields changed since the last syncSearchIndex().
CREATE TABLE IF NOT EXISTS search_queue (node TEXT NOT NULL);
-- External content: the trigram index holds no second copy of the values, only their trigrams.
CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(
  value, content = 'search_terms', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER IF NOT EXISTS search_terms_insert AFTER INSERT ON search_terms BEGIN
  INSERT INTO search_fts (rowid, value) VALUES (NEW.id, NEW.value);
END;
CREATE TRIGGER IF NOT EXISTS search_terms_delete AFTER DELETE ON search_terms BEGIN
  INSERT INTO search_fts (search_fts, rowid, value) VALUES ('delete', OLD.id, OLD.value);
END;
${SOURCES.map(triggers).join("\n")}
`;

/** Bring the search index up to date with the node tables: rewrite the rows of every pending node. */
export function syncSearchIndex(db: Database.Database): void {
  if (db.prepare("SELECT 1 FROM search_queue LIMIT 1").get() === undefined) return;
  const run = () => {
    db.exec("DELETE FROM search_terms WHERE node IN (SELECT node FROM search_queue)");
    for (const source of SOURCES) {
      for (const [field, column] of source.fields) {
        const f = field === "" ? "r.type" : `'${field}'`;
        db.prepare(
          `INSERT INTO search_terms (node, field, value)
             SELECT p.node, ${f}, r.${column} FROM ${pendingJoin(source)}
             AND r.${column} IS NOT NULL`,
        ).run();
      }
    }
    db.exec("DELETE FROM search_queue");
  };
  if (db.inTransaction) run();
  else db.transaction(run).immediate();
}

/**
 * Create the search index and its triggers when missing. A database written before the index existed is indexed
 * once here, from its node tables.
 */
export function applySearchSchema(db: Database.Database): void {
  const existed = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'search_terms'").get() !== undefined;
  db.transaction(() => {
    db.exec(DDL);
    if (existed) return;
    for (const source of SOURCES) {
      for (const [field, column] of source.fields) {
        const f = field === "" ? "r.type" : `'${field}'`;
        db.exec(
          `INSERT INTO search_terms (node, field, value)
             SELECT ${nodeOf(source, "r")}, ${f}, r.${column} FROM ${source.table} r WHERE r.${column} IS NOT NULL`,
        );
      }
    }
  })();
}
