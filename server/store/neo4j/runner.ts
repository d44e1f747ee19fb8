/**
 * Runs registered queries through the driver: reads in read transactions (routed to followers/read replicas in a
 * cluster), writes in write transactions, both retried by the driver on transient errors (deadlocks, leader
 * switches, a server briefly away). Results come back as plain row objects typed by the registry; driver errors
 * come back as the store's error classes, naming the query file.
 */
import neo4j, { Neo4jError, type Driver, type ManagedTransaction } from "neo4j-driver";
import { Neo4jStoreError, Neo4jUnavailableError } from "./errors.js";
import { QUERIES, queryText, type QueryName, type QueryRows } from "./queries.js";

/** Query parameters: plain values, lists and maps (never Cypher text). */
export type Params = Record<string, unknown>;

/** Runs one registered query inside a transaction function. */
export type TxRun = <Q extends QueryName>(name: Q, params?: Params) => Promise<QueryRows[Q][]>;

const CONNECTION_CODES = new Set(["ServiceUnavailable", "SessionExpired"]);
/** First wait before `reads` tries again after a transient error; doubled each time (the driver's own rule). */
const RETRY_FIRST_MS = 200;
/** The driver's fetchSize for "all records in one PULL". */
const FETCH_ALL = -1;

export class CypherRunner {
  constructor(
    readonly driver: Driver,
    readonly uri: string,
    readonly database: string | undefined,
    /** How long `reads` retries on transient errors, ms (the driver's maxTransactionRetryTime for the others). */
    readonly maxRetryTimeMs = 15_000,
  ) {}

  /** Run a read query (read transaction, retried). */
  read<Q extends QueryName>(name: Q, params: Params = {}): Promise<QueryRows[Q][]> {
    return this.execute(name, params, neo4j.routing.READ);
  }

  /** Run a write query (write transaction, retried). */
  write<Q extends QueryName>(name: Q, params: Params = {}): Promise<QueryRows[Q][]> {
    return this.execute(name, params, neo4j.routing.WRITE);
  }

  /**
   * One write query as an auto-commit transaction: one socket write and one round trip (a transaction function takes
   * three and two). Not retried: for writers that retry by their own rules (the audit queue re-reads the tail).
   */
  async writeOnce<Q extends QueryName>(name: Q, params: Params = {}): Promise<QueryRows[Q][]> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.WRITE,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    try {
      const result = await withoutCallerStack(() => session.run(queryText(name), params));
      return result.records.map((r) => r.toObject()) as QueryRows[Q][];
    } catch (err) {
      throw this.wrap(err, name);
    } finally {
      await session.close();
    }
  }

  /** Several statements in one write transaction, retried as a whole on transient errors. */
  writeTx<T>(work: (run: TxRun) => Promise<T>): Promise<T> {
    return this.transaction("WRITE", work);
  }

  /**
   * Several reads in one read transaction: one snapshot, and one begin/commit instead of one per query (an API
   * neighbourhood is four queries).
   */
  readTx<T>(work: (run: TxRun) => Promise<T>): Promise<T> {
    return this.transaction("READ", work);
  }

  /**
   * Several reads on one session, each query an auto-commit transaction: one message flush and one round trip per
   * query, where a transaction function adds a BEGIN and a COMMIT (three socket writes and two round trips for a
   * one-query read; socket writes were the API server's largest cost under load, docs/SCALE.md § API under load).
   * For reads that need no common transaction: Neo4j reads at read-committed isolation, so the queries of one
   * transaction do not share a snapshot either. Retried as a whole on transient errors, as executeRead would be.
   */
  async reads<T>(work: (run: TxRun) => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const session = this.driver.session({
        database: this.database,
        defaultAccessMode: neo4j.session.READ,
        bookmarkManager: this.driver.executeQueryBookmarkManager,
        // Every row in one PULL (the default pulls 1 000 at a time, a round trip each: a common surname's candidates).
        fetchSize: FETCH_ALL,
      });
      let current: QueryName | undefined;
      try {
        return await work(async (name, params = {}) => {
          current = name;
          const result = await withoutCallerStack(() => session.run(queryText(name), params));
          return result.records.map((r) => r.toObject()) as QueryRows[typeof name][];
        });
      } catch (err) {
        const delay = RETRY_FIRST_MS * 2 ** attempt;
        if (!Neo4jError.isRetryable(err) || Date.now() - started + delay > this.maxRetryTimeMs) {
          throw this.wrap(err, current);
        }
        await new Promise((r) => setTimeout(r, delay * (0.8 + 0.4 * Math.random())));
      } finally {
        await session.close();
      }
    }
  }

  private async transaction<T>(mode: "READ" | "WRITE", work: (run: TxRun) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    let current: QueryName | undefined;
    try {
      const fn = (tx: ManagedTransaction) => {
        const run: TxRun = async (name, params = {}) => {
          current = name;
          const result = await withoutCallerStack(() => tx.run(queryText(name), params));
          return result.records.map((r) => r.toObject()) as QueryRows[typeof name][];
        };
        return work(run);
      };
      return await (mode === "READ" ? session.executeRead(fn) : session.executeWrite(fn));
    } catch (err) {
      throw this.wrap(err, current);
    } finally {
      await session.close();
    }
  }

  private async execute<Q extends QueryName>(
    name: Q,
    params: Params,
    routing: (typeof neo4j.routing)[keyof typeof neo4j.routing],
  ): Promise<QueryRows[Q][]> {
    try {
      return await this.driver.executeQuery(queryText(name), params, {
        routing,
        database: this.database,
        resultTransformer: neo4j.resultTransformers.mapped({
          map: (record) => record.toObject() as QueryRows[Q],
          collect: (rows) => rows,
        }),
      });
    } catch (err) {
      throw this.wrap(err, name);
    }
  }

  /** Driver errors → store errors (other errors pass through unchanged). */
  wrap(err: unknown, name?: QueryName): unknown {
    if (!(err instanceof Neo4jError)) return err;
    const what = name ? ` (cypher/${QUERIES[name]}.cypher)` : "";
    if (CONNECTION_CODES.has(err.code) || err.retryable) {
      return new Neo4jUnavailableError(
        `store/neo4j: Neo4j at ${this.uri} is unavailable${what}: ${err.message}. Check that the server is running ` +
          "and NEO4J_URI points at it.",
        { cause: err },
      );
    }
    return new Neo4jStoreError(`store/neo4j: query failed${what}: ${err.code}: ${err.message}`, {
      cause: err,
    });
  }
}

/**
 * Start a query with V8's stack capture off. The driver records its caller's stack for every result it creates
 * (`new Error().stack`, to show where a failed query was run), and under tsx every such stack is source-mapped: 9% of
 * the API server's CPU under load (docs/SCALE.md § API under load). A failed query's error names its query file
 * instead (CypherRunner.wrap), and the store error that wraps it has its own stack. The driver builds the result
 * synchronously inside `start`, so nothing else runs with the limit at zero.
 */
function withoutCallerStack<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Is this a uniqueness-constraint violation (two writers created the same key at once)? */
export function isConstraintViolation(err: unknown): boolean {
  const cause = err instanceof Error && err.cause instanceof Neo4jError ? err.cause : err;
  return cause instanceof Neo4jError && cause.code === "Neo.ClientError.Schema.ConstraintValidationFailed";
}
