/**
 * Executes a write plan (write-plan.ts), phase by phase (nodes, then relationships).
 *
 * - A batch of at most `atomicLimit` records is written in ONE transaction: all or nothing, like the embedded store
 *   (the ingest pipeline's 5 000-record batches always are).
 * - A larger batch is cut into transactions of `batchSize` rows per query, at most `concurrency` in flight.
 *
 * Transient errors (deadlocks, a server briefly away) are retried by the driver. A uniqueness violation means a
 * transfer taken for new is stored after all (a concurrent writer, or a wrong guess): the work is redone one step
 * safer (create → upsert → merge, below).
 *
 * Transfers go in one query that looks each txId up once: a new one is CREATEd, a stored one is updated only when the
 * record brings a new source or a field still unknown (cypher/upsert-transfers.cypher), so a first ingest never pays
 * for MERGE and re-ingesting a file writes no transfer at all. When the previous batch found none of its transfers
 * stored (but those this instance wrote itself), its rows are split: transfers whose txId this instance committed
 * (the other bank's side of a transfer met earlier in the load) go through upsert-transfers, the rest are CREATEd
 * without looking (cypher/create-transfers.cypher), the txId uniqueness constraint being the check. A first load of
 * two banks' files, where four transfers in ten are met twice, thus looks up only the second sides. Transfer rows
 * travel as columns (one list per field), which the driver packs twice as fast as maps.
 *
 * Hints (WriteHints) make writes cheaper, never different: bare nodes (accounts named by a transfer…) that this store
 * instance wrote in a committed transaction are not MERGEd again. Every relationship query returns how many of its
 * rows found both nodes; a shortfall (another client deleted a node, or cleared the store) rolls the attempt back,
 * forgets every hint and writes the batch again without them. Nothing is learnt from a write that did not commit, so
 * a crash or a lost connection leaves no wrong hint behind (and a new process starts with none).
 */
import type { CanonicalRecord } from "../../../model/records.js";
import { Neo4jStoreError } from "./errors.js";
import { QUERIES, type QueryName, type QueryRows, type Written } from "./queries.js";
import { isConstraintViolation, type CypherRunner } from "./runner.js";
import { planBatch, type WritePlan, type WriteStep } from "./write-plan.js";

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

/** Steps that only create bare nodes when missing: skipped for nodes the hints know are stored. */
const ENSURE_STEPS = new Set<QueryName>([
  "ensureAccounts",
  "ensurePersons",
  "ensureCompanies",
  "ensureCards",
]);
/** Steps after whose commit every row's node (`nid`) is stored. */
const NODE_STEPS = new Set<QueryName>([
  ...ENSURE_STEPS,
  "writeAccounts",
  "writePersons",
  "writeCompanies",
  "writeCards",
]);
/** Past this many node ids the known set starts over (bounded memory; costs only some redundant MERGEs). */
const KNOWN_NODES_CAP = 2_000_000;
/** Past this many txIds the known set starts over (bounded memory; those rows are then looked up, as before). */
const KNOWN_TRANSFERS_CAP = 4_000_000;

/**
 * What one store instance learnt from its own committed writes, to skip work in later batches. A wrong hint costs
 * time, never correctness: skipped nodes are proven present by the written-row counts (or MERGEd after all), and a
 * transfer wrongly guessed new fails the txId uniqueness constraint.
 */
export class WriteHints {
  private known = new Set<string>();
  /** txIds of transfers this instance wrote in committed transactions. */
  private knownTx = new Set<string>();
  /**
   * The last batch with transfers found none stored but those of knownTx: the next one CREATEs the others without
   * reading first.
   */
  freshTransfers = false;

  /** Is this node id stored (written by this instance in a committed transaction)? */
  isKnown(nid: string): boolean {
    return this.known.has(nid);
  }

  /** Is this transfer stored (written by this instance in a committed transaction)? */
  isKnownTransfer(txId: string): boolean {
    return this.knownTx.has(txId);
  }

  /**
   * Learn from a committed plan: its nodes and transfers are stored; `storedTransfers` = how many of its transfers
   * that the hints did not know were found stored (null: none sent).
   */
  remember(plan: WritePlan, storedTransfers: number | null): void {
    if (this.known.size > KNOWN_NODES_CAP) this.known.clear();
    if (this.knownTx.size > KNOWN_TRANSFERS_CAP) this.knownTx.clear();
    for (const phase of plan)
      for (const step of phase) {
        if (NODE_STEPS.has(step.query)) for (const r of step.rows) this.known.add(r.nid as string);
        if (step.query === "writeTransfers") for (const r of step.rows) this.knownTx.add(r.txId as string);
      }
    if (storedTransfers !== null) this.freshTransfers = storedTransfers === 0;
  }

  /** Forget everything (the store was cleared, or a hint proved wrong). */
  forget(): void {
    this.known.clear();
    this.knownTx.clear();
    this.freshTransfers = false;
  }
}

/** A relationship row found no node at one of its ends: a node the hints took for stored is gone. */
class MissingNodeError extends Error {
  override name = "MissingNodeError";
}

