/**
 * Prepared statements kept per connection and reused: preparing costs more than running most of our reads (a
 * profile of 100 clients searching spent a fifth of the server's busy time in better-sqlite3's prepare). The SQL
 * strings come from code, never from user text, so the cache is bounded by the number of queries in this folder.
 *
 * Not for statements put in raw/pluck/expand mode or iterated: that state would follow the statement to its next user.
 */
import type Database from "better-sqlite3";

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
