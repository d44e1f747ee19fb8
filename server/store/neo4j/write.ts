/**
 * Executes a write plan (write-plan.ts): phase by phase, each step's rows cut into transactions of `batchSize` rows,
 * at most `concurrency` transactions in flight. Transient errors are retried by the driver; a uniqueness violation
 * (another writer created the same transfer a moment earlier) is retried once here, when the row then finds it.
 *
 * Transfers take a fast path: one read finds which txIds are stored already, the new ones are plainly CREATEd and
 * only the known ones go through the merging query. A first ingest thus never pays for MERGE.
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

/** Run a write; after a uniqueness violation (a concurrent writer got there first) run `fallback` once. */
async function writeOnce(
  runner: CypherRunner,
  query: QueryName,
  rows: Rows,
  fallback: QueryName,
): Promise<void> {
  try {
    await runner.write(query, { rows });
  } catch (err) {
    if (!isConstraintViolation(err)) throw err;
    await runner.write(fallback, { rows });
  }
}

const FILLABLE = ["rateSource", "channel", "purpose", "knp", "wallets"] as const;

/** Does this row bring anything the stored transfer lacks (a source, or a field still unknown)? */
function bringsNews(row: Record<string, unknown>, stored: QueryRows["existingTransfers"]): boolean {
  const known = new Set(stored.sources);
  if ((row.sources as string[]).some((s) => !known.has(s))) return true;
  return FILLABLE.some((f) => stored[f] === null && row[f] !== undefined && row[f] !== null);
}

/** Transfers: CREATE those not stored yet; update the stored ones only where the row brings something new. */
async function writeTransfers(runner: CypherRunner, rows: Rows): Promise<void> {
  const stored = new Map(
    (await runner.read("existingTransfers", { txIds: rows.map((r) => r.txId) })).map((r) => [r.txId, r]),
  );
  const fresh = stored.size === 0 ? rows : rows.filter((r) => !stored.has(r.txId as string));
  if (fresh.length > 0) await writeOnce(runner, "createTransfers", fresh, "writeTransfers");
  const changed = rows.filter((r) => {
    const s = stored.get(r.txId as string);
    return s !== undefined && bringsNews(r, s);
  });
  if (changed.length > 0) await runner.write("updateTransfers", { rows: changed });
}

/** Write a plan through the runner. */
export async function executePlan(
  runner: CypherRunner,
  plan: WritePlan,
  opts: { batchSize: number; concurrency: number },
): Promise<void> {
  for (const phase of plan) {
    const tasks = phase.flatMap((step) =>
      chunks(step.rows, opts.batchSize).map((rows) =>
        step.query === "writeTransfers"
          ? () => writeTransfers(runner, rows)
          : () => writeOnce(runner, step.query, rows, step.query),
      ),
    );
    await runPool(tasks, opts.concurrency);
  }
}

/** Fold and write one batch of canonical records. */
export function writeRecords(
  runner: CypherRunner,
  records: readonly CanonicalRecord[],
  opts: { batchSize: number; concurrency: number },
): Promise<void> {
  return executePlan(runner, planBatch(records), opts);
}
