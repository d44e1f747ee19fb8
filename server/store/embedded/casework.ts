/**
 * The embedded store's casework tables (server/store/ports/casework.ts): alerts, cases, case links and approvals.
 * Each row keeps the record as JSON text beside the columns the store filters on; a versioned update is one
 * `UPDATE … WHERE version = ?` in a transaction that reads the stored record back when it matched nothing.
 */
import type Database from "better-sqlite3";
import {
  ApprovalStateError,
  CaseworkExistsError,
  StaleVersionError,
  type AlertListQuery,
  type AlertRecord,
  type ApprovalRecord,
  type ApprovalStatus,
  type CaseLink,
  type CaseLinkKind,
  type CaseListQuery,
  type CaseRecord,
} from "../ports/casework.js";
import { prepared } from "./statements.js";

/**
 * Created on every open (IF NOT EXISTS), so a database from before casework gains the tables the first time this
 * build opens it for writing; nothing else changed shape, so the schema version stays.
 */
export const CASEWORK_DDL = `
CREATE TABLE IF NOT EXISTS alerts (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, assignee TEXT, lineage TEXT NOT NULL, case_id TEXT,
  created_at INTEGER NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alerts_lineage ON alerts (lineage);
CREATE TABLE IF NOT EXISTS cases (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, assignee TEXT, referred_to TEXT, created_at INTEGER NOT NULL,
  version INTEGER NOT NULL, data TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS case_links (
  case_id TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, added_at INTEGER NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY (case_id, kind, ref)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS approvals (
  id TEXT PRIMARY KEY, target TEXT NOT NULL, status TEXT NOT NULL, requested_at INTEGER NOT NULL, data TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS approvals_target ON approvals (target);
`;

type Db = Database.Database;

function parse<T>(rows: unknown[]): T[] {
  return (rows as { data: string }[]).map((r) => JSON.parse(r.data) as T);
}

