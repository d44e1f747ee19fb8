/**
 * The embedded store's non-graph tables: the latest analysis run, users, the audit trail, upload jobs, notes and
 * named column mappings.
 */
import type Database from "better-sqlite3";
import type { AccountAnalysis, AnalysisResult, ClusterAnalysis } from "../../../model/analysis.js";
import type { ExportKind } from "../../../model/records.js";
import type { AuditEntry, NamedMapping, Note, StoredUser, UploadRecord } from "../types.js";
import { byString } from "./graph-read.js";
import { prepared } from "./statements.js";

type Row = Record<string, string | number | null>;

/** appendAudit was given a seq that is not last seq + 1 (the first entry is seq 1). */
export class AuditSequenceError extends Error {
  override name = "AuditSequenceError";
}

/** Replace the stored analysis run with this one, in one transaction. */
export function writeAnalysis(db: Database.Database, result: AnalysisResult): void {
  db.transaction(() => {
    db.exec("DELETE FROM analysis_runs; DELETE FROM analysis_accounts; DELETE FROM analysis_clusters;");
    prepared(
      db,
      "INSERT INTO analysis_runs (run_id, started_at, finished_at, params) VALUES (?, ?, ?, ?)",
    ).run(result.run.runId, result.run.startedAt, result.run.finishedAt, JSON.stringify(result.run.params));
    const account = prepared(
      db,
      "INSERT INTO analysis_accounts (account, community, role, score, reasons, typologies) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const a of result.accounts)
      account.run(
        a.id,
        a.community,
        a.role,
        a.score,
        JSON.stringify(a.reasons),
        typologiesText(a.typologies),
      );
    const cluster = prepared(
      db,
      "INSERT INTO analysis_clusters (id, rank, score, members, reasons, typologies) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const c of result.clusters)
      cluster.run(
        c.id,
        c.rank,
        c.score,
        JSON.stringify(c.members),
        JSON.stringify(c.reasons),
        typologiesText(c.typologies),
      );
  }).immediate();
}

/** Typologies as stored: NULL when there are none, so that a read-back has the field exactly when the run had it. */
function typologiesText(typologies: string[] | undefined): string | null {
  return typologies?.length ? JSON.stringify(typologies) : null;
}

/** The stored typologies as the optional field (model/analysis.ts: present only when there is one). */
export function withTypologies<T extends object>(item: T, stored: unknown): T & { typologies?: string[] } {
  return typeof stored === "string" ? { ...item, typologies: JSON.parse(stored) as string[] } : item;
}

/** The stored run: accounts by id, clusters by (rank, id); null before the first run. */
export function latestAnalysis(db: Database.Database): AnalysisResult | null {
  const run = prepared(db, "SELECT * FROM analysis_runs").get() as Row | undefined;
  if (!run) return null;
  const accounts: AccountAnalysis[] = (prepared(db, "SELECT * FROM analysis_accounts").all() as Row[])
    .map((r) =>
      withTypologies(
        {
          id: r.account as string,
          community: r.community as string | null,
          role: r.role as AccountAnalysis["role"],
          score: r.score as number,
          reasons: JSON.parse(r.reasons as string) as string[],
        },
        r.typologies,
      ),
    )
    .sort((x, y) => byString(x.id, y.id));
  const clusters: ClusterAnalysis[] = (prepared(db, "SELECT * FROM analysis_clusters").all() as Row[])
    .map((r) =>
      withTypologies(
        {
          id: r.id as string,
          rank: r.rank as number,
          score: r.score as number,
          members: JSON.parse(r.members as string) as string[],
          reasons: JSON.parse(r.reasons as string) as string[],
        },
        r.typologies,
      ),
    )
    .sort((x, y) => x.rank - y.rank || byString(x.id, y.id));
  return {
    run: {
      runId: run.run_id as string,
      startedAt: run.started_at as number,
      finishedAt: run.finished_at as number,
      params: JSON.parse(run.params as string) as Record<string, unknown>,
    },
    accounts,
    clusters,
  };
}

function toUser(r: Row): StoredUser {
  const u: StoredUser = {
    username: r.username as string,
    role: r.role as StoredUser["role"],
    passwordHash: r.password_hash as string,
    createdAt: r.created_at as number,
  };
  if (r.disabled !== null) u.disabled = r.disabled === 1;
  return u;
}

export function getUser(db: Database.Database, username: string): StoredUser | null {
  const r = prepared(db, "SELECT * FROM users WHERE username = ?").get(username) as Row | undefined;
  return r ? toUser(r) : null;
}

export function putUser(db: Database.Database, u: StoredUser): void {
  prepared(
    db,
    `INSERT INTO users (username, role, password_hash, created_at, disabled) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (username) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash,
       created_at = excluded.created_at, disabled = excluded.disabled`,
  ).run(
    u.username,
    u.role,
    u.passwordHash,
    u.createdAt,
    u.disabled === undefined ? null : u.disabled ? 1 : 0,
  );
}

export function listUsers(db: Database.Database): StoredUser[] {
  return (prepared(db, "SELECT * FROM users").all() as Row[])
    .map(toUser)
    .sort((x, y) => byString(x.username, y.username));
}

function toAudit(r: Row): AuditEntry {
  return {
    seq: r.seq as number,
    ts: r.ts as number,
    actor: r.actor as string,
    action: r.action as string,
    target: r.target as string | null,
    params: JSON.parse(r.params as string) as Record<string, unknown>,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

/** Append one entry; the write lock is taken before reading the last seq so two writers cannot both succeed. */
export function appendAudit(db: Database.Database, e: AuditEntry): void {
  db.transaction(() => {
    const last = (prepared(db, "SELECT max(seq) AS seq FROM audit").get() as { seq: number | null }).seq ?? 0;
    if (e.seq !== last + 1) {
      throw new AuditSequenceError(`store/embedded: audit seq ${e.seq} does not follow the last seq ${last}`);
    }
    prepared(
      db,
      "INSERT INTO audit (seq, ts, actor, action, target, params, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ).run(e.seq, e.ts, e.actor, e.action, e.target, JSON.stringify(e.params), e.prevHash, e.hash);
  }).immediate();
}

/** Append consecutive entries in one transaction, all or nothing. */
export function appendAuditBatch(db: Database.Database, entries: AuditEntry[]): void {
  db.transaction(() => {
    for (const e of entries) appendAudit(db, e);
  }).immediate();
}

export function lastAudit(db: Database.Database): AuditEntry | null {
  const r = prepared(db, "SELECT * FROM audit ORDER BY seq DESC LIMIT 1").get() as Row | undefined;
  return r ? toAudit(r) : null;
}

export function auditEntries(
  db: Database.Database,
  opts: { afterSeq?: number; limit?: number },
): AuditEntry[] {
  return (
    prepared(db, "SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?").all(
      opts.afterSeq ?? 0,
      opts.limit ?? -1,
    ) as Row[]
  ).map(toAudit);
}

function toUpload(r: Row): UploadRecord {
  const u: UploadRecord = {
    id: r.id as string,
    createdAt: r.created_at as number,
    createdBy: r.created_by as string,
    status: r.status as UploadRecord["status"],
  };
  if (r.summary !== null) u.summary = JSON.parse(r.summary as string);
  if (r.error !== null) u.error = r.error as string;
  return u;
}

export function putUpload(db: Database.Database, u: UploadRecord): void {
  prepared(
    db,
    `INSERT INTO uploads (id, created_at, created_by, status, summary, error) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, created_by = excluded.created_by,
       status = excluded.status, summary = excluded.summary, error = excluded.error`,
  ).run(
    u.id,
    u.createdAt,
    u.createdBy,
    u.status,
    u.summary === undefined ? null : JSON.stringify(u.summary),
    u.error ?? null,
  );
}

export function getUpload(db: Database.Database, id: string): UploadRecord | null {
  const r = prepared(db, "SELECT * FROM uploads WHERE id = ?").get(id) as Row | undefined;
  return r ? toUpload(r) : null;
}

/** Newest first (createdAt desc, then id). */
export function listUploads(db: Database.Database, limit?: number): UploadRecord[] {
  return (prepared(db, "SELECT * FROM uploads").all() as Row[])
    .map(toUpload)
    .sort((x, y) => y.createdAt - x.createdAt || byString(x.id, y.id))
    .slice(0, limit ?? undefined);
}

export function putNote(db: Database.Database, n: Note): void {
  prepared(
    db,
    `INSERT INTO notes (id, target, author, created_at, text) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET target = excluded.target, author = excluded.author,
       created_at = excluded.created_at, text = excluded.text`,
  ).run(n.id, n.target, n.author, n.createdAt, n.text);
}

/** Notes on one target, oldest first (createdAt, then id). */
export function listNotes(db: Database.Database, target: string): Note[] {
  return (
    prepared(db, "SELECT id, target, author, created_at, text FROM notes WHERE target = ?").all(
      target,
    ) as Row[]
  )
    .map((r) => ({
      id: r.id as string,
      target: r.target as string,
      author: r.author as string,
      createdAt: r.created_at as number,
      text: r.text as string,
    }))
    .sort((x, y) => x.createdAt - y.createdAt || byString(x.id, y.id));
}

export function putNamedMapping(db: Database.Database, m: NamedMapping): void {
  prepared(
    db,
    `INSERT INTO named_mappings (name, kind, signature, header, columns, created_by, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, signature = excluded.signature, header = excluded.header,
       columns = excluded.columns, created_by = excluded.created_by, created_at = excluded.created_at`,
  ).run(
    m.name,
    m.kind,
    m.signature,
    JSON.stringify(m.header),
    JSON.stringify(m.columns),
    m.createdBy,
    m.createdAt,
  );
}

function toNamedMapping(r: Row): NamedMapping {
  return {
    name: r.name as string,
    kind: r.kind as ExportKind,
    signature: r.signature as string,
    header: JSON.parse(r.header as string) as string[],
    columns: JSON.parse(r.columns as string) as Record<string, string>,
    createdBy: r.created_by as string,
    createdAt: r.created_at as number,
  };
}

export function getNamedMapping(db: Database.Database, name: string): NamedMapping | null {
  const r = prepared(db, "SELECT * FROM named_mappings WHERE name = ?").get(name) as Row | undefined;
  return r ? toNamedMapping(r) : null;
}

/** By name (as JS compares strings, like the Neo4j store); one signature's only when given. */
export function listNamedMappings(db: Database.Database, signature?: string): NamedMapping[] {
  const rows = (
    signature === undefined
      ? prepared(db, "SELECT * FROM named_mappings").all()
      : prepared(db, "SELECT * FROM named_mappings WHERE signature = ?").all(signature)
  ) as Row[];
  return rows.map(toNamedMapping).sort((x, y) => byString(x.name, y.name));
}

export function deleteNamedMapping(db: Database.Database, name: string): boolean {
  return prepared(db, "DELETE FROM named_mappings WHERE name = ?").run(name).changes > 0;
}
