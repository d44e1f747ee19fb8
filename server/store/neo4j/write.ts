/**
 * Executes a write plan (write-plan.ts): phase by phase, each step's rows cut into transactions of `batchSize` rows,
 * at most `concurrency` transactions in flight. Transient errors are retried by the driver; a uniqueness violation
 * (another writer created the same transfer a moment earlier) is retried once here, when the row then finds it.
 */
import type { CanonicalRecord } from "../../../model/records.js";
import { planBatch, type WritePlan } from "./write-plan.js";
import { isConstraintViolation, type CypherRunner } from "./runner.js";

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

/** Write a plan through the runner. */
export async function executePlan(
  runner: CypherRunner,
  plan: WritePlan,
  opts: { batchSize: number; concurrency: number },
): Promise<void> {
  for (const phase of plan) {
    const tasks = phase.flatMap((step) =>
      chunks(step.rows, opts.batchSize).map((rows) => async () => {
        try {
          await runner.write(step.query, { rows });
        } catch (err) {
          if (!isConstraintViolation(err)) throw err;
          await runner.write(step.query, { rows });
        }
      }),
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
