/**
 * Executes a write plan (write-plan.ts), phase by phase (nodes, then relationships).
 *
 * - A batch of at most `atomicLimit` records is written in ONE transaction: all or nothing, like the embedded store
 *   (the ingest pipeline's 5 000-record batches always are).
 * - A larger batch is cut into transactions of `batchSize` rows per query, at most `concurrency` in flight.
 *
 * Transient errors (deadlocks, a server briefly away) are retried by the driver. A uniqueness violation means another
 * writer created one of the same transfers a moment earlier: the work is redone once through the merging query.
 *
 * Transfers take a fast path: one read finds which txIds are stored already, the new ones are plainly CREATEd, and
 * the stored ones are updated only when a record brings a new source or a field still unknown. A first ingest never
 * pays for MERGE, and re-ingesting a file writes no transfer at all.
 */
import type { CanonicalRecord } from "../../../model/records.js";
import type { QueryName, QueryRows } from "./queries.js";
import { isConstraintViolation, type CypherRunner } from "./runner.js";
import { planBatch, type WritePlan } from "./write-plan.js";

/** Run tasks with at most `concurrency` at once; stops starting new ones after the first failure and rethrows it. */
export async function runPool(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (failure === null && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await task();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

type Rows = Record<string, unknown>[];

/** Runs one registered query: in its own transaction, or inside the batch's one transaction. */
type Run = <Q extends QueryName>(name: Q, params: Record<string, unknown>) => Promise<QueryRows[Q][]>;

/** Does this row bring anything the stored transfer lacks (a source, or a field still unknown)? */
function bringsNews(row: Record<string, unknown>, stored: QueryRows["existingTransfers"]): boolean {
  if ((row.sources as string[]).some((s) => !stored.sources.includes(s))) return true;
  return stored.missing.some((f) => row[f] !== undefined && row[f] !== null);
}

/**
 * Transfers: CREATE those not stored yet; update the stored ones only where the row brings something new.
 * `safe` (after a uniqueness violation) sends every row through the merging query instead.
 */
async function writeTransfers(run: Run, read: Run, rows: Rows, safe: boolean): Promise<void> {
  if (safe) {
    await run("writeTransfers", { rows });
    return;
  }
  const stored = new Map(
    (await read("existingTransfers", { txIds: rows.map((r) => r.txId) })).map((r) => [r.txId, r]),
  );
  const fresh = stored.size === 0 ? rows : rows.filter((r) => !stored.has(r.txId as string));
  if (fresh.length > 0) await run("createTransfers", { rows: fresh });
  const changed = rows.filter((r) => {
    const s = stored.get(r.txId as string);
    return s !== undefined && bringsNews(r, s);
  });
  if (changed.length > 0) await run("updateTransfers", { rows: changed });
}

/** One step's rows through its query (transfers through the fast path). */
function writeStep(run: Run, read: Run, query: QueryName, rows: Rows, safe: boolean): Promise<unknown> {
  return query === "writeTransfers" ? writeTransfers(run, read, rows, safe) : run(query, { rows });
}

/** Redo `work` once in safe mode when it hit a uniqueness violation. */
async function withSafeRetry(work: (safe: boolean) => Promise<void>): Promise<void> {
  try {
    await work(false);
  } catch (err) {
    if (!isConstraintViolation(err)) throw err;
    await work(true);
  }
}

export interface WriteOptions {
  batchSize: number;
  concurrency: number;
  /** Batches of at most this many records are written in one transaction. */
  atomicLimit: number;
}

/** Write a plan in one transaction (all or nothing). */
export function executePlanAtomically(runner: CypherRunner, plan: WritePlan): Promise<void> {
  return withSafeRetry((safe) =>
    runner.writeTx(async (run) => {
      for (const phase of plan)
        for (const step of phase) await writeStep(run, run, step.query, step.rows, safe);
    }),
  );
}

/** Write a plan in transactions of `batchSize` rows per query, `concurrency` at a time. */
export async function executePlan(
  runner: CypherRunner,
  plan: WritePlan,
  opts: { batchSize: number; concurrency: number },
): Promise<void> {
  const run: Run = (name, params) => runner.write(name, params);
  const read: Run = (name, params) => runner.read(name, params);
  for (const phase of plan) {
    const tasks = phase.flatMap((step) =>
      chunks(step.rows, opts.batchSize).map(
        (rows) => () =>
          withSafeRetry(async (safe) => void (await writeStep(run, read, step.query, rows, safe))),
      ),
    );
    await runPool(tasks, opts.concurrency);
  }
}

/** Fold and write one batch of canonical records. */
export function writeRecords(
  runner: CypherRunner,
  records: readonly CanonicalRecord[],
  opts: WriteOptions,
): Promise<void> {
  const plan = planBatch(records);
  if (plan.length === 0) return Promise.resolve();
  return records.length <= opts.atomicLimit
    ? executePlanAtomically(runner, plan)
    : executePlan(runner, plan, opts);
}