/** Check that a relationship query wrote every row it was sent. */
function checkWritten(query: QueryName, sent: number, result: readonly Written[]): void {
  const written = result[0]?.written ?? 0;
  if (written !== sent) {
    throw new MissingNodeError(
      `store/neo4j: ${sent - written} of ${sent} rows of cypher/${QUERIES[query]}.cypher found no node at one end`,
    );
  }
}

/** Run a relationship query and check that every row found both its nodes. */
async function runChecked(run: Run, query: QueryName, rows: Rows): Promise<void> {
  checkWritten(query, rows.length, (await run(query, { rows })) as Written[]);
}

/** Fields of a transfer row, as the transfer queries read them from `$c`. */
const TRANSFER_FIELDS = [
  "txId",
  "from",
  "to",
  "ts",
  "amount",
  "currency",
  "amountKzt",
  "rateSource",
  "channel",
  "purpose",
  "knp",
  "wallets",
  "sources",
] as const;

/**
 * Transfer rows as columns, one list per field: the driver packs a few thousand flat lists in half the time and
 * three quarters of the bytes of as many maps (no field names repeated per row), and the server decodes less.
 */
function transferColumns(rows: Rows): Record<string, unknown[]> {
  const c: Record<string, unknown[]> = {};
  for (const f of TRANSFER_FIELDS) {
    const col = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) col[i] = rows[i]![f] ?? null;
    c[f] = col;
  }
  return c;
}

/** Run a transfer query on columns and check that every row found its transfer or both its accounts. */
async function runTransfers<Q extends "writeTransfers" | "createTransfers" | "upsertTransfers">(
  run: Run,
  query: Q,
  rows: Rows,
): Promise<QueryRows[Q] | undefined> {
  const [result] = await run(query, { c: transferColumns(rows) });
  checkWritten(query, rows.length, result ? [result] : []);
  return result;
}

/**
 * How transfers are written: `create` the rows whose txId the hints do not know straight away (guessed new) and
 * `check` the others, `check` which are stored first for every row, or `merge` every row (safe whatever is stored).
 * A uniqueness violation moves one step along.
 */
type TransferMode = "create" | "check" | "merge";
const NEXT_MODE: Record<TransferMode, TransferMode | null> = { create: "check", check: "merge", merge: null };

/** One attempt at a plan: the transfer mode, and the bare-node rows skipped because the hints know them. */
interface Attempt {
  mode: TransferMode;
  /** nid → ensure row, for the ensure steps' rows left out of this attempt. */
  skipped: Map<string, Record<string, unknown>>;
  /** txIds of the plan's transfers that this instance has stored (checked even in `create` mode). */
  knownTx: ReadonlySet<string>;
}

/**
 * Transfers through the attempt's mode. Returns how many of them were found stored besides those the hints knew
 * (unknown in `merge` mode: counted as all). A stored transfer is matched by txId alone; when it joins other accounts than the row names (conflicting
 * records of one txId), those accounts are not proven present by the written count, so any the attempt skipped are
 * MERGEd here after all.
 */
async function writeTransfers(run: Run, rows: Rows, attempt: Attempt): Promise<number> {
  if (attempt.mode === "merge") {
    await runTransfers(run, "writeTransfers", rows);
    return rows.length;
  }
  if (attempt.mode === "create") {
    const known: Rows = [];
    const fresh: Rows = [];
    for (const r of rows) (attempt.knownTx.has(r.txId as string) ? known : fresh).push(r);
    if (fresh.length > 0) await runTransfers(run, "createTransfers", fresh);
    // Stored ones known to the hints do not count: only a surprise says that the next batch should look first.
    return known.length > 0 ? (await checkTransfers(run, known, attempt)) - known.length : 0;
  }
  let knownRows = 0;
  for (const r of rows) if (attempt.knownTx.has(r.txId as string)) knownRows++;
  return (await checkTransfers(run, rows, attempt)) - knownRows;
}

/** Transfers through upsert-transfers; returns how many were found stored. */
async function checkTransfers(run: Run, rows: Rows, attempt: Attempt): Promise<number> {
  const result = (await runTransfers(run, "upsertTransfers", rows)) as
    QueryRows["upsertTransfers"] | undefined;
  const unproven = new Map<string, Record<string, unknown>>();
  for (const nid of result?.movedEnds ?? []) {
    const bare = attempt.skipped.get(nid);
    if (bare) unproven.set(nid, bare);
  }
  if (unproven.size > 0) await run("ensureAccounts", { rows: [...unproven.values()] });
  return result?.stored ?? 0;
}

/** Relationship steps besides transfers: their queries return a written count. */
const RELATIONSHIP_STEPS = new Set<QueryName>([
  "writeWithdrawals",
  "writeOwnerships",
  "writeControls",
  "writeCardAccounts",
  "writeReports",
  "writeUsages",
  "writeWalletPayments",
]);

/** One step's rows through its query. Returns how many transfers were found stored (null for other steps). */
async function writeStep(run: Run, query: QueryName, rows: Rows, attempt: Attempt): Promise<number | null> {
  if (query === "writeTransfers") return writeTransfers(run, rows, attempt);
  if (RELATIONSHIP_STEPS.has(query)) await runChecked(run, query, rows);
  else await run(query, { rows });
  return null;
}

