/**
 * search() for the embedded store: exact matches on keys and identifiers, then case-insensitive name prefixes.
 * Ordering and the `matched` vocabulary are pinned by the contract suite (test/store/contract.ts).
 */
import type Database from "better-sqlite3";
import type { EntityType, SearchHit } from "../../../model/graph.js";
import { TYPE_ORDER, byString } from "./graph-read.js";
import { exactCandidates, foldName, phoneCandidate, prefixUpperBound } from "./fold.js";
import { prepared } from "./statements.js";

const L = "(SELECT value FROM json_each(?))";
const DEFAULT_LIMIT = 20;

type Row = Record<string, string | null>;

/** Exact hits first, then name-prefix hits, each by type order then key; one hit per node, limited. */
export function search(
  db: Database.Database,
  query: string,
  opts: { limit?: number; types?: EntityType[] } = {},
): SearchHit[] {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const wanted = opts.types ? new Set(opts.types) : null;
  const want = (t: EntityType) => !wanted || wanted.has(t);
  const candidates = exactCandidates(query);
  if (candidates.length === 0 || limit <= 0) return [];
  const c = JSON.stringify(candidates);
  const exact: SearchHit[] = [];
  const hit = (type: EntityType, key: string, label: string | null, matched: string) =>
    ({ id: `${type}:${key}`, type, key, label: label ?? key, matched }) satisfies SearchHit;

  if (want("account")) {
    const rows = prepared(
      db,
      `SELECT key, iban, number, holder_id, holder_name FROM accounts
         WHERE key IN ${L} OR iban IN ${L} OR number IN ${L} OR holder_id IN ${L}`,
    ).all(c, c, c, c) as Row[];
    for (const r of rows) {
      const matched = candidates.includes(r.iban ?? "\0")
        ? "iban"
        : candidates.includes(r.key!)
          ? "key"
          : candidates.includes(r.number ?? "\0")
            ? "number"
            : "holderId";
      exact.push(hit("account", r.key!, r.holder_name, matched));
    }
  }
  if (want("person"))
    for (const r of prepared(db, `SELECT iin, name FROM persons WHERE iin IN ${L}`).all(c) as Row[])
      exact.push(hit("person", r.iin!, r.name, "iin"));
  if (want("company"))
    for (const r of prepared(db, `SELECT bin, name FROM companies WHERE bin IN ${L}`).all(c) as Row[])
      exact.push(hit("company", r.bin!, r.name, "bin"));
  if (want("card"))
    for (const r of prepared(db, `SELECT card_id FROM cards WHERE card_id IN ${L}`).all(c) as Row[])
      exact.push(hit("card", r.card_id!, null, "card"));
  const phone = phoneCandidate(query);
  for (const type of ["phone", "device", "ip"] as const) {
    if (!want(type)) continue;
    const values = type === "phone" && phone ? JSON.stringify([...candidates, phone]) : c;
    for (const r of prepared(db, `SELECT value FROM identifiers WHERE type = ? AND value IN ${L}`).all(
      type,
      values,
    ) as Row[])
      exact.push(hit(type, r.value!, null, type));
  }
  if (want("wallet"))
    for (const r of prepared(db, `SELECT address FROM wallets WHERE address IN ${L}`).all(c) as Row[])
      exact.push(hit("wallet", r.address!, null, "wallet"));
  if (want("complaint"))
    for (const r of prepared(db, `SELECT case_no FROM complaints WHERE case_no IN ${L}`).all(c) as Row[])
      exact.push(hit("complaint", r.case_no!, null, "caseNo"));
  if (want("cashpoint"))
    for (const r of prepared(db, `SELECT atm_id FROM cashpoints WHERE atm_id IN ${L}`).all(c) as Row[])
      exact.push(hit("cashpoint", r.atm_id!, null, "atmId"));

  const prefix = foldName(query);
  const lo = prefix;
  const hi = prefixUpperBound(prefix);
  const byName: SearchHit[] = [];
  // Each name query reads at most `limit` rows per type: enough, since the result is cut at `limit` anyway.
  if (want("account"))
    for (const r of prepared(
      db,
      "SELECT key, holder_name FROM accounts WHERE holder_fold >= ? AND holder_fold < ? ORDER BY key LIMIT ?",
    ).all(lo, hi, limit + exact.length) as Row[])
      byName.push(hit("account", r.key!, r.holder_name, "name"));
  if (want("person"))
    for (const r of prepared(
      db,
      "SELECT iin, name FROM persons WHERE name_fold >= ? AND name_fold < ? ORDER BY iin LIMIT ?",
    ).all(lo, hi, limit + exact.length) as Row[])
      byName.push(hit("person", r.iin!, r.name, "name"));
  if (want("company"))
    for (const r of prepared(
      db,
      "SELECT bin, name FROM companies WHERE name_fold >= ? AND name_fold < ? ORDER BY bin LIMIT ?",
    ).all(lo, hi, limit + exact.length) as Row[])
      byName.push(hit("company", r.bin!, r.name, "name"));

  const order = (x: SearchHit, y: SearchHit) =>
    TYPE_ORDER.get(x.type)! - TYPE_ORDER.get(y.type)! || byString(x.key, y.key);
  const seen = new Set<string>();
  const out: SearchHit[] = [];
  for (const h of [...exact.sort(order), ...byName.sort(order)]) {
    if (seen.has(h.id)) continue;
    seen.add(h.id);
    out.push(h);
    if (out.length >= limit) break;
  }
  return out;
}