function byCreated<T extends { createdAt: number; id: string }>(a: T, b: T): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function putAlerts(db: Db, alerts: AlertRecord[]): void {
  db.transaction(() => {
    const exists = prepared(db, "SELECT 1 FROM alerts WHERE id = ?");
    const insert = prepared(
      db,
      `INSERT INTO alerts (id, kind, status, assignee, lineage, case_id, created_at, version, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const a of alerts) {
      if (exists.get(a.id)) throw new CaseworkExistsError(`store/embedded: alert ${a.id} is stored already`);
      insert.run(
        a.id,
        a.kind,
        a.status,
        a.assignee,
        a.lineage,
        a.caseId,
        a.createdAt,
        a.version,
        JSON.stringify(a),
      );
    }
  })();
}

export function getAlert(db: Db, id: string): AlertRecord | null {
  return parse<AlertRecord>(prepared(db, "SELECT data FROM alerts WHERE id = ?").all(id))[0] ?? null;
}

export function listAlerts(db: Db, q: AlertListQuery = {}): AlertRecord[] {
  // Fixed SQL with "parameter IS NULL OR column = parameter" per filter: no SQL is built from the query.
  const rows = prepared(
    db,
    `SELECT data FROM alerts WHERE (@kind IS NULL OR kind = @kind) AND (@assignee IS NULL OR assignee = @assignee)
       AND (@lineage IS NULL OR lineage = @lineage) AND (@caseId IS NULL OR case_id = @caseId)`,
  ).all({
    kind: q.kind ?? null,
    assignee: q.assignee ?? null,
    lineage: q.lineage ?? null,
    caseId: q.caseId ?? null,
  });
  return parse<AlertRecord>(rows)
    .filter((a) => !q.status || q.status.includes(a.status))
    .sort(byCreated);
}

/** Apply a versioned update or throw StaleVersionError carrying the stored record. */
function versioned<T extends { id: string; version: number }>(
  db: Db,
  what: "alert" | "case",
  next: T,
  update: () => number,
  current: () => T | null,
): T {
  return db.transaction(() => {
    if (update() === 1) return next;
    const stored = current();
    throw new StaleVersionError<T>(
      stored
        ? `store/embedded: ${what} ${next.id} is at version ${stored.version}, the update was made from ${next.version - 1}`
        : `store/embedded: no ${what} ${next.id} to update`,
      stored,
    );
  })();
}

export function updateAlert(db: Db, a: AlertRecord): AlertRecord {
  return versioned(
    db,
    "alert",
    a,
    () =>
      prepared(
        db,
        `UPDATE alerts SET status = ?, assignee = ?, case_id = ?, version = ?, data = ?
         WHERE id = ? AND version = ?`,
      ).run(a.status, a.assignee, a.caseId, a.version, JSON.stringify(a), a.id, a.version - 1).changes,
    () => getAlert(db, a.id),
  );
}

export function createCase(db: Db, c: CaseRecord): void {
  db.transaction(() => {
    if (prepared(db, "SELECT 1 FROM cases WHERE id = ?").get(c.id))
      throw new CaseworkExistsError(`store/embedded: case ${c.id} is stored already`);
    prepared(
      db,
      `INSERT INTO cases (id, status, assignee, referred_to, created_at, version, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.id, c.status, c.assignee, c.referredTo, c.createdAt, c.version, JSON.stringify(c));
  })();
}

export function getCase(db: Db, id: string): CaseRecord | null {
  return parse<CaseRecord>(prepared(db, "SELECT data FROM cases WHERE id = ?").all(id))[0] ?? null;
}

export function listCases(db: Db, q: CaseListQuery = {}): CaseRecord[] {
  const rows = prepared(
    db,
    `SELECT data FROM cases WHERE (@assignee IS NULL OR assignee = @assignee)
       AND (@referredTo IS NULL OR referred_to = @referredTo)`,
  ).all({ assignee: q.assignee ?? null, referredTo: q.referredTo ?? null });
  return parse<CaseRecord>(rows)
    .filter((c) => !q.status || q.status.includes(c.status))
    .sort(byCreated);
}

export function updateCase(db: Db, c: CaseRecord): CaseRecord {
  return versioned(
    db,
    "case",
    c,
    () =>
      prepared(
        db,
        `UPDATE cases SET status = ?, assignee = ?, referred_to = ?, version = ?, data = ?
         WHERE id = ? AND version = ?`,
      ).run(c.status, c.assignee, c.referredTo, c.version, JSON.stringify(c), c.id, c.version - 1).changes,
    () => getCase(db, c.id),
  );
}

export function addCaseLink(db: Db, l: CaseLink): boolean {
  return (
    prepared(
      db,
      `INSERT INTO case_links (case_id, kind, ref, added_at, data) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (case_id, kind, ref) DO NOTHING`,
    ).run(l.caseId, l.kind, l.ref, l.addedAt, JSON.stringify(l)).changes === 1
  );
}

export function listCaseLinks(db: Db, caseId: string): CaseLink[] {
  return parse<CaseLink>(prepared(db, "SELECT data FROM case_links WHERE case_id = ?").all(caseId)).sort(
    (a, b) =>
      a.addedAt - b.addedAt ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
      (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0),
  );
}

export function removeCaseLink(db: Db, caseId: string, kind: CaseLinkKind, ref: string): boolean {
  return (
    prepared(db, "DELETE FROM case_links WHERE case_id = ? AND kind = ? AND ref = ?").run(caseId, kind, ref)
      .changes === 1
  );
}

export function putApproval(db: Db, a: ApprovalRecord): void {
  db.transaction(() => {
    if (prepared(db, "SELECT 1 FROM approvals WHERE id = ?").get(a.id))
      throw new CaseworkExistsError(`store/embedded: approval ${a.id} is stored already`);
    prepared(db, "INSERT INTO approvals (id, target, status, requested_at, data) VALUES (?, ?, ?, ?, ?)").run(
      a.id,
      a.target,
      a.status,
      a.requestedAt,
      JSON.stringify(a),
    );
  })();
}

export function getApproval(db: Db, id: string): ApprovalRecord | null {
  return parse<ApprovalRecord>(prepared(db, "SELECT data FROM approvals WHERE id = ?").all(id))[0] ?? null;
}

export function listApprovals(
  db: Db,
  q: { target?: string; status?: ApprovalStatus } = {},
): ApprovalRecord[] {
  const rows = prepared(
    db,
    `SELECT data FROM approvals WHERE (@target IS NULL OR target = @target) AND (@status IS NULL OR status = @status)`,
  ).all({ target: q.target ?? null, status: q.status ?? null });
  return parse<ApprovalRecord>(rows).sort(
    (a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function decideApproval(db: Db, a: ApprovalRecord): ApprovalRecord {
  const changed = prepared(
    db,
    "UPDATE approvals SET status = ?, data = ? WHERE id = ? AND status = 'pending'",
  ).run(a.status, JSON.stringify(a), a.id).changes;
  if (changed !== 1) {
    const stored = getApproval(db, a.id);
    throw new ApprovalStateError(
      stored
        ? `store/embedded: approval ${a.id} was ${stored.status} already (by ${stored.decidedBy ?? "?"})`
        : `store/embedded: no approval ${a.id}`,
    );
  }
  return a;
}
