/**
 * Load records in the Neo4j store (server/store/ports/loads.ts LoadRecord): (:Load) nodes and the (:LoadFile) each
 * file a load wrote, attributed before the file's first records; rollback strips the load's fresh files from every
 * `sources` list and deletes what is left with none. docs/MODEL.md § Loads.
 */
import type { CanonicalRecord } from "../../../model/records.js";
import {
  assertRollbackAllowed,
  isIncomplete,
  LoadNotFoundError,
  resumedLoads,
  withLiveness,
} from "../loads.js";
import type { LoadOwner, LoadRecord, LoadRollback, LoadStart, LoadStatus } from "../types.js";
import type { Props } from "./queries.js";
import type { CypherRunner } from "./runner.js";

/** Relationships or nodes a rollback step changes per transaction. */
const ROLLBACK_BATCH = 10_000;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export async function beginLoad(
  runner: CypherRunner,
  load: LoadStart,
  owner: LoadOwner,
  now = Date.now(),
): Promise<void> {
  await runner.write("loadBegin", {
    load: {
      id: load.id,
      by: load.by,
      origin: load.origin,
      inputs: JSON.stringify(load.inputs),
      startedAt: now,
      owner: JSON.stringify(owner),
    },
  });
}

/** The SHA-256 of every file a batch's records come from. */
export function batchFiles(records: readonly CanonicalRecord[]): Set<string> {
  const files = new Set<string>();
  for (const r of records) {
    if (r.kind === "sourceFile") files.add(r.sha256);
    else for (const s of r.sources) files.add(s.file);
  }
  return files;
}

/** Attribute files to a load (its own transaction, committed before the batch that names them is written). */
export async function attributeFiles(runner: CypherRunner, id: string, files: string[]): Promise<void> {
  if (files.length > 0) await runner.write("loadFiles", { id, files });
}

export async function finishLoad(
  runner: CypherRunner,
  id: string,
  end: { status: "complete" | "failed"; records: number; batches: number; error?: string },
  now = Date.now(),
): Promise<void> {
  await runner.write("loadFinish", {
    id,
    end: {
      status: end.status,
      finishedAt: now,
      records: end.records,
      batches: end.batches,
      error: end.error ?? null,
    },
  });
  if (end.status !== "complete") return;
  const done = await getLoad(runner, id);
  if (!done) return;
  const resumed = resumedLoads(done, await listLoads(runner, { incomplete: true }));
  if (resumed.length > 0)
    await runner.write("loadResume", { ids: resumed.map((l) => l.id), by: id, at: now });
}

function toLoad(
  props: Props,
  files: ({ sha256: string; fresh: boolean; name: string | null } | null)[],
): LoadRecord {
  const load: LoadRecord = {
    id: props.id as string,
    by: props.byUser as string,
    origin: props.origin as string,
    inputs: JSON.parse(props.inputs as string) as LoadRecord["inputs"],
    status: props.status as LoadStatus,
    startedAt: props.startedAt as number,
    owner: JSON.parse(props.owner as string) as LoadOwner,
    records: props.records as number,
    batches: props.batches as number,
    files: files
      .filter((f) => f !== null)
      .map((f) => ({ sha256: f.sha256, fresh: f.fresh, ...(f.name !== null ? { name: f.name } : {}) })),
  };
  if (typeof props.finishedAt === "number") load.finishedAt = props.finishedAt;
  if (typeof props.error === "string") load.error = props.error;
  if (typeof props.resumedBy === "string") load.resumedBy = props.resumedBy;
  return withLiveness(load);
}

export async function listLoads(
  runner: CypherRunner,
  opts: { incomplete?: boolean; limit?: number } = {},
): Promise<LoadRecord[]> {
  const rows = await runner.read("loadsList", {
    id: null,
    incomplete: opts.incomplete === true,
    limit: opts.limit ?? NO_LIMIT,
  });
  const all = rows.map((r) => toLoad(r.props, r.files));
  return opts.incomplete ? all.filter(isIncomplete) : all;
}

export async function getLoad(runner: CypherRunner, id: string): Promise<LoadRecord | null> {
  const [row] = await runner.read("loadsList", { id, incomplete: false, limit: 1 });
  return row ? toLoad(row.props, row.files) : null;
}

/**
 * Roll a load back in steps of ROLLBACK_BATCH (a load of a million transfers does not fit one transaction): strip its
 * fresh files from relationships, then nodes, then delete entities nothing holds, then its source files; the load is
 * marked rolled_back last, so a rollback cut short is still listed as incomplete and can simply be run again.
 * @throws LoadNotFoundError, LoadStateError
 */
export async function rollbackLoad(
  runner: CypherRunner,
  id: string,
  opts: { force?: boolean } = {},
): Promise<LoadRollback> {
  const load = await getLoad(runner, id);
  if (!load) throw new LoadNotFoundError(`store/neo4j: no load "${id}"`);
  assertRollbackAllowed(load, opts.force === true);
  const files = (await runner.read("loadRollbackFiles", { id })).map((r) => r.sha256);
  const removed = { transfers: 0, withdrawals: 0, accounts: 0, records: 0 };
  if (files.length > 0) {
    for (;;) {
      const [row] = await runner.write("loadRollbackRelationships", { files, limit: ROLLBACK_BATCH });
      if (!row || row.touched === 0) break;
      removed.transfers += row.transfers;
      removed.withdrawals += row.withdrawals;
      removed.records += row.transfers + row.withdrawals;
    }
    for (;;) {
      const [row] = await runner.write("loadRollbackNodes", { files, limit: ROLLBACK_BATCH });
      if (!row || row.touched === 0) break;
    }
    for (;;) {
      const [row] = await runner.write("loadRollbackOrphans", { limit: ROLLBACK_BATCH });
      if (!row || row.deleted === 0) break;
      removed.accounts += row.accounts;
      removed.records += row.deleted;
    }
  }
  await runner.write("loadRollbackFinish", { id, files, at: Date.now() });
  return { load: id, files, removed };
}
