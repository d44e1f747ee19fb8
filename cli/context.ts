/**
 * What every CLI command gets: the global flags (--json, --data-dir), the environment, and a lazily opened store.
 */
import { readEnv, storeConfig, type Env } from "../server/config.js";
import { openStore } from "../server/store/index.js";
import type { GraphStore } from "../server/store/types.js";

export interface CliContext {
  json: boolean;
  dataDir?: string;
  env: Env;
  /** Opens the configured store on first call; closed by main() when the command ends. */
  store(): Promise<GraphStore>;
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
      opened ??= openStore(storeConfig(env, flags.dataDir));
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
