/**
 * The store's lifecycle port: which store it is, its schema, whether its database answers, and closing it. The server
 * (readiness, shutdown) and the CLI (open, close) use it; nothing else needs it.
 */

export interface StoreLifecycle {
  readonly kind: "neo4j" | "embedded";

  /** Create constraints, indexes or tables. Idempotent; called on open. */
  applySchema(): Promise<void>;

  /** Is the backing database reachable? (`/readyz`) */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