/** Add up the stored-transfer counts of several steps (null when no step wrote transfers). */
const addStored = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);

/** Run `work` from `mode` on, moving to the next transfer mode after each uniqueness violation. */
async function withModes<T>(mode: TransferMode, work: (mode: TransferMode) => Promise<T>): Promise<T> {
  for (let m = mode; ;) {
    try {
      return await work(m);
    } catch (err) {
      const next = NEXT_MODE[m];
      if (!isConstraintViolation(err) || next === null) throw err;
      m = next;
    }
  }
}

/** Leave out of a step the ensure rows of nodes the attempt skips. */
function rowsFor(step: WriteStep, attempt: Attempt): Rows {
  if (attempt.skipped.size === 0 || !ENSURE_STEPS.has(step.query)) return step.rows;
  return step.rows.filter((r) => !attempt.skipped.has(r.nid as string));
}

export interface WriteOptions {
  batchSize: number;
  concurrency: number;
  /** Batches of at most this many records are written in one transaction. */
  atomicLimit: number;
}

/** Writes a plan from a first attempt on; returns how many transfers were found stored (null: none sent). */
type PlanWriter = (plan: WritePlan, first: Attempt) => Promise<number | null>;

/** Write a plan in one transaction (all or nothing). */
export function writeAtomically(runner: CypherRunner): PlanWriter {
  return (plan, first) =>
    withModes(first.mode, (mode) =>
      runner.writeTx(async (run) => {
        const attempt = { ...first, mode };
        let stored: number | null = null;
        for (const phase of plan)
          for (const step of phase) {
            const rows = rowsFor(step, attempt);
            if (rows.length > 0) stored = addStored(stored, await writeStep(run, step.query, rows, attempt));
          }
        return stored;
      }),
    );
}

/** Write a plan in transactions of `batchSize` rows per query, `concurrency` at a time. */
export function writeInChunks(
  runner: CypherRunner,
  opts: { batchSize: number; concurrency: number },
): PlanWriter {
  const run: Run = (name, params) => runner.write(name, params);
  return async (plan, first) => {
    let stored: number | null = null;
    for (const phase of plan) {
      const tasks = phase.flatMap((step) =>
        chunks(rowsFor(step, first), opts.batchSize).map(
          (rows) => () =>
            withModes(first.mode, async (mode) => {
              stored = addStored(stored, await writeStep(run, step.query, rows, { ...first, mode }));
            }),
        ),
      );
      await runPool(tasks, opts.concurrency);
    }
    return stored;
  };
}

/** The first attempt at a plan: what the hints allow to skip. */
function firstAttempt(plan: WritePlan, hints: WriteHints): Attempt {
  const skipped = new Map<string, Record<string, unknown>>();
  for (const phase of plan)
    for (const step of phase)
      if (ENSURE_STEPS.has(step.query))
        for (const r of step.rows) if (hints.isKnown(r.nid as string)) skipped.set(r.nid as string, r);
  const knownTx = new Set<string>();
  for (const phase of plan)
    for (const step of phase)
      if (step.query === "writeTransfers")
        for (const r of step.rows) if (hints.isKnownTransfer(r.txId as string)) knownTx.add(r.txId as string);
  return { mode: hints.freshTransfers ? "create" : "check", skipped, knownTx };
}

/**
 * Write a plan with the hints' shortcuts; when a node they took for stored is missing, forget them and write the
 * plan again without (every step is idempotent, so work already committed by the chunked writer is not doubled).
 */
export async function writePlan(plan: WritePlan, hints: WriteHints, write: PlanWriter): Promise<void> {
  let stored: number | null;
  try {
    stored = await write(plan, firstAttempt(plan, hints));
  } catch (err) {
    if (!(err instanceof MissingNodeError)) throw err;
    hints.forget();
    try {
      stored = await write(plan, { mode: "check", skipped: new Map(), knownTx: new Set() });
    } catch (again) {
      // Without shortcuts a missing node means another client deleted it during this very write.
      if (again instanceof MissingNodeError) throw new Neo4jStoreError(again.message, { cause: again });
      throw again;
    }
  }
  hints.remember(plan, stored);
}

/** Fold and write one batch of canonical records. */
export async function writeRecords(
  runner: CypherRunner,
  records: readonly CanonicalRecord[],
  opts: WriteOptions,
  hints: WriteHints,
): Promise<void> {
  await planRecords(runner, records, opts, hints)();
}

/** Fold a batch now (planning is this process's work) and give the function that writes it. */
export function planRecords(
  runner: CypherRunner,
  records: readonly CanonicalRecord[],
  opts: WriteOptions,
  hints: WriteHints,
): () => Promise<void> {
  const plan = planBatch(records);
  if (plan.length === 0) return () => Promise.resolve();
  const writer = records.length <= opts.atomicLimit ? writeAtomically(runner) : writeInChunks(runner, opts);
  return () => writePlan(plan, hints, writer);
}
