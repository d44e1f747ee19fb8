/**
 * What every CLI command gets: the global flags (--json, --data-dir), the environment, and a lazily opened store.
 * An embedded data folder that cannot be written is opened read-only, so that commands that only read (audit list,
 * audit verify, trace, user list) still work on an archive copy or a read-only mount; a command that writes
 * then fails at its first write with a message naming the folder (server/store/embedded/read-only.ts).
 */
import { readEnv, storeConfig, type Env } from "../server/config.js";
import { openStore } from "../server/store/index.js";
import type { GraphStore } from "../server/store/types.js";

export interface CliContext<S = GraphStore> {
  json: boolean;
  dataDir?: string;
  env: Env;
  /** Opens the configured store on first call; closed by main() when the command ends. */
  store(): Promise<S>;
  /** Human output (suppressed under --json). */
  say(line: string): void;
  /** Machine output: one JSON document on stdout. */
  emit(value: unknown): void;
}

/** Thrown by commands for bad usage; main() prints the message and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Thrown by commands for input a user must fix (unreadable file…); main() prints it and exits 1. */
export class UserFacingError extends Error {
  override name = "UserFacingError";
}

export function createContext(
  flags: { json: boolean; dataDir?: string },
  env = readEnv(),
): CliContext & { closeStore(): Promise<void> } {
  let opened: Promise<GraphStore> | null = null;
  return {
    json: flags.json,
    dataDir: flags.dataDir,
    env,
    store() {
      const config = storeConfig(env, flags.dataDir);
      opened ??= openStore(config).catch((err: unknown) => {
        if ((err as Error).name !== "EmbeddedReadOnlyError") throw err;
        process.stderr.write(`mulegraph: ${config.dataDir} cannot be written: opened for reading only\n`);
        return openStore({ ...config, readOnly: true });
      });
      return opened;
    },
    async closeStore() {
      if (opened) await (await opened).close();
    },
    say(line) {
      if (!flags.json) process.stdout.write(line + "\n");
    },
    emit(value) {
      process.stdout.write(JSON.stringify(value, null, 2) + "\n");
    },
  };
}
