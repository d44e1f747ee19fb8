/**
 * A data folder that cannot be written (a read-only mount, an archive copy, another user's folder). Opening it for
 * writing fails at once with a message naming the folder (SQLite's own "attempt to write a readonly database" names
 * nothing); commands that only read open it read-only instead (cli/context.ts), and any write through such a store
 * fails before touching SQLite with the same kind of message.
 */
import { accessSync, constants, copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { GraphStore } from "../types.js";

/** The data folder, or its database file, cannot be written. */
export class EmbeddedReadOnlyError extends Error {
  override name = "EmbeddedReadOnlyError";
  constructor(
    message: string,
    /** The folder or file that cannot be written. */
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function readOnlyMessage(what: string, reason: string): string {
  return (
    `store/embedded: ${what} is read-only (${reason}). Commands that only read (audit list, audit verify, trace, ` +
    `user list) work on it; ingest, analyze, export (every export is an audit entry), user add and serve need it ` +
    `writable. Check --data-dir / MULEGRAPH_DATA_DIR or the folder's permissions.`
  );
}

/**
 * Throw EmbeddedReadOnlyError when the folder (which must exist) or the database file in it cannot be written. SQLite
 * needs both: its write-ahead log lives beside the database.
 */
export function assertWritable(dataDir: string, file: string): void {
  for (const target of existsSync(file) ? [dataDir, file] : [dataDir]) {
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "not writable";
      const what =
        target === file ? `the database ${path.resolve(file)}` : `the data folder ${path.resolve(dataDir)}`;
      throw new EmbeddedReadOnlyError(readOnlyMessage(what, code), path.resolve(target), { cause: err });
    }
  }
}

/** SQLite's read-only refusals (a folder that became read-only after the access check, a read-only mount). */
export function isSqliteReadOnly(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN");
}

/** The error for a SQLite read-only refusal while opening `file`. */
export function readOnlyError(file: string, err: unknown): EmbeddedReadOnlyError {
  const code = (err as { code?: string }).code ?? "read-only";
  return new EmbeddedReadOnlyError(
    readOnlyMessage(`the database ${path.resolve(file)}`, code),
    path.resolve(file),
    {
      cause: err,
    },
  );
}

/** Methods of GraphStore that change the store; by name, so that methods added later are covered too. */
const WRITES = /^(put|write|append|delete|clear|bulkLoad|set|remove|mark|update|record|rollback)/;

/**
 * The store as a reader only: every write method throws EmbeddedReadOnlyError naming the file, before SQLite is
 * asked. Reads and close() pass through.
 */
export function readOnlyView(store: GraphStore, file: string, onClose?: () => void): GraphStore {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "close" && onClose) {
        return async () => {
          try {
            await target.close();
          } finally {
            onClose();
          }
        };
      }
      if (typeof prop !== "string" || typeof value !== "function" || !WRITES.test(prop)) {
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return () =>
        Promise.reject(
          new EmbeddedReadOnlyError(
            `store/embedded: ${path.resolve(file)} was opened read-only (its folder cannot be written), so ` +
              `${prop} cannot change it. Run this command with a writable --data-dir / MULEGRAPH_DATA_DIR.`,
            path.resolve(file),
          ),
        );
    },
  });
}

/** A private copy of a database to read from; dispose() removes it. */
export interface Snapshot {
  file: string;
  dispose(): void;
}

/**
 * Copy a database and its write-ahead log (committed work not yet folded into the database) to a private temp
 * folder. The folder is read-only, so nothing can change the files while they are copied.
 */
export function snapshotCopy(file: string): Snapshot {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mulegraph-readonly-"));
  const copy = path.join(dir, path.basename(file));
  try {
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { file: copy, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
