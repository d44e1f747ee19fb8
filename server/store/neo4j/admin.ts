/**
 * What the Neo4j store keeps beside the graph: analysis runs written back onto accounts, users, the hash-chained
 * audit trail (append only, in sequence), upload jobs, notes and named column mappings. Free-form values (audit params, upload summaries,
 * run params) are stored as JSON text.
 */
import type { AnalysisResult } from "../../../model/analysis.js";
import type { AccountRole } from "../../../model/graph.js";
import type { ExportKind } from "../../../model/records.js";
import type { AuditEntry, NamedMapping, Note, StoredUser, UploadRecord } from "../types.js";
import { AuditSequenceError } from "./errors.js";
import type { Props } from "./queries.js";
import { byString } from "./mapping.js";
import { isConstraintViolation, type CypherRunner } from "./runner.js";

const NO_LIMIT = Number.MAX_SAFE_INTEGER;
/** Accounts updated per transaction when writing or clearing analysis results. */
const ANALYSIS_BATCH = 5000;

// ---------------------------------------------------------------------------------------------------------------
// Analysis

/** Replace the current run: clear the previous results everywhere, then write this run's. */
export async function writeAnalysis(runner: CypherRunner, result: AnalysisResult): Promise<void> {
  await runner.write("analysisClearRun");
  for (;;) {
    const [row] = await runner.write("analysisClearAccounts", { limit: ANALYSIS_BATCH });
    if (!row || row.cleared === 0) break;
  }
  await runner.write("analysisWriteRun", {
    run: {
      runId: result.run.runId,
      startedAt: result.run.startedAt,
      finishedAt: result.run.finishedAt,
      params: JSON.stringify(result.run.params),
    },
    clusters: result.clusters.map((c) => ({ ...c, typologies: storedTypologies(c.typologies) })),
  });
  for (let i = 0; i < result.accounts.length; i += ANALYSIS_BATCH) {
    const rows = result.accounts
      .slice(i, i + ANALYSIS_BATCH)
      .map((a) => ({ ...a, typologies: storedTypologies(a.typologies) }));
    await runner.write("analysisWriteAccounts", { rows });
  }
}

/** Null (no property) when there are none, so that a read-back has the field exactly when the run had it. */
function storedTypologies(typologies: string[] | undefined): string[] | null {
  return typologies?.length ? typologies : null;
}

/** The optional typologies field from a stored property (absent, or null from a run before they were kept). */
function withTypologies<T extends object>(item: T, stored: string[] | null): T & { typologies?: string[] } {
  return stored?.length ? { ...item, typologies: stored } : item;
}

