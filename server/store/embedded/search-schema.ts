/**
 * The embedded store's search index: every searchable value of every node in one table, `search_terms`, with a B-tree
 * on the value (exact and prefix) and an FTS5 trigram index over it (any fragment of 3 characters or more).
 *
 * Triggers on the node tables keep it current whatever writes them (row by row, a bulk load, a rollback), so no write
 * path needs to know about search. A node's rows are rewritten whenever one of its searchable fields changes; names
 * are indexed in their folded form (the *_fold columns, fold.ts), identifiers as stored.
 */
import type Database from "better-sqlite3";

/**
 * Per node table: its node id as SQL over the row `r` (NEW, OLD or an alias), and its searchable (field, column)
 * pairs; an empty field stands for the row's own `type` column (identifiers: phone, device or ip).
 */
const SOURCES: { table: string; node: (r: string) => string; fields: [string, string][] }[] = [
  {
    table: "accounts",
    node: (r) => `'account:' || ${r}.key`,
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
    node: (r) => `'person:' || ${r}.iin`,
    fields: [
      ["iin", "iin"],
      ["name", "name_fold"],
    ],
  },
  {
    table: "companies",
    node: (r) => `'company:' || ${r}.bin`,
    fields: [
      ["bin", "bin"],
      ["name", "name_fold"],
    ],
  },
  { table: "cards", node: (r) => `'card:' || ${r}.card_id`, fields: [["card", "card_id"]] },
  {
    table: "identifiers",
    node: (r) => `${r}.type || ':' || ${r}.value`,
    // phone, device or ip: the field is the identifier's type.
    fields: [["", "value"]],
  },
  { table: "wallets", node: (r) => `'wallet:' || ${r}.address`, fields: [["wallet", "address"]] },
  { table: "complaints", node: (r) => `'complaint:' || ${r}.case_no`, fields: [["caseNo", "case_no"]] },
  { table: "cashpoints", node: (r) => `'cashpoint:' || ${r}.atm_id`, fields: [["atmId", "atm_id"]] },
];

function insertRows(source: (typeof SOURCES)[number], r: string): string {
  return source.fields
    .map(([field, column]) => {
      const f = field === "" ? `${r}.type` : `'${field}'`;
      return `INSERT INTO search_terms (node, field, value) SELECT ${source.node(r)}, ${f}, ${r}.${column} WHERE ${r}.${column} IS NOT NULL;`;
    })
    .join("\n  ");
}

function triggers(source: (typeof SOURCES)[number]): string {
  const t = source.table;
  const changed = source.fields.map(([, column]) => `OLD.${column} IS NOT NEW.${column}`);
  return `
CREATE TRIGGER IF NOT EXISTS search_${t}_insert AFTER INSERT ON ${t} BEGIN
  ${insertRows(source, "NEW")}
END;
CREATE TRIGGER IF NOT EXISTS search_${t}_update AFTER UPDATE ON ${t} WHEN ${changed.join(" OR ")} BEGIN
  DELETE FROM search_terms WHERE node = ${source.node("OLD")};
  ${insertRows(source, "NEW")}
END;
CREATE TRIGGER IF NOT EXISTS search_${t}_delete AFTER DELETE ON ${t} BEGIN
  DELETE FROM search_terms WHERE node = ${source.node("OLD")};
END;`;
}

const DDL = `
CREATE TABLE IF NOT EXISTS search_terms (
  id INTEGER PRIMARY KEY, node TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS search_terms_value ON search_terms (value);
CREATE INDEX IF NOT EXISTS search_terms_node ON search_terms (node);
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
             SELECT ${source.node("r")}, ${f}, r.${column} FROM ${source.table} r WHERE r.${column} IS NOT NULL`,
        );
      }
    }
  })();
}
