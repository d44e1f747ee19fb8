/**
 * What both stores share about load records (LoadRecord, types.ts): load ids, the owner process of a running load and
 * whether it is still alive, which loads count as incomplete, and when a rollback is allowed. docs/MODEL.md § Loads.
 */
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import { DomainError } from "../errors.js";
import type { LoadOwner, LoadRecord } from "./ports/loads.js";

/** No load by that id. */
export class LoadNotFoundError extends DomainError {
  override name = "LoadNotFoundError";
  constructor(message: string, options?: ErrorOptions) {
    super("not_found", message, {}, options);
  }
}

/** The load is in a state that does not allow what was asked (rolling back a complete or live load). */
export class LoadStateError extends DomainError {
  override name = "LoadStateError";
  constructor(message: string, options?: ErrorOptions) {
    super("load_state", message, {}, options);
  }
}

/** This process, as the owner of the loads it runs. */
const SELF: LoadOwner = { host: os.hostname(), pid: process.pid, token: randomUUID() };

export function currentOwner(): LoadOwner {
  return { ...SELF };
}

/** A new load id: sortable by time, unique across processes. */
export function newLoadId(now = Date.now()): string {
  const t = new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `load-${t}-${randomBytes(4).toString("hex")}`;
}

/**
 * Is the owner of a running load alive? true / false when it can be told (this host), null when it cannot (another
 * host: a Neo4j store shared by several servers).
 */
export function ownerAlive(owner: LoadOwner): boolean | null {
  if (owner.host !== SELF.host) return null;
  // Same pid as this process: alive only if it is this very process (a restarted container reuses pid 1).
  if (owner.pid === SELF.pid) return owner.token === SELF.token;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Mark a running load whose owner is known to be gone as interrupted (a read-time fact, never stored). */
export function withLiveness(load: LoadRecord): LoadRecord {
  if (load.status === "running" && ownerAlive(load.owner) === false) return { ...load, interrupted: true };
  return load;
}

/**
 * Part of the data may be missing: running, or failed after writing something (a load that failed before its first
 * record, an unreadable first file, left nothing to flag).
 */
export function isIncomplete(load: Pick<LoadRecord, "status" | "records" | "files">): boolean {
  if (load.status === "running") return true;
  return load.status === "failed" && (load.records > 0 || load.files.length > 0);
}

/** Throw LoadStateError unless the load may be rolled back now. */
export function assertRollbackAllowed(load: LoadRecord, force: boolean): void {
  const where = `store/loads: load ${load.id}`;
  if (load.status === "complete") {
    throw new LoadStateError(
      `${where} is complete${load.resumedBy ? ` (resumed by ${load.resumedBy})` : ""}; only an incomplete load is rolled back`,
    );
  }
  if (load.status === "rolled_back") throw new LoadStateError(`${where} was rolled back already`);
  if (load.status === "running") {
    const alive = ownerAlive(load.owner);
    // This very process is writing it: never under its feet.
    if (load.owner.host === SELF.host && load.owner.token === SELF.token) {
      throw new LoadStateError(`${where} is still running in this process; wait for it to end`);
    }
    if (alive === true && !force) {
      // A pid can be reused after a kill: force is for the user who knows the load's process is gone.
      throw new LoadStateError(
        `${where} is still running (process ${load.owner.pid} on ${load.owner.host}); wait for it to end, or roll ` +
          "back with force if you know that process is not the ingest",
      );
    }
    if (alive === null && !force) {
      throw new LoadStateError(
        `${where} is running on another host (${load.owner.host}, process ${load.owner.pid}) and this one cannot ` +
          "tell whether it is alive; roll back with force once you know it stopped",
      );
    }
  }
}

/**
 * The loads a completed load resumes: interrupted or failed loads (owner gone) that wrote at least one file and whose
 * every file the completed load read too. A load that wrote nothing is resumed only by a load of the same inputs.
 */
export function resumedLoads(done: LoadRecord, candidates: LoadRecord[]): LoadRecord[] {
  const read = new Set(done.files.map((f) => f.sha256));
  const inputs = new Set(done.inputs.map((f) => f.name));
  return candidates.filter((l) => {
    if (l.id === done.id || !isIncomplete(l)) return false;
    if (l.status === "running" && ownerAlive(l.owner) !== false) return false;
    if (l.files.length > 0) return l.files.every((f) => read.has(f.sha256));
    return l.inputs.length > 0 && l.inputs.every((f) => inputs.has(f.name));
  });
}
