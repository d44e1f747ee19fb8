/**
 * The embedded store's search index: every searchable value of every node in one table, `search_terms`, with a B-tree
 * on the value (exact and prefix) and an FTS5 trigram index over it (any fragment of 3 characters or more). Names are
 * indexed in their folded form (the *_fold columns, fold.ts), identifiers as stored.
 *
 * The writer notes the nodes each group of batches writes (write.ts) and calls syncSearchIndex() just before the
 * commit, which rewrites those nodes' rows in a few set-wise statements: every committed state is indexed. A load
 * rollback, which deletes and empties nodes by set-wise SQL, queues what it touches with temporary triggers that live
 * only inside its transaction (withSearchQueueTriggers). Permanent triggers on the node tables were the first design:
 * their mere presence made every upsert of an account, person or identifier 4–15 times dearer (SQLite then keeps a
 * statement journal per statement), which tripled the CPU time of an ingest of 100k accounts.
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

/** The identifier types: the node id prefixes of the identifiers table's rows. */
const IDENTIFIER_TYPES = ["phone", "device", "ip"];

/** The pending node ids (temp.search_pending) that start with `prefix` (`type:`), as a range its key can seek. */
const inRange = (prefix: string) => `(p.node >= '${prefix}' AND p.node < '${prefix.slice(0, -1)};')`;

/**
 * `source`'s rows of the pending nodes, as a join that seeks the source's id range in temp.search_pending and looks
 * each row up by its primary key (the node id taken apart: SQLite cannot use the key through the `'type:' || key`
 * expression).
 */
function pendingJoin(source: Source): string {
  const { table, prefix, key } = source;
  if (prefix === null) {
    return `temp.search_pending p JOIN ${table} r
      ON r.type = substr(p.node, 1, instr(p.node, ':') - 1) AND r.${key} = substr(p.node, instr(p.node, ':') + 1)
      WHERE (${IDENTIFIER_TYPES.map((t) => inRange(`${t}:`)).join(" OR ")})`;
  }
  return `temp.search_pending p JOIN ${table} r ON r.${key} = substr(p.node, ${prefix.length + 1})
    WHERE ${inRange(prefix)}`;
}

/** A source row's node id, as SQL over the row `r` (NEW, OLD or an alias). */
function nodeOf(source: Source, r: string): string {
  return source.prefix === null
    ? `${r}.type || ':' || ${r}.${source.key}`
    : `'${source.prefix}' || ${r}.${source.key}`;
}

/** Temporary triggers that queue every node `source`'s table gains, changes or loses. */
function queueTriggers(source: Source): string {
  const t = source.table;
  const changed = source.fields.map(([, column]) => `OLD.${column} IS NOT NEW.${column}`);
  const note = (r: string) => `INSERT INTO main.search_queue (node) VALUES (${nodeOf(source, r)});`;
  return `
CREATE TEMP TRIGGER IF NOT EXISTS search_queue_${t}_insert AFTER INSERT ON main.${t} BEGIN ${note("NEW")} END;
CREATE TEMP TRIGGER IF NOT EXISTS search_queue_${t}_update AFTER UPDATE ON main.${t} WHEN ${changed.join(" OR ")} BEGIN
  ${note("OLD")} ${note("NEW")}
END;
CREATE TEMP TRIGGER IF NOT EXISTS search_queue_${t}_delete AFTER DELETE ON main.${t} BEGIN ${note("OLD")} END;`;
}

/** The permanent triggers of earlier versions of this index, dropped where a database still has them. */
const OLD_TRIGGERS = SOURCES.flatMap((source) =>
  ["search", "search_note"].flatMap((stem) =>
    ["insert", "update", "delete"].map((op) => `DROP TRIGGER IF EXISTS ${stem}_${source.table}_${op};`),
  ),
).join("\n");

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
${OLD_TRIGGERS}
`;

/** Queue nodes (ids `type:key`) for the next syncSearchIndex(). */
export function queueSearch(db: Database.Database, nodes: Iterable<string>): void {
  const ids = [...nodes];
  if (ids.length === 0) return;
  db.prepare("INSERT INTO search_queue (node) SELECT value FROM json_each(?)").run(JSON.stringify(ids));
}

/**
 * Run `work` (inside the caller's transaction) with temporary triggers that queue every node it inserts, changes or
 * deletes, then index them: for set-wise SQL such as a load rollback, which cannot name its nodes one by one.
 */
export function withSearchQueueTriggers<T>(db: Database.Database, work: () => T): T {
  db.exec(SOURCES.map(queueTriggers).join("\n"));
  try {
    const out = work();
    syncSearchIndex(db);
    return out;
  } finally {
    for (const source of SOURCES)
      for (const op of ["insert", "update", "delete"])
        db.exec(`DROP TRIGGER IF EXISTS temp.search_queue_${source.table}_${op}`);
  }
}

/** Bring the search index up to date with the node tables: rewrite the rows of every pending node. */
export function syncSearchIndex(db: Database.Database): void {
  if (db.prepare("SELECT 1 FROM search_queue LIMIT 1").get() === undefined) return;
  const run = () => {
    // Each pending node once, by key: the statements below (one per table and field) each seek their own id range
    // here instead of reading and deduplicating the whole queue again (17 times per commit).
    db.exec(
      `CREATE TEMP TABLE IF NOT EXISTS search_pending (node TEXT PRIMARY KEY) WITHOUT ROWID;
       DELETE FROM temp.search_pending;
       INSERT OR IGNORE INTO temp.search_pending SELECT node FROM search_queue;`,
    );
    db.exec("DELETE FROM search_terms WHERE node IN (SELECT node FROM temp.search_pending)");
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
    db.exec("DELETE FROM search_queue; DELETE FROM temp.search_pending;");
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