export async function latestAnalysis(runner: CypherRunner): Promise<AnalysisResult | null> {
  const [run] = await runner.read("analysisRun");
  if (!run) return null;
  const [clusters, accounts] = await Promise.all([
    runner.read("analysisClusters"),
    runner.read("analysisAccounts"),
  ]);
  return {
    run: {
      runId: run.runId,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      params: JSON.parse(run.params) as Record<string, unknown>,
    },
    accounts: accounts
      .map((a) =>
        withTypologies(
          {
            id: a.id,
            community: a.community ?? null,
            role: a.role as AccountRole,
            score: a.score,
            reasons: a.reasons ?? [],
          },
          a.typologies,
        ),
      )
      .sort((x, y) => byString(x.id, y.id)),
    clusters: clusters
      .map((c) =>
        withTypologies(
          {
            id: c.id,
            rank: c.rank,
            score: c.score,
            members: c.members ?? [],
            reasons: c.reasons ?? [],
          },
          c.typologies,
        ),
      )
      .sort((x, y) => x.rank - y.rank || byString(x.id, y.id)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Users

function toUser(p: Props): StoredUser {
  const user: StoredUser = {
    username: p.username as string,
    role: p.role as StoredUser["role"],
    passwordHash: p.passwordHash as string,
    createdAt: p.createdAt as number,
  };
  if (typeof p.disabled === "boolean") user.disabled = p.disabled;
  return user;
}

export async function putUser(runner: CypherRunner, user: StoredUser): Promise<void> {
  await runner.write("userPut", { user: { ...user, disabled: user.disabled ?? null } });
}

export async function getUser(runner: CypherRunner, username: string): Promise<StoredUser | null> {
  const [row] = await runner.read("userGet", { username });
  return row ? toUser(row.props) : null;
}

export async function listUsers(runner: CypherRunner): Promise<StoredUser[]> {
  return (await runner.read("usersList"))
    .map((r) => toUser(r.props))
    .sort((x, y) => byString(x.username, y.username));
}

// ---------------------------------------------------------------------------------------------------------------
// Audit trail

function toAudit(p: Props): AuditEntry {
  return {
    seq: p.seq as number,
    ts: p.ts as number,
    actor: p.actor as string,
    action: p.action as string,
    target: (p.target as string | null | undefined) ?? null,
    params: JSON.parse(p.params as string) as Record<string, unknown>,
    prevHash: p.prevHash as string,
    hash: p.hash as string,
  };
}

/** Append one entry after the last (appendAuditBatch of one). */
export function appendAudit(runner: CypherRunner, entry: AuditEntry): Promise<void> {
  return appendAuditBatch(runner, [entry]);
}

/**
 * Append consecutive entries after the last stored one, all or nothing, in one auto-commit query that checks the
 * last seq and writes (cypher/audit-append-after.cypher): server/audit's group commit is one round trip, one commit
 * and one log flush. A gap or a repeat is rejected; two appends racing for one seq collide on the unique constraint
 * and the loser is rejected the same way. Not retried here: the audit queue re-reads the tail and retries.
 */
export async function appendAuditBatch(runner: CypherRunner, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const first = entries[0]!.seq;
  const gap = entries.findIndex((e, i) => e.seq !== first + i);
  if (gap >= 0) {
    throw new AuditSequenceError(
      `store/neo4j: audit batch not consecutive: seq ${entries[gap]!.seq} after ${entries[gap - 1]!.seq}`,
    );
  }
  let row: { last: number; written: number } | undefined;
  try {
    [row] = await runner.writeOnce("auditAppendAfter", {
      first,
      entries: entries.map((e) => ({ ...e, params: JSON.stringify(e.params) })),
    });
  } catch (err) {
    if (isConstraintViolation(err)) {
      throw new AuditSequenceError(
        `store/neo4j: audit batch from seq ${first} rejected; another entry took a seq`,
      );
    }
    throw err;
  }
  if (!row || row.written !== entries.length) {
    throw new AuditSequenceError(
      `store/neo4j: audit ${entries.length > 1 ? `batch from seq ${first}` : `entry seq ${first}`} rejected; ` +
        `the next seq is ${(row?.last ?? 0) + 1}`,
    );
  }
}

export async function lastAudit(runner: CypherRunner): Promise<AuditEntry | null> {
  const [row] = await runner.read("auditLast");
  return row ? toAudit(row.props) : null;
}

export async function auditEntries(
  runner: CypherRunner,
  opts: { afterSeq?: number; limit?: number },
): Promise<AuditEntry[]> {
  if (opts.limit !== undefined && opts.limit <= 0) return [];
  const rows = await runner.read("auditEntries", {
    afterSeq: opts.afterSeq ?? 0,
    limit: opts.limit ?? NO_LIMIT,
  });
  return rows.map((r) => toAudit(r.props));
}

// ---------------------------------------------------------------------------------------------------------------
// Uploads and notes

function toUpload(p: Props): UploadRecord {
  const u: UploadRecord = {
    id: p.id as string,
    createdAt: p.createdAt as number,
    createdBy: p.createdBy as string,
    status: p.status as UploadRecord["status"],
  };
  if (typeof p.summary === "string") u.summary = JSON.parse(p.summary);
  if (typeof p.error === "string") u.error = p.error;
  return u;
}

export async function putUpload(runner: CypherRunner, upload: UploadRecord): Promise<void> {
  await runner.write("uploadPut", {
    upload: {
      ...upload,
      summary: upload.summary === undefined ? null : JSON.stringify(upload.summary),
      error: upload.error ?? null,
    },
  });
}

export async function getUpload(runner: CypherRunner, id: string): Promise<UploadRecord | null> {
  const [row] = await runner.read("uploadGet", { id });
  return row ? toUpload(row.props) : null;
}

/** Newest first (createdAt desc, then id). */
export async function listUploads(runner: CypherRunner, limit?: number): Promise<UploadRecord[]> {
  if (limit !== undefined && limit <= 0) return [];
  const rows = await runner.read("uploadsList", { limit: limit ?? NO_LIMIT });
  return rows.map((r) => toUpload(r.props)).sort((x, y) => y.createdAt - x.createdAt || byString(x.id, y.id));
}

export async function putNote(runner: CypherRunner, note: Note): Promise<void> {
  await runner.write("notePut", { note: { ...note } });
}

/** Notes on one target, oldest first (createdAt, then id). */
export async function listNotes(runner: CypherRunner, target: string): Promise<Note[]> {
  const rows = await runner.read("notesList", { target });
  return rows
    .map((r) => ({
      id: r.props.id as string,
      target: r.props.target as string,
      author: r.props.author as string,
      createdAt: r.props.createdAt as number,
      text: r.props.text as string,
    }))
    .sort((x, y) => x.createdAt - y.createdAt || byString(x.id, y.id));
}

export async function putNamedMapping(runner: CypherRunner, m: NamedMapping): Promise<void> {
  await runner.write("namedMappingPut", {
    mapping: { ...m, header: [...m.header], columns: JSON.stringify(m.columns) },
  });
}

function toNamedMapping(p: Props): NamedMapping {
  return {
    name: p.name as string,
    kind: p.kind as ExportKind,
    signature: p.signature as string,
    header: [...((p.header as string[] | undefined) ?? [])],
    columns: JSON.parse(p.columns as string) as Record<string, string>,
    createdBy: p.createdBy as string,
    createdAt: p.createdAt as number,
  };
}

export async function getNamedMapping(runner: CypherRunner, name: string): Promise<NamedMapping | null> {
  const [row] = await runner.read("namedMappingGet", { name });
  return row ? toNamedMapping(row.props) : null;
}

/** By name (as JS compares strings); one signature's only when given. */
export async function listNamedMappings(runner: CypherRunner, signature?: string): Promise<NamedMapping[]> {
  const rows = await runner.read("namedMappingsList", { signature: signature ?? null });
  return rows.map((r) => toNamedMapping(r.props)).sort((x, y) => byString(x.name, y.name));
}

export async function deleteNamedMapping(runner: CypherRunner, name: string): Promise<boolean> {
  const [row] = await runner.write("namedMappingDelete", { name });
  return (row?.deleted ?? 0) > 0;
}
